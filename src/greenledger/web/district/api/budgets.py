"""Carbon dual control: budget plans (the staff: list, allocate, one plan with every budget),
the district's overview of a year (who is over, open alerts) and one enterprise's budget,
verified emissions and trajectory (its own users and the staff; 404 for anybody else)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.district.api._router import router
from greenledger.web.district.models import BudgetPlan, EnterpriseBudget
from greenledger.web.district.selectors import budgets as selectors
from greenledger.web.district.services.budgets import budget_plan_create
from greenledger.web.members.models import Organisation
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class ExcludedOut(Schema):
    organisation_id: int
    enterprise: str
    year: int | None
    reason: str = Field(description="In the language of the request that created the plan.")
    code: str
    params: dict[str, Any]


class BudgetPlanOut(Schema):
    id: int
    name: str
    method: str
    base_year: int
    first_year: int
    last_year: int
    reduction_rate: float
    benchmark: dict[str, float]
    weight: float
    caps: dict[str, float]
    scale_to_cap: bool
    gaps: dict[str, float] = Field(description="Cap minus the budgets, by year (tCO2e).")
    excluded: list[ExcludedOut] = Field(
        description="Enterprises left out for lack of data, with the year and the reason."
    )
    active: bool
    created_at: dt.datetime


class BudgetPlanIn(Schema):
    name: str = column(BudgetPlan, "name")
    method: str = column(BudgetPlan, "method")
    base_year: Year
    first_year: Year
    last_year: Year
    reduction_rate: float = Field(0.0, description="Annual, as a fraction (0.04 = 4 %).")
    benchmark: dict[int, float] = Field(
        default_factory=dict, description="tCO2e per 10^4 yuan of output value, by year."
    )
    weight: float = Field(0.5, description="Weight of the grandfathered budget (mixed).")
    caps: dict[int, float] = Field(default_factory=dict, description="District cap by year.")
    scale_to_cap: bool = False


class BudgetOut(Schema):
    organisation_id: int
    year: int
    budget_t: float
    grandfathered_t: float | None = Field(description="The trajectory (before weighting).")
    benchmark_t: float | None
    scale: float


class BudgetPlanDetailOut(Schema):
    plan: BudgetPlanOut
    budgets: list[BudgetOut]


class AlertOut(Schema):
    id: int
    organisation_id: int
    year: int
    kind: str = Field(description="over_budget or above_trajectory.")
    limit_t: float
    verified_t: float
    version_id: int | None
    raised_at: dt.datetime
    cleared_at: dt.datetime | None


class OverviewRowOut(Schema):
    organisation_id: int
    organisation: str
    budget_t: float
    trajectory_t: float | None
    verified_t: float | None
    excess_t: float | None
    over: bool
    alerts: list[str]


class OverviewOut(Schema):
    plan: BudgetPlanOut | None
    year: int | None
    cap_t: float | None = None
    budget_total_t: float = 0.0
    verified_total_t: float = 0.0
    gap_t: float | None = None
    rows: list[OverviewRowOut] = []
    alerts: list[AlertOut] = []


class EnterpriseYearOut(Schema):
    year: int
    budget_t: float
    trajectory_t: float | None
    verified_t: float | None
    excess_t: float | None
    over_budget: bool
    above_trajectory: bool


class EnterpriseBudgetOut(Schema):
    organisation_id: int
    plan: BudgetPlanOut | None
    years: list[EnterpriseYearOut]
    alerts: list[AlertOut]
    excluded: ExcludedOut | None


def _staff(request: HttpRequest) -> None:
    if not permissions.can_view_district_accounts(_user(request)):
        raise PermissionDenied


@router.get("/budgets/plans", response=list[BudgetPlanOut], summary="List the budget plans")
@answers(403)
@paginated
def plan_list(request: HttpRequest) -> Any:
    _staff(request)
    return BudgetPlan.objects.order_by("-created_at", "-id")


@router.post("/budgets/plans", response={201: BudgetPlanDetailOut}, summary="Allocate budgets")
def plan_create(request: HttpRequest, payload: BudgetPlanIn) -> Any:
    """Allocates yearly budgets to the key enterprises and makes the plan active. 422 names
    the field: ``caps`` (budgets above a cap without ``scale_to_cap``: the year and the
    excess), ``first_year`` (before the base year), ``benchmark`` (a year missing),
    ``reduction_rate``/``weight`` (outside 0..1). Enterprises lacking data are listed in
    ``plan.excluded`` with the year and the reason."""
    user = _user(request)
    if not permissions.can_manage_district_accounts(user):
        raise PermissionDenied
    plan = budget_plan_create(actor=user, **payload.dict())
    return Status(201, _detail(plan))


def _detail(plan: BudgetPlan) -> dict[str, Any]:
    return {"plan": plan, "budgets": list(EnterpriseBudget.objects.filter(plan=plan))}


@router.get("/budgets/plans/{int:plan_id}", response=BudgetPlanDetailOut, summary="One budget plan")
def plan_detail(request: HttpRequest, plan_id: DbId) -> Any:
    if not permissions.can_view_district_accounts(_user(request)):
        raise Http404
    plan = BudgetPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return _detail(plan)


@router.get("/budgets/overview", response=OverviewOut, summary="Who is over the budget")
@answers(403)
def budget_overview(request: HttpRequest, year: Year | None = None) -> Any:
    """The active plan's budgets of ``year`` (by default its latest year with verified
    figures) beside the verified emissions, largest excess first, with the open alerts
    (``plan`` null when no plan is active)."""
    _staff(request)
    plan = selectors.active_plan()
    year = year or selectors.overview_year(plan)
    overview = None if year is None else selectors.budget_overview(year=year, plan=plan)
    if overview is None:
        return {"plan": None, "year": year}
    return {
        "plan": overview.plan,
        "year": year,
        "cap_t": overview.cap_t,
        "budget_total_t": overview.budget_total_t,
        "verified_total_t": overview.verified_total_t,
        "gap_t": overview.gap_t,
        "rows": [
            {
                **{k: row[k] for k in ("budget_t", "trajectory_t", "verified_t", "excess_t")},
                "organisation_id": row["organisation"].pk,
                "organisation": row["organisation"].name_zh,
                "over": row["over"],
                "alerts": row["alerts"],
            }
            for row in overview.rows
        ],
        "alerts": overview.alerts,
    }


@router.get(
    "/budgets/enterprises/{int:organisation_id}",
    response=EnterpriseBudgetOut,
    summary="One enterprise's budget, verified emissions and trajectory",
)
def enterprise_budget(request: HttpRequest, organisation_id: DbId) -> Any:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not permissions.can_view_enterprise_accounts(
        _user(request), organisation
    ):
        raise Http404
    view = selectors.enterprise_budget(organisation)
    return {
        "organisation_id": organisation.pk,
        "plan": view.plan,
        "years": view.rows,
        "alerts": view.alerts,
        "excluded": view.excluded,
    }
