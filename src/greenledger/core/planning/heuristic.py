"""The consultants' heuristic: "cheapest first on the abatement cost curve".

``greedy_pathway`` takes the measures in the order of the plan's MACC (``costs.macc``: cheapest
per tonne first, each on what remains of its end use, exclusion groups and prerequisites as
the curve applies them) and adopts them one after another, each in the earliest model year it
is allowed (its ``earliest_year``, and no earlier than its prerequisites), until every target
year is met. A measure whose first installation would break ``budget_yuan`` is passed over.
If the curve runs out first, the answer is "infeasible" with the shortfall per target year.

The plan found is costed with the optimiser's own accounting (``pathway.adoption_cost_pv``,
``pathway.discount_factor`` and ``pathway.model_years``: capex at adoption and replacement,
residual value, operating change, energy cost and carbon price avoided, growth), so its
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


def _emissions(plan: PlanInput, adopted: dict[str, int], year: int, state_year: int) -> float:
    """Emissions in ``year`` with the measures adopted by ``state_year`` (grown to ``year``)."""
    remaining = {e.name: 1.0 for e in plan.end_uses}
    for mid, first in adopted.items():
        if first <= state_year:
            measure = plan.measure(mid)
            remaining[measure.end_use] *= 1.0 - measure.saving_rate
    grow = (1.0 + plan.growth) ** (year - plan.start_year)
    return sum(e.emissions_t * remaining[e.name] for e in plan.end_uses) * grow


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
    price = plan.energy_price_yuan_per_tce or 0.0
    npv = 0.0
    for mid, first in adoptions.items():
        measure = plan.measure(mid)
        npv += adoption_cost_pv(measure, first, plan)
        npv += measure.annual_opex_change_yuan * sum(
            d for y, d in zip(years, disc, strict=True) if y >= first
        )
    for p, year in enumerate(years):
        for end_use in plan.end_uses:
            remaining = math.prod(
                1.0 - plan.measure(mid).saving_rate
                for mid, first in adoptions.items()
                if first <= year and plan.measure(mid).end_use == end_use.name
            )
            value = price * end_use.energy_tce + plan.carbon_price_yuan_per_t * end_use.emissions_t
            npv -= value * (1.0 - remaining) * grown[p]
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
        first = next((y for y in years if y >= allowed), None)
        if first is None:
            continue  # allowed only after the horizon
        adopted[measure.id] = first
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
