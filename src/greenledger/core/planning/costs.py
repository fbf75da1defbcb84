"""Annualised costs of measures and the marginal abatement cost curve (MACC) of a plan.

Capital recovery factor: ``CRF(r, n) = r (1 + r)^n / ((1 + r)^n - 1)``, and ``1 / n`` at
``r = 0`` (its limit). A measure's annualised cost is

    capex x CRF(r, lifetime) + annual change in operating cost - energy cost saved,

the energy cost saved being the energy price (yuan/tce) times the energy it saves; a plan
without an energy price prices no energy saving (the curve says so). The cost per tonne is the
annualised cost over the annual abatement; a negative cost per tonne is a measure that pays
for itself. The carbon price is not part of the cost: a curve is read against it.

Interactions: measures on the same end use save on what remains. The curve is built greedily:
at each step every eligible measure is costed on what remains of its end use's baseline (the
start year's, without growth) after the measures already on the curve, and the cheapest per
tonne enters next; so 20 % then 10 % on one end use saves 28 %, not 30 %. A measure of an
exclusion group leaves the others of its group off the curve; a measure enters only after its
prerequisites. The discount rate is the plan's (the private view) unless another is given
(the social view).

The curve is the start year's: the end use's emissions are those of ``start_year``
(``PlanInput.end_use_emissions_t``, the grid factor index of that year on the electricity part)
and neither growth nor later grid factors enter it. A measure of effect "emissions" (green
power, fuel switching) cuts its share of the end use's remaining emissions and saves no energy;
energy measures save on the remaining energy and abate on the remaining emissions, so the
shares multiply across both kinds as in the pathway optimiser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from greenledger.core.messages import Message, message
from greenledger.core.planning.model import Measure, PlanInput

__all__ = ["MaccStep", "annualised_cost", "crf", "macc", "macc_notes", "total_abatement"]


def crf(rate: float, years: int) -> float:
    """The capital recovery factor: the share of a capital sum paid each year over ``years``
    years at the interest ``rate`` to repay it with interest (``1 / years`` at rate 0)."""
    if years <= 0:
        raise ValueError(f"a lifetime must be at least one year, not {years}")
    if rate <= -1:
        raise ValueError(f"a discount rate must be above -1, not {rate}")
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def annualised_cost(
    measure: Measure,
    *,
    rate: float,
    energy_saving_tce: float,
    energy_price_yuan_per_tce: float | None,
) -> float:
    """capex x CRF(rate, lifetime) + operating change - energy cost saved (yuan per year);
    without an energy price no energy saving is priced."""
    saved = 0.0 if energy_price_yuan_per_tce is None else energy_price_yuan_per_tce
    return (
        measure.capex_yuan * crf(rate, measure.lifetime_years)
        + measure.annual_opex_change_yuan
        - saved * energy_saving_tce
    )


@dataclass(frozen=True, slots=True)
class MaccStep:
    """One measure on the curve, costed on what remained of its end use when it entered.

    ``remaining_share`` is the share of the end use's baseline emissions left by the measures
    before it on the curve (1.0 for the first on its end use); ``cost_per_t`` is None for a
    measure that abates nothing. ``cumulative_abatement_t`` runs along the curve (the step's
    right edge)."""

    id: str
    end_use: str
    group: str | None
    saving_rate: float
    remaining_share: float
    annual_energy_saving_tce: float
    annual_abatement_t: float
    annualised_cost_yuan: float
    cost_per_t: float | None
    cumulative_abatement_t: float


def _sort_key(cost: float, abatement: float, measure_id: str) -> tuple[int, float, str]:
    # Measures that abate something, cheapest per tonne first; those that do not, last.
    if abatement > 0:
        return (0, cost / abatement, measure_id)
    return (1, cost, measure_id)


def _greedy(
    plan: PlanInput, rate: float
) -> tuple[list[MaccStep], dict[str, list[str]], list[Measure]]:
    remaining = {e.name: 1.0 for e in plan.end_uses}  # share of the emissions left
    energy_left = {e.name: 1.0 for e in plan.end_uses}  # share of the energy left
    baseline = {e.name: e for e in plan.end_uses}
    emissions = {e.name: plan.end_use_emissions_t(e, plan.start_year) for e in plan.end_uses}
    candidates = list(plan.measures)
    entered: set[str] = set()
    steps: list[MaccStep] = []
    left_out_by_group: dict[str, list[str]] = {}
    cumulative = 0.0
    while True:
        eligible = [m for m in candidates if all(r in entered for r in m.requires)]
        if not eligible:
            break
        best: tuple[tuple[int, float, str], Measure, float, float, float] | None = None
        for measure in eligible:
            end_use = baseline[measure.end_use]
            energy = 0.0
            if measure.effect == "energy":
                energy = end_use.energy_tce * energy_left[measure.end_use] * measure.saving_rate
            abatement = emissions[end_use.name] * remaining[measure.end_use] * measure.saving_rate
            cost = annualised_cost(
                measure,
                rate=rate,
                energy_saving_tce=energy,
                energy_price_yuan_per_tce=plan.energy_price_yuan_per_tce,
            )
            key = _sort_key(cost, abatement, measure.id)
            if best is None or key < best[0]:
                best = (key, measure, energy, abatement, cost)
        assert best is not None
        _, measure, energy, abatement, cost = best
        cumulative += abatement
        steps.append(
            MaccStep(
                id=measure.id,
                end_use=measure.end_use,
                group=measure.group,
                saving_rate=measure.saving_rate,
                remaining_share=remaining[measure.end_use],
                annual_energy_saving_tce=energy,
                annual_abatement_t=abatement,
                annualised_cost_yuan=cost,
                cost_per_t=cost / abatement if abatement > 0 else None,
                cumulative_abatement_t=cumulative,
            )
        )
        remaining[measure.end_use] *= 1.0 - measure.saving_rate
        if measure.effect == "energy":
            energy_left[measure.end_use] *= 1.0 - measure.saving_rate
        entered.add(measure.id)
        candidates.remove(measure)
        if measure.group is not None:
            rivals = [m for m in candidates if m.group == measure.group]
            left_out_by_group.setdefault(measure.group, []).extend(m.id for m in rivals)
            candidates = [m for m in candidates if m.group != measure.group]
    return steps, left_out_by_group, candidates


def macc(plan: PlanInput, *, rate: float | None = None) -> tuple[MaccStep, ...]:
    """The plan's marginal abatement cost curve, cheapest per tonne first, each measure on the
    remaining baseline of its end use (see the module's docstring); ``rate`` defaults to the
    plan's discount rate (the private view), another rate gives the social view."""
    steps, _, _ = _greedy(plan, plan.discount_rate if rate is None else rate)
    return tuple(steps)


def macc_notes(plan: PlanInput, *, rate: float | None = None) -> tuple[Message, ...]:
    """What a reader of the curve must know: the view and its rate, the interaction rule,
    whether energy savings are priced, and the measures left off (exclusion groups, unmet
    prerequisites)."""
    used = plan.discount_rate if rate is None else rate
    notes: list[Message] = [
        message("planning.macc.private", rate=_percent(used))
        if rate is None or math.isclose(used, plan.discount_rate)
        else message("planning.macc.social", rate=_percent(used)),
        message("planning.macc.remaining"),
    ]
    if plan.energy_price_yuan_per_tce is None:
        notes.append(message("planning.macc.no_energy_price"))
    steps, left_out_by_group, blocked = _greedy(plan, used)
    chosen = {s.group: s.id for s in steps if s.group is not None}
    for group in sorted(left_out_by_group):
        if left_out_by_group[group]:
            notes.append(
                message(
                    "planning.macc.group",
                    group=group,
                    measure=chosen[group],
                    left_out=", ".join(sorted(left_out_by_group[group])),
                )
            )
    for measure in sorted(blocked, key=lambda m: m.id):
        notes.append(
            message(
                "planning.macc.requires", measure=measure.id, requires=", ".join(measure.requires)
            )
        )
    return tuple(notes)


def _percent(rate: float) -> str:
    return f"{rate * 100:g} %"


def total_abatement(steps: Sequence[MaccStep]) -> float:
    """The annual abatement of the whole curve (tonnes CO2e)."""
    return steps[-1].cumulative_abatement_t if steps else 0.0
