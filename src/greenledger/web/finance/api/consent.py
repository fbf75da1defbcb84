"""Consents, mounted under /api/finance: an enterprise's data-sharing grants and the log of who
read its shared data.

``/grants``: an enterprise's users list their organisation's grants (in force, expired and
revoked), a financial analyst the grants its institution holds; the enterprise's energy manager
creates one (201; 422 naming ``institution``, ``purpose``, ``data``, ``expires_on`` or
``project``) and revokes one (``/grants/{grant_id}/revoke``: the institution's next read answers
404). ``/accesses``: every read of the organisation's data by a financial institution through a
grant, newest first. Anybody else gets 403; another organisation's grant answers 404; a
reporter's write answers 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions, selectors
from greenledger.web.accounts.models import DataAccess, DataSharing, SharingScope
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.finance.api._router import router
from greenledger.web.finance.services import consent as services
from greenledger.web.finance.views.consent import grant_state
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _enterprise_user(request: HttpRequest) -> Any:
    user = _user(request)
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        raise PermissionDenied
    return user


class GrantOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    institution_id: int
    institution: str
    purpose: str = Field(
        description="due_diligence, kpi_monitoring, portfolio_accounting (or general: a grant "
        "made before purposes were recorded)."
    )
    data: list[str] = Field(description="inventories, plans, projects, meters.")
    project_id: int | None = Field(description="The financing project of a due diligence.")
    created_at: dt.datetime
    expires_at: dt.datetime | None = Field(description="None: until revoked.")
    revoked_at: dt.datetime | None
    state: str = Field(description="in_force, expired or revoked, now.")


class GrantIn(Schema):
    institution_id: int = Field(description="A financial institution's organisation id.")
    purpose: str = Field(description="due_diligence, kpi_monitoring or portfolio_accounting.")
    data: list[str] = Field(description="Any of inventories, plans, projects, meters.")
    expires_on: dt.date | None = Field(
        None, description="Last day in force (the district's time zone); None: until revoked."
    )
    project_id: int | None = Field(None, description="One of the enterprise's projects.")


class AccessOut(Schema):
    id: int
    at: dt.datetime
    institution_id: int
    institution: str
    reader: str | None = Field(description="The user name of the analyst who read.")
    grant_id: int
    purpose: str
    scope: str = Field(description="inventories, plans, projects or meters.")
    object_type: str
    object_id: str
    path: str
    refused: bool = Field(
        description="An attempt after the grant was revoked or had expired (answered 404)."
    )


def _grant_out(grant: DataSharing) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "organisation_id": grant.organisation_id,
        "organisation": grant.organisation.name_zh,
        "institution_id": grant.institution_id,
        "institution": grant.institution.name_zh,
        "purpose": grant.purpose,
        "data": [s for s in SharingScope.values if getattr(grant, s)],
        "project_id": grant.project_ref,
        "created_at": grant.created_at,
        "expires_at": grant.expires_at,
        "revoked_at": grant.revoked_at,
        "state": grant_state(grant),
    }


def _access_out(access: DataAccess) -> dict[str, Any]:
    return {
        "id": access.pk,
        "at": access.at,
        "institution_id": access.institution_id,
        "institution": access.institution.name_zh,
        "reader": access.user.get_username() if access.user is not None else None,
        "grant_id": access.grant_id,
        "purpose": access.grant.purpose,
        "scope": access.scope,
        "object_type": access.object_type,
        "object_id": access.object_id,
        "path": access.path,
        "refused": access.refused,
    }


@router.get("/grants", response=list[GrantOut], summary="The organisation's data-sharing grants")
@answers(403)
@paginated
def grant_list(request: HttpRequest) -> Any:
    """An enterprise's users: its grants; a financial analyst: the grants its institution
    holds (read only); 403 for anybody else."""
    user = _user(request)
    if permissions.can_use_project_pool(user):
        return [_grant_out(g) for g in selectors.grants_to(user)]
    return [_grant_out(g) for g in selectors.grants_for(_enterprise_user(request))]


@router.post("/grants", response={201: GrantOut}, summary="Grant an institution access to data")
@answers(403)
def grant_create(request: HttpRequest, payload: GrantIn) -> Any:
    user = _enterprise_user(request)
    grant = services.consent_grant(
        actor=user,
        organisation=user.organisation,
        institution_id=payload.institution_id,
        purpose=payload.purpose,
        data=payload.data,
        expires_on=payload.expires_on,
        project_id=payload.project_id,
    )
    return Status(201, _grant_out(grant))


@router.post("/grants/{int:grant_id}/revoke", response=GrantOut, summary="Revoke a grant")
@answers(403)
def grant_revoke(request: HttpRequest, grant_id: DbId) -> Any:
    """Ends the grant now (revoking a revoked grant changes nothing)."""
    grant = selectors.grant_get(user=_enterprise_user(request), pk=grant_id)
    return _grant_out(services.consent_revoke(actor=_user(request), grant=grant))


@router.get("/accesses", response=list[AccessOut], summary="Who read the shared data, and when")
@answers(403)
@paginated
def access_list(request: HttpRequest) -> Any:
    return [_access_out(a) for a in selectors.accesses_for(_enterprise_user(request))]
