"""The district pathway as a background job (``DistrictRun``).

``district_run_start`` checks the request and queues the job (the task is enqueued when the
transaction commits). The job (``district_run_execute``, run by ``greenledger worker``):

1. reads the base year's enterprises from the district fact table (``selectors.district_runs``);
2. builds each one's plan: an enterprise that has a plan is priced on it (its committed plan,
   else its newest: its own end-use split and measures, on the run's years, rates, prices and
   grid path, without its own targets and budgets); any other by
   ``core.planning.district_plans.enterprise_plan`` (carriers -> end uses by carrier family,
   the catalogue technologies applicable to its industry at their maximum penetration, sized
   by the stated conventions of ``data/district_sizing.yaml``);
3. prices every plan over the carbon-price sweep (``core.planning.district.price_sweep``),
   in chunks, on up to two processes for a large district, committing the progress after each
   chunk (outside any data transaction) with a heartbeat thread beating meanwhile;
4. selects one option per enterprise at least cost under the caps (``district_selection``),
   with the shadow carbon price per cap year;
5. stores the result: the district's cost, emissions against the caps, the shortfall, the
   shadow prices, every enterprise's chosen adoptions, and the enterprises' MACC steps (merged
   in cost order by the selectors into the park and district curves).

An exception fails the run with its reason recorded (``error``); nothing half-done is stored.
A run whose heartbeat stops (its worker died) is queued again by the worker's sweep
(``district_run_requeue_stale``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.planning.catalogue import Catalogue, Technology, applicable
from greenledger.core.planning.costs import MaccStep, macc
from greenledger.core.planning.district import (
    EnterpriseOption,
    district_selection,
)
from greenledger.core.planning.district_plans import (
    Sizing,
    enterprise_plan,
    load_sizing,
    sweep_plans,
)
from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.scenarios import grid_index, load_grid_paths
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.district.models import DistrictTarget
from greenledger.web.planning.models import DistrictRun, JobStatus, Plan, PlanStatus
from greenledger.web.planning.selectors import district_runs as selectors
from greenledger.web.planning.selectors.catalogue import catalogue as catalogue_selector
from greenledger.web.reporting.services._common import invalid, refuse

__all__ = [
    "DEFAULT_PRICES",
    "district_run_execute",
    "district_run_requeue_stale",
    "district_run_start",
]

logger = logging.getLogger("greenledger.planning")

#: yuan per tonne CO2e: the default carbon-price sweep (a convention: 0 to 2,000, denser
#: where enterprise measures typically turn worthwhile)
DEFAULT_PRICES = (0.0, 50.0, 100.0, 200.0, 300.0, 500.0, 800.0, 1200.0, 2000.0)
#: run parameters' defaults (conventions, as the default scenarios: 8 % discount rate, a round
#: blended energy price; no growth, so the caps compare with the base year's district)
DEFAULT_DISCOUNT_RATE = 0.08
DEFAULT_ENERGY_PRICE = 2000.0
DEFAULT_END_YEAR = 2060
DEFAULT_GRID_PATH = "flat"
MAX_PRICES = 30
CHUNK = 50  # enterprises priced between two progress commits
PARALLEL_FROM = 200  # enterprises from which the pricing uses a process pool
STALE_SECONDS = 120.0


def _now() -> dt.datetime:
    return timezone.now()


def _state(run: DistrictRun) -> dict[str, Any]:
    return {
        "status": run.status,
        "base_year": run.base_year,
        "target": run.target_id,
        "start_year": run.start_year,
        "end_year": run.end_year,
        "parameters": run.parameters,
    }


def _number(value: Any, field: str, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise invalid(field, _("A number is required."))
    if not low <= value <= high:
        raise invalid(
            field, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}
        )
    return float(value)


def _prices(prices: Sequence[float] | None) -> list[float]:
    if prices is None:
        return list(DEFAULT_PRICES)
    if not prices:
        raise invalid("prices", _("Give at least one carbon price."))
    if len(prices) > MAX_PRICES:
        raise invalid("prices", _("At most %(n)s carbon prices.") % {"n": MAX_PRICES})
    return sorted({_number(p, "prices", low=0.0, high=1e6) for p in prices})


def _caps(caps: Mapping[Any, Any], start_year: int, end_year: int) -> dict[int, float]:
    parsed: dict[int, float] = {}
    for key, value in caps.items():
        text = str(key)
        if not text.isdigit() or not start_year <= int(text) <= end_year:
            raise invalid(
                "caps",
                _("Cap year %(year)s is not between %(start)s and %(end)s.")
                % {"year": key, "start": start_year, "end": end_year},
            )
        parsed[int(text)] = _number(value, "caps", low=0.0, high=1e12)
    if not parsed:
        raise invalid("caps", _("Give at least one cap."))
    return dict(sorted(parsed.items()))


@transaction.atomic
def district_run_start(
    *,
    actor: Any,
    base_year: int,
    target: DistrictTarget | None = None,
    caps: Mapping[Any, Any] | None = None,
    prices: Sequence[float] | None = None,
    end_year: int | None = None,
    discount_rate: float | None = None,
    growth: float | None = None,
    energy_price_yuan_per_tce: float | None = None,
    grid_path: str | None = None,
    social_rate: float | None = None,
) -> DistrictRun:
    """Queue a district pathway run on the verified facts of ``base_year``, capped by the
    trajectory of ``target`` (an active total-emissions or CO2-intensity target) or by ``caps``
    ({year: tCO2e}); exactly one of the two. The plans start the year after the base year;
    ``grid_path`` (a key of the core's grid factor paths, "flat" by default) scales every
    enterprise's purchased-electricity emissions by the path's factor relative to the start
    year's; ``social_rate`` is the discount rate of the curves' social view (the run's rate,
    i.e. no separate social view, when not given)."""
    if not permissions.can_run_district_pathway(actor):
        refuse(_("Only the secretariat runs the district pathway."))
    if base_year not in selectors.district_run_years():
        raise invalid("base_year", _("No verified inventories for %(year)s.") % {"year": base_year})
    if (target is None) == (caps is None):
        raise invalid("target", _("Give either a district target or caps, not both."))
    start = base_year + 1
    end = DEFAULT_END_YEAR if end_year is None else int(end_year)
    if not start + 1 <= end <= 2100:
        raise invalid("end_year", _("Must be between %(low)s and 2100.") % {"low": start + 1})
    parameters: dict[str, Any] = {
        "prices": _prices(prices),
        "discount_rate": _number(
            DEFAULT_DISCOUNT_RATE if discount_rate is None else discount_rate,
            "discount_rate",
            low=0.0,
            high=0.5,
        ),
        "growth": _number(0.0 if growth is None else growth, "growth", low=-0.2, high=0.3),
        "energy_price_yuan_per_tce": _number(
            DEFAULT_ENERGY_PRICE
            if energy_price_yuan_per_tce is None
            else energy_price_yuan_per_tce,
            "energy_price_yuan_per_tce",
            low=0.0,
            high=1e5,
        ),
    }
    parameters["social_rate"] = (
        parameters["discount_rate"]
        if social_rate is None
        else _number(social_rate, "social_rate", low=0.0, high=0.5)
    )
    path = DEFAULT_GRID_PATH if grid_path is None else grid_path
    if path not in load_grid_paths():
        raise invalid("grid_path", _("Unknown grid factor path %(key)s.") % {"key": path})
    parameters["grid_path"] = path
    if target is not None:
        if not selectors.emission_targets().filter(pk=target.pk).exists():
            raise invalid(
                "target",
                _("Choose an active total-emissions or CO2-intensity target."),
            )
        found, problems = selectors.target_caps(
            target,
            start_year=start,
            end_year=end,
            output_wan_yuan=selectors.district_output(
                base_year, park_id=selectors.target_park_id(target)
            ),
            growth=parameters["growth"],
        )
        if not found:
            raise invalid("target", " ".join(problems))
    else:
        assert caps is not None
        parameters["caps"] = {str(y): v for y, v in _caps(caps, start, end).items()}
    run = DistrictRun.objects.create(
        target=target,
        base_year=base_year,
        start_year=start,
        end_year=end,
        parameters=parameters,
        status=JobStatus.QUEUED,
        created_by=actor,
        created_at=_now(),
    )
    audit_append(actor=actor, action="planning.district_run.start", obj=run, after=_state(run))
    district_run_enqueue(run)
    return run


def district_run_enqueue(run: DistrictRun) -> None:
    """Hand the run to the task queue once the surrounding transaction has committed."""
    from greenledger.web.planning.tasks import run_district_pathway

    run_id = run.pk
    transaction.on_commit(lambda: run_district_pathway.enqueue(run_id))


@transaction.atomic
def district_run_requeue_stale(*, older_than: dt.timedelta | None = None) -> list[int]:
    """Running runs whose heartbeat stopped (their worker died) go back to the queue; rows
    another transaction holds are skipped."""
    limit = older_than if older_than is not None else dt.timedelta(seconds=STALE_SECONDS)
    stale = list(
        DistrictRun.objects.select_for_update(skip_locked=True).filter(
            status=JobStatus.RUNNING, heartbeat_at__lte=_now() - limit
        )
    )
    for run in stale:
        before = _state(run)
        run.status = JobStatus.QUEUED
        run.progress = 0
        run.enterprises_done = 0
        run.save(update_fields=["status", "progress", "enterprises_done"])
        audit_append(
            actor=None,
            action="planning.district_run.requeue_stale",
            obj=run,
            before=before,
            after=_state(run),
        )
        district_run_enqueue(run)
    return [run.pk for run in stale]


# -- the job ------------------------------------------------------------------------------------


def _claim(run_id: int) -> DistrictRun | None:
    with transaction.atomic():
        run = DistrictRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != JobStatus.QUEUED:
            return None
        moment = _now()
        run.status = JobStatus.RUNNING
        run.started_at = moment
        run.heartbeat_at = moment
        run.progress = 1
        run.error = ""
        run.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "error"])
    return run


@contextmanager
def _heartbeat(run: DistrictRun, period: float = STALE_SECONDS / 4) -> Iterator[None]:
    """Beat the run's heartbeat from a thread while the job works (a long solve then never
    looks like a dead worker)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(period):
                try:
                    DistrictRun.objects.filter(pk=run.pk, status=JobStatus.RUNNING).update(
                        heartbeat_at=_now()
                    )
                except DatabaseError as error:  # SQLite busy: next time
                    logger.debug("district run %s: heartbeat skipped (%s)", run.pk, error)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"district-run-{run.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)


def _progress(run: DistrictRun, progress: int, **fields: Any) -> None:
    """Commit the run's progress (outside any data transaction)."""
    run.progress = progress
    run.heartbeat_at = _now()
    for name, value in fields.items():
        setattr(run, name, value)
    DistrictRun.objects.filter(pk=run.pk).update(
        progress=progress, heartbeat_at=run.heartbeat_at, **fields
    )


def district_run_execute(run_id: int, *, workers: int | None = None) -> str:
    """The task body: run one district pathway to its end; return its final status."""
    run = _claim(run_id)
    if run is None:
        current = DistrictRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        return current or "missing"
    with _heartbeat(run):
        try:
            result = _execute(run, workers=workers)
        except Exception as error:  # the run fails with its reason; nothing half-done stored
            logger.exception("district run %s failed", run.pk)
            _finish(run, JobStatus.FAILED, error=f"{type(error).__name__}: {error}")
        else:
            _finish(run, JobStatus.SUCCEEDED, result=result)
    return run.status


def _finish(
    run: DistrictRun, status: str, *, result: dict[str, Any] | None = None, error: str = ""
) -> None:
    with transaction.atomic():
        before = _state(run)
        run.status = status
        run.finished_at = run.heartbeat_at = _now()
        run.error = error[:4000]
        fields = ["status", "finished_at", "heartbeat_at", "error"]
        if result is not None:
            run.result = result
            run.progress = 100
            fields += ["result", "progress"]
        run.save(update_fields=fields)
        audit_append(
            actor=None,
            action="planning.district_run.succeed"
            if status == JobStatus.SUCCEEDED
            else "planning.district_run.fail",
            obj=run,
            before=before,
            after={**_state(run), "error": run.error},
        )


def _technologies(catalogue: Sequence[Technology], code: str) -> tuple[Technology, ...]:
    whole = Catalogue(technologies=tuple(catalogue), sources=())
    if code:
        try:
            return applicable(whole, code)
        except InputError:
            pass  # an unknown code: the technologies for every industry only
    return tuple(t for t in catalogue if "all" in t.industries)


def _price_all(
    plans: list[tuple[int, PlanInput]],
    prices: list[float],
    workers: int,
    done: Callable[[int], None],
) -> dict[int, tuple[EnterpriseOption, ...]]:
    chunks = [plans[i : i + CHUNK] for i in range(0, len(plans), CHUNK)]
    options: dict[int, tuple[EnterpriseOption, ...]] = {}
    if workers <= 1:
        for chunk in chunks:
            options.update(sweep_plans(chunk, prices))
            done(len(options))
        return options
    # spawn: the children import only the pure core, never this process's connections
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for priced in pool.map(sweep_plans, chunks, [prices] * len(chunks)):
            options.update(priced)
            done(len(options))
    return options


def _own_plans(
    run: DistrictRun,
    organisations: Sequence[int],
    rate: float,
    growth: float,
    price: float,
    grid: tuple[tuple[int, float], ...],
) -> dict[int, tuple[int, PlanInput]]:
    """The enterprises that have a plan: organisation -> (plan id, its core input with its own
    end-use split and measures, on the run's years, rates, prices and grid path, without its
    targets and capex budgets: the district's selection decides what is adopted, and a budget
    would take the plan out of the exact per-end-use sweep).
    The committed plan first, else the newest; a plan that is not a valid plan file is left
    out (the enterprise is priced from the catalogue)."""
    from greenledger.web.planning.selectors.plans import plan_input

    chosen: dict[int, Plan] = {}
    for plan in Plan.objects.filter(organisation_id__in=organisations).order_by(
        "organisation_id", "-updated_at", "-id"
    ):
        kept = chosen.get(plan.organisation_id)
        if kept is None or (
            plan.status == PlanStatus.COMMITTED and kept.status != PlanStatus.COMMITTED
        ):
            chosen[plan.organisation_id] = plan
    own: dict[int, tuple[int, PlanInput]] = {}
    for organisation, plan in chosen.items():
        try:
            core = plan_input(plan)
        except InputError:
            logger.info("district run %s: plan %s is not valid, not used", run.pk, plan.pk)
            continue
        own[organisation] = (
            plan.pk,
            replace(
                core,
                start_year=run.start_year,
                end_year=run.end_year,
                discount_rate=rate,
                growth=growth,
                energy_price_yuan_per_tce=price,
                carbon_price_yuan_per_t=0.0,
                targets=(),
                grid_factor_index=grid,
                budget_yuan=None,
                annual_budget_yuan=None,
                max_adoptions_per_year=None,
            ),
        )
    return own


def _execute(run: DistrictRun, *, workers: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    params = run.parameters
    park_id = selectors.target_park_id(run.target)
    enterprises = selectors.district_enterprises(run.base_year, park_id=park_id)
    if not enterprises:
        raise ValueError(f"no verified inventories for {run.base_year}")
    _progress(run, 2, enterprises_total=len(enterprises), enterprises_done=0)
    growth = float(params.get("growth", 0.0))
    paths = load_grid_paths()
    grid = grid_index(paths[params.get("grid_path", DEFAULT_GRID_PATH)], run.start_year)
    rate = float(params["discount_rate"])
    energy_price = float(params["energy_price_yuan_per_tce"])
    if run.target is not None:
        output = selectors.district_output(run.base_year, park_id=park_id)
        caps, problems = selectors.target_caps(
            run.target,
            start_year=run.start_year,
            end_year=run.end_year,
            output_wan_yuan=output,
            growth=growth,
        )
        if not caps:
            raise ValueError("; ".join(problems))
    else:
        caps = {int(y): float(v) for y, v in params["caps"].items()}
    catalogue = tuple(catalogue_selector())
    sizing: Sizing = load_sizing()
    own = _own_plans(
        run, [e.organisation_id for e in enterprises], rate, growth, energy_price, grid
    )
    by_industry: dict[str, tuple[Technology, ...]] = {}
    plans: list[tuple[int, PlanInput]] = []
    for e in enterprises:
        if e.organisation_id in own:
            plans.append((e.organisation_id, own[e.organisation_id][1]))
            continue
        techs = by_industry.get(e.industry_code)
        if techs is None:
            techs = by_industry[e.industry_code] = _technologies(catalogue, e.industry_code)
        plan = enterprise_plan(
            e.carriers,
            techs,
            sizing=sizing,
            start_year=run.start_year,
            end_year=run.end_year,
            discount_rate=rate,
            growth=growth,
            non_energy_emissions_t=e.non_energy_t,
            output_wan_yuan=e.output_wan_yuan,
            energy_price_yuan_per_tce=energy_price,
            grid_factor_index=grid,
        )
        plans.append((e.organisation_id, plan))
    total = len(plans)
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if total >= PARALLEL_FROM else 1

    def done(count: int) -> None:
        _progress(run, 5 + int(85 * count / total), enterprises_done=count)

    priced_at = time.perf_counter()
    options = _price_all(plans, list(params["prices"]), workers, done)
    pricing_seconds = time.perf_counter() - priced_at
    selection = district_selection({str(org): options[org] for org, _ in plans}, caps)
    _progress(run, 95)
    plan_ids = {org: plan_id for org, (plan_id, _p) in own.items()}
    result = _result(run, enterprises, dict(plans), options, selection, caps, sizing, plan_ids)
    return result | {
        "catalogue_technologies": len(catalogue),
        "pricing_seconds": pricing_seconds,
        "workers": workers,
        "seconds": time.perf_counter() - started,
    }


def _steps(e: selectors.DistrictEnterprise, curve: Sequence[MaccStep]) -> list[list[Any]]:
    """An enterprise's MACC steps as stored: [organisation, park, measure, t a year, yuan/t]."""
    return [
        [
            e.organisation_id,
            e.park_id,
            step.id,
            round(step.annual_abatement_t, 4),
            None if step.cost_per_t is None else round(step.cost_per_t, 4),
        ]
        for step in curve
    ]


def _result(
    run: DistrictRun,
    enterprises: Sequence[selectors.DistrictEnterprise],
    plans: Mapping[int, PlanInput],
    options: Mapping[int, tuple[EnterpriseOption, ...]],
    selection: Any,
    caps: Mapping[int, float],
    sizing: Sizing,
    plan_ids: Mapping[int, int],
) -> dict[str, Any]:
    years = list(range(run.start_year, run.end_year + 1))
    last = max(caps)
    baseline = dict.fromkeys(years, 0.0)
    pathway = dict.fromkeys(years, 0.0)
    rows: list[dict[str, Any]] = []
    steps: list[list[Any]] = []
    social_steps: list[list[Any]] = []
    rate = float(run.parameters["discount_rate"])
    social = float(run.parameters.get("social_rate", rate))
    for e in enterprises:
        chosen = selection.options[str(e.organisation_id)]
        nothing = options[e.organisation_id][0]
        for y in years:
            baseline[y] += nothing.emissions_t[y]
            pathway[y] += chosen.emissions_t[y]
        rows.append(
            {
                "organisation_id": e.organisation_id,
                "name": e.name,
                "park_id": e.park_id,
                "park": e.park,
                "industry_code": e.industry_code,
                "industry_section": e.industry_section,
                "price": min(chosen.prices) if chosen.prices else None,
                "cost_yuan": chosen.cost_yuan,
                "adoptions": [[m, y] for m, y in chosen.adoptions],
                "options": len(options[e.organisation_id]),
                "plan_id": plan_ids.get(e.organisation_id),
                "baseline_last_t": nothing.emissions_t[last],
                "emissions_last_t": chosen.emissions_t[last],
            }
        )
        steps.extend(_steps(e, macc(plans[e.organisation_id])))
        if social != rate:
            social_steps.extend(_steps(e, macc(plans[e.organisation_id], rate=social)))
    return {
        "status": selection.status,
        "cost_yuan": selection.cost_yuan,
        "caps_t": {str(y): v for y, v in sorted(caps.items())},
        "emissions_t": {str(y): v for y, v in selection.emissions_t.items()},
        "shortfall_t": {str(y): v for y, v in selection.shortfall_t.items()},
        "shadow_price_yuan_per_t": {
            str(y): v for y, v in selection.shadow_price_yuan_per_t.items()
        },
        "relaxation_cost_yuan": selection.relaxation_cost_yuan
        if math.isfinite(selection.relaxation_cost_yuan)
        else None,
        "gap": selection.gap,
        "solve_seconds": selection.solve_seconds,
        "baseline_by_year_t": {str(y): v for y, v in baseline.items()},
        "pathway_by_year_t": {str(y): v for y, v in pathway.items()},
        "enterprises": rows,
        "macc": steps,
        "macc_social": social_steps if social != rate else None,
        "sizing": sizing.as_json(),
    }
