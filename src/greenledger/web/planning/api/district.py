"""The district pathway runs (the registry staff only): the list, starting one (queued: the
worker runs it), one run with its progress and, once it succeeded, its result, and the run's
district or park abatement cost curve. Others: 403 on the collection and on starting, 404 on
one run (a hidden object). A refused request answers 422 naming the field (``base_year``,
``target_id``, ``caps``, ``prices``, ``end_year``, ``discount_rate``, ``growth``,
``energy_price_yuan_per_tce``, ``grid_path``, ``social_rate``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, paginated
from greenledger.web.planning.api._router import router
from greenledger.web.planning.models import DistrictRun
from greenledger.web.planning.selectors import district_runs as selectors
from greenledger.web.planning.services import district_runs as services
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _run(request: HttpRequest, run_id: int) -> DistrictRun:
    run = selectors.visible_district_runs(_user(request)).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run  # type: ignore[no-any-return]


class DistrictRunOut(Schema):
    id: int
    status: str = Field(description="queued, running, failed or succeeded.")
    progress: int = Field(description="Per cent done.")
    base_year: int = Field(description="The year of the verified inventories used.")
    start_year: int
    end_year: int
    target_id: int | None = Field(description="The district target whose trajectory caps it.")
    parameters: dict[str, Any] = Field(
        description='{"prices": [...], "discount_rate", "growth", "energy_price_yuan_per_tce", '
        '"grid_path", "social_rate", "caps"?: {"YYYY": tCO2e}}'
    )
    enterprises_total: int
    enterprises_done: int = Field(description="Enterprises priced so far.")
    error: str = Field(description="Why the run failed (empty otherwise).")
    created_by: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    heartbeat_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_created_by(obj: DistrictRun) -> str:
        return str(obj.created_by.get_username())


class DistrictEnterpriseOut(Schema):
    organisation_id: int
    name: str
    park_id: int | None
    park: str
    industry_code: str
    plan_id: int | None = Field(description="The plan it was priced on (None: the catalogue).")
    price: float | None = Field(description="Lowest carbon price (yuan/t) choosing its option.")
    cost_yuan: float = Field(description="Discounted cost of its option, no carbon payment.")
    adoptions: list[tuple[str, int]] = Field(description="[measure id, first year]")
    options: int = Field(description="Distinct options the price sweep found.")
    baseline_last_t: float = Field(description="Emissions in the last cap year, no measure.")
    emissions_last_t: float = Field(description="Emissions in the last cap year, its option.")


class DistrictResultOut(Schema):
    status: str = Field(description="optimal, feasible (time limit) or infeasible (caps unmet).")
    cost_yuan: float
    caps_t: dict[str, float]
    emissions_t: dict[str, float]
    shortfall_t: dict[str, float]
    shadow_price_yuan_per_t: dict[str, float] = Field(
        description="Per cap year: the cost of tightening that cap by a tonne (LP relaxation)."
    )
    relaxation_cost_yuan: float | None
    gap: float
    solve_seconds: float
    pricing_seconds: float
    seconds: float
    workers: int
    baseline_by_year_t: dict[str, float]
    pathway_by_year_t: dict[str, float]
    enterprises: list[DistrictEnterpriseOut]
    sizing: dict[str, Any] = Field(description="The conventions the plans were built with.")
    catalogue_technologies: int


class DistrictRunDetailOut(DistrictRunOut):
    result: DistrictResultOut | None = Field(description="Once the run succeeded.")

    @staticmethod
    def resolve_result(obj: DistrictRun) -> dict[str, Any] | None:
        if not obj.result:
            return None
        return {k: v for k, v in obj.result.items() if k not in ("macc", "macc_social")}


class DistrictRunIn(Schema):
    base_year: Year
    target_id: DbId | None = Field(None, description="An active emissions target; or caps.")
    caps: dict[str, float] | None = Field(None, description='{"YYYY": tCO2e}; or a target.')
    prices: list[float] | None = Field(None, description="Carbon prices of the sweep (yuan/t).")
    end_year: Year | None = None
    discount_rate: float | None = None
    growth: float | None = None
    energy_price_yuan_per_tce: float | None = None
    social_rate: float | None = Field(
        None, description="Discount rate of the curves' social view (default: discount_rate)."
    )
    grid_path: str | None = Field(
        None, max_length=80, description='A grid factor path key ("flat" by default).'
    )


class MaccStepOut(Schema):
    organisation_id: int
    enterprise: str
    park_id: int | None
    measure_id: str
    technology: str
    annual_abatement_t: float
    cost_per_t: float | None
    cumulative_abatement_t: float


@router.get("/district/runs", response=list[DistrictRunOut], summary="District pathway runs")
@answers(403)
@paginated
def district_run_list(request: HttpRequest) -> Any:
    if not permissions.can_run_district_pathway(_user(request)):
        raise PermissionDenied
    return selectors.district_run_list(_user(request))


@router.post(
    "/district/runs", response={202: DistrictRunDetailOut}, summary="Start a district pathway"
)
@answers(403)
def district_run_create(request: HttpRequest, payload: DistrictRunIn) -> Any:
    """Queue a run on the verified inventories of ``base_year``, capped by the trajectory of
    ``target_id`` or by ``caps`` (exactly one); 202: the worker runs it, poll the run."""
    user = _user(request)
    if not permissions.can_run_district_pathway(user):
        raise PermissionDenied
    target = None
    if payload.target_id is not None:
        target = selectors.emission_targets().filter(pk=payload.target_id).first()
        if target is None:
            raise ValidationError({"target_id": ["No active emissions target has this id."]})
    try:
        run = services.district_run_start(
            actor=user,
            base_year=payload.base_year,
            target=target,
            caps=payload.caps,
            prices=payload.prices,
            end_year=payload.end_year,
            discount_rate=payload.discount_rate,
            growth=payload.growth,
            energy_price_yuan_per_tce=payload.energy_price_yuan_per_tce,
            grid_path=payload.grid_path,
            social_rate=payload.social_rate,
        )
    except ValidationError as error:
        if "target" in error.message_dict:  # the API's field is target_id
            messages = error.message_dict
            raise ValidationError(
                {("target_id" if k == "target" else k): v for k, v in messages.items()}
            ) from None
        raise
    return Status(202, _run(request, run.pk))


@router.get(
    "/district/runs/{int:run_id}",
    response=DistrictRunDetailOut,
    summary="One district pathway run: progress and result",
)
def district_run_detail(request: HttpRequest, run_id: DbId) -> Any:
    return _run(request, run_id)


@router.get(
    "/district/runs/{int:run_id}/macc",
    response=list[MaccStepOut],
    summary="The district (or a park's) abatement cost curve of a run",
)
@paginated
def district_run_macc(
    request: HttpRequest,
    run_id: DbId,
    park_id: DbId | None = None,
    view: Literal["private", "social"] = "private",
) -> Any:
    """Every enterprise's MACC steps (start year) merged in cost order, with the cumulative
    abatement; ``park_id``: the park's enterprises only; ``view=social``: costed at the run's
    social rate (the private curve when the run has no separate social rate). 404 until the run
    succeeded."""
    run = _run(request, run_id)
    if not run.result:
        raise Http404
    return selectors.district_macc(run, park_id=park_id, social=view == "social")
