"""Targets: the published ones (core data), the secretariat's, and progress against them.

``target_progress(target)`` builds the trajectory from the base-year actual of the district's
(or the park's) verified facts (``facts.yearly_series``), the actual by year (energy intensity
in tce and CO2 intensity in tCO2e per 10^4 yuan of output value, or GB/T 32150 total
emissions), and the core's ``assess_progress``: on track / at risk / off track and the annual
rate still needed. With output at constant prices the output value is deflated to base-year
prices with the shipped price index (``core/progress/data/price_index_ppi.yaml``, its values not
confirmed); a year the index does not cover has no actual, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from greenledger.core.assessment.yamlsrc import YamlMap, load_yaml
from greenledger.core.errors import InputError
from greenledger.core.progress import (
    Progress,
    Target,
    assess_progress,
    deflate,
    explicit_trajectory,
    load_price_index,
    load_targets,
    trajectory,
)
from greenledger.core.progress.deflation import PriceIndex
from greenledger.core.progress.targets import DATA_DIR, Trajectory
from greenledger.web.district.core_targets import core_target, points_as_values
from greenledger.web.district.models import (
    DistrictTarget,
    OutputBasis,
    TargetMetric,
    TargetScope,
    TrajectoryMethod,
)
from greenledger.web.members.models import Site
from greenledger.web.ui.core_messages import render

__all__ = [
    "PRICE_INDEX_PATH",
    "PriceIndexInfo",
    "TargetProgress",
    "active_targets",
    "past_targets",
    "price_index_info",
    "published_targets",
    "target_progress",
]

PRICE_INDEX_PATH = DATA_DIR / "price_index_ppi.yaml"

# The yearly_series key of each indicator, and its unit.
SERIES_KEY = {
    TargetMetric.ENERGY_INTENSITY: "tce_per_wan_yuan",
    TargetMetric.CO2_INTENSITY: "co2e_t_per_wan_yuan",
    TargetMetric.TOTAL_CO2: "gbt32150_co2e_t",
}
UNITS = {
    TargetMetric.ENERGY_INTENSITY: "tce/10^4 yuan",
    TargetMetric.CO2_INTENSITY: "tCO2e/10^4 yuan",
    TargetMetric.TOTAL_CO2: "tCO2e",
}


@dataclass(frozen=True)
class PriceIndexInfo:
    """The shipped price index, with where each number comes from."""

    name: str
    source: str
    confirmed: bool
    values: dict[int, float]
    documents: dict[int, str]  # year -> the document of that year's year-on-year rate
    index: PriceIndex = field(repr=False)


@dataclass(frozen=True)
class TargetProgress:
    """A target's trajectory and actual values by year, and the core's assessment."""

    target: DistrictTarget
    unit: str
    output_basis: str
    price_index: PriceIndexInfo | None  # the index used (constant prices), else None
    base_value: float | None
    target_value: float | None
    trajectory: dict[int, float]
    actual: dict[int, float]
    progress: Progress | None
    problems: list[str]  # why a figure is missing, in the user's language

    @property
    def years(self) -> list[int]:
        return sorted(set(self.trajectory) | set(self.actual))

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One row per year: actual, trajectory value, and the gap between them."""
        rows = []
        for year in self.years:
            actual, expected = self.actual.get(year), self.trajectory.get(year)
            gap = actual / expected - 1.0 if actual is not None and expected else None
            rows.append({"year": year, "actual": actual, "expected": expected, "gap": gap})
        return rows


@lru_cache(maxsize=1)
def published_targets() -> tuple[Target, ...]:
    """The national and Shanghai targets shipped as data, each with its source."""
    return load_targets()


def active_targets(*, park: Site | None = None) -> QuerySet[DistrictTarget]:
    """The active targets of the district (``park`` None) or of one park."""
    queryset = DistrictTarget.objects.filter(active=True).select_related("park", "set_by")
    if park is None:
        return queryset.filter(scope=TargetScope.DISTRICT).order_by("metric")
    return queryset.filter(scope=TargetScope.PARK, park=park).order_by("metric")


def all_active_targets() -> QuerySet[DistrictTarget]:
    return (
        DistrictTarget.objects.filter(active=True)
        .select_related("park", "set_by")
        .order_by("scope", "park_id", "metric")
    )


def past_targets() -> QuerySet[DistrictTarget]:
    """Targets replaced by a newer one, newest first."""
    return (
        DistrictTarget.objects.filter(active=False)
        .select_related("park", "set_by")
        .order_by("-set_at", "-id")
    )


@lru_cache(maxsize=4)
def _price_index_info(path: Path) -> PriceIndexInfo:
    index = load_price_index(path)
    document = load_yaml(path)
    documents: dict[int, str] = {}
    rates = document.get("yoy_percent")
    if isinstance(rates, YamlMap):
        for year, entry in rates.items():
            if isinstance(entry, YamlMap) and str(year).isdigit():
                documents[int(year)] = str(entry.get("document") or "")
    return PriceIndexInfo(
        name=index.name,
        source=index.source,
        confirmed=document.get("confirmed") is True,
        values=dict(index.values),
        documents=documents,
        index=index,
    )


def price_index_info() -> PriceIndexInfo:
    return _price_index_info(PRICE_INDEX_PATH)


def _series(park: Site | None) -> list[dict[str, Any]]:
    from greenledger.web.district.selectors.facts import yearly_series

    return yearly_series(park=park, basis="verified")


def _actual(
    target: DistrictTarget, series: list[dict[str, Any]], index: PriceIndexInfo | None
) -> tuple[dict[int, float], list[str]]:
    key = SERIES_KEY[TargetMetric(target.metric)]
    nominal: dict[int, float] = {}
    for row in series:
        value = row.get(key)
        verified = int(row.get("enterprises") or 0) > 0  # a year of estimates only: no actual
        if verified and int(row["year"]) >= target.base_year and value is not None:
            nominal[int(row["year"])] = float(value)
    if index is None or not nominal:
        return nominal, []
    # Intensity at constant base-year prices: the same energy or emissions over the output
    # value deflated to base-year prices, i.e. intensity / (index[base] / index[year]).
    problems: list[str] = []
    covered = {y: v for y, v in nominal.items() if y in index.values}
    for year in sorted(set(nominal) - set(covered)):
        try:
            deflate({year: 1.0}, index.index, price_year=target.base_year)
        except InputError as error:
            problems.extend(render(p.message) for p in error.problems)
    if target.base_year not in index.values:
        return {}, problems
    factors = deflate(dict.fromkeys(covered, 1.0), index.index, price_year=target.base_year)
    return {y: v / factors.values[y] for y, v in covered.items()}, problems


def _path(target: DistrictTarget, core: Target, base_value: float) -> Trajectory:
    if target.method == TrajectoryMethod.EXPLICIT:
        points = {int(y): float(v) for y, v in (target.points or {}).items()}
        values = points_as_values(core, base_value, points)
        if core.level is not None:
            values.pop(target.base_year, None)  # the base year's value is the actual
        return explicit_trajectory(core, base_value, values)
    return trajectory(core, base_value, target.method)


def target_progress(
    target: DistrictTarget, *, series: list[dict[str, Any]] | None = None
) -> TargetProgress:
    """Trajectory, actual by year and the core's progress of one target (``series``: the
    facts' ``yearly_series`` of the target's scope, read when not given)."""
    rows = _series(target.park) if series is None else series
    constant = target.output_basis == OutputBasis.CONSTANT
    index = price_index_info() if constant else None
    actual, problems = _actual(target, rows, index)
    core = core_target(
        scope=target.scope,
        park=target.park,
        metric=target.metric,
        base_year=target.base_year,
        target_year=target.target_year,
        change=target.change,
        level=target.level,
        note=target.note,
        ident=str(target.pk),
    )
    base_value = actual.get(target.base_year)
    path: dict[int, float] = {}
    progress: Progress | None = None
    target_value: float | None = target.level
    if base_value is None or base_value <= 0:
        problems.append(
            _(
                "No verified figures for the base year %(year)s: the trajectory starts from "
                "the base year's actual value."
            )
            % {"year": target.base_year}
        )
        base_value = None
    else:
        try:
            found = _path(target, core, base_value)
            path = dict(found.values)
            target_value = path[target.target_year]
            progress = assess_progress(found, actual)
        except InputError as error:
            problems.extend(render(p.message) for p in error.problems)
    return TargetProgress(
        target=target,
        unit=UNITS[TargetMetric(target.metric)],
        output_basis=target.output_basis,
        price_index=index,
        base_value=base_value,
        target_value=target_value,
        trajectory=path,
        actual=actual,
        progress=progress,
        problems=problems,
    )
