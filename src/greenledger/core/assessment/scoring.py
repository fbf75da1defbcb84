"""Indicator scoring methods: the value in, points and a sentence explaining them out."""

from __future__ import annotations

from collections.abc import Callable

from greenledger.core.assessment.formula import FormulaError
from greenledger.core.assessment.model import Indicator, Threshold
from greenledger.core.assessment.wording import SYMBOLS, describe, meets, required_operator
from greenledger.core.messages import Message, message

Resolve = Callable[[Threshold], float]  # the value applied for a threshold (after overrides)


def score(
    indicator: Indicator, value: float | bool, resolve: Resolve, evidence_ok: bool
) -> tuple[float, Message]:
    weight = resolve(indicator.weight)
    method = indicator.method
    if method in ("pass_fail", "declaration"):
        return _yes_no(indicator, value, weight, evidence_ok)
    if isinstance(value, bool):
        raise FormulaError(f"indicator {indicator.id}: the formula gives yes/no, not a number")
    if indicator.evidence == "required" and not evidence_ok:
        return 0.0, message("scoring.evidence_missing")
    if method == "linear":
        return _linear(indicator, value, weight, resolve)
    if method == "ratio_to_leading":
        return _ratio(indicator, value, weight, resolve)
    if method == "steps":
        return _steps(indicator, value, resolve)
    assert indicator.points is not None  # formula_points, checked at load time
    raw = indicator.points.evaluate({"value": value})
    if isinstance(raw, bool):
        raise FormulaError(f"indicator {indicator.id}: points formula gives yes/no")
    points = min(max(float(raw), 0.0), weight)
    return points, message(
        "scoring.formula_points", formula=indicator.points.text, raw=raw, value=value, weight=weight
    )


def _yes_no(
    indicator: Indicator, value: float | bool, weight: float, evidence_ok: bool
) -> tuple[float, Message]:
    if not isinstance(value, bool):
        raise FormulaError(f"indicator {indicator.id}: the formula gives a number, not yes/no")
    if not value:
        return 0.0, message("scoring.not_met")
    if indicator.evidence == "required" and not evidence_ok:
        return 0.0, message("scoring.declared_no_evidence")
    return weight, message("scoring.met", weight=weight)


def _linear(
    indicator: Indicator, value: float, weight: float, resolve: Resolve
) -> tuple[float, Message]:
    assert indicator.benchmark is not None and indicator.leading is not None
    benchmark, leading = resolve(indicator.benchmark), resolve(indicator.leading)
    base = resolve(indicator.at_benchmark) if indicator.at_benchmark is not None else 0.0
    sign = 1.0 if leading > benchmark else -1.0
    if sign * (value - benchmark) < 0:
        return 0.0, message("scoring.worse_than_benchmark", benchmark=benchmark)
    if sign * (value - leading) >= 0:
        return weight, message("scoring.at_leading", leading=leading, weight=weight)
    share = base + (1.0 - base) * (value - benchmark) / (leading - benchmark)
    return weight * share, message(
        "scoring.linear",
        benchmark=benchmark,
        leading=leading,
        share=share,
        weight=weight,
        base=base,
    )


def _ratio(
    indicator: Indicator, value: float, weight: float, resolve: Resolve
) -> tuple[float, Message]:
    assert indicator.leading is not None
    leading = resolve(indicator.leading)
    if indicator.better == "higher":
        ratio = value / leading
    elif value <= 0:
        ratio = 1.0
    else:
        ratio = leading / value
    capped = min(max(ratio, 0.0), 1.0)
    return weight * capped, message(
        "scoring.ratio_capped" if ratio > 1 else "scoring.ratio",
        ratio=ratio,
        leading=leading,
        capped=capped,
        weight=weight,
    )


def _steps(indicator: Indicator, value: float, resolve: Resolve) -> tuple[float, Message]:
    for step in indicator.steps:
        bound, limit = resolve(step.bound), step.bound
        if meets(value, bound, limit.limit, limit.bound):
            points = resolve(step.points)
            sign = SYMBOLS[required_operator(limit.limit, limit.bound)]
            wording = describe(limit.wording, limit.bound)
            return points, message(
                "scoring.step", value=value, sign=sign, bound=bound, wording=wording, points=points
            )
    return 0.0, message("scoring.no_step")
