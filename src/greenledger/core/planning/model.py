"""The decarbonisation plan as data: a baseline split by end use, targets and candidate measures.

A plan file (JSON) gives ``start_year``, ``end_year``, ``discount_rate``, optional
``carbon_price_yuan_per_t`` and ``energy_price_yuan_per_tce``; ``baseline`` as
``{"end_uses": {NAME: {"energy_tce", "emissions_t"}}, "growth": 0.0}``; ``targets`` as
``[{"year", "max_emissions_t"?, "max_intensity_t_per_wan_yuan"?}]`` (at least one of the two;
both: the tighter); an optional ``budget_yuan``; and ``measures`` as
``[{"id", "end_use", "saving_rate", "capex_yuan", "annual_opex_change_yuan", "lifetime_years",
"group"?, "requires"?, "earliest_year"?, "effect"?}]``. A measure of effect "energy" (the
default) saves ``saving_rate`` of its end use's energy and emissions (of what remains after the
other measures on that end use); one of effect "emissions" (green-power purchase, fuel
switching) cuts ``saving_rate`` of the end use's emissions only and leaves its energy unchanged.

Optional further keys: ``baseline.output_wan_yuan`` (the start year's output value in 10,000
yuan; it grows with ``growth``; needed by intensity targets), per end use
``electricity_emissions_t`` (the part of its emissions from purchased electricity, which
follows the grid factor index), ``grid_factor_index`` (``{"YYYY": index}``, the grid factor
relative to the start year's: 1.0 before the first point, linear between points, the last
value after), ``annual_budget_yuan`` (undiscounted capex of first installations in any one
model year) and ``max_adoptions_per_year`` (measures first adopted in any one model year).

``load_plan`` validates the whole file and refuses it with one ``InputError`` listing every
problem, each naming the measure (or end use, or target) and the field.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["EFFECTS", "EndUse", "Measure", "PlanInput", "Target", "load_plan"]


@dataclass(frozen=True, slots=True)
class EndUse:
    """One end use of the baseline (motors, steam, ...) in the start year."""

    name: str
    energy_tce: float
    emissions_t: float
    # The part of emissions_t from purchased electricity: it follows the grid factor index.
    electricity_emissions_t: float = 0.0


@dataclass(frozen=True, slots=True)
class Measure:
    """A candidate measure: saves ``saving_rate`` of its end use's (remaining) energy and
    emissions, for ``capex_yuan`` once and ``annual_opex_change_yuan`` each year it runs.

    ``effect`` "emissions" (green-power purchase, fuel switching): cuts ``saving_rate`` of the
    end use's (remaining) emissions only; the end use's energy is unchanged."""

    id: str
    end_use: str
    saving_rate: float
    capex_yuan: float
    annual_opex_change_yuan: float
    lifetime_years: int
    group: str | None = None
    requires: tuple[str, ...] = ()
    earliest_year: int | None = None
    effect: str = "energy"


EFFECTS = ("energy", "emissions")


@dataclass(frozen=True, slots=True)
class Target:
    """At most ``max_emissions_t`` tonnes CO2e in ``year`` and/or at most
    ``max_intensity_t_per_wan_yuan`` tonnes per 10,000 yuan of that year's output value (at
    least one of the two; both: the tighter; see ``PlanInput.cap_t``)."""

    year: int
    max_emissions_t: float | None = None
    max_intensity_t_per_wan_yuan: float | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    """A validated plan (see the module's docstring for the file it comes from)."""

    start_year: int
    end_year: int
    discount_rate: float
    end_uses: tuple[EndUse, ...]
    growth: float
    targets: tuple[Target, ...]
    measures: tuple[Measure, ...]
    budget_yuan: float | None = None
    carbon_price_yuan_per_t: float = 0.0
    energy_price_yuan_per_tce: float | None = None
    output_wan_yuan: float | None = None
    grid_factor_index: tuple[tuple[int, float], ...] = ()
    annual_budget_yuan: float | None = None
    max_adoptions_per_year: int | None = None

    def grid_index(self, year: int) -> float:
        """The grid factor in ``year`` relative to the start year's: 1.0 before the first point
        of ``grid_factor_index``, linear between points, the last point's value after it."""
        points = sorted(self.grid_factor_index, key=lambda point: point[0])
        if not points or year < points[0][0]:
            return 1.0
        for (y0, v0), (y1, v1) in itertools.pairwise(points):
            if y0 <= year <= y1 and y1 > y0:
                return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        return points[-1][1]

    def growth_factor(self, year: int) -> float:
        """(1 + growth)^(year - start_year)."""
        return float((1.0 + self.growth) ** (year - self.start_year))

    def end_use_emissions_t(self, end_use: EndUse, year: int) -> float:
        """The end use's emissions in ``year`` without measures: the electricity part scaled by
        the grid index, the rest as in the start year, all grown by ``growth``."""
        index = self.grid_index(year)
        other = end_use.emissions_t - end_use.electricity_emissions_t
        return (other + end_use.electricity_emissions_t * index) * self.growth_factor(year)

    def baseline_emissions_t(self, year: int) -> float:
        """The plan's emissions in ``year`` with no measure (see ``end_use_emissions_t``)."""
        return sum(self.end_use_emissions_t(e, year) for e in self.end_uses)

    def output(self, year: int) -> float | None:
        """The output value in ``year`` (10,000 yuan), grown by ``growth``; None if not given."""
        if self.output_wan_yuan is None:
            return None
        return self.output_wan_yuan * self.growth_factor(year)

    def cap_t(self, target: Target) -> float:
        """The target's cap in tonnes in its year: ``max_emissions_t``, the intensity limit x
        that year's output value, or the tighter of the two (ValueError if it gives neither, or
        an intensity without the plan's output value)."""
        caps: list[float] = []
        if target.max_emissions_t is not None:
            caps.append(target.max_emissions_t)
        if target.max_intensity_t_per_wan_yuan is not None:
            output = self.output(target.year)
            if output is None:
                raise ValueError(
                    f"the target of {target.year} limits intensity, but the plan has no "
                    "output_wan_yuan"
                )
            caps.append(target.max_intensity_t_per_wan_yuan * output)
        if not caps:
            raise ValueError(f"the target of {target.year} gives no cap")
        return min(caps)

    def end_use(self, name: str) -> EndUse:
        """The end use called ``name`` (KeyError if the plan has none)."""
        for end_use in self.end_uses:
            if end_use.name == name:
                return end_use
        raise KeyError(name)

    def measure(self, measure_id: str) -> Measure:
        """The measure with id ``measure_id`` (KeyError if the plan has none)."""
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)


def load_plan(data: Mapping[str, Any], *, file: str = "") -> PlanInput:
    """The plan in ``data`` (the parsed JSON file), or ``InputError`` with every problem (see
    ``plan_file.load_plan``)."""
    # The reader imports this module's classes, so it is imported when first used.
    from greenledger.core.planning import plan_file

    return plan_file.load_plan(data, file=file)
