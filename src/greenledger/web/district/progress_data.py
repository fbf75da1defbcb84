"""What the progress pages, the progress API and the annual report show, gathered from the
district selectors (the fact table, the core decomposition and coordinated reduction, targets
and budgets) in one place, so the three say the same thing.

No figure is computed here beyond presentation: the yearly series, coverage, decomposition and
coordinated reduction come from ``selectors.facts``; targets and their progress from
``selectors.targets``. Estimates stay apart: the series' verified figures never include them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message
from greenledger.core.progress.coordinated import CoordinatedReduction
from greenledger.core.progress.decomposition import (
    TERMS,
    Decomposition,
    EnterpriseContribution,
    group_by,
    top_enterprises,
)
from greenledger.web.district.selectors import facts
from greenledger.web.district.selectors.versions import fact_versions
from greenledger.web.members.models import Organisation

TOP_COUNT = 10
POLLUTANTS = ("SO2", "NOx", "PM", "VOCs")
# The fact table's column names of the pollutants, accepted as keys too.
_POLLUTANT_NAMES = {"so2_t": "SO2", "nox_t": "NOx", "pm_t": "PM", "vocs_t": "VOCs"}


def by_pollutant(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` keyed by the pollutant's name (SO2, NOx, PM, VOCs), whichever key it had."""
    return {_POLLUTANT_NAMES.get(key, key): value for key, value in values.items()}


BASE_YEAR = 2020  # the dual-carbon targets' base year; the first fact year when absent


@dataclass
class Period:
    """The years a page is about: ``year`` (coverage, breakdown) and the two years compared."""

    years: list[int]
    year: int | None
    base_year: int | None

    @property
    def comparable(self) -> bool:
        return self.year is not None and self.base_year is not None and self.base_year != self.year


def choose_period(year: int | None = None, base_year: int | None = None) -> Period:
    """The requested years when they have facts; else the latest year and 2020 (or the first
    year with facts). A year without facts is not an error here: the page offers the others."""
    years = facts.fact_years()
    if not years:
        return Period(years, None, None)
    chosen = year if year in years else years[-1]
    default_base = BASE_YEAR if BASE_YEAR in years else years[0]
    base = base_year if base_year in years else default_base
    if base == chosen and len(years) > 1:
        base = years[0] if chosen != years[0] else years[1]
    return Period(years, chosen, base)


@dataclass
class Change:
    """The decomposition and coordinated reduction between two years, or why there is none."""

    decomposition: Decomposition | None = None
    coordinated: CoordinatedReduction | None = None
    problems: list[Problem] = field(default_factory=list)


def change_between(period: Period, park: Any = None) -> Change:
    change = Change()
    if not period.comparable:
        return change
    assert period.base_year is not None and period.year is not None
    base, year = period.base_year, period.year
    tables = facts.frames(years=[base, year], park=park)  # read once, used twice
    try:
        change.decomposition = facts.decomposition(base_year=base, year=year, tables=tables)
        change.coordinated = facts.coordinated(base_year=base, year=year, tables=tables)
    except InputError as error:
        change.problems = named(list(error.problems))
        change.decomposition = change.coordinated = None
    return change


def named(problems: list[Problem]) -> list[Problem]:
    """The problems with each enterprise named (the facts key enterprises by organisation id)."""
    ids = {
        int(key)
        for p in problems
        if isinstance(key := p.message.params.get("enterprise"), str) and key.isdigit()
    }
    if not ids:
        return problems
    names = {
        str(pk): f"{name} ({pk})"
        for pk, name in Organisation.objects.filter(pk__in=ids).values_list("pk", "name_zh")
    }
    renamed = []
    for problem in problems:
        key = problem.message.params.get("enterprise")
        if isinstance(key, str) and key in names:
            params = {**problem.message.params, "enterprise": names[key]}
            message = Message(problem.message.code, params)
            problem = Problem(message, problem.file, problem.row, problem.column, problem.sheet)
        renamed.append(problem)
    return renamed


def versions_of(rows: list[dict[str, Any]], park: Any = None) -> dict[str, list[str]]:
    """The factor set and method versions behind the given yearly rows (distinct, sorted),
    from the rows themselves when they carry them, else from the fact table."""
    factor_sets: set[str] = set()
    methods: set[str] = set()
    years = {row["year"] for row in rows}
    by_year = fact_versions(park=park)
    for year in years:
        found = by_year.get(year, {})
        factor_sets.update(found.get("factor_set_versions", ()))
        methods.update(found.get("method_versions", ()))
    return {"factor_set_versions": sorted(factor_sets), "method_versions": sorted(methods)}


def with_changes(series: list[dict[str, Any]], base_year: int | None) -> list[dict[str, Any]]:
    """Each yearly row with its intensities' and total's change against the base year (%)."""
    base = next((row for row in series if row["year"] == base_year), None)
    keys = ("tce_per_wan_yuan", "co2e_t_per_wan_yuan", "gbt32150_co2e_t", "energy_tce")
    rows = []
    for row in series:
        changes: dict[str, float | None] = {}
        for key in keys:
            old, new = (base or {}).get(key), row.get(key)
            changes[key] = 100.0 * (new / old - 1.0) if old and new is not None else None
        rows.append({**row, "change_pct": changes})
    return rows


def contribution_dict(item: EnterpriseContribution, names: dict[str, str]) -> dict[str, Any]:
    return {
        "enterprise": item.enterprise,
        "name": names.get(item.enterprise, item.enterprise),
        "park": item.park,
        "industry": item.industry,
        "status": item.status,
        "total_change_t": item.total_change_t,
        "terms_t": dict(item.terms_t),
    }


def decomposition_dict(
    decomposition: Decomposition, names: dict[str, str], park_names: Mapping[str, str]
) -> dict[str, Any]:
    """The decomposition as plain data: totals, terms (adding up to the change), by park, by
    industry and the top enterprises each way."""

    def groups(key: Any) -> list[dict[str, Any]]:
        labels = park_names if key == "park" else {}
        return [
            {
                "key": group.key,
                "label": labels.get(group.key, group.key),
                "enterprises": group.enterprises,
                "total_change_t": group.total_change_t,
                "terms_t": dict(group.terms_t),
            }
            for group in group_by(decomposition, key).values()
        ]

    return {
        "base_year": decomposition.base_year,
        "year": decomposition.year,
        "total_base_t": decomposition.total_base_t,
        "total_year_t": decomposition.total_year_t,
        "total_change_t": decomposition.total_change_t,
        "terms_t": {term: decomposition.terms_t[term] for term in TERMS},
        "by_park": groups("park"),
        "by_industry": groups("industry"),
        "top_increase": [
            contribution_dict(item, names)
            for item in top_enterprises(decomposition, direction="increase", count=TOP_COUNT)
        ],
        "top_decrease": [
            contribution_dict(item, names)
            for item in top_enterprises(decomposition, direction="decrease", count=TOP_COUNT)
        ],
    }


def coordinated_dict(coordinated: CoordinatedReduction, names: dict[str, str]) -> dict[str, Any]:
    district = coordinated.district
    return {
        "base_year": coordinated.base_year,
        "year": coordinated.year,
        "district": {
            "co2e_change_t": district.co2e_change_t,
            "pollutant_change_t": by_pollutant(district.pollutant_change_t),
            "quadrant": district.quadrant,
            "mixed": district.mixed,
        },
        "co2e_reduced_t": coordinated.co2e_reduced_t,
        "pollutant_reduced_t": by_pollutant(coordinated.pollutant_reduced_t),
        "kg_per_t_co2e_reduced": by_pollutant(coordinated.kg_per_t_co2e_reduced),
        "ratio_status": coordinated.ratio_status,
        "quadrant_counts": {
            which: coordinated.count(which)
            for which in ("both_down", "co2_down_only", "pollutants_down_only", "neither_down")
        },
        "enterprises": [
            {
                "enterprise": item.key,
                "name": names.get(item.key, item.key),
                "co2e_change_t": item.co2e_change_t,
                "pollutant_change_t": by_pollutant(item.pollutant_change_t),
                "quadrant": item.quadrant,
                "mixed": item.mixed,
            }
            for item in coordinated.enterprises
        ],
    }
