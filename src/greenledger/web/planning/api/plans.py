"""Enterprise plans: the plans a caller may see, one plan with its baseline by carrier and by
end use, resolved targets, measures and scenarios, the plan file the core solves; and the
enterprise manager's writes (create from the newest verified inventory, settings and targets,
end-use shares, refresh, copy, measures from the catalogue and its own, scenarios).

Reads: whoever may see the plan (``permissions.visible_plans``; 404 for anybody else). Writes:
the enterprise's energy manager (403 for a reader); a refusal is 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.core.errors import InputError
from greenledger.core.planning.report import plan_to_json
from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.members.models import Organisation
from greenledger.web.planning.api._router import router
from greenledger.web.planning.models import Plan, PlanMeasure, Scenario
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services import plans as services
from greenledger.web.planning.services._checks import input_errors
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = selectors.visible_plans_for(_user(request)).filter(pk=plan_id).first()
    if plan is None:
        refused_or_404(request, user=_user(request), scope="plans", pk=plan_id)
    access_log_for(
        request, user=_user(request), organisation=plan.organisation_id, scope="plans", obj=plan
    )
    return plan


def _editable_plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = _plan(request, plan_id)
    if not permissions.can_edit_plan(_user(request), plan):
        raise PermissionDenied
    return plan


class TargetIn(Schema):
    year: Year
    max_emissions_t: float | None = Field(None, description="Cap in t CO2e that year.")
    max_intensity_t_per_wan_yuan: float | None = Field(
        None, description="Cap in t CO2e per 10^4 yuan of that year's output value."
    )


class TargetOut(TargetIn):
    source: str = Field(description="own, budget or district.")
    origin: str = Field(description="Where the target came from, in the request's language.")


class CarrierOut(Schema):
    energy_tce: float
    emissions_t: float
    electricity: bool = Field(description="Purchased electricity: follows the grid factor.")


class EndUseOut(Schema):
    name: str
    energy_tce: float
    emissions_t: float
    electricity_emissions_t: float


class MeasureOut(Schema):
    id: int
    measure_id: str
    technology_id: str
    name: str
    end_use: str
    effect: str
    saving_rate: float
    capex_yuan: float
    annual_opex_change_yuan: float
    lifetime_years: int
    group: str
    requires: list[str]
    earliest_year: int | None
    capacity: float | None
    enabled: bool
    note: str


class ScenarioOut(Schema):
    id: int
    name: str
    kind: str
    growth: float
    grid_path: str
    energy_price_yuan_per_tce: float | None
    carbon_price_yuan_per_t: float
    discount_rate: float


class PlanOut(Schema):
    id: int
    organisation_id: int
    name: str
    status: str
    submission_id: int
    version_id: int
    inventory_year: int
    start_year: int
    end_year: int
    private_rate: float
    social_rate: float
    target_source: str
    budget_yuan: float | None
    annual_budget_yuan: float | None
    max_adoptions_per_year: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class PlanDetailOut(PlanOut):
    carriers: dict[str, CarrierOut]
    non_energy_emissions_t: float
    output_wan_yuan: float | None
    provenance: dict[str, Any]
    shares: dict[str, dict[str, float]]
    end_uses: list[EndUseOut]
    targets: list[TargetOut]
    target_notes: list[str]
    measures: list[MeasureOut]
    excluded_measures: dict[str, str] = Field(
        description="Measure id -> the prerequisite that is not a candidate (left out)."
    )
    scenarios: list[ScenarioOut]
    problems: list[str] = Field(description="Why the core refuses the plan as it stands.")


class PlanIn(Schema):
    organisation_id: DbId | None = Field(None, description="The caller's enterprise if omitted.")
    name: str = column(Plan, "name")
    start_year: Year | None = Field(None, description="The year after the inventory's if omitted.")
    end_year: Year = 2060


class PlanPatch(Schema):
    name: str | None = column(Plan, "name", None)
    start_year: Year | None = None
    end_year: Year | None = None
    private_rate: float | None = None
    social_rate: float | None = None
    target_source: str | None = column(Plan, "target_source", None)
    targets: list[TargetIn] | None = Field(None, description="The enterprise's own targets.")
    budget_yuan: float | None = None
    annual_budget_yuan: float | None = None
    max_adoptions_per_year: int | None = Field(None, ge=1, le=1000)


class SharesIn(Schema):
    shares: dict[str, dict[str, float]] = Field(
        description="{carrier: {end use: share}}; a carrier's shares sum to 1."
    )


class CatalogueMeasureIn(Schema):
    technology_id: str = column(PlanMeasure, "technology_id")
    capacity: float = Field(gt=0, description="In the technology's capacity unit.")
    share: float | None = Field(None, ge=0, le=1, description="Share of the end use covered.")
    end_use: str | None = column(PlanMeasure, "end_use", None)


class MeasureIn(Schema):
    name: str | None = column(PlanMeasure, "name", None)
    end_use: str | None = column(PlanMeasure, "end_use", None)
    effect: str | None = column(PlanMeasure, "effect", None)
    saving_rate: float | None = None
    capex_yuan: float | None = None
    annual_opex_change_yuan: float | None = None
    lifetime_years: int | None = Field(None, ge=1, le=100)
    group: str | None = column(PlanMeasure, "group", None)
    requires: list[str] | None = None
    earliest_year: Year | None = None
    enabled: bool | None = None
    note: str | None = None


class ScenarioIn(Schema):
    name: str = column(Scenario, "name")
    growth: float | None = None
    grid_path: str | None = column(Scenario, "grid_path", None)
    energy_price_yuan_per_tce: float | None = None
    carbon_price_yuan_per_t: float | None = None
    discount_rate: float | None = None


def _detail(plan: Plan) -> dict[str, Any]:
    baseline = plan.baseline or {}
    try:
        uses = selectors.end_uses(plan)
    except InputError:
        uses = []
    try:
        selectors.plan_input(plan)
        problems: list[str] = []
    except InputError as error:
        problems = sum(input_errors(error).values(), [])
    targets, notes = selectors.resolved_targets(plan)
    return {
        **{name: getattr(plan, name) for name in PlanOut.model_fields if hasattr(plan, name)},
        "carriers": baseline.get("carriers") or {},
        "non_energy_emissions_t": baseline.get("non_energy_emissions_t") or 0.0,
        "output_wan_yuan": baseline.get("output_wan_yuan"),
        "provenance": baseline.get("provenance") or {},
        "shares": plan.shares or {},
        "end_uses": [
            {
                "name": e.name,
                "energy_tce": e.energy_tce,
                "emissions_t": e.emissions_t,
                "electricity_emissions_t": e.electricity_emissions_t,
            }
            for e in uses
        ],  # fmt: skip
        "targets": targets,
        "target_notes": notes,
        "measures": list(plan.measures.all()),
        "excluded_measures": selectors.excluded_measures(plan),
        "scenarios": list(plan.scenarios.order_by("id")),
        "problems": problems,
    }


@router.get("/plans", response=list[PlanOut], summary="Decarbonisation plans")
@paginated
def plan_list(request: HttpRequest, organisation_id: DbId | None = None) -> Any:
    """The plans the caller may see (an enterprise's own users, the registry staff, a bank its
    committed plans where the enterprise shares its data); empty for anybody else."""
    plans = selectors.visible_plans_for(_user(request))
    if organisation_id is not None:
        plans = plans.filter(organisation_id=organisation_id)
    return plans


@router.post("/plans", response={201: PlanDetailOut}, summary="Create a plan")
@answers(403)
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    """From the enterprise's newest verified inventory, with the three default scenarios. 422
    when the enterprise has no verified inventory (``__all__``) or a field is refused."""
    user = _user(request)
    organisation_id = payload.organisation_id or getattr(user, "organisation_id", None)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not permissions.can_create_plan(user, organisation):
        raise PermissionDenied
    plan = services.plan_create(
        actor=user,
        organisation=organisation,
        name=payload.name,
        start_year=payload.start_year,
        end_year=payload.end_year,
    )
    return Status(201, _detail(plan))


@router.get("/plans/{int:plan_id}", response=PlanDetailOut, summary="One plan")
def plan_detail(request: HttpRequest, plan_id: DbId) -> Any:
    return _detail(_plan(request, plan_id))


@router.patch("/plans/{int:plan_id}", response=PlanDetailOut, summary="Change a plan")
@answers(403)
def plan_patch(request: HttpRequest, plan_id: DbId, payload: PlanPatch) -> Any:
    """Only the fields sent change. ``targets`` are the enterprise's own (``target_source``
    "own"); "budget" and "district" targets are resolved from the district's data."""
    plan = _editable_plan(request, plan_id)
    fields = payload.dict(exclude_unset=True)
    if "name" in fields and fields["name"] is None:
        raise ValidationError({"name": [_("This field is required.")]})
    plan = services.plan_update(actor=_user(request), plan=plan, **fields)
    return _detail(plan)


@router.put("/plans/{int:plan_id}/shares", response=PlanDetailOut, summary="End-use shares")
@answers(403)
def plan_shares(request: HttpRequest, plan_id: DbId, payload: SharesIn) -> Any:
    plan = _editable_plan(request, plan_id)
    return _detail(services.plan_set_shares(actor=_user(request), plan=plan, shares=payload.shares))


@router.post("/plans/{int:plan_id}/refresh", response=PlanDetailOut, summary="Refresh the baseline")
@answers(403)
def plan_refresh(request: HttpRequest, plan_id: DbId) -> Any:
    """Take the baseline from the enterprise's newest verified inventory (422 when the plan
    already starts from it)."""
    plan = _editable_plan(request, plan_id)
    return _detail(services.plan_refresh_baseline(actor=_user(request), plan=plan))


@router.post("/plans/{int:plan_id}/copy", response={201: PlanDetailOut}, summary="Copy a plan")
@answers(403)
def plan_copy(request: HttpRequest, plan_id: DbId) -> Any:
    plan = _editable_plan(request, plan_id)
    return Status(201, _detail(services.plan_copy(actor=_user(request), plan=plan)))


@router.get("/plans/{int:plan_id}/input", response=dict[str, Any], summary="The plan file")
@answers(422)
def plan_file(request: HttpRequest, plan_id: DbId, scenario_id: DbId | None = None) -> Any:
    """The plan file the core solves (``greenledger plan FILE.json`` takes it), under one of
    the plan's scenarios or none (no growth, flat grid, the private rate). 422 names the field
    the core refuses."""
    plan = _plan(request, plan_id)
    scenario = None
    if scenario_id is not None:
        scenario = plan.scenarios.filter(pk=scenario_id).first()
        if scenario is None:
            raise Http404
    try:
        return plan_to_json(selectors.plan_input(plan, scenario))
    except InputError as error:
        raise ValidationError(input_errors(error)) from None


@router.get("/plans/{int:plan_id}/measures", response=list[MeasureOut], summary="Measures")
def measure_list(request: HttpRequest, plan_id: DbId) -> Any:
    return list(_plan(request, plan_id).measures.all())


@router.post(
    "/plans/{int:plan_id}/measures/catalogue",
    response={201: MeasureOut},
    summary="Add a catalogue technology",
)
@answers(403)
def measure_from_catalogue(request: HttpRequest, plan_id: DbId, payload: CatalogueMeasureIn) -> Any:
    """Sized by the core (capex and operating cost x capacity; saving rate x share); 422 names
    ``technology_id``, ``end_use``, ``capacity`` or ``share``."""
    plan = _editable_plan(request, plan_id)
    measure = services.measure_add_from_catalogue(actor=_user(request), plan=plan, **payload.dict())
    return Status(201, measure)


@router.put(
    "/plans/{int:plan_id}/measures/{measure_id}",
    response={200: MeasureOut, 201: MeasureOut},
    summary="Save a measure",
)
@answers(403)
def measure_put(request: HttpRequest, plan_id: DbId, measure_id: str, payload: MeasureIn) -> Any:
    """201: the enterprise's new measure ``measure_id`` (needs end_use, saving_rate,
    capex_yuan, annual_opex_change_yuan, lifetime_years); 200: the measure changed (only the
    fields sent)."""
    plan = _editable_plan(request, plan_id)
    existed = PlanMeasure.objects.filter(plan=plan, measure_id=measure_id).exists()
    fields = payload.dict(exclude_unset=True)
    measure = services.measure_save(
        actor=_user(request), plan=plan, measure_id=measure_id, **fields
    )
    return Status(200 if existed else 201, measure)


@router.delete(
    "/plans/{int:plan_id}/measures/{measure_id}", response={204: None}, summary="Remove a measure"
)
@answers(403, 422)
def measure_delete(request: HttpRequest, plan_id: DbId, measure_id: str) -> Any:
    plan = _editable_plan(request, plan_id)
    measure = PlanMeasure.objects.filter(plan=plan, measure_id=measure_id).first()
    if measure is None:
        raise Http404
    services.measure_remove(actor=_user(request), measure=measure)
    return Status(204, None)


@router.get("/plans/{int:plan_id}/scenarios", response=list[ScenarioOut], summary="Scenarios")
def scenario_list(request: HttpRequest, plan_id: DbId) -> Any:
    return list(_plan(request, plan_id).scenarios.order_by("id"))


@router.post(
    "/plans/{int:plan_id}/scenarios",
    response={200: ScenarioOut, 201: ScenarioOut},
    summary="Save a scenario",
)
@answers(403)
def scenario_post(request: HttpRequest, plan_id: DbId, payload: ScenarioIn) -> Any:
    """201: a new custom scenario (needs growth, grid_path, discount_rate); 200: the plan's
    scenario of that name changed (only the fields sent)."""
    plan = _editable_plan(request, plan_id)
    fields = payload.dict(exclude_unset=True)
    name = fields.pop("name")
    existed = plan.scenarios.filter(name=name).exists()
    scenario = services.scenario_save(actor=_user(request), plan=plan, name=name, **fields)
    return Status(200 if existed else 201, scenario)
