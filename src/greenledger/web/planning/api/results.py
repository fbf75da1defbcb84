"""A plan's results: its solved runs (list, solve a scenario), one scenario's abatement cost
curve (private or social view) and pathway, the scenarios side by side, and the commitment
(read it with the verified emissions year by year; commit to a run).

Whoever may see the plan reads (404 for anybody else); solving and committing are the
enterprise's energy manager's (403 for another viewer). A scenario is named by
``scenario_id`` (by default the committed scenario, else the plan's first); a scenario never
solved answers 404 on ``/macc`` and ``/pathway`` (solve it first: ``POST .../runs``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.planning.api._router import router
from greenledger.web.planning.models import Plan, PlanRun
from greenledger.web.planning.selectors import runs as selectors
from greenledger.web.planning.services.runs import plan_commit, plan_solve
from greenledger.web.responses import Status
from greenledger.web.ui.core_messages import render


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = permissions.visible_plans(_user(request)).filter(pk=plan_id).first()
    if plan is None:
        refused_or_404(request, user=_user(request), scope="plans", pk=plan_id)
    access_log_for(
        request, user=_user(request), organisation=plan.organisation_id, scope="plans", obj=plan
    )
    return plan  # type: ignore[no-any-return]


class RunOut(Schema):
    id: int
    scenario_id: int
    scenario: str
    status: str = Field(description="optimal, feasible (time limit hit) or infeasible.")
    npv_yuan: float = Field(description="Net present cost relative to doing nothing (yuan).")
    gap: float
    solve_seconds: float
    inputs_digest: str = Field(description="sha256 of the core input the run solved.")
    current: bool = Field(description="The plan and scenario still give the same inputs.")
    provenance: dict[str, Any] = Field(
        description="Catalogue, grid-factor path, core and inventory versions."
    )
    created_at: dt.datetime


class SolveIn(Schema):
    scenario_id: DbId


class StepOut(Schema):
    id: str
    end_use: str
    group: str | None
    saving_rate: float
    remaining_share: float = Field(description="Share of the end use left by the steps before.")
    annual_abatement_t: float
    annual_energy_saving_tce: float
    annualised_cost_yuan: float
    cost_per_t: float | None = Field(description="Null for a measure that abates nothing.")
    cumulative_abatement_t: float


class MaccOut(Schema):
    run_id: int
    scenario_id: int
    view: str = Field(description="private (the scenario's rate) or social (the plan's).")
    rate: float
    carbon_price_yuan_per_t: float
    steps: list[StepOut] = Field(description="In cost order on the remaining baseline.")
    notes: list[str] = Field(description="In the request's language.")


class AdoptionOut(Schema):
    id: str
    year: int


class PathwayOut(Schema):
    run_id: int
    scenario_id: int
    current: bool
    status: str
    adoptions: list[AdoptionOut]
    emissions_t: dict[str, float] = Field(description="Every model year, with the measures.")
    baseline_t: dict[str, float] = Field(description="Every model year, without any measure.")
    caps_t: dict[str, float] = Field(description="The cap of every target year.")
    shortfall_t: dict[str, float] = Field(description="Every target year (0 where met).")
    npv_yuan: float
    capex_yuan: float | None
    gap: float
    solve_seconds: float


class CompareOut(Schema):
    scenario_id: int
    name: str
    kind: str
    run_id: int | None
    current: bool
    status: str | None
    npv_yuan: float | None
    capex_yuan: float | None
    shortfall_t: float | None = Field(description="Total over the target years.")
    emissions_t: dict[str, float]
    adoptions: dict[str, int] = Field(description="Measure id -> first year adopted.")


class CommitmentYearOut(Schema):
    year: int
    committed_t: float
    actual_t: float | None = Field(description="Verified GB/T 32150 emissions of the year.")
    difference_t: float | None
    status: str = Field(description="on_track, over or no_inventory.")


class CommitmentOut(Schema):
    run_id: int
    scenario_id: int
    committed_at: dt.datetime
    emissions_t: dict[str, float]
    adoptions: list[AdoptionOut]
    years: list[CommitmentYearOut]


class CommitIn(Schema):
    run_id: DbId


def _run_out(run: PlanRun, current: bool) -> dict[str, Any]:
    return {
        "id": run.pk,
        "scenario_id": run.scenario_id,
        "scenario": run.scenario.name,
        "status": run.status,
        "npv_yuan": run.npv_yuan,
        "gap": run.gap,
        "solve_seconds": run.solve_seconds,
        "inputs_digest": run.inputs_digest,
        "current": current,
        "provenance": run.provenance,
        "created_at": run.created_at,
    }


@router.get("/plans/{int:plan_id}/runs", response=list[RunOut], summary="A plan's solved runs")
@paginated
def run_list(request: HttpRequest, plan_id: DbId) -> Any:
    """Every run of the plan, newest first; ``current`` says whether the plan still gives the
    inputs the run solved."""
    plan = _plan(request, plan_id)
    current = {r.run.pk for r in selectors.scenario_results(plan) if r.run and r.current}
    runs = PlanRun.objects.filter(plan=plan).select_related("scenario").order_by("-created_at")
    return [_run_out(run, run.pk in current) for run in runs]


@router.post(
    "/plans/{int:plan_id}/runs",
    response={200: RunOut, 201: RunOut},
    summary="Solve one scenario of a plan",
)
def run_create(request: HttpRequest, plan_id: DbId, payload: SolveIn) -> Any:
    """Computes the scenario's curve (private and social views) and least-cost pathway. 201: a
    new run; 200: the plan had not changed since an earlier run of the scenario, which is
    returned. 422 names ``scenario_id`` (not a scenario of this plan) or the plan's field the
    core refuses (e.g. ``measures``)."""
    plan = _plan(request, plan_id)
    user = _user(request)
    if not permissions.can_edit_plan(user, plan):
        raise PermissionDenied
    scenario = plan.scenarios.filter(pk=payload.scenario_id).first()
    if scenario is None:
        raise ValidationError({"scenario_id": [_("This is not a scenario of this plan.")]})
    before = PlanRun.objects.filter(plan=plan).count()
    run = plan_solve(actor=user, plan=plan, scenario=scenario)
    created = PlanRun.objects.filter(plan=plan).count() > before
    return Status(201 if created else 200, _run_out(run, True))


def _result(request: HttpRequest, plan: Plan, scenario_id: int | None) -> selectors.ScenarioResult:
    scenario = selectors.chosen_scenario(plan, scenario_id)
    if scenario is None:
        raise Http404
    result = selectors.scenario_result(plan, scenario)
    if result.run is None:
        raise Http404
    return result


@router.get("/plans/{int:plan_id}/macc", response=MaccOut, summary="Abatement cost curve")
def plan_macc(
    request: HttpRequest,
    plan_id: DbId,
    scenario_id: DbId | None = None,
    view: Literal["private", "social"] = "private",
) -> Any:
    """The curve of the scenario's newest run: measures in cost order, each costed on what
    remained of its end use after the cheaper ones (a negative cost per tonne pays for
    itself), with its notes."""
    result = _result(request, _plan(request, plan_id), scenario_id)
    run = result.run
    assert run is not None
    social = view == "social"
    return {
        "run_id": run.pk,
        "scenario_id": run.scenario_id,
        "view": view,
        "rate": run.result.get("social_rate") if social else run.scenario.discount_rate,
        "carbon_price_yuan_per_t": run.result.get("carbon_price_yuan_per_t") or 0.0,
        "steps": run.result.get("macc_social" if social else "macc", []),
        "notes": [
            render(n) for n in run.result.get("macc_social_notes" if social else "macc_notes", [])
        ],
    }


@router.get("/plans/{int:plan_id}/pathway", response=PathwayOut, summary="Least-cost pathway")
def plan_pathway(request: HttpRequest, plan_id: DbId, scenario_id: DbId | None = None) -> Any:
    """The scenario's newest pathway: adoptions, emissions by model year against the baseline
    without measures and the caps, the shortfall per target year (infeasible targets), the
    solver's status, gap and time."""
    result = _result(request, _plan(request, plan_id), scenario_id)
    run = result.run
    assert run is not None
    path = run.result.get("pathway", {})
    return {
        "run_id": run.pk,
        "scenario_id": run.scenario_id,
        "current": result.current,
        "status": run.status,
        "adoptions": path.get("adoptions", []),
        "emissions_t": path.get("emissions_t", {}),
        "baseline_t": run.result.get("baseline_t", {}),
        "caps_t": run.result.get("caps_t", {}),
        "shortfall_t": path.get("shortfall_t", {}),
        "npv_yuan": run.npv_yuan,
        "capex_yuan": path.get("capex_yuan"),
        "gap": run.gap,
        "solve_seconds": run.solve_seconds,
    }


@router.get("/plans/{int:plan_id}/compare", response=list[CompareOut], summary="Scenarios")
def plan_compare(request: HttpRequest, plan_id: DbId) -> Any:
    """Every scenario of the plan with its newest run's emissions, cost and measures (nulls
    for a scenario never solved)."""
    plan = _plan(request, plan_id)
    results = selectors.scenario_results(plan)
    rows = {row["scenario"].pk: row for row in selectors.comparison(plan, results)}
    answer = []
    for item in results:
        row = rows.get(item.scenario.pk)
        answer.append(
            {
                "scenario_id": item.scenario.pk,
                "name": item.scenario.name,
                "kind": item.scenario.kind,
                "run_id": None if item.run is None else item.run.pk,
                "current": item.current,
                "status": None if row is None else row["status"],
                "npv_yuan": None if row is None else row["npv_yuan"],
                "capex_yuan": None if row is None else row["capex_yuan"],
                "shortfall_t": None if row is None else row["shortfall_t"],
                "emissions_t": {} if row is None else row["emissions_t"],
                "adoptions": {} if row is None else row["adoptions"],
            }
        )
    return answer


def _commitment_out(plan: Plan) -> dict[str, Any]:
    commitment = selectors.commitment_of(plan)
    if commitment is None:
        raise Http404
    return {
        "run_id": commitment.run_id,
        "scenario_id": commitment.run.scenario_id,
        "committed_at": commitment.committed_at,
        "emissions_t": commitment.emissions_t,
        "adoptions": commitment.adoptions,
        "years": selectors.commitment_years(commitment),
    }


@router.get("/plans/{int:plan_id}/commitment", response=CommitmentOut, summary="Commitment")
def commitment_detail(request: HttpRequest, plan_id: DbId) -> Any:
    """The committed emissions by year against the verified ones (404: no commitment yet)."""
    return _commitment_out(_plan(request, plan_id))


@router.post(
    "/plans/{int:plan_id}/commitment",
    response={201: CommitmentOut},
    summary="Commit to a run's pathway",
)
@answers(403)
def commitment_create(request: HttpRequest, plan_id: DbId, payload: CommitIn) -> Any:
    """Makes the run's pathway the enterprise's commitment (replacing an earlier one). 422
    names ``run`` (another plan's run, an infeasible pathway, or a plan changed since)."""
    plan = _plan(request, plan_id)
    user = _user(request)
    if not permissions.can_edit_plan(user, plan):
        raise PermissionDenied
    run = PlanRun.objects.filter(plan=plan, pk=payload.run_id).first()
    if run is None:
        raise ValidationError({"run_id": [_("This is not a run of this plan.")]})
    plan_commit(actor=user, plan=plan, run=run)
    return Status(201, _commitment_out(plan))
