"""Financing projects, mounted under /api/finance/projects: the projects a caller may see, one
project with its figures and provenance, the enterprise manager's writes (create from measures
of one of its plans, change), and the eligibility pre-check (run, and the current result per
catalogue with each criterion's value, threshold, wording, source and evidence).

Reads: whoever may see the project (``permissions.visible_projects``; 404 for anybody else; an
analyst's read is logged through the enterprise's grant). Writes: the enterprise's energy
manager (403 for a reader); a refusal is 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.finance.api._router import router
from greenledger.web.finance.models import Project
from greenledger.web.finance.selectors import projects as selectors
from greenledger.web.finance.services import projects as services
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.members.models import Organisation, Site
from greenledger.web.planning.models import Plan
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _project(request: HttpRequest, project_id: int) -> Project:
    project = selectors.visible_project(_user(request), project_id)
    if project is None:
        refused_or_404(request, user=_user(request), scope="projects", pk=project_id)
    access_log_for(
        request,
        user=_user(request),
        organisation=project.organisation_id,
        scope="projects",
        obj=project,
    )
    return project


def _managed(request: HttpRequest, project_id: int) -> Project:
    project = _project(request, project_id)
    if not permissions.can_manage_projects(_user(request), project.organisation):
        raise PermissionDenied
    return project


class MilestoneIn(Schema):
    year: int = Field(ge=2000, le=2100)
    milestone: str = Field(min_length=1, max_length=200)


class ProjectOut(Schema):
    id: int
    organisation_id: int
    site_id: int | None
    plan_id: int | None
    name: str
    kind: str = Field(description="green or transition.")
    measure_ids: list[str]
    capex_yuan: float
    energy_saving_tce: float = Field(description="Expected energy saving, tce a year.")
    abatement_t: float = Field(description="Expected abatement, tCO2e a year.")
    cost_per_t: float | None = Field(description="Annualised cost per tonne abated (yuan/t).")
    start_year: int
    end_year: int
    timeline: list[dict[str, Any]]
    categories: dict[str, str] = Field(description="Catalogue key -> category code claimed.")
    kpis: dict[str, float]
    provenance: dict[str, Any] = Field(
        description="The plan, its inventory, the rate and each measure's figures."
    )
    listed: bool
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class CheckOut(Schema):
    catalogue: str
    catalogue_version: str
    status: str = Field(description="eligible, borderline, not_eligible or needs_data.")
    category: str
    result: dict[str, Any] = Field(
        description="Category, criteria (value, threshold, limit, bound, wording, source, "
        "evidence, outcome, basis, data, kpi), explanation and the verified data behind them."
    )
    created_at: dt.datetime


class ProjectIn(Schema):
    plan_id: DbId = Field(description="A plan of the caller's enterprise.")
    measure_ids: list[str] = Field(description="Measure ids of the plan.")
    name: str = Field(max_length=200)
    kind: str = Field(description="green or transition.")
    site_id: DbId | None = None
    timeline: list[MilestoneIn] = []
    categories: dict[str, str] = {}
    kpis: dict[str, float] = {}


class ProjectPatch(Schema):
    name: str | None = Field(None, max_length=200)
    kind: str | None = None
    site_id: DbId | None = None
    timeline: list[MilestoneIn] | None = None
    categories: dict[str, str] | None = None
    kpis: dict[str, float] | None = None
    measure_ids: list[str] | None = None


def _site(organisation: Organisation, site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site = Site.objects.filter(pk=site_id, organisation=organisation).first()
    if site is None:
        raise ValidationError({"site_id": [_("The site is not one of the enterprise's sites.")]})
    return site


@router.get("/projects", response=list[ProjectOut], summary="Financing projects")
@paginated
def project_list(request: HttpRequest, organisation_id: DbId | None = None) -> Any:
    """The projects the caller may see (the enterprise's own, the staff all, an analyst those
    in the pool and those an enterprise shares); empty for anybody else."""
    projects = selectors.visible_projects_for(_user(request))
    if organisation_id is not None:
        projects = projects.filter(organisation_id=organisation_id)
    return projects


@router.post("/projects", response={201: ProjectOut}, summary="Create a financing project")
@answers(403)
def project_create(request: HttpRequest, payload: ProjectIn) -> Any:
    """From measures of one of the caller's enterprise's plans; the eligibility pre-check runs
    at once. 422 when the plan is not the enterprise's or a field is refused."""
    user = _user(request)
    organisation = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if organisation is None or not permissions.can_manage_projects(user, organisation):
        raise PermissionDenied
    plan = Plan.objects.filter(pk=payload.plan_id, organisation=organisation).first()
    if plan is None:
        raise ValidationError({"plan_id": [_("The enterprise has no such plan.")]})
    project = services.project_create(
        actor=user,
        organisation=organisation,
        plan=plan,
        measure_ids=payload.measure_ids,
        name=payload.name,
        kind=payload.kind,
        site=_site(organisation, payload.site_id),
        timeline=[m.dict() for m in payload.timeline],
        categories=payload.categories,
        kpis=payload.kpis,
    )
    eligibility_run(actor=user, project=project)
    return Status(201, project)


@router.get("/projects/{int:project_id}", response=ProjectOut, summary="One financing project")
def project_detail(request: HttpRequest, project_id: DbId) -> Any:
    return _project(request, project_id)


@router.patch(
    "/projects/{int:project_id}", response=ProjectOut, summary="Change a financing project"
)
@answers(403)
def project_patch(request: HttpRequest, project_id: DbId, payload: ProjectPatch) -> Any:
    """Only the fields sent change; new measures recompute the figures from the plan."""
    project = _managed(request, project_id)
    fields = payload.dict(exclude_unset=True)
    if "name" in fields and fields["name"] is None:
        raise ValidationError({"name": [_("This field is required.")]})
    if "site_id" in fields:
        fields["site"] = _site(project.organisation, fields.pop("site_id"))
    return services.project_update(actor=_user(request), project=project, **fields)


@router.post(
    "/projects/{int:project_id}/eligibility",
    response=list[CheckOut],
    summary="Run the eligibility pre-check",
)
@answers(403)
def project_check(request: HttpRequest, project_id: DbId) -> Any:
    """One new check per catalogue; answers the new checks."""
    project = _managed(request, project_id)
    return eligibility_run(actor=_user(request), project=project)


@router.get(
    "/projects/{int:project_id}/eligibility",
    response=list[CheckOut],
    summary="A project's eligibility",
)
def project_eligibility(request: HttpRequest, project_id: DbId) -> Any:
    """The newest check per catalogue."""
    return selectors.current_checks(_project(request, project_id))
