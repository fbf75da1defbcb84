"""The plan as the enterprise's commitment, and later verified inventories compared with it.

A solved pathway gives emissions in its model years (every year to 2035, then five-year steps);
``yearly_path`` fills in every year between them on a straight line, which is the committed
path. ``compare_commitment`` puts each committed year beside the verified inventory of that year:
"over" when the inventory's emissions exceed the commitment, "on_track" when they do not, and
"no_inventory" for a year without a verified inventory (yet).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["STATUSES", "CommitmentYear", "compare_commitment", "yearly_path"]

STATUSES = ("on_track", "over", "no_inventory")
# An inventory this close to the commitment (relative, or 1 kg absolute) is on track: the
# pathway's figures come from a solver working in floating point.
_TOLERANCE = 1e-9


def yearly_path(
    emissions_t: Mapping[int, float], start_year: int, end_year: int
) -> dict[int, float]:
    """Every year from ``start_year`` to ``end_year``: the given years' emissions, a straight
    line between them, the first given value before the first given year and the last after
    the last (ValueError without any year, or with ``start_year`` after ``end_year``)."""
    if not emissions_t:
        raise ValueError("a path needs the emissions of at least one year")
    if start_year > end_year:
        raise ValueError(f"start year {start_year} is after end year {end_year}")
    points = sorted((int(y), float(v)) for y, v in emissions_t.items())
    years = [y for y, _ in points]
    path: dict[int, float] = {}
    for year in range(start_year, end_year + 1):
        if year <= years[0]:
            path[year] = points[0][1]
        elif year >= years[-1]:
            path[year] = points[-1][1]
        else:
            i = bisect.bisect_right(years, year) - 1
            (y0, v0), (y1, v1) = points[i], points[i + 1]
            path[year] = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return path


@dataclass(frozen=True, slots=True)
class CommitmentYear:
    """One committed year beside its verified inventory: ``difference_t`` = actual - committed
    (positive: over the commitment); ``actual_t`` and ``difference_t`` are None without an
    inventory."""

    year: int
    committed_t: float
    actual_t: float | None
    difference_t: float | None
    status: str


def compare_commitment(
    committed: Mapping[int, float], actual: Mapping[int, float]
) -> tuple[CommitmentYear, ...]:
    """Each committed year in order, with the verified emissions of that year where there are
    any (years with an inventory but no commitment are not part of the comparison)."""
    years: list[CommitmentYear] = []
    for year in sorted(committed):
        promised = float(committed[year])
        if year not in actual or actual[year] is None:
            years.append(CommitmentYear(year, promised, None, None, "no_inventory"))
            continue
        measured = float(actual[year])
        difference = measured - promised
        allowed = max(abs(promised) * _TOLERANCE, 1e-3)
        over = difference > allowed
        years.append(
            CommitmentYear(year, promised, measured, difference, "over" if over else "on_track")
        )
    return tuple(years)
