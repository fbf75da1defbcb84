"""The consultants' heuristic: "cheapest first on the abatement cost curve".

``greedy_pathway`` takes the measures in the order of the plan's MACC (``costs.macc``: cheapest
per tonne first, each on what remains of its end use, exclusion groups and prerequisites as
the curve applies them) and adopts them one after another, each in the earliest model year it
is allowed (its ``earliest_year``, no earlier than its prerequisites, and the first model year
whose ``annual_budget_yuan`` and ``max_adoptions_per_year`` still have room for it), until every
target year is met (``PlanInput.cap_t``: absolute or intensity caps). A measure whose first
installation would break ``budget_yuan``, or that finds no model year with room, is passed
over. If the curve runs out first, the answer is "infeasible" with the shortfall per target
year.

The plan found is costed with the optimiser's own accounting (``pathway.adoption_cost_pv``,
``pathway.discount_factor`` and ``pathway.model_years``: capex at adoption and replacement,
residual value, operating change, energy cost and carbon price avoided, growth, the grid
factor index on the electricity part of the emissions, measures of effect "emissions"), so its
``npv_yuan`` compares directly with ``pathway.optimise``'s. The heuristic proves no bound,
so its ``gap`` is NaN; its status is "feasible" (every target met) or "infeasible".
"""

from __future__ import annotations

import math
import time

from greenledger.core.planning.costs import macc
from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.pathway import (
    Pathway,
    adoption_cost_pv,
    discount_factor,
    model_years,
)

__all__ = ["greedy_pathway", "pathway_npv"]


def _period_of(years: tuple[int, ...], year: int) -> int:
    return max(p for p, y in enumerate(years) if y <= year)


def _remaining(
    plan: PlanInput, adoptions: dict[str, int], state_year: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Per end use, the share of its energy and of its emissions left by the measures adopted
    by ``state_year`` (effect "emissions" cuts only the second)."""
    energy = {e.name: 1.0 for e in plan.end_uses}
    emissions = {e.name: 1.0 for e in plan.end_uses}
    for mid, first in adoptions.items():
        if first <= state_year:
            measure = plan.measure(mid)
            emissions[measure.end_use] *= 1.0 - measure.saving_rate
            if measure.effect == "energy":
                energy[measure.end_use] *= 1.0 - measure.saving_rate
    return energy, emissions


def _emissions(plan: PlanInput, adopted: dict[str, int], year: int, state_year: int) -> float:
    """Emissions in ``year`` (that year's baseline) with the measures adopted by
    ``state_year``."""
    _, remaining = _remaining(plan, adopted, state_year)
    return sum(plan.end_use_emissions_t(e, year) * remaining[e.name] for e in plan.end_uses)


def pathway_npv(plan: PlanInput, adoptions: dict[str, int]) -> float:
    """The discounted net cost of adopting each measure in its (model) year, relative to doing
    nothing, in the optimiser's accounting (see ``pathway``'s docstring)."""
    years = model_years(plan.start_year, plan.end_year)
    nexts = [*years[1:], plan.end_year + 1]
    r, s = plan.discount_rate, plan.start_year
    disc = [
        sum(discount_factor(r, s, y) for y in range(a, b))
        for a, b in zip(years, nexts, strict=True)
    ]
    grown = [
        sum(discount_factor(r, s, y) * (1 + plan.growth) ** (y - s) for y in range(a, b))
        for a, b in zip(years, nexts, strict=True)
    ]
    carbon = {
        e.name: [
            sum(discount_factor(r, s, y) * plan.end_use_emissions_t(e, y) for y in range(a, b))
            for a, b in zip(years, nexts, strict=True)
        ]
        for e in plan.end_uses
    }
    price = plan.energy_price_yuan_per_tce or 0.0
    npv = 0.0
    for mid, first in adoptions.items():
        measure = plan.measure(mid)
        npv += adoption_cost_pv(measure, first, plan)
        npv += measure.annual_opex_change_yuan * sum(
            d for y, d in zip(years, disc, strict=True) if y >= first
        )
    for p, year in enumerate(years):
        energy, emissions = _remaining(plan, adoptions, year)
        for end_use in plan.end_uses:
            npv -= price * end_use.energy_tce * (1.0 - energy[end_use.name]) * grown[p]
            npv -= (
                plan.carbon_price_yuan_per_t
                * (1.0 - emissions[end_use.name])
                * carbon[end_use.name][p]
            )
    return npv


def _shortfall(
    plan: PlanInput, adopted: dict[str, int], years: tuple[int, ...]
) -> dict[int, float]:
    short: dict[int, float] = {}
    for target in plan.targets:
        state = years[_period_of(years, target.year)]
        cap = plan.cap_t(target)
        over = _emissions(plan, adopted, target.year, state) - cap
        short[target.year] = max(0.0, over) if over > 1e-6 * max(1.0, cap) else 0.0
    return short


def greedy_pathway(plan: PlanInput) -> Pathway:
    """Adopt the measures in MACC order, each as early as allowed, until every target is met."""
    started = time.perf_counter()
    years = model_years(plan.start_year, plan.end_year)
    adopted: dict[str, int] = {}
    capex = 0.0
    spent: dict[int, float] = {}  # first-installation capex per model year
    count: dict[int, int] = {}  # measures first adopted per model year

    def room(year: int, cost: float) -> bool:
        budget = plan.annual_budget_yuan
        if budget is not None and spent.get(year, 0.0) + cost > budget * (1 + 1e-9):
            return False
        limit = plan.max_adoptions_per_year
        return limit is None or count.get(year, 0) < limit

    shortfall = _shortfall(plan, adopted, years)
    for step in macc(plan):
        if not any(v > 0.0 for v in shortfall.values()):
            break
        measure = plan.measure(step.id)
        if any(r not in adopted for r in measure.requires):
            continue  # a prerequisite was passed over (budget or horizon)
        if plan.budget_yuan is not None and capex + measure.capex_yuan > plan.budget_yuan:
            continue
        allowed = max(
            [plan.start_year, measure.earliest_year or plan.start_year]
            + [adopted[r] for r in measure.requires]
        )
        first = next((y for y in years if y >= allowed and room(y, measure.capex_yuan)), None)
        if first is None:
            continue  # allowed only after the horizon, or no model year has room
        adopted[measure.id] = first
        spent[first] = spent.get(first, 0.0) + measure.capex_yuan
        count[first] = count.get(first, 0) + 1
        capex += measure.capex_yuan
        shortfall = _shortfall(plan, adopted, years)
    emissions = {y: _emissions(plan, adopted, y, y) for y in years}
    return Pathway(
        status="infeasible" if any(v > 0.0 for v in shortfall.values()) else "feasible",
        adoptions=tuple(sorted(adopted.items(), key=lambda a: (a[1], a[0]))),
        emissions_t=emissions,
        shortfall_t=shortfall,
        npv_yuan=pathway_npv(plan, adopted),
        gap=math.nan,
        solve_seconds=time.perf_counter() - started,
        capex_yuan=capex,
        years=years,
    )
