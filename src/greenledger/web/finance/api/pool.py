"""The green project pool, mounted under /api/finance/pool: the listed projects a financial
analyst browses (filters: catalogue, category, park, capex range, abatement-cost range,
eligibility status), the institution's interest in one, the enterprise's listing consent
(PUT/DELETE a listing) and its answer to an interest.

The pool is the financial analysts' (403 for anybody else); a project outside the pool, an
interest or a project the caller may not see answers 404. Writes go through
``services.pool`` (403 without the right, 422 naming the field).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.finance.api._router import router
from greenledger.web.finance.models import Interest, Project
from greenledger.web.finance.selectors import pool as selectors
from greenledger.web.finance.services import pool as services
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class PoolCheckOut(Schema):
    catalogue: str
    catalogue_version: str
    status: str = Field(description="eligible, borderline, not_eligible or needs_data.")
    category: str
    checked_at: dt.datetime


class PoolProjectOut(Schema):
    id: int
    organisation_id: int
    enterprise: str
    park_id: int | None = Field(description="The park of the project's site, if any.")
    name: str
    kind: str
    capex_yuan: float
    energy_saving_tce: float
    abatement_t: float
    cost_per_t: float | None = Field(description="Abatement cost, yuan per t CO2e.")
    start_year: int
    end_year: int
    eligibility: list[PoolCheckOut] = Field(description="The current check per catalogue.")


class PoolQuery(Schema):
    catalogue: str | None = Field(None, max_length=64, description="A catalogue key.")
    category: str | None = Field(None, max_length=64, description="A category code.")
    park_id: DbId | None = None
    capex_min: float | None = Field(None, ge=0)
    capex_max: float | None = Field(None, ge=0)
    cost_min: float | None = Field(None, description="Abatement cost, yuan per t.")
    cost_max: float | None = None
    status: str | None = Field(None, pattern="^(eligible|borderline|not_eligible|needs_data)$")


class PoolListingOut(Schema):
    id: int
    listed: bool
    status: str
    updated_at: dt.datetime


class InterestIn(Schema):
    message: str = Field("", max_length=services.MESSAGE_MAX)


class InterestDecisionIn(Schema):
    accept: bool
    note: str = Field("", max_length=services.MESSAGE_MAX)


class InterestOut(Schema):
    id: int
    project_id: int
    project: str
    institution_id: int
    institution: str
    message: str
    status: str
    expressed_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


PROJECT_FIELDS = (
    "name", "kind", "capex_yuan", "energy_saving_tce", "abatement_t", "cost_per_t",
    "start_year", "end_year",
)  # fmt: skip


def _project_out(project: Project, checks: list[Any]) -> dict[str, Any]:
    site = project.site
    park_id = site.parent_park_id if site is not None else None
    return {
        "id": project.pk,
        "organisation_id": project.organisation_id,
        "enterprise": str(project.organisation),
        "park_id": park_id,
        **{name: getattr(project, name) for name in PROJECT_FIELDS},
        "eligibility": [
            {
                "catalogue": c.catalogue,
                "catalogue_version": c.catalogue_version,
                "status": c.status,
                "category": c.category,
                "checked_at": c.created_at,
            }
            for c in checks
        ],
    }


def _interest_out(interest: Interest) -> dict[str, Any]:
    return {
        "id": interest.pk,
        "project_id": interest.project_id,
        "project": interest.project.name,
        "institution_id": interest.institution_id,
        "institution": str(interest.institution),
        "message": interest.message,
        "status": interest.status,
        "expressed_at": interest.expressed_at,
        "decided_at": interest.decided_at,
        "decision_note": interest.decision_note,
    }


def _pool_user(request: HttpRequest) -> Any:
    user = _user(request)
    if not permissions.can_use_project_pool(user):
        raise PermissionDenied
    return user


@router.get("/pool", response=list[PoolProjectOut], summary="The green project pool")
@answers(403)
@paginated
def pool_list(request: HttpRequest, query: Query[PoolQuery]) -> Any:
    """The projects their enterprises listed, newest first, with the current eligibility check
    per catalogue. ``category`` covers its sub-categories; ``catalogue`` narrows ``category``
    and ``status`` to one catalogue; ranges are inclusive. Financial analysts only (403)."""
    user = _pool_user(request)
    filters = selectors.PoolFilters(
        catalogue=query.catalogue or None,
        category=query.category or None,
        park_id=query.park_id,
        capex_min=query.capex_min,
        capex_max=query.capex_max,
        cost_min=query.cost_min,
        cost_max=query.cost_max,
        status=query.status or None,
    )
    projects = list(selectors.pool_projects(user, filters))
    checks = selectors.eligibility_of(projects)
    return [_project_out(p, checks[p.pk]) for p in projects]


@router.get("/pool/{int:project_id}", response=PoolProjectOut, summary="One pooled project")
@answers(403)
def pool_detail(request: HttpRequest, project_id: DbId) -> Any:
    project = selectors.pool_project(_pool_user(request), project_id)
    if project is None:
        raise Http404
    return _project_out(project, selectors.eligibility_of([project])[project.pk])


@router.post(
    "/pool/{int:project_id}/interests",
    response={201: InterestOut},
    summary="Express interest in a pooled project",
)
def interest_create(request: HttpRequest, project_id: DbId, payload: InterestIn) -> Any:
    """The analyst's institution is interested (once); 422 when it already is. An interest it
    withdrew is expressed again: the same interest, pending, with the new message."""
    project = selectors.pool_project(_pool_user(request), project_id)
    if project is None:
        raise Http404
    interest = services.interest_express(
        actor=_user(request), project=project, message=payload.message
    )
    return Status(201, _interest_out(interest))


@router.get("/pool/interests", response=list[InterestOut], summary="Interests")
@paginated
def interest_list(request: HttpRequest, status: str | None = None) -> Any:
    """An enterprise's users: the interests in its projects; an analyst: the institution's; the
    registry staff: all (read only); empty for anybody else."""
    interests = selectors.visible_interests(_user(request))
    if status:
        interests = interests.filter(status=status)
    return [_interest_out(i) for i in interests]


@router.post(
    "/pool/interests/{int:interest_id}/decision",
    response=InterestOut,
    summary="Accept or decline an interest",
)
def interest_decision(request: HttpRequest, interest_id: DbId, payload: InterestDecisionIn) -> Any:
    """The enterprise's energy manager answers a pending interest once (422 afterwards)."""
    interest = selectors.visible_interests(_user(request)).filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    interest = services.interest_decide(
        actor=_user(request), interest=interest, accept=payload.accept, note=payload.note
    )
    return _interest_out(interest)


@router.post(
    "/pool/interests/{int:interest_id}/withdraw",
    response=InterestOut,
    summary="Withdraw the institution's interest",
)
@answers(422)
def interest_withdrawal(request: HttpRequest, interest_id: DbId) -> Any:
    """An analyst of the interested institution withdraws it while it is pending (422 after the
    enterprise answered it; 403 for anybody else who sees it)."""
    interest = selectors.visible_interests(_user(request)).filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    interest = services.interest_withdraw(actor=_user(request), interest=interest)
    return _interest_out(interest)


def _own_project(request: HttpRequest, project_id: int) -> Project:
    project = (
        permissions.visible_projects(_user(request))
        .select_related("organisation")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404
    return project


@router.put(
    "/pool/listings/{int:project_id}", response=PoolListingOut, summary="List a project in the pool"
)
def listing_put(request: HttpRequest, project_id: DbId) -> Any:
    """The enterprise's consent to show the project to the financial members; 422 before its
    eligibility has been checked or when it is financed or withdrawn."""
    project = _own_project(request, project_id)
    return services.project_list(actor=_user(request), project=project)


@router.delete(
    "/pool/listings/{int:project_id}",
    response=PoolListingOut,
    summary="Take a project out of the pool",
)
def listing_delete(request: HttpRequest, project_id: DbId) -> Any:
    project = _own_project(request, project_id)
    return services.project_unlist(actor=_user(request), project=project)
