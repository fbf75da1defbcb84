"""Reads for the colleagues pages: who has access to an organisation, its invitations, its
membership; the memberships the staff renew.

A colleague or an invitation of another organisation answers 404 (``colleague_get``,
``invitation_get``), as the rest of the platform answers for objects a caller may not see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.alliance.models import Invitation
from greenledger.web.members.models import Membership, Organisation

__all__ = [
    "colleague_get",
    "colleagues_of",
    "invitation_get",
    "invitations_of",
    "managed_organisation",
    "membership_of",
    "memberships_for_renewal",
]


def managed_organisation(user: Any) -> Organisation:
    """The organisation whose colleagues ``user`` manages; PermissionDenied for anybody else."""
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    if organisation is None or not permissions.can_manage_colleagues(user, organisation):
        raise PermissionDenied
    return organisation


def colleagues_of(organisation: Organisation) -> QuerySet[User]:
    """Every account of the organisation, active ones first, then by user name."""
    return User.objects.filter(organisation=organisation).order_by("-is_active", "username", "id")


def colleague_get(*, user: Any, pk: int) -> User:
    """A colleague of the organisation ``user`` manages (404 for anybody else's)."""
    organisation = managed_organisation(user)
    colleague = User.objects.select_related("organisation").filter(pk=pk).first()
    if colleague is None or colleague.organisation_id != organisation.pk:
        raise Http404
    return colleague


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related("invited_by", "user")


def invitation_get(*, user: Any, pk: int) -> Invitation:
    organisation = managed_organisation(user)
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None or invitation.organisation_id != organisation.pk:
        raise Http404
    return invitation


def membership_of(organisation: Organisation) -> Membership | None:
    return Membership.objects.filter(organisation=organisation).first()


def memberships_for_renewal(user: Any) -> QuerySet[Membership]:
    """Every membership with its renewal date, the soonest to end first (staff only)."""
    if not permissions.can_manage_memberships(user):
        raise PermissionDenied
    return Membership.objects.select_related("organisation").order_by(
        F("renewed_until").asc(nulls_last=True), "organisation__name_zh", "id"
    )
