"""Targets as data, their yearly trajectories, and progress against them.

A ``Target`` is a published (``data/targets.yaml``) or secretariat-set target: scope, metric,
base year, target year, and either a fractional ``change`` (-0.135 = 13.5 % lower) or a
``level`` (a share reached by the target year), with its source document and whether the
official text confirms it. ``load_targets`` validates a whole file and reports every problem.

Trajectory from the base value ``v0`` (base year ``b``) to the target value ``vT`` (year ``T``):
- geometric (default, a constant annual rate): ``v(y) = v0 * (vT / v0) ** ((y - b) / (T - b))``,
  the annual rate being ``(vT / v0) ** (1 / (T - b)) - 1``;
- linear: ``v(y) = v0 + (vT - v0) * (y - b) / (T - b)``;
- explicit yearly points (the secretariat's own path), refused when a year lies before the base
  year or after the target year, or when the point at the target year contradicts the target.

Progress (``assess_progress``) compares the latest actual value with the trajectory in that year.
For metrics where lower is better (intensities, totals) the gap is ``actual / expected - 1``; for
shares (higher is better) it is ``1 - actual / expected``. Status: on track when the gap <= 0,
at risk when 0 < gap <= ``ProgressRules.at_risk_band`` (default 0.02, i.e. within 2 % of the
path), off track beyond. The annual rate still needed is ``(vT / actual) ** (1 / (T - y)) - 1``.

Output value deflation (constant prices) lives in ``deflation``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from greenledger.core.assessment.yamlsrc import YamlMap, load_yaml
from greenledger.core.errors import FactorDataError, InputError, Problem
from greenledger.core.messages import message

__all__ = [
    "DATA_DIR",
    "METRICS",
    "SCOPES",
    "Progress",
    "ProgressRules",
    "SourceDocument",
    "Target",
    "Trajectory",
    "assess_progress",
    "explicit_trajectory",
    "load_targets",
    "rate_needed",
    "target_problems",
    "trajectory",
]

DATA_DIR = Path(__file__).parent / "data"
SCOPES = ("national", "shanghai", "district", "park")
METRICS = ("energy_intensity", "co2_intensity", "total_co2", "non_fossil_share")
KINDS = ("published", "set by the district")
HIGHER_IS_BETTER = frozenset({"non_fossil_share"})
METHODS = ("geometric", "linear")
_TOLERANCE = 1e-9  # relative: an explicit end point this close to the target agrees with it

Method = Literal["geometric", "linear", "explicit"]
Status = Literal["on track", "at risk", "off track"]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    issuer: str
    title: str
    number: str
    edition: str
    clause: str


@dataclass(frozen=True, slots=True)
class Target:
    """One target; exactly one of ``change`` (fraction vs the base year) and ``level``."""

    id: str
    scope: str
    metric: str
    base_year: int
    target_year: int
    source: SourceDocument
    change: float | None = None
    level: float | None = None
    confirmed: bool = False
    note: str = ""
    kind: str = "published"
    scope_name: str = ""  # the district's or park's name, for secretariat-set targets

    def target_value(self, base_value: float) -> float:
        """The value the target means for the target year, given the base-year value."""
        if self.change is not None:
            return base_value * (1.0 + self.change)
        assert self.level is not None
        return self.level


def target_problems(target: Target) -> list[Problem]:
    """What is wrong with a target built in code (the secretariat's form): every problem."""
    problems: list[Problem] = []
    tid = target.id
    for name, value, allowed in (
        ("scope", target.scope, SCOPES),
        ("metric", target.metric, METRICS),
        ("kind", target.kind, KINDS),
    ):
        if value not in allowed:
            problems.append(
                Problem(
                    message(
                        "progress.target.choice",
                        target=tid,
                        field=name,
                        value=value,
                        allowed=", ".join(allowed),
                    ),
                    column=name,
                )
            )
    if target.target_year <= target.base_year:
        problems.append(
            Problem(
                message(
                    "progress.target.year_before_base",
                    target=tid,
                    year=target.target_year,
                    base_year=target.base_year,
                ),
                column="target_year",
            )
        )
    if (target.change is None) == (target.level is None):
        problems.append(Problem(message("progress.target.change_or_level", target=tid)))
    elif target.change is not None and target.change <= -1.0:
        problems.append(
            Problem(
                message("progress.target.change_range", target=tid, change=target.change),
                column="change",
            )
        )
    return problems


_TARGET_KEYS = (
    "id",
    "scope",
    "metric",
    "base_year",
    "target_year",
    "change",
    "level",
    "source",
    "confirmed",
    "note",
    "kind",
    "scope_name",
)
_SOURCE_KEYS = ("issuer", "title", "number", "edition", "clause")


def load_targets(path: Path | None = None) -> tuple[Target, ...]:
    """The targets of a YAML file (the shipped ``data/targets.yaml`` by default).

    Raises ``FactorDataError`` listing every problem (file, line, target, field, reason)."""
    path = path or DATA_DIR / "targets.yaml"
    document = load_yaml(path)
    problems: list[Problem] = []
    targets: list[Target] = []
    seen: set[str] = set()
    entries = document.get("targets")
    if not isinstance(entries, list):
        raise FactorDataError(
            [Problem(message("progress.target.missing", target="-", field="targets"), str(path))]
        )
    for index, entry in enumerate(entries):
        label = f"targets[{index}]"
        if not isinstance(entry, YamlMap):
            problems.append(
                Problem(message("progress.target.missing", target=label, field="id"), str(path))
            )
            continue
        target, found = _parse_target(entry, label, str(path))
        problems.extend(found)
        if target is None:
            continue
        if target.id in seen:
            problems.append(
                Problem(
                    message("progress.target.duplicate", target=target.id),
                    str(path),
                    entry.line_of("id"),
                    "id",
                )
            )
        seen.add(target.id)
        targets.append(target)
    if problems:
        raise FactorDataError(problems)
    return tuple(targets)


def _parse_target(entry: YamlMap, label: str, file: str) -> tuple[Target | None, list[Problem]]:
    tid = str(entry.get("id") or label)
    problems: list[Problem] = []

    def problem(at: str, code: str, **params: object) -> None:
        problems.append(Problem(message(code, target=tid, **params), file, entry.line_of(at), at))

    for key in entry:
        if key not in _TARGET_KEYS:
            problem(key, "progress.target.unknown_key", key=key, allowed=", ".join(_TARGET_KEYS))
    for key in ("id", "scope", "metric", "base_year", "target_year", "source"):
        if entry.get(key) in (None, ""):
            problem(key, "progress.target.missing", field=key)
    years: dict[str, int] = {}
    for key in ("base_year", "target_year"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, int) and 1900 <= value <= 2100):
            problem(key, "progress.target.year", field=key, value=value)
        elif isinstance(value, int):
            years[key] = value
    numbers: dict[str, float] = {}
    for key in ("change", "level"):
        value = entry.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problem(key, "progress.target.number", field=key, value=value)
        else:
            numbers[key] = float(value)
    source = entry.get("source")
    document: SourceDocument | None = None
    if isinstance(source, YamlMap):
        for key in source:
            if key not in _SOURCE_KEYS:
                problem("source", "progress.target.unknown_key", key=f"source.{key}",
                        allowed=", ".join(_SOURCE_KEYS))  # fmt: skip
        missing = [key for key in _SOURCE_KEYS if source.get(key) in (None, "")]
        for key in missing:
            problem("source", "progress.target.missing", field=f"source.{key}")
        if not missing:
            document = SourceDocument(*(str(source[key]) for key in _SOURCE_KEYS))
    elif source is not None:
        problem("source", "progress.target.missing", field="source.issuer")
    if problems or document is None or len(years) < 2:
        return None, problems
    target = Target(
        id=tid,
        scope=str(entry["scope"]),
        metric=str(entry["metric"]),
        base_year=years["base_year"],
        target_year=years["target_year"],
        source=document,
        change=numbers.get("change"),
        level=numbers.get("level"),
        confirmed=entry.get("confirmed") is True,
        note=str(entry.get("note") or ""),
        kind=str(entry.get("kind") or "published"),
        scope_name=str(entry.get("scope_name") or ""),
    )
    found = target_problems(target)
    for item in found:
        key = item.column or "id"
        problems.append(Problem(item.message, file, entry.line_of(key), key))
    return (None if found else target), problems


@dataclass(frozen=True, slots=True)
class Trajectory:
    """The yearly path of one target from its base year to its target year."""

    target: Target
    method: Method
    values: Mapping[int, float]  # every year from the base year to the target year

    @property
    def annual_rate(self) -> float:
        """The constant annual rate that joins the base value to the target value."""
        b, t = self.target.base_year, self.target.target_year
        return float((self.values[t] / self.values[b]) ** (1.0 / (t - b)) - 1.0)


def _checked(target: Target, base_value: float) -> float:
    problems = target_problems(target)
    if not (math.isfinite(base_value) and base_value > 0):
        problems.append(
            Problem(message("progress.trajectory.base_value", target=target.id, value=base_value))
        )
    if problems:
        raise InputError(problems)
    return target.target_value(base_value)


def trajectory(target: Target, base_value: float, method: str = "geometric") -> Trajectory:
    """The yearly trajectory: geometric (constant annual rate, default) or linear."""
    if method not in METHODS:
        raise InputError(
            [
                Problem(
                    message("progress.trajectory.method", method=method, allowed=", ".join(METHODS))
                )
            ]
        )
    end = _checked(target, base_value)
    b, t = target.base_year, target.target_year
    values: dict[int, float] = {}
    for year in range(b, t + 1):
        share = (year - b) / (t - b)
        if method == "geometric":
            values[year] = base_value * (end / base_value) ** share
        else:
            values[year] = base_value + (end - base_value) * share
    return Trajectory(target, "geometric" if method == "geometric" else "linear", values)


def explicit_trajectory(
    target: Target, base_value: float, points: Mapping[int, float]
) -> Trajectory:
    """A trajectory of the secretariat's yearly points; the years between are interpolated
    geometrically. Refused (``InputError``, every problem) when a year lies before the base
    year or after the target year, or when a point at the base or target year contradicts
    the base value or the target."""
    end = _checked(target, base_value)
    b, t = target.base_year, target.target_year
    problems: list[Problem] = []
    for year in sorted(points):
        value = points[year]
        if year < b:
            problems.append(
                Problem(
                    message(
                        "progress.target.year_before_base", target=target.id, year=year, base_year=b
                    ),
                    row=year,
                )
            )
        elif year > t:
            problems.append(
                Problem(
                    message(
                        "progress.trajectory.after_target",
                        target=target.id,
                        year=year,
                        target_year=t,
                    ),
                    row=year,
                )
            )
        elif year in (b, t):
            expected = base_value if year == b else end
            if not math.isclose(value, expected, rel_tol=_TOLERANCE):
                problems.append(
                    Problem(
                        message(
                            "progress.trajectory.contradicts",
                            target=target.id,
                            year=year,
                            value=value,
                            expected=round(expected, 6),
                        ),
                        row=year,
                    )
                )
        elif not (math.isfinite(value) and value > 0):
            problems.append(
                Problem(
                    message("progress.trajectory.base_value", target=target.id, value=value),
                    row=year,
                )
            )
    if problems:
        raise InputError(problems)
    known = {b: base_value, t: end, **{y: v for y, v in points.items() if b < y < t}}
    years = sorted(known)
    values: dict[int, float] = {}
    for left, right in zip(years, years[1:], strict=False):
        for year in range(left, right + 1):
            share = (year - left) / (right - left)
            values[year] = known[left] * (known[right] / known[left]) ** share
    return Trajectory(target, "explicit", values)


@dataclass(frozen=True, slots=True)
class ProgressRules:
    """Status rules: on track when on or better than the path, at risk within the band."""

    at_risk_band: float = 0.02


@dataclass(frozen=True, slots=True)
class Progress:
    target_id: str
    year: int  # the latest year with an actual value
    actual: float
    expected: float  # the trajectory's value that year
    gap: float  # how far behind the path, as a fraction (<= 0: on or ahead of it)
    status: Status
    target_value: float
    years_left: int
    rate_needed: float | None  # the annual rate still needed; None in the target year
    rate_planned: float  # the trajectory's own constant annual rate


def rate_needed(target_value: float, actual: float, years_left: int) -> float | None:
    """(target / actual) ** (1 / years left) - 1; None when no year is left."""
    if years_left <= 0:
        return None
    return float((target_value / actual) ** (1.0 / years_left) - 1.0)


def assess_progress(
    path: Trajectory, actual: Mapping[int, float], rules: ProgressRules | None = None
) -> Progress:
    """Progress of an actual series against a trajectory, at the latest year it covers."""
    rules = rules or ProgressRules()
    target = path.target
    years = [y for y in actual if y in path.values and math.isfinite(actual[y])]
    if not years:
        raise InputError(
            [
                Problem(
                    message(
                        "progress.progress.no_actual",
                        target=target.id,
                        base_year=target.base_year,
                        target_year=target.target_year,
                    )
                )
            ]
        )
    year = max(years)
    value, expected = actual[year], path.values[year]
    lower_is_better = target.metric not in HIGHER_IS_BETTER
    gap = value / expected - 1.0 if lower_is_better else 1.0 - value / expected
    status: Status = (
        "on track" if gap <= 0 else "at risk" if gap <= rules.at_risk_band else "off track"
    )
    end = path.values[target.target_year]
    left = target.target_year - year
    return Progress(
        target_id=target.id,
        year=year,
        actual=value,
        expected=expected,
        gap=gap,
        status=status,
        target_value=end,
        years_left=left,
        rate_needed=rate_needed(end, value, left),
        rate_planned=path.annual_rate,
    )
