"""Coordinated reduction of pollution and carbon: did air pollutants fall with CO2?

Per enterprise reporting in both years and for the district as a whole, the change in GB/T 32150
total emissions (tCO2e) beside the change of each air pollutant (SO2, NOx, PM, VOCs, t).

Quadrants. "CO2 down" means the total change is below zero. Several pollutants cannot be added
(a tonne of SO2 and a tonne of VOCs do different harm), so "pollutants down" is decided per
pollutant and then aggregated by a dominance rule: pollutants are down when no pollutant rose and
at least one fell. A mixed result (one down, another up) or no change counts as "not down" and
is flagged ``mixed`` so a chart can mark it. The four quadrants are then ``both_down``,
``co2_down_only``, ``pollutants_down_only`` and ``neither_down`` ("both up", which
also holds the mixed and unchanged cases). A pollutant absent from a record counts as 0 t.

Co-benefit ratio. The district's reduction of each pollutant per tonne of CO2e reduced, in kg
per tCO2e: (P^0 - P^T) * 1000 / (C^0 - C^T), defined only when CO2e fell. When it did not, the
ratio is None and ``ratio_status`` says why ("co2_unchanged" or "co2_increased"), rather than a
division by zero or a negative ratio that would read as a benefit. A pollutant that rose while
CO2e fell gives a negative ratio (a trade-off), which is shown as such.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from greenledger.core.progress.decomposition import EnterpriseYear, select_years

__all__ = [
    "POLLUTANTS",
    "CoordinatedChange",
    "CoordinatedReduction",
    "Quadrant",
    "coordinated_reduction",
    "quadrant",
]

POLLUTANTS = ("SO2", "NOx", "PM", "VOCs")

Quadrant = Literal["both_down", "co2_down_only", "pollutants_down_only", "neither_down"]
Direction = Literal["down", "up", "unchanged"]
RatioStatus = Literal["defined", "co2_unchanged", "co2_increased"]


@dataclass(frozen=True, slots=True)
class CoordinatedChange:
    """CO2e and pollutant changes of one enterprise (or the district) and their quadrant."""

    key: str
    co2e_change_t: float
    pollutant_change_t: Mapping[str, float]
    directions: Mapping[str, Direction]
    pollutants_down: bool
    mixed: bool
    quadrant: Quadrant


@dataclass(frozen=True, slots=True)
class CoordinatedReduction:
    """The district's coordinated-reduction view between two years."""

    base_year: int
    year: int
    district: CoordinatedChange
    enterprises: tuple[CoordinatedChange, ...]
    co2e_reduced_t: float
    pollutant_reduced_t: Mapping[str, float]
    kg_per_t_co2e_reduced: Mapping[str, float | None]
    ratio_status: RatioStatus

    def count(self, which: Quadrant) -> int:
        """How many enterprises fall in a quadrant."""
        return sum(1 for item in self.enterprises if item.quadrant == which)


def quadrant(co2e_change_t: float, pollutant_change_t: Mapping[str, float]) -> CoordinatedChange:
    """The quadrant of one set of changes (see the module docstring for the rule)."""
    return _change("", co2e_change_t, pollutant_change_t)


def coordinated_reduction(
    records: Iterable[EnterpriseYear],
    *,
    base_year: int,
    year: int,
    pollutants: tuple[str, ...] = POLLUTANTS,
) -> CoordinatedReduction:
    """Per-enterprise and district changes from ``base_year`` to ``year``. Enterprises that
    report in one year only are in the district totals but get no quadrant of their own."""
    before, after = select_years(records, base_year, year)

    def totals(rows: Iterable[EnterpriseYear]) -> tuple[float, dict[str, float]]:
        rows = list(rows)
        co2e = math.fsum(r.total_co2e_t for r in rows)
        return co2e, {p: math.fsum(r.pollutants_t.get(p, 0.0) for r in rows) for p in pollutants}

    co2e0, poll0 = totals(before.values())
    co2e1, poll1 = totals(after.values())
    district = _change("district", co2e1 - co2e0, {p: poll1[p] - poll0[p] for p in pollutants})
    enterprises = tuple(
        _change(
            name,
            after[name].total_co2e_t - before[name].total_co2e_t,
            {
                p: after[name].pollutants_t.get(p, 0.0) - before[name].pollutants_t.get(p, 0.0)
                for p in pollutants
            },
        )
        for name in sorted(set(before) & set(after))
    )
    reduced = co2e0 - co2e1
    pollutant_reduced = {p: poll0[p] - poll1[p] for p in pollutants}
    status: RatioStatus = (
        "defined" if reduced > 0 else ("co2_unchanged" if reduced == 0 else "co2_increased")
    )
    ratios: dict[str, float | None] = {
        p: (pollutant_reduced[p] * 1000.0 / reduced if status == "defined" else None)
        for p in pollutants
    }
    return CoordinatedReduction(
        base_year=base_year,
        year=year,
        district=district,
        enterprises=enterprises,
        co2e_reduced_t=reduced,
        pollutant_reduced_t=pollutant_reduced,
        kg_per_t_co2e_reduced=ratios,
        ratio_status=status,
    )


def _direction(change: float) -> Direction:
    return "down" if change < 0 else ("up" if change > 0 else "unchanged")


def _change(key: str, co2e: float, pollutants: Mapping[str, float]) -> CoordinatedChange:
    directions = {p: _direction(v) for p, v in pollutants.items()}
    values = set(directions.values())
    down = "down" in values and "up" not in values
    mixed = "down" in values and "up" in values
    co2_down = co2e < 0
    which: Quadrant
    if co2_down and down:
        which = "both_down"
    elif co2_down:
        which = "co2_down_only"
    elif down:
        which = "pollutants_down_only"
    else:
        which = "neither_down"
    return CoordinatedChange(key, co2e, dict(pollutants), directions, down, mixed, which)
