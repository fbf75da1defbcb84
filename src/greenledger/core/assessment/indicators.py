"""Reading one indicator of a rule set: its method, formula and thresholds, checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenledger.core.assessment.formula import FormulaError, compile_formula
from greenledger.core.assessment.model import METHODS, Indicator, Input, Step
from greenledger.core.assessment.yamlsrc import YamlList, YamlMap

if TYPE_CHECKING:
    from greenledger.core.assessment.loader import _Reader


def read_indicator(
    reader: _Reader, item: YamlMap, ident: str, inputs: dict[str, Input]
) -> Indicator | None:
    where = f"indicator {ident}"
    path = f"indicators.{ident}"
    method = item.get("method")
    if method not in METHODS:
        reader.problem(item.line_of("method"), f"{where}: method must be one of {METHODS}")
        return None
    formula = reader.formula(item.get("formula"), item.line_of("formula"), where)
    weight = reader.threshold(item, "weight", f"{path}.weight")
    evidence = reader.evidence(item, where)
    source = reader.source(item.get("source"), item.line, where)
    if ident in inputs and formula is not None and formula.text != ident:
        reader.problem(item.line, f"{where}: the id names an input but computes something else")
    if ident in reader.names and ident not in inputs:
        reader.problem(item.line, f"{where}: the id is already a constant")
    better = str(item.get("better", ""))
    benchmark = leading = at_benchmark = None
    steps: list[Step] = []
    points = None
    if method == "linear":
        benchmark = reader.threshold(item, "benchmark", f"{path}.benchmark")
        leading = reader.threshold(item, "leading", f"{path}.leading")
        if "at_benchmark" in item:
            at_benchmark = reader.threshold(item, "at_benchmark", f"{path}.at_benchmark")
            if at_benchmark is not None and not 0 <= at_benchmark.value <= 1:
                reader.problem(at_benchmark.line, f"{where}: at_benchmark is a share, 0..1")
        if benchmark is not None and leading is not None:
            if benchmark.value == leading.value:
                reader.problem(item.line, f"{where}: benchmark and leading values are equal")
            better = "higher" if leading.value > benchmark.value else "lower"
    elif method == "ratio_to_leading":
        leading = reader.threshold(item, "leading", f"{path}.leading")
        if better not in ("higher", "lower"):
            reader.problem(item.line, f"{where}: 'better' must be higher or lower")
        if leading is not None and leading.value <= 0:
            reader.problem(leading.line, f"{where}: the leading value must be positive")
    elif method == "steps":
        raw = item.get("steps")
        if not isinstance(raw, YamlList) or not raw:
            reader.problem(item.line, f"{where}: 'steps' must be a non-empty list")
        else:
            for index, step in enumerate(raw):
                if not isinstance(step, YamlMap):
                    reader.problem(raw.line, f"{where}: each step is a mapping")
                    continue
                found = read_step(reader, step, f"{path}.steps[{index}]")
                if found is not None:
                    steps.append(found)
            if weight is not None and any(s.points.value > weight.value for s in steps):
                reader.problem(item.line, f"{where}: a step gives more points than the weight")
    elif method == "formula_points":
        try:  # points read only the indicator's value
            points = compile_formula(item.get("points"), frozenset({"value"}))
        except FormulaError as exc:
            reader.problem(item.line_of("points"), f"{where}: {exc}")
    elif method == "declaration" and formula is not None:
        declared = inputs.get(formula.text)
        if declared is None or declared.kind != "bool":
            reader.problem(
                item.line_of("formula"), f"{where}: a declaration reads one yes/no input"
            )
    if formula is None or weight is None or not ident:
        return None
    return Indicator(
        id=ident,
        title=str(item.get("title", ident)),
        group=str(item.get("group", "")),
        method=str(method),
        formula=formula,
        unit=str(item.get("unit", "")),
        weight=weight,
        evidence=evidence,
        source=source,
        line=item.line,
        benchmark=benchmark,
        leading=leading,
        at_benchmark=at_benchmark,
        better=better,
        steps=tuple(steps),
        points=points,
    )


def read_step(reader: _Reader, item: YamlMap, path: str) -> Step | None:
    comparison = "at_least" if "at_least" in item else "at_most" if "at_most" in item else ""
    if not comparison:
        reader.problem(item.line, f"{path}: a step needs at_least or at_most")
        return None
    implied = "min" if comparison == "at_least" else "max"
    bound = reader.threshold(item, comparison, f"{path}.{comparison}", implied_limit=implied)
    points = reader.threshold(item, "points", f"{path}.points")
    if bound is None or points is None:
        return None
    return Step(bound, points, comparison)
