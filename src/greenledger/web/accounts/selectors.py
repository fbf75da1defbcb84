"""Reads for accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import ApiToken, Assignment, DataAccess, DataSharing, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens; anybody else's answers 404."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def assignments_of(*, evaluator: User) -> QuerySet[Assignment]:
    return Assignment.objects.filter(evaluator=evaluator, ended_at__isnull=True).select_related(
        "organisation"
    )


def sharing_grants_of(*, organisation_id: int) -> QuerySet[DataSharing]:
    return DataSharing.objects.filter(organisation_id=organisation_id).select_related("institution")


def grants_for(user: Any) -> QuerySet[DataSharing]:
    """The grants an enterprise's users see: their own organisation's (revoked and expired ones
    too), newest first. Nobody else sees any here (staff use the admin)."""
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        return DataSharing.objects.none()
    return (
        DataSharing.objects.filter(organisation_id=user.organisation_id)
        .select_related("institution", "organisation")
        .order_by("-created_at", "-id")
    )


def grants_to(user: Any) -> QuerySet[DataSharing]:
    """The grants an analyst's institution holds (in force, expired and revoked), newest first:
    which enterprise shares which data, for what and until when. Nobody else sees any here."""
    if permissions.role_of(user) != "financial_analyst" or user.organisation_id is None:
        return DataSharing.objects.none()
    return (
        DataSharing.objects.filter(institution_id=user.organisation_id)
        .select_related("institution", "organisation")
        .order_by("-created_at", "-id")
    )


def grant_get(*, user: Any, pk: int) -> DataSharing:
    """One of the user's organisation's grants; anybody else's answers 404."""
    grant = grants_for(user).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant


def accesses_for(user: Any) -> QuerySet[DataAccess]:
    """Who read what and when: every logged read of the user's organisation's shared data,
    newest first (its enterprise users only)."""
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        return DataAccess.objects.none()
    return DataAccess.objects.filter(organisation_id=user.organisation_id).select_related(
        "user", "institution", "grant"
    )


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(role=role, is_active=True).order_by("username")


def describe(user: Any) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else "anonymous"


def language_of(user: Any) -> str:
    """The language of mail to an existing ``user``: the one they last used, else the
    platform's (settings.LANGUAGE_CODE)."""
    return str(getattr(user, "language", "") or settings.LANGUAGE_CODE)
