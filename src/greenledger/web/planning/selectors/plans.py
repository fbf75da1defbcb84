"""Reads of enterprise plans: the baseline of a verified inventory, the plans a user may see, the
targets a plan answers to and the core's ``PlanInput`` of a plan and scenario.

- ``inventory_baseline(inventory)``: energy and emissions by carrier from the inventory's
  per-line results (its Parquet file) through the core's ``fact_frames``, the same sums as the
  district fact table: a carrier is the activity of an energy line (combustion, purchased
  electricity and heat); its emissions are Scope 1 plus Scope 2 location-based (GB/T 32150);
  the carriers of purchased-electricity lines are marked ``electricity`` (their emissions follow
  the grid factor path); every other line's emissions are non-energy (process, fugitive)
  emissions; the output value is the sum of the ``output_value`` lines. Exported electricity and
  heat are kept aside (``exported_emissions_t``): the plan does not model exports.
- ``plan_targets(plan)``: the caps the plan answers to, each saying where it came from (the
  enterprise's own caps, its carbon budget in the district's active budget plan, or the
  district's CO2-intensity target applied to the enterprise's own intensity).
- ``plan_document(plan)``: the plan file (the plan JSON with its optional keys) of the plan without
  a scenario; ``plan_input(plan, scenario)``: it checked by the core's ``load_plan`` and, with a
  scenario, the scenario applied by the core's ``apply_scenario``. Without a scenario the plan
  has no growth, a flat grid factor, no carbon price and the plan's private discount rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import polars as pl
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.model import LINE_FIGURES
from greenledger.core.planning.baseline import CarrierUse, split_baseline
from greenledger.core.planning.catalogue import ALL, Technology, applicable
from greenledger.core.planning.model import EndUse, PlanInput, load_plan
from greenledger.core.planning.scenarios import (
    GridPath,
    ScenarioSpec,
    apply_scenario,
    load_grid_paths,
)
from greenledger.core.progress.accounts import fact_frames
from greenledger.web.accounts import permissions
from greenledger.web.planning.models import Plan, PlanMeasure, Scenario, TargetSource
from greenledger.web.reporting.models import InventoryResult

__all__ = [
    "candidate_technologies",
    "carrier_uses",
    "end_uses",
    "excluded_measures",
    "grid_paths",
    "inventory_baseline",
    "plan_document",
    "plan_input",
    "plan_targets",
    "scenario_spec",
    "visible_plans_for",
]

_LINE_COLUMNS = ("enterprise", "year", "activity", "category", "quantity", *LINE_FIGURES)
ELECTRICITY_CATEGORY = "purchased_electricity"


def visible_plans_for(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may see (``accounts.permissions.visible_plans``), newest first."""
    return (
        permissions.visible_plans(user)
        .select_related("organisation", "submission", "version")
        .order_by("organisation__name_zh", "-updated_at", "-id")
    )


def _round(value: float) -> float:
    return float(round(value, 9))


def inventory_baseline(
    inventory: InventoryResult, lines: pl.DataFrame | None = None
) -> dict[str, Any]:
    """The baseline by carrier of one inventory (see the module docstring), in the shape of
    ``Plan.baseline``; ``lines``: the inventory's per-line results when already read (the
    services pass them checked against their checksum), else read from its Parquet file."""
    submission = inventory.version.submission
    if lines is None:
        lines = pl.read_parquet(inventory.lines_path, columns=list(_LINE_COLUMNS))
    lines = lines.select(_LINE_COLUMNS).filter(pl.col("year").cast(pl.Int64) == submission.year)
    if lines.get_column("enterprise").n_unique() > 1:  # a batch file of several enterprises
        lines = lines.filter(
            pl.col("enterprise").cast(pl.String) == submission.organisation.name_zh
        )
    electricity = set(
        lines.filter(pl.col("category") == ELECTRICITY_CATEGORY).get_column("activity").to_list()
    )
    frames = fact_frames(lines)
    carriers: dict[str, dict[str, Any]] = {}
    for row in frames.energy.iter_rows(named=True):
        if not row["energy_tce"] and not row["energy_co2e_t"]:
            continue
        carriers[row["carrier"]] = {
            "energy_tce": _round(row["energy_tce"]),
            "emissions_t": _round(row["energy_co2e_t"]),
            "electricity": row["carrier"] in electricity,
        }
    year = frames.enterprise_years.row(0, named=True) if frames.enterprise_years.height else {}
    output = year.get("output_value_wan_yuan")
    return {
        "carriers": carriers,
        "non_energy_emissions_t": _round(max(0.0, year.get("non_energy_co2e_t") or 0.0)),
        "exported_emissions_t": _round(year.get("exported_co2e_t") or 0.0),
        "output_wan_yuan": None if output is None else _round(output),
        "provenance": {
            "submission_id": submission.pk,
            "inventory_year": submission.year,
            "version_id": inventory.version_id,
            "version_number": inventory.version.number,
            "inventory_id": inventory.pk,
            "factor_set": inventory.factor_set_version,
            "method_version": inventory.method_version,
            "lines_sha256": inventory.lines_sha256,
            "gbt32150_co2e_t": _round(year.get("gbt32150_co2e_t") or 0.0),
        },
    }


def carrier_uses(baseline: Mapping[str, Any]) -> list[CarrierUse]:
    return [
        CarrierUse(
            carrier=name,
            energy_tce=float(values["energy_tce"]),
            emissions_t=float(values["emissions_t"]),
            electricity=bool(values.get("electricity")),
        )
        for name, values in (baseline.get("carriers") or {}).items()
    ]


def end_uses(plan: Plan, shares: Mapping[str, Mapping[str, float]] | None = None) -> list[EndUse]:
    """The plan's baseline split by end use (``shares``: instead of the plan's own); raises the
    core's ``InputError`` when the shares do not add up."""
    baseline = plan.baseline or {}
    return list(
        split_baseline(
            carrier_uses(baseline),
            plan.shares if shares is None else shares,
            non_energy_emissions_t=float(baseline.get("non_energy_emissions_t") or 0.0),
        )
    )


def _own_intensity(plan: Plan) -> float | None:
    output = (plan.baseline or {}).get("output_wan_yuan")
    if not output:
        return None
    total = sum(e.emissions_t for e in end_uses(plan))
    return total / float(output)


def _budget_targets(plan: Plan) -> tuple[list[dict[str, Any]], list[str]]:
    from greenledger.web.district.selectors.budgets import enterprise_budget

    view = enterprise_budget(plan.organisation)
    if view.plan is None or not view.rows:
        return [], [_("The enterprise has no carbon budget in the district's active budget plan.")]
    targets = [
        {
            "year": int(row["year"]),
            "max_emissions_t": float(row["budget_t"]),
            "max_intensity_t_per_wan_yuan": None,
            "source": TargetSource.BUDGET,
            "origin": _("Carbon budget %(year)s (budget plan %(name)s)")
            % {"year": row["year"], "name": view.plan.name},
        }
        for row in view.rows
        if plan.start_year <= int(row["year"]) <= plan.end_year
    ]
    notes = []
    if not targets:
        notes.append(
            _("The enterprise's carbon budgets (%(years)s) all lie outside the plan's years.")
            % {"years": ", ".join(str(r["year"]) for r in view.rows)}
        )
    return targets, notes


def _district_targets(plan: Plan) -> tuple[list[dict[str, Any]], list[str]]:
    """The district's active CO2-intensity target applied to the enterprise's own intensity: a
    target given as a change lowers the enterprise's inventory-year intensity at the target's
    constant annual rate ((1 + change)^(1 / (target year - base year))) up to the target year;
    a target given as a level caps the intensity at that level in the target year."""
    from greenledger.web.district.models import TargetMetric
    from greenledger.web.district.selectors.targets import active_targets

    target = active_targets().filter(metric=TargetMetric.CO2_INTENSITY).first()
    if target is None:
        return [], [_("The district has no active CO2-intensity target.")]
    if not plan.start_year <= target.target_year <= plan.end_year:
        return [], [
            _("The district's CO2-intensity target year %(year)s lies outside the plan's years.")
            % {"year": target.target_year}
        ]
    origin = _("District CO2-intensity target %(base)s-%(year)s") % {
        "base": target.base_year,
        "year": target.target_year,
    }
    if target.change is None:
        assert target.level is not None
        years = {target.target_year: float(target.level)}
    else:
        own = _own_intensity(plan)
        if own is None:
            return [], [_("The inventory has no output value: an intensity target needs one.")]
        rate = (1.0 + target.change) ** (1.0 / (target.target_year - target.base_year))
        years = {
            year: own * rate ** (year - plan.inventory_year)
            for year in range(plan.start_year, target.target_year + 1)
        }
    return [
        {
            "year": year,
            "max_emissions_t": None,
            "max_intensity_t_per_wan_yuan": _round(value),
            "source": TargetSource.DISTRICT,
            "origin": origin,
        }
        for year, value in sorted(years.items())
    ], []


def resolved_targets(plan: Plan) -> tuple[list[dict[str, Any]], list[str]]:
    """The plan's targets (see ``plan_targets``) and notes on what could not be resolved."""
    if plan.target_source == TargetSource.BUDGET:
        return _budget_targets(plan)
    if plan.target_source == TargetSource.DISTRICT:
        return _district_targets(plan)
    return [
        {
            "year": int(t["year"]),
            "max_emissions_t": t.get("max_emissions_t"),
            "max_intensity_t_per_wan_yuan": t.get("max_intensity_t_per_wan_yuan"),
            "source": TargetSource.OWN,
            "origin": _("The enterprise's own target"),
        }
        for t in sorted(plan.targets or [], key=lambda t: int(t["year"]))
    ], []


def plan_targets(plan: Plan) -> list[dict[str, Any]]:
    """The resolved targets: ``year``, ``max_emissions_t``, ``max_intensity_t_per_wan_yuan``,
    ``source`` (own, budget, district) and ``origin`` (where it came from, in words)."""
    return resolved_targets(plan)[0]


def _enabled(plan: Plan) -> list[PlanMeasure]:
    return [m for m in plan.measures.all() if m.enabled]


def excluded_measures(plan: Plan) -> dict[str, str]:
    """Enabled measures left out of the plan's input because a prerequisite is not among the
    enabled measures (directly or through another prerequisite): measure id -> the missing one."""
    requires = {m.measure_id: list(m.requires or []) for m in _enabled(plan)}
    excluded: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for mid, needs in requires.items():
            if mid in excluded:
                continue
            for other in needs:
                if other not in requires or other in excluded:
                    excluded[mid] = other
                    changed = True
                    break
    return excluded


def _measure_entry(measure: PlanMeasure) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": measure.measure_id,
        "end_use": measure.end_use,
        "saving_rate": measure.saving_rate,
        "capex_yuan": measure.capex_yuan,
        "annual_opex_change_yuan": measure.annual_opex_change_yuan,
        "lifetime_years": measure.lifetime_years,
        "effect": measure.effect,
    }
    if measure.group:
        entry["group"] = measure.group
    if measure.requires:
        entry["requires"] = list(measure.requires)
    if measure.earliest_year is not None:
        entry["earliest_year"] = measure.earliest_year
    return entry


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan file of ``plan`` without a scenario (see the module docstring)."""
    uses = end_uses(plan)
    baseline: dict[str, Any] = {
        "end_uses": {
            e.name: {
                "energy_tce": e.energy_tce,
                "emissions_t": e.emissions_t,
                "electricity_emissions_t": e.electricity_emissions_t,
            }
            for e in uses
        },
        "growth": 0.0,
    }
    output = (plan.baseline or {}).get("output_wan_yuan")
    if output:
        baseline["output_wan_yuan"] = float(output)
    targets = []
    for t in plan_targets(plan):
        target: dict[str, Any] = {"year": t["year"]}
        for key in ("max_emissions_t", "max_intensity_t_per_wan_yuan"):
            if t.get(key) is not None:
                target[key] = t[key]
        targets.append(target)
    excluded = excluded_measures(plan)
    document: dict[str, Any] = {
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "discount_rate": plan.private_rate,
        "baseline": baseline,
        "targets": targets,
        "measures": [_measure_entry(m) for m in _enabled(plan) if m.measure_id not in excluded],
    }
    for key in ("budget_yuan", "annual_budget_yuan", "max_adoptions_per_year"):
        value = getattr(plan, key)
        if value is not None:
            document[key] = value
    return document


@lru_cache(maxsize=1)
def grid_paths() -> dict[str, GridPath]:
    """The grid factor paths shipped with the core (``data/grid_factor_paths.yaml``)."""
    return load_grid_paths()


def scenario_spec(scenario: Scenario) -> ScenarioSpec:
    return ScenarioSpec(
        name=scenario.name,
        kind=scenario.kind,
        growth=scenario.growth,
        grid_path=scenario.grid_path,
        energy_price_yuan_per_tce=scenario.energy_price_yuan_per_tce,
        carbon_price_yuan_per_t=scenario.carbon_price_yuan_per_t,
        discount_rate=scenario.discount_rate,
    )


def plan_input(plan: Plan, scenario: Scenario | None = None) -> PlanInput:
    """The core's input of ``plan`` under ``scenario`` (see the module docstring); raises the
    core's ``InputError`` naming the field when the plan does not make a valid plan file."""
    base = load_plan(plan_document(plan), file=plan.name)
    if scenario is None:
        return base
    return apply_scenario(base, scenario_spec(scenario), grid_paths())


def candidate_technologies(plan: Plan) -> list[Technology]:
    """The catalogue's technologies that apply to the enterprise's industry (GB/T 4754); those
    for every industry when the enterprise's code is missing or not a valid code."""
    from greenledger.web.planning.selectors.catalogue import catalogue

    found = catalogue()
    try:
        return list(applicable(found, plan.organisation.industry_code or ""))
    except InputError:
        return [t for t in found if ALL in t.industries]


def is_finite_number(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )
