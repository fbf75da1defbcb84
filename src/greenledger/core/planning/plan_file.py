"""The plan file's reader: ``load_plan`` validates the whole parsed JSON file (see
``greenledger.core.planning.model`` for its keys) and refuses it with one ``InputError``
listing every problem, each naming the measure (or end use, target, key) and the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.planning.model import EFFECTS, EndUse, Measure, PlanInput, Target

__all__ = ["load_plan"]


_PLAN_KEYS = (
    "start_year",
    "end_year",
    "discount_rate",
    "carbon_price_yuan_per_t",
    "energy_price_yuan_per_tce",
    "baseline",
    "targets",
    "budget_yuan",
    "measures",
    "grid_factor_index",
    "annual_budget_yuan",
    "max_adoptions_per_year",
)
_MEASURE_KEYS = (
    "id",
    "end_use",
    "saving_rate",
    "capex_yuan",
    "annual_opex_change_yuan",
    "lifetime_years",
    "group",
    "requires",
    "earliest_year",
    "effect",
)


class _Collector:
    """Gathers every problem of one plan file."""

    def __init__(self, file: str) -> None:
        self.file = file or None
        self.problems: list[Problem] = []

    def add(self, column: str, reason: Message) -> None:
        self.problems.append(Problem(reason, file=self.file, column=column))


def _is_number(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


def _is_year(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and 1900 <= value <= 2200


def _plan_number(
    data: Mapping[str, Any], key: str, out: _Collector, *, default: float | None = None
) -> float | None:
    if key not in data or data[key] is None:
        if default is None and key in ("discount_rate",):
            out.add(key, message("planning.plan.missing", field=key))
        return default
    value = data[key]
    if not _is_number(value):
        out.add(key, message("planning.plan.number", field=key, value=value))
        return None
    number = float(value)
    if number < 0:
        out.add(key, message("planning.plan.negative", field=key, value=value))
        return None
    return number


def _plan_year(data: Mapping[str, Any], key: str, out: _Collector) -> int | None:
    if key not in data:
        out.add(key, message("planning.plan.missing", field=key))
        return None
    value = data[key]
    if not _is_year(value):
        out.add(key, message("planning.plan.year", field=key, value=value))
        return None
    return int(value)


def _end_uses(
    data: Mapping[str, Any], out: _Collector
) -> tuple[tuple[EndUse, ...], float, float | None]:
    baseline = data.get("baseline")
    if not isinstance(baseline, Mapping):
        out.add("baseline", message("planning.plan.object", field="baseline"))
        return (), 0.0, None
    growth = 0.0
    raw_growth = baseline.get("growth", 0.0)
    if not _is_number(raw_growth) or float(raw_growth) <= -1:
        out.add("baseline.growth", message("planning.baseline.growth", value=raw_growth))
    else:
        growth = float(raw_growth)
    output: float | None = None
    raw_output = baseline.get("output_wan_yuan")
    if raw_output is not None:
        field = "baseline.output_wan_yuan"
        if not _is_number(raw_output):
            out.add(field, message("planning.plan.number", field=field, value=raw_output))
        elif float(raw_output) <= 0:
            out.add(field, message("planning.plan.positive", field=field, value=raw_output))
        else:
            output = float(raw_output)
    raw = baseline.get("end_uses")
    if not isinstance(raw, Mapping) or not raw:
        out.add("baseline.end_uses", message("planning.baseline.no_end_uses"))
        return (), growth, output
    end_uses: list[EndUse] = []
    for name, fields in raw.items():
        column = f"baseline.end_uses.{name}"
        if not isinstance(fields, Mapping):
            out.add(column, message("planning.end_use.object", end_use=name))
            continue
        values: dict[str, float] = {}
        for key in ("energy_tce", "emissions_t"):
            if key not in fields:
                out.add(
                    f"{column}.{key}", message("planning.end_use.missing", end_use=name, field=key)
                )
            elif not _is_number(fields[key]) or float(fields[key]) < 0:
                out.add(
                    f"{column}.{key}",
                    message("planning.end_use.number", end_use=name, field=key, value=fields[key]),
                )
            else:
                values[key] = float(fields[key])
        electricity = fields.get("electricity_emissions_t")
        key = "electricity_emissions_t"
        if electricity is not None:
            if not _is_number(electricity) or float(electricity) < 0:
                out.add(
                    f"{column}.{key}",
                    message("planning.end_use.number", end_use=name, field=key, value=electricity),
                )
                continue
            if "emissions_t" in values and float(electricity) > values["emissions_t"] * (1 + 1e-9):
                out.add(
                    f"{column}.{key}",
                    message(
                        "planning.end_use.electricity",
                        end_use=name,
                        field=key,
                        value=electricity,
                        emissions=values["emissions_t"],
                    ),
                )
                continue
        if len(values) == 2:
            end_uses.append(
                EndUse(
                    str(name),
                    values["energy_tce"],
                    values["emissions_t"],
                    min(float(electricity or 0.0), values["emissions_t"]),
                )
            )
    return tuple(end_uses), growth, output


def _grid_index(data: Mapping[str, Any], out: _Collector) -> tuple[tuple[int, float], ...]:
    raw = data.get("grid_factor_index")
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        out.add("grid_factor_index", message("planning.plan.object", field="grid_factor_index"))
        return ()
    points: list[tuple[int, float]] = []
    for key, value in raw.items():
        field = f"grid_factor_index.{key}"
        year = int(key) if isinstance(key, str) and key.strip().isdigit() else key
        if not _is_year(year):
            out.add(field, message("planning.plan.year", field=field, value=key))
        elif not _is_number(value):
            out.add(field, message("planning.plan.number", field=field, value=value))
        elif float(value) < 0:
            out.add(field, message("planning.plan.negative", field=field, value=value))
        else:
            points.append((int(year), float(value)))
    return tuple(sorted(points))


def _max_adoptions(data: Mapping[str, Any], out: _Collector) -> int | None:
    value = data.get("max_adoptions_per_year")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        field = "max_adoptions_per_year"
        out.add(field, message("planning.plan.whole_number", field=field, value=value))
        return None
    return int(value)


def _targets(
    data: Mapping[str, Any],
    start: int | None,
    end: int | None,
    out: _Collector,
    *,
    has_output: bool,
) -> tuple[Target, ...]:
    raw = data.get("targets", [])
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        out.add("targets", message("planning.plan.list", field="targets"))
        return ()
    targets: list[Target] = []
    seen: set[int] = set()
    for index, item in enumerate(raw, start=1):
        column = f"targets[{index}]"
        if not isinstance(item, Mapping):
            out.add(column, message("planning.target.object", target=index))
            continue
        year: Any = item.get("year")
        limits: dict[str, float | None] = {}
        ok = True
        if not _is_year(year):
            out.add(
                f"{column}.year",
                message("planning.target.year", target=index, field="year", value=year),
            )
            ok = False
        elif start is not None and year < start:
            out.add(
                f"{column}.year",
                message("planning.target.before_start", target=index, year=year, start=start),
            )
            ok = False
        elif end is not None and year > end:
            out.add(
                f"{column}.year",
                message("planning.target.after_end", target=index, year=year, end=end),
            )
            ok = False
        elif year in seen:
            out.add(f"{column}.year", message("planning.target.duplicate", year=year))
            ok = False
        for key in ("max_emissions_t", "max_intensity_t_per_wan_yuan"):
            value = item.get(key)
            if value is None:
                limits[key] = None
            elif not _is_number(value) or float(value) < 0:
                out.add(
                    f"{column}.{key}",
                    message("planning.target.number", target=index, field=key, value=value),
                )
                ok = False
            else:
                limits[key] = float(value)
        if ok and all(v is None for v in limits.values()):
            out.add(f"{column}.max_emissions_t", message("planning.target.no_cap", target=index))
            ok = False
        if ok and limits["max_intensity_t_per_wan_yuan"] is not None and not has_output:
            field = "max_intensity_t_per_wan_yuan"
            out.add(
                f"{column}.{field}",
                message("planning.target.no_output", target=index, field=field),
            )
            ok = False
        if ok:
            assert isinstance(year, int)
            seen.add(year)
            targets.append(
                Target(year, limits["max_emissions_t"], limits["max_intensity_t_per_wan_yuan"])
            )
    return tuple(sorted(targets, key=lambda t: t.year))


def _measure(
    index: int,
    item: object,
    end_use_names: set[str] | None,
    start: int | None,
    end: int | None,
    out: _Collector,
) -> Measure | None:
    if not isinstance(item, Mapping):
        out.add(f"measures[{index}]", message("planning.measure.object", index=index))
        return None
    raw_id = item.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        out.add(f"measures[{index}].id", message("planning.measure.id", index=index))
        return None
    mid = raw_id.strip()
    column = f"measures[{mid}]"
    ok = True

    def bad(field: str, code: str, **params: object) -> None:
        nonlocal ok
        ok = False
        out.add(f"{column}.{field}", message(code, measure=mid, field=field, **params))

    for key in item:
        if key not in _MEASURE_KEYS:
            bad(str(key), "planning.measure.unknown_key", allowed=", ".join(_MEASURE_KEYS))
    for key in _MEASURE_KEYS[:6]:
        if key not in item:
            bad(key, "planning.measure.missing")
    end_use = item.get("end_use")
    if "end_use" in item:
        if not isinstance(end_use, str):
            bad("end_use", "planning.measure.text", value=end_use)
        elif end_use_names is not None and end_use not in end_use_names:
            bad(
                "end_use",
                "planning.measure.end_use",
                value=end_use,
                known=", ".join(sorted(end_use_names)),
            )
    numbers: dict[str, float] = {}
    for key in ("saving_rate", "capex_yuan", "annual_opex_change_yuan"):
        if key in item:
            if not _is_number(item[key]):
                bad(key, "planning.measure.number", value=item[key])
            else:
                numbers[key] = float(item[key])
    if "saving_rate" in numbers and not 0 <= numbers["saving_rate"] <= 1:
        bad("saving_rate", "planning.measure.saving_rate", value=item["saving_rate"])
    if "capex_yuan" in numbers and numbers["capex_yuan"] < 0:
        bad("capex_yuan", "planning.measure.negative", value=item["capex_yuan"])
    lifetime = item.get("lifetime_years")
    if "lifetime_years" in item and (
        isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime <= 0
    ):
        bad("lifetime_years", "planning.measure.lifetime", value=lifetime)
    group = item.get("group")
    if group is not None and (not isinstance(group, str) or not group.strip()):
        bad("group", "planning.measure.text", value=group)
    requires = item.get("requires", [])
    if requires is None:
        requires = []
    if (
        isinstance(requires, str)
        or not isinstance(requires, Sequence)
        or not all(isinstance(r, str) and r.strip() for r in requires)
    ):
        bad("requires", "planning.measure.requires_list", value=requires)
        requires = []
    earliest = item.get("earliest_year")
    if earliest is not None:
        if not _is_year(earliest):
            bad("earliest_year", "planning.measure.year", value=earliest)
        elif start is not None and end is not None and not start <= earliest <= end:
            bad(
                "earliest_year",
                "planning.measure.earliest_year",
                value=earliest,
                start=start,
                end=end,
            )
    effect = item.get("effect", "energy")
    if effect is None:
        effect = "energy"
    if effect not in EFFECTS:
        bad("effect", "planning.measure.effect", value=effect)
    if not ok:
        return None
    assert isinstance(end_use, str) and isinstance(lifetime, int)
    return Measure(
        id=mid,
        end_use=end_use,
        saving_rate=numbers["saving_rate"],
        capex_yuan=numbers["capex_yuan"],
        annual_opex_change_yuan=numbers["annual_opex_change_yuan"],
        lifetime_years=lifetime,
        group=group.strip() if isinstance(group, str) else None,
        requires=tuple(r.strip() for r in requires),
        earliest_year=int(earliest) if isinstance(earliest, int) else None,
        effect=str(effect),
    )


def _raw_requires(raw_measures: Sequence[Any]) -> dict[str, tuple[str, ...]]:
    """Each measure id's prerequisites as written (also of measures with other problems)."""
    graph: dict[str, tuple[str, ...]] = {}
    for item in raw_measures:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            continue
        requires = item.get("requires") or []
        if isinstance(requires, str) or not isinstance(requires, Sequence):
            requires = []
        graph.setdefault(
            item["id"].strip(), tuple(r.strip() for r in requires if isinstance(r, str))
        )
    return graph


def _requires_cycles(graph: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """Every prerequisite cycle once, as the ids along it (starting at its smallest id)."""
    cycles: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                first = cycle.index(min(cycle))
                cycles.add(tuple(cycle[first:] + cycle[:first]))
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return sorted(cycles)


def load_plan(data: Mapping[str, Any], *, file: str = "") -> PlanInput:
    """The plan in ``data`` (the parsed JSON file), or ``InputError`` with every problem."""
    out = _Collector(file)
    if not isinstance(data, Mapping):
        out.add("", message("planning.plan.not_object"))
        raise InputError(out.problems)
    for key in data:
        if key not in _PLAN_KEYS:
            out.add(
                str(key),
                message("planning.plan.unknown_key", key=key, allowed=", ".join(_PLAN_KEYS)),
            )
    start = _plan_year(data, "start_year", out)
    end = _plan_year(data, "end_year", out)
    if start is not None and end is not None and start > end:
        out.add("start_year", message("planning.plan.years_order", start=start, end=end))
    years_ok = start is not None and end is not None and start <= end
    rate = _plan_number(data, "discount_rate", out)
    if rate is not None and rate >= 1:
        out.add("discount_rate", message("planning.plan.discount_rate", value=rate))
    carbon_price = _plan_number(data, "carbon_price_yuan_per_t", out, default=0.0)
    energy_price = _plan_number(data, "energy_price_yuan_per_tce", out, default=None)
    budget = _plan_number(data, "budget_yuan", out, default=None)
    annual_budget = _plan_number(data, "annual_budget_yuan", out, default=None)
    max_adoptions = _max_adoptions(data, out)
    grid = _grid_index(data, out)
    end_uses, growth, output = _end_uses(data, out)
    names_ok = isinstance(data.get("baseline"), Mapping) and not any(
        p.column is not None and p.column.startswith("baseline.end_uses") for p in out.problems
    )
    names = {e.name for e in end_uses} if names_ok else None
    baseline = data.get("baseline")
    has_output = isinstance(baseline, Mapping) and baseline.get("output_wan_yuan") is not None
    targets = _targets(data, start, end, out, has_output=has_output)
    raw_measures = data.get("measures", [])
    measures: list[Measure] = []
    if not isinstance(raw_measures, Sequence) or isinstance(raw_measures, str):
        out.add("measures", message("planning.plan.list", field="measures"))
    else:
        seen: set[str] = set()
        for index, item in enumerate(raw_measures, start=1):
            raw_id = item.get("id") if isinstance(item, Mapping) else None
            if isinstance(raw_id, str) and raw_id.strip():
                if raw_id.strip() in seen:
                    out.add(
                        f"measures[{raw_id.strip()}].id",
                        message("planning.measure.duplicate", measure=raw_id.strip()),
                    )
                    continue
                seen.add(raw_id.strip())
            measure = _measure(
                index, item, names, start if years_ok else None, end if years_ok else None, out
            )
            if measure is None:
                continue
            measures.append(measure)
        graph = _raw_requires(raw_measures)
        for mid, required in graph.items():
            for other in required:
                if other not in graph:
                    out.add(
                        f"measures[{mid}].requires",
                        message(
                            "planning.measure.requires_unknown",
                            measure=mid,
                            field="requires",
                            value=other,
                        ),
                    )
        for cycle in _requires_cycles(graph):
            out.add(
                f"measures[{cycle[0]}].requires",
                message(
                    "planning.measure.requires_cycle",
                    measure=cycle[0],
                    field="requires",
                    cycle=" -> ".join((*cycle, cycle[0])),
                ),
            )
    if out.problems:
        raise InputError(out.problems)
    assert start is not None and end is not None and rate is not None
    return PlanInput(
        start_year=start,
        end_year=end,
        discount_rate=rate,
        end_uses=end_uses,
        growth=growth,
        targets=targets,
        measures=tuple(measures),
        budget_yuan=budget,
        carbon_price_yuan_per_t=carbon_price if carbon_price is not None else 0.0,
        energy_price_yuan_per_tce=energy_price,
        output_wan_yuan=output,
        grid_factor_index=grid,
        annual_budget_yuan=annual_budget,
        max_adoptions_per_year=max_adoptions,
    )
