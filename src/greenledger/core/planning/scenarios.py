"""Scenarios of a plan: growth, the grid factor path, energy and carbon prices, discount rate.

A grid factor path (``data/grid_factor_paths.yaml``, its header explains every field) gives the
grid's average CO2 factor over the years: published figures citing their primary document, and
beyond them values that are GreenLedger's labelled conventions (never confirmed). ``grid_index``
turns a path into the factor of each year relative to the plan's start year, the form
``PlanInput.grid_factor_index`` takes: the electricity part of each end use's emissions follows
it, so Scope 2 falls as the grid gets cleaner without any measure.

A scenario (``ScenarioSpec``) overrides the plan's growth, grid index, energy price (None keeps
the plan's), carbon price and discount rate (``apply_scenario``). The three default scenarios,
baseline, policy and stretch, come from ``data/scenario_defaults.yaml`` (every number a stated
convention). ``compare_scenarios`` solves the plan under each scenario: the least-cost pathway
and the start year's abatement cost curve.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenledger.core.assessment.yamlsrc import YamlMap, load_yaml
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.planning.costs import MaccStep, macc
from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.pathway import Pathway, optimise

__all__ = [
    "DEFAULT_SCENARIOS_PATH",
    "GRID_PATHS_PATH",
    "SCENARIO_KINDS",
    "GridPath",
    "ScenarioOutcome",
    "ScenarioSpec",
    "apply_scenario",
    "compare_scenarios",
    "default_scenarios",
    "grid_index",
    "load_grid_paths",
]

_DATA = Path(__file__).parent / "data"
GRID_PATHS_PATH = _DATA / "grid_factor_paths.yaml"
DEFAULT_SCENARIOS_PATH = _DATA / "scenario_defaults.yaml"
SCENARIO_KINDS = ("baseline", "policy", "stretch", "custom")

_PATH_KEYS = ("name_zh", "name_en", "unit", "note", "points")
_POINT_KEYS = ("year", "value", "kind", "source", "confirmed", "basis")
_SOURCE_KEYS = ("issuer", "title", "document", "edition", "clause")
_SCENARIO_KEYS = (
    "name_zh",
    "name_en",
    "kind",
    "growth",
    "grid_path",
    "energy_price_yuan_per_tce",
    "carbon_price_yuan_per_t",
    "discount_rate",
    "basis",
)


@dataclass(frozen=True, slots=True)
class GridPath:
    """A grid factor path: ``points`` (year, factor in ``unit``), linear between points, the
    first value before them and the last after. ``source`` names the primary documents of its
    published points and says which points are conventions; ``confirmed`` only when every
    point is a published figure checked against its document. ``conventions``: the years whose
    values are GreenLedger's conventions, not published figures."""

    key: str
    name_zh: str
    name_en: str
    source: str
    confirmed: bool
    unit: str
    points: tuple[tuple[int, float], ...]
    note: str = ""
    conventions: tuple[int, ...] = ()

    def value(self, year: int) -> float | None:
        """The path's factor in ``year`` (None for a path without points: flat)."""
        if not self.points:
            return None
        if year <= self.points[0][0]:
            return self.points[0][1]
        for (y0, v0), (y1, v1) in zip(self.points, self.points[1:], strict=False):
            if y0 <= year <= y1:
                return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        return self.points[-1][1]


@dataclass(frozen=True, slots=True)
class ScenarioSpec:
    """One scenario: output ``growth`` a year, the ``grid_path`` key, the energy price (None:
    the plan's own), the carbon price and the discount rate."""

    name: str
    kind: str
    growth: float
    grid_path: str
    energy_price_yuan_per_tce: float | None
    carbon_price_yuan_per_t: float
    discount_rate: float


@dataclass(frozen=True, slots=True)
class ScenarioOutcome:
    """A scenario solved: its least-cost pathway and its (start-year) abatement cost curve."""

    spec: ScenarioSpec
    pathway: Pathway
    macc: tuple[MaccStep, ...]


class _Problems:
    def __init__(self, file: str, code: str, subject: str) -> None:
        self.file, self.code, self.subject = file, code, subject
        self.problems: list[Problem] = []

    def add(
        self, who: str, field: str, value: object, reason: Message, row: int | None = None
    ) -> None:
        params: dict[str, object] = {self.subject: who, "field": field, "value": value}
        self.problems.append(
            Problem(
                message(self.code, **params, reason=reason),
                file=self.file or None,
                row=row,
                column=f"{who}.{field}",
            )
        )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _line(data: object, key: str) -> int | None:
    return data.line_of(key) if isinstance(data, YamlMap) else None


def _unknown_keys(
    data: Mapping[str, Any], allowed: Sequence[str], who: str, out: _Problems
) -> None:
    for key in data:
        if key not in allowed:
            reason = message("planning.reason.unknown_key", allowed=", ".join(allowed))
            out.add(who, str(key), data[key], reason, _line(data, key))


def _sources(document: Mapping[str, Any], out: _Problems) -> dict[str, str]:
    raw = document.get("sources", {})
    if not isinstance(raw, Mapping):
        out.add("sources", "sources", None, message("planning.reason.mapping"))
        return {}
    sources: dict[str, str] = {}
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            out.add(str(key), "source", entry, message("planning.reason.mapping"), _line(raw, key))
            continue
        _unknown_keys(entry, _SOURCE_KEYS, str(key), out)
        texts = {field: _text(entry.get(field)) for field in _SOURCE_KEYS}
        for field, text in texts.items():
            if text is None and field != "clause":
                out.add(str(key), field, entry.get(field), message("planning.reason.text"))
        sources[str(key)] = " ".join(
            t for t in (texts["document"], texts["title"], texts["edition"]) if t
        )
    return sources


def _points(
    key: str, raw: object, sources: Mapping[str, str], out: _Problems
) -> tuple[list[tuple[int, float]], list[str], list[int], bool]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        out.add(key, "points", raw, message("planning.reason.list"))
        return [], [], [], False
    points: list[tuple[int, float]] = []
    cited: list[str] = []
    conventions: list[int] = []
    confirmed = True
    for index, point in enumerate(raw, start=1):
        field = f"points[{index}]"
        if not isinstance(point, Mapping):
            out.add(key, field, point, message("planning.reason.mapping"))
            continue
        _unknown_keys(point, _POINT_KEYS, f"{key}.{field}", out)
        year, value, kind = point.get("year"), _number(point.get("value")), point.get("kind")
        row = _line(point, "year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            out.add(key, f"{field}.year", year, message("planning.reason.year"), row)
            continue
        if points and year <= points[-1][0]:
            out.add(key, f"{field}.year", year, message("planning.reason.years_order"), row)
        if value is None or value < 0:
            reason = message("planning.reason.nonnegative")
            out.add(key, f"{field}.value", point.get("value"), reason, row)
            continue
        points.append((year, value))
        is_confirmed = point.get("confirmed", False)
        if not isinstance(is_confirmed, bool):
            reason = message("planning.reason.boolean")
            out.add(key, f"{field}.confirmed", is_confirmed, reason, row)
        if kind == "published":
            source = point.get("source")
            if source not in sources:
                known = ", ".join(sorted(sources)) or "-"
                reason = message("planning.reason.source", known=known)
                out.add(key, f"{field}.source", source, reason, row)
            elif sources[str(source)] not in cited:
                cited.append(sources[str(source)])
            confirmed = confirmed and is_confirmed is True
        elif kind == "convention":
            if _text(point.get("basis")) is None:
                reason = message("planning.reason.text")
                out.add(key, f"{field}.basis", point.get("basis"), reason, row)
            if is_confirmed is True:
                reason = message("planning.reason.convention_confirmed")
                out.add(key, f"{field}.confirmed", True, reason, row)
            conventions.append(year)
            confirmed = False
        else:
            out.add(key, f"{field}.kind", kind, message("planning.reason.point_kind"), row)
    return points, cited, conventions, confirmed and bool(points)


def load_grid_paths(path: Path | str | None = None) -> dict[str, GridPath]:
    """The grid factor paths of ``path`` (the shipped file by default), validated whole;
    ``InputError`` with every problem, each naming the path and the field."""
    file = Path(path) if path is not None else GRID_PATHS_PATH
    document = load_yaml(file)
    out = _Problems(str(file), "planning.grid.entry", "path")
    _unknown_keys(document, ("sources", "paths"), "file", out)
    sources = _sources(document, out)
    raw = document.get("paths")
    if not isinstance(raw, Mapping) or not raw:
        out.add("paths", "paths", raw, message("planning.reason.mapping"))
        raise InputError(out.problems)
    paths: dict[str, GridPath] = {}
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            out.add(str(key), "path", entry, message("planning.reason.mapping"), _line(raw, key))
            continue
        _unknown_keys(entry, _PATH_KEYS, str(key), out)
        texts = {field: _text(entry.get(field)) for field in ("name_zh", "name_en", "unit")}
        for field, text in texts.items():
            if text is None:
                out.add(
                    str(key),
                    field,
                    entry.get(field),
                    message("planning.reason.text"),
                    _line(entry, field),
                )
        points, cited, conventions, confirmed = _points(
            str(key), entry.get("points", []), sources, out
        )
        parts = list(cited)
        if conventions:
            years = ", ".join(str(y) for y in conventions)
            parts.append(f"GreenLedger convention, not published: {years}")
        if not points:
            parts.append("GreenLedger convention: flat (no points)")
        paths[str(key)] = GridPath(
            key=str(key),
            name_zh=texts["name_zh"] or "",
            name_en=texts["name_en"] or "",
            source="; ".join(parts),
            confirmed=confirmed,
            unit=texts["unit"] or "",
            points=tuple(points),
            note=_text(entry.get("note")) or "",
            conventions=tuple(conventions),
        )
    if out.problems:
        raise InputError(out.problems)
    return paths


def grid_index(path: GridPath, start_year: int) -> tuple[tuple[int, float], ...]:
    """The path as ``PlanInput.grid_factor_index``: (start_year, 1.0), then each point after
    the start year divided by the path's value in the start year; () for a path that stays
    flat from the start year on (no points, none after the start year, or a zero factor)."""
    base = path.value(start_year)
    later = [(year, value) for year, value in path.points if year > start_year]
    if base is None or not base or not later:
        return ()
    return ((start_year, 1.0), *((year, value / base) for year, value in later))


def _spec(key: str, entry: Mapping[str, Any], out: _Problems, language: str) -> ScenarioSpec | None:
    _unknown_keys(entry, _SCENARIO_KEYS, key, out)
    ok = True

    def bad(field: str, reason: Message) -> None:
        nonlocal ok
        ok = False
        out.add(key, field, entry.get(field), reason, _line(entry, field))

    for field in ("name_zh", "name_en", "grid_path"):
        if _text(entry.get(field)) is None:
            bad(field, message("planning.reason.text"))
    kind = entry.get("kind")
    if kind not in SCENARIO_KINDS:
        bad("kind", message("planning.reason.choice", allowed=", ".join(SCENARIO_KINDS)))
    growth = _number(entry.get("growth"))
    if growth is None or growth <= -1:
        bad("growth", message("planning.reason.growth"))
    rate = _number(entry.get("discount_rate"))
    if rate is None or not 0 <= rate < 1:
        bad("discount_rate", message("planning.reason.rate"))
    prices: dict[str, float | None] = {}
    for field in ("energy_price_yuan_per_tce", "carbon_price_yuan_per_t"):
        raw = entry.get(field)
        price = _number(raw)
        if raw is None and field == "energy_price_yuan_per_tce":
            prices[field] = None
        elif price is None or price < 0:
            bad(field, message("planning.reason.nonnegative"))
        else:
            prices[field] = price
    basis = entry.get("basis")
    if not isinstance(basis, Mapping):
        bad("basis", message("planning.reason.mapping"))
    else:
        for field in _SCENARIO_KEYS[3:8]:
            if _text(basis.get(field)) is None:
                out.add(key, f"basis.{field}", basis.get(field), message("planning.reason.text"))
                ok = False
    if not ok:
        return None
    assert growth is not None and rate is not None
    return ScenarioSpec(
        name=str(entry["name_zh" if language.startswith("zh") else "name_en"]).strip(),
        kind=str(kind),
        growth=growth,
        grid_path=str(entry["grid_path"]).strip(),
        energy_price_yuan_per_tce=prices["energy_price_yuan_per_tce"],
        carbon_price_yuan_per_t=prices["carbon_price_yuan_per_t"] or 0.0,
        discount_rate=rate,
    )


def default_scenarios(
    path: Path | str | None = None,
    *,
    language: str = "en",
    grid_paths: Mapping[str, GridPath] | None = None,
) -> tuple[ScenarioSpec, ...]:
    """The default scenarios (baseline, policy, stretch) of ``path`` (the shipped file by
    default), named in ``language`` ("zh..." gives the Chinese names); every grid path they
    name must be one of ``grid_paths`` (the shipped paths by default)."""
    file = Path(path) if path is not None else DEFAULT_SCENARIOS_PATH
    document = load_yaml(file)
    out = _Problems(str(file), "planning.scenario.entry", "scenario")
    _unknown_keys(document, ("scenarios",), "file", out)
    raw = document.get("scenarios")
    if not isinstance(raw, Mapping) or not raw:
        out.add("scenarios", "scenarios", raw, message("planning.reason.mapping"))
        raise InputError(out.problems)
    known = grid_paths if grid_paths is not None else load_grid_paths()
    specs: list[ScenarioSpec] = []
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            out.add(str(key), "scenario", entry, message("planning.reason.mapping"))
            continue
        spec = _spec(str(key), entry, out, language)
        if spec is None:
            continue
        if spec.grid_path not in known:
            reason = message("planning.reason.grid_path", known=", ".join(sorted(known)))
            out.add(str(key), "grid_path", spec.grid_path, reason, _line(entry, "grid_path"))
            continue
        specs.append(spec)
    if out.problems:
        raise InputError(out.problems)
    return tuple(specs)


def _check_spec(spec: ScenarioSpec, paths: Mapping[str, GridPath]) -> None:
    out = _Problems("", "planning.scenario.entry", "scenario")
    if spec.grid_path not in paths:
        reason = message("planning.reason.grid_path", known=", ".join(sorted(paths)))
        out.add(spec.name, "grid_path", spec.grid_path, reason)
    if not math.isfinite(spec.growth) or spec.growth <= -1:
        out.add(spec.name, "growth", spec.growth, message("planning.reason.growth"))
    if not math.isfinite(spec.discount_rate) or not 0 <= spec.discount_rate < 1:
        out.add(spec.name, "discount_rate", spec.discount_rate, message("planning.reason.rate"))
    for field in ("energy_price_yuan_per_tce", "carbon_price_yuan_per_t"):
        value = getattr(spec, field)
        if value is not None and (not math.isfinite(value) or value < 0):
            out.add(spec.name, field, value, message("planning.reason.nonnegative"))
    if out.problems:
        raise InputError(out.problems)


def apply_scenario(plan: PlanInput, spec: ScenarioSpec, paths: Mapping[str, GridPath]) -> PlanInput:
    """The plan under the scenario: its growth, the grid index of its path from the plan's
    start year, its energy price (None keeps the plan's), carbon price and discount rate;
    ``InputError`` naming the scenario and the field for an unknown path or a bad number."""
    _check_spec(spec, paths)
    return dataclasses.replace(
        plan,
        growth=spec.growth,
        grid_factor_index=grid_index(paths[spec.grid_path], plan.start_year),
        energy_price_yuan_per_tce=(
            spec.energy_price_yuan_per_tce
            if spec.energy_price_yuan_per_tce is not None
            else plan.energy_price_yuan_per_tce
        ),
        carbon_price_yuan_per_t=spec.carbon_price_yuan_per_t,
        discount_rate=spec.discount_rate,
    )


def compare_scenarios(
    plan: PlanInput,
    specs: Sequence[ScenarioSpec],
    *,
    paths: Mapping[str, GridPath],
    time_limit_s: float = 10.0,
) -> tuple[ScenarioOutcome, ...]:
    """Each scenario solved on the plan: its least-cost pathway (``time_limit_s`` each) and its
    abatement cost curve, in the order of ``specs``."""
    outcomes: list[ScenarioOutcome] = []
    for spec in specs:
        scenario_plan = apply_scenario(plan, spec, paths)
        outcomes.append(
            ScenarioOutcome(
                spec=spec,
                pathway=optimise(scenario_plan, time_limit_s=time_limit_s),
                macc=macc(scenario_plan),
            )
        )
    return tuple(outcomes)
