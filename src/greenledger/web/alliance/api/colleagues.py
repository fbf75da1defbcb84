"""Colleagues and membership renewal under /api/alliance.

- ``/colleagues``: an organisation's colleague manager lists who has access (user name, name,
  e-mail, role, last sign-in, active); ``/colleagues/{user_id}/remove`` deactivates one (422
  naming ``user`` for oneself or the last colleague manager);
- ``/invitations``: the manager's invitations with their state; a POST invites by e-mail (201;
  422 naming ``email``, ``role`` or ``language``); ``/invitations/{invitation_id}/revoke``.
  The invitation's link is only ever in the mail (its secret is not stored, nor answered here);
- ``/memberships/{membership_id}/renew``: the staff renew a membership to the end of the next
  year (a lapsed member becomes active again; 422 naming ``status`` for a withdrawn one).

Anybody else gets 403; another organisation's colleague or invitation answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.alliance.api._router import router
from greenledger.web.alliance.models import Invitation
from greenledger.web.alliance.selectors import colleagues as selectors
from greenledger.web.alliance.services import invitations as services
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column, paginated
from greenledger.web.members import services as members
from greenledger.web.members.models import Membership
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class AllianceColleagueOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    role: str
    colleague_manager: bool = Field(description="May invite and remove colleagues.")
    last_login: dt.datetime | None = Field(description="Last sign-in; null: never.")
    is_active: bool = Field(description="False once removed (deactivated).")


class AllianceInvitationOut(Schema):
    id: int
    email: str
    role: str
    language: str
    invited_by: str = Field(description="The inviter's user name.")
    created_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None
    account: str | None = Field(description="The user name chosen on acceptance.")
    state: str = Field(description="pending, accepted, revoked or expired, now.")


class AllianceInvitationIn(Schema):
    email: str = column(Invitation, "email")
    role: str = Field(
        max_length=32,
        description="A role the organisation's kind allows: enterprise_manager or "
        "enterprise_reporter (enterprise), financial_analyst, researcher, social_member.",
    )
    language: str = Field("zh-hans", max_length=10, description="zh-hans or en: of the mail.")


class AllianceMembershipRenewalOut(Schema):
    id: int
    organisation_id: int
    standing: str
    status: str = Field(description="active, suspended, withdrawn or lapsed.")
    joined_on: dt.date
    renewed_until: dt.date | None = Field(description="The last day the membership is paid for.")


def _colleague_out(user: User, managers: set[int]) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "colleague_manager": user.pk in managers,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }


def _invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "language": invitation.language,
        "invited_by": invitation.invited_by.get_username(),
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
        "account": invitation.user.get_username() if invitation.user is not None else None,
        "state": services.invitation_state(invitation),
    }


def _managers(user: Any) -> set[int]:
    organisation = selectors.managed_organisation(user)
    return set(services.colleague_managers(organisation).values_list("pk", flat=True))


@router.get(
    "/colleagues", response=list[AllianceColleagueOut], summary="Who has access to my organisation"
)
@answers(403)
@paginated
def colleague_list(request: HttpRequest) -> Any:
    user = _user(request)
    managers = _managers(user)
    return [_colleague_out(c, managers) for c in selectors.colleagues_of(user.organisation)]


@router.post(
    "/colleagues/{int:user_id}/remove",
    response=AllianceColleagueOut,
    summary="Remove a colleague (deactivate the account)",
)
@answers(422)
def colleague_remove(request: HttpRequest, user_id: DbId) -> Any:
    user = _user(request)
    colleague = selectors.colleague_get(user=user, pk=user_id)
    services.colleague_remove(actor=user, user=colleague)
    return _colleague_out(colleague, _managers(user))


@router.get(
    "/invitations", response=list[AllianceInvitationOut], summary="My organisation's invitations"
)
@answers(403)
@paginated
def invitation_list(request: HttpRequest) -> Any:
    organisation = selectors.managed_organisation(_user(request))
    return [_invitation_out(i) for i in selectors.invitations_of(organisation)]


@router.post(
    "/invitations", response={201: AllianceInvitationOut}, summary="Invite a colleague by e-mail"
)
def invitation_create(request: HttpRequest, payload: AllianceInvitationIn) -> Any:
    user = _user(request)
    invitation = services.invitation_create(
        actor=user,
        organisation=selectors.managed_organisation(user),
        email=payload.email,
        role=payload.role,
        language=payload.language,
    )
    return Status(201, _invitation_out(invitation))


@router.post(
    "/invitations/{int:invitation_id}/revoke",
    response=AllianceInvitationOut,
    summary="Revoke an invitation",
)
@answers(422)
def invitation_revoke(request: HttpRequest, invitation_id: DbId) -> Any:
    user = _user(request)
    invitation = selectors.invitation_get(user=user, pk=invitation_id)
    return _invitation_out(services.invitation_revoke(actor=user, invitation=invitation))


@router.post(
    "/memberships/{int:membership_id}/renew",
    response=AllianceMembershipRenewalOut,
    summary="Renew a membership to the end of the next year",
)
@answers(422)
def membership_renew(request: HttpRequest, membership_id: DbId) -> Any:
    user = _user(request)
    if not permissions.can_manage_memberships(user):
        raise PermissionDenied
    membership = get_object_or_404(Membership, pk=membership_id)
    members.membership_renew(actor=user, membership=membership)
    return membership
