"""Plans, curves and pathways as JSON-ready data: one shape for the CLI, the web's stored runs,
the API and the XLSX/PDF reports.

- ``plan_to_json``: the plan file (with the optional keys a plan uses: the output
  value, the electricity part of each end use, the grid factor index, intensity targets, effects,
  the annual budget and the roll-out limit); ``load_plan`` reads it back to the same plan.
- ``macc_to_json``: the curve's steps, in curve order.
- ``pathway_to_json``: the optimiser's answer; year keys are "YYYY" text (JSON object keys).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from greenledger.core.planning.costs import MaccStep
from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.pathway import Pathway

__all__ = ["macc_to_json", "pathway_to_json", "plan_to_json"]


def plan_to_json(plan: PlanInput) -> dict[str, Any]:
    """The plan as its JSON file (optional keys only where the plan sets them)."""
    end_uses: dict[str, dict[str, float]] = {}
    for end_use in plan.end_uses:
        fields = {"energy_tce": end_use.energy_tce, "emissions_t": end_use.emissions_t}
        if end_use.electricity_emissions_t:
            fields["electricity_emissions_t"] = end_use.electricity_emissions_t
        end_uses[end_use.name] = fields
    baseline: dict[str, Any] = {"end_uses": end_uses, "growth": plan.growth}
    if plan.output_wan_yuan is not None:
        baseline["output_wan_yuan"] = plan.output_wan_yuan
    data: dict[str, Any] = {
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "discount_rate": plan.discount_rate,
        "carbon_price_yuan_per_t": plan.carbon_price_yuan_per_t,
    }
    if plan.energy_price_yuan_per_tce is not None:
        data["energy_price_yuan_per_tce"] = plan.energy_price_yuan_per_tce
    data["baseline"] = baseline
    if plan.grid_factor_index:
        data["grid_factor_index"] = {str(y): v for y, v in plan.grid_factor_index}
    targets: list[dict[str, Any]] = []
    for target in plan.targets:
        item: dict[str, Any] = {"year": target.year}
        if target.max_emissions_t is not None:
            item["max_emissions_t"] = target.max_emissions_t
        if target.max_intensity_t_per_wan_yuan is not None:
            item["max_intensity_t_per_wan_yuan"] = target.max_intensity_t_per_wan_yuan
        targets.append(item)
    data["targets"] = targets
    for key in ("budget_yuan", "annual_budget_yuan", "max_adoptions_per_year"):
        value = getattr(plan, key)
        if value is not None:
            data[key] = value
    measures: list[dict[str, Any]] = []
    for measure in plan.measures:
        entry: dict[str, Any] = {
            "id": measure.id,
            "end_use": measure.end_use,
            "saving_rate": measure.saving_rate,
            "capex_yuan": measure.capex_yuan,
            "annual_opex_change_yuan": measure.annual_opex_change_yuan,
            "lifetime_years": measure.lifetime_years,
        }
        if measure.group is not None:
            entry["group"] = measure.group
        if measure.requires:
            entry["requires"] = list(measure.requires)
        if measure.earliest_year is not None:
            entry["earliest_year"] = measure.earliest_year
        if measure.effect != "energy":
            entry["effect"] = measure.effect
        measures.append(entry)
    data["measures"] = measures
    return data


def macc_to_json(steps: Sequence[MaccStep]) -> list[dict[str, Any]]:
    """The curve's steps in curve order (cost_per_t None for a step that abates nothing)."""
    return [
        {
            "id": s.id,
            "end_use": s.end_use,
            "group": s.group,
            "saving_rate": s.saving_rate,
            "remaining_share": s.remaining_share,
            "annual_abatement_t": s.annual_abatement_t,
            "annual_energy_saving_tce": s.annual_energy_saving_tce,
            "annualised_cost_yuan": s.annualised_cost_yuan,
            "cost_per_t": s.cost_per_t,
            "cumulative_abatement_t": s.cumulative_abatement_t,
        }
        for s in steps
    ]


def pathway_to_json(pathway: Pathway) -> dict[str, Any]:
    """The pathway: status, adoptions (id, first year), emissions by model year, shortfall by
    target year, net present cost, gap, solve time, first-installation capex, model years."""
    return {
        "status": pathway.status,
        "adoptions": [{"id": mid, "year": year} for mid, year in pathway.adoptions],
        "emissions_t": {str(y): v for y, v in sorted(pathway.emissions_t.items())},
        "shortfall_t": {str(y): v for y, v in sorted(pathway.shortfall_t.items())},
        "npv_yuan": pathway.npv_yuan,
        "gap": pathway.gap,
        "solve_seconds": pathway.solve_seconds,
        "capex_yuan": pathway.capex_yuan,
        "years": list(pathway.years),
    }
