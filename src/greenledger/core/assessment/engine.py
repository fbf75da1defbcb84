"""Assess one application against one rule set and explain every item of the result."""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from greenledger.core.assessment.formula import Formula, FormulaError, Value
from greenledger.core.assessment.model import Indicator, Input, RuleSet, Threshold
from greenledger.core.assessment.result import (
    AssessmentResult,
    IndicatorResult,
    LevelResult,
    RequirementResult,
    ThresholdUse,
)
from greenledger.core.assessment.scoring import score
from greenledger.core.assessment.wording import chosen_constant, comparisons, explain
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message

WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Application:
    """What an applicant submits: input values, evidence per item, and (for a call) overrides
    of configurable thresholds, keyed by threshold path."""

    inputs: Mapping[str, Value]
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any, file: str | None = None) -> Application:
        """Read the JSON form ({"inputs": {...}, "evidence": {...}, "thresholds": {...}})."""
        problems: list[Problem] = []
        if not isinstance(data, dict):
            raise InputError([Problem(message("application.not_object"), file=file)])
        unknown = sorted(set(data) - {"inputs", "evidence", "thresholds", "applicant", "notes"})
        problems += [
            Problem(message("application.unknown_key", key=key), file=file) for key in unknown
        ]
        inputs: dict[str, Value] = {}
        for key, value in _object(data, "inputs", problems, file).items():
            if isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value)):
                inputs[key] = value
            else:
                problems.append(Problem(message("application.input_type", key=key), file))
        evidence: dict[str, tuple[str, ...]] = {}
        for key, value in _object(data, "evidence", problems, file).items():
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(Problem(message("application.evidence_type", key=key), file))
            else:
                evidence[key] = tuple(value)
        thresholds: dict[str, float] = {}
        for key, value in _object(data, "thresholds", problems, file).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(Problem(message("application.threshold_type", key=key), file))
            else:
                thresholds[key] = float(value)
        if problems:
            raise InputError(problems, headline=message("application.invalid"))
        return cls(inputs, evidence, thresholds)


def _object(data: dict[str, Any], key: str, problems: list[Problem], file: str | None) -> Any:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(Problem(message("application.must_be_object", key=key), file))
        return {}
    return value


def assess(
    ruleset: RuleSet,
    application: Application,
    inventory_inputs: Mapping[str, float] | None = None,
    *,
    file: str | None = None,
    partial: bool = False,
) -> AssessmentResult:
    """Score `application`; inputs the application leaves out are taken from the verified
    inventory (`inventory_inputs`, see `inputs_from_inventory`) where the rule set allows it.

    With `partial`, missing inputs are not an error: the items that need them are left out of
    the result and listed in `pending` (with the inputs in `missing_inputs`), the total covers
    the items scored so far and no level is given. A preview for applicants, never a result."""
    by_path = {t.path: t for t in ruleset.thresholds()}
    override_problems = _override_problems(ruleset, application, by_path, file)
    try:
        values, origins, missing = _inputs(
            ruleset, application, inventory_inputs or {}, file, partial=partial
        )
    except InputError as exc:
        raise InputError([*override_problems, *exc.problems], exc.headline_message) from None
    if override_problems:
        raise InputError(override_problems, headline=message("application.overrides_invalid"))

    def resolve(threshold: Threshold) -> float:
        return application.thresholds.get(threshold.path, threshold.value)

    def use(threshold: Threshold) -> ThresholdUse:
        return ThresholdUse(
            threshold.path,
            resolve(threshold),
            threshold.confirmed,
            threshold.configurable,
            threshold.path in application.thresholds,
            threshold.source.describe(ruleset.documents),
            threshold.limit,
            threshold.bound,
            threshold.wording,
        )

    names: dict[str, Value] = dict(values)
    names.update({key: resolve(t) for key, t in ruleset.constants.items()})
    problems: list[Problem] = []
    pending: list[str] = []
    requirements = []
    for req in ruleset.requirements:
        if req.condition.names & missing:
            pending.append(req.id)
            continue
        evidence = application.evidence.get(req.id, ())
        try:
            met = bool(req.condition.evaluate(names))
        except FormulaError as exc:
            problems.append(
                Problem(message("assessment.requirement_error", id=req.id, detail=str(exc)), file)
            )
            continue
        note = None
        if met and req.evidence == "required" and not evidence:
            met, note = False, message("assessment.evidence_missing")
        limits = explain_limits(req.condition, names, ruleset, resolve)
        requirements.append(
            RequirementResult(
                req.id,
                req.title,
                met,
                req.condition.text,
                {n: names[n] for n in sorted(req.condition.names) if n in values},
                tuple(
                    use(ruleset.constants[n])
                    for n in sorted(req.condition.names)
                    if n in ruleset.constants
                ),
                req.evidence,
                evidence,
                req.source.describe(ruleset.documents),
                note.english() if note else "",
                limits.english() if limits else "",
                note,
                limits,
            )
        )
    indicators = []
    for indicator in ruleset.indicators:
        if indicator.formula.names & missing:
            pending.append(indicator.id)
            continue
        try:
            indicators.append(_indicator(ruleset, indicator, names, origins, application, use))
        except FormulaError as exc:
            problems.append(
                Problem(
                    message("assessment.indicator_error", id=indicator.id, detail=str(exc)), file
                )
            )
    if problems:
        raise InputError(problems, headline=message("assessment.cannot_score"))
    basic_met = all(r.passed for r in requirements)
    total = sum(i.points for i in indicators)
    level_names = dict(names)
    level_names.update({i.id: i.value for i in indicators})
    levels = []
    for level in ruleset.levels:
        minimum = resolve(level.minimum) if level.minimum is not None else 0.0
        conditions_met = not any(
            c.names & (missing | set(pending)) for c in level.conditions
        ) and all(bool(c.evaluate(level_names)) for c in level.conditions)
        levels.append(
            LevelResult(
                level.id,
                level.title,
                minimum,
                not pending
                and basic_met
                and total >= minimum - WEIGHT_TOLERANCE
                and conditions_met,
                tuple(c.text for c in level.conditions),
                conditions_met,
                use(level.minimum) if level.minimum is not None else None,
            )
        )
    reached = [lv for lv in levels if lv.reached]
    applied = [] if ruleset.total.confirmed else [ruleset.total.path]
    applied += [t.path for i in indicators for t in i.thresholds if not t.confirmed]
    applied += [t.path for r in requirements for t in r.thresholds if not t.confirmed]
    applied += [lv.threshold.path for lv in levels if lv.threshold and not lv.threshold.confirmed]
    return AssessmentResult(
        ruleset=ruleset.id,
        title=ruleset.title,
        status=ruleset.status,
        basic_requirements_met=basic_met,
        requirements=tuple(requirements),
        indicators=tuple(indicators),
        total_points=total,
        max_points=resolve(ruleset.total),
        levels=tuple(levels),
        level=reached[-1].id if reached else None,
        level_title=reached[-1].title if reached else None,
        unconfirmed_thresholds=tuple(dict.fromkeys(applied)),
        overridden_thresholds=tuple(sorted(application.thresholds)),
        pending=tuple(pending),
        missing_inputs=tuple(sorted(missing)),
    )


def _indicator(
    ruleset: RuleSet,
    indicator: Indicator,
    names: Mapping[str, Value],
    origins: Mapping[str, str],
    application: Application,
    use: Any,
) -> IndicatorResult:
    value = indicator.formula.evaluate(names)
    evidence = application.evidence.get(indicator.id, ())
    resolve_value = {t.path: use(t).value for t in indicator.thresholds()}
    points, scored = score(
        indicator, value, lambda t: resolve_value[t.path], evidence_ok=bool(evidence)
    )
    used = sorted(n for n in indicator.formula.names if n in ruleset.inputs)
    constants = [
        ruleset.constants[n] for n in sorted(indicator.formula.names) if n in ruleset.constants
    ]
    limits = explain_limits(indicator.formula, names, ruleset, lambda t: use(t).value)
    explanation = (
        message("assessment.limits_explained", limits=limits, explanation=scored)
        if limits
        else scored
    )
    return IndicatorResult(
        id=indicator.id,
        title=indicator.title,
        group=indicator.group,
        method=indicator.method,
        formula=indicator.formula.text,
        value=value,
        unit=indicator.unit,
        inputs={n: names[n] for n in used},
        input_sources={n: origins[n] for n in used},
        thresholds=tuple(use(t) for t in (*indicator.thresholds(), *constants)),
        weight=resolve_value[indicator.weight.path],
        points=points,
        evidence=indicator.evidence,
        evidence_provided=evidence,
        source=indicator.source.describe(ruleset.documents),
        explanation=explanation.english(),
        explanation_message=explanation,
    )


def _joined(parts: list[Message]) -> Message | None:
    """Messages one after the other, separated by '; '."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return message("assessment.and", first=parts[0], rest=_joined(parts[1:]))


def explain_limits(
    formula: Formula, names: Mapping[str, Value], ruleset: RuleSet, resolve: Any
) -> Message | None:
    """Each comparison of ``formula`` with a limit, as the text words it and as it came out:
    'pue 1.3 ≤ 1.3 (1.3以下, inclusive)'; None when it compares with no limit."""

    def evaluate(node: ast.expr) -> Value:
        return Formula(ast.unparse(node), ast.Expression(body=node), frozenset()).evaluate(names)

    parts = []
    for comparison in comparisons(formula.tree, frozenset(ruleset.constants)):
        try:
            limit = ruleset.constants[
                chosen_constant(comparison.limit, lambda test: bool(evaluate(test)))
            ]
            value = evaluate(comparison.value)
        except FormulaError:
            continue
        if isinstance(value, bool) or not limit.is_limit:
            continue
        parts.append(
            explain(
                ast.unparse(comparison.value),
                value,
                resolve(limit),
                limit.limit,
                limit.bound,
                limit.wording,
            )
        )
    return _joined(parts)


def _inputs(
    ruleset: RuleSet,
    application: Application,
    inventory: Mapping[str, float],
    file: str | None,
    *,
    partial: bool = False,
) -> tuple[dict[str, Value], dict[str, str], set[str]]:
    problems: list[Problem] = []
    values: dict[str, Value] = {}
    origins: dict[str, str] = {}
    missing: set[str] = set()
    for key in sorted(set(application.inputs) - set(ruleset.inputs)):
        problems.append(
            Problem(message("application.not_an_input", key=key, ruleset=ruleset.id), file)
        )
    for name, spec in ruleset.inputs.items():
        value, origin = input_source(spec, application.inputs, inventory)
        if value is None:
            if partial:
                missing.add(name)
            else:
                problems.append(
                    Problem(
                        message(
                            "application.missing_unit", key=name, title=spec.title, unit=spec.unit
                        )
                        if spec.unit
                        else message("application.missing", key=name, title=spec.title),
                        file,
                    )
                )
            continue
        if (spec.kind == "bool") != isinstance(value, bool):
            problems.append(
                Problem(
                    message(
                        "application.must_be_bool"
                        if spec.kind == "bool"
                        else "application.must_be_number",
                        key=name,
                    ),
                    file,
                )
            )
            continue
        if not isinstance(value, bool):
            if spec.minimum is not None and value < spec.minimum:
                problems.append(
                    Problem(
                        message("application.below", key=name, value=value, minimum=spec.minimum),
                        file,
                    )
                )
            if spec.maximum is not None and value > spec.maximum:
                problems.append(
                    Problem(
                        message("application.above", key=name, value=value, maximum=spec.maximum),
                        file,
                    )
                )
        values[name], origins[name] = value, origin
    for key in sorted(set(application.evidence) - _item_ids(ruleset)):
        problems.append(Problem(message("application.unknown_item", key=key), file))
    if problems:
        raise InputError(problems, headline=message("application.incomplete"))
    return values, origins, missing


def input_source(
    spec: Input, declared: Mapping[str, Value], inventory: Mapping[str, float]
) -> tuple[Value | None, str]:
    """Where an input's value comes from, in order: the application ("application"), the
    verified inventory when the rule set allows it ("inventory"), the rule set's default
    ("default"); (None, "missing") otherwise."""
    if spec.name in declared:
        return declared[spec.name], "application"
    if spec.inventory and spec.inventory in inventory:
        return inventory[spec.inventory], "inventory"
    if spec.default is not None:
        return spec.default, "default"
    return None, "missing"


def _item_ids(ruleset: RuleSet) -> set[str]:
    return {r.id for r in ruleset.requirements} | {i.id for i in ruleset.indicators}


def threshold_override_problems(
    ruleset: RuleSet, thresholds: Mapping[str, float], file: str | None = None
) -> list[Problem]:
    """What is wrong with overriding `thresholds` (path -> value) of `ruleset`: unknown paths,
    values the standard fixes, weights that no longer sum to the total."""
    by_path = {t.path: t for t in ruleset.thresholds()}
    return _override_problems(ruleset, Application({}, thresholds=thresholds), by_path, file)


def _override_problems(
    ruleset: RuleSet, application: Application, by_path: Mapping[str, Threshold], file: str | None
) -> list[Problem]:
    problems = []
    for path in sorted(application.thresholds):
        threshold = by_path.get(path)
        if threshold is None:
            problems.append(
                Problem(message("thresholds.unknown", path=path, ruleset=ruleset.id), file)
            )
        elif not threshold.configurable:
            problems.append(Problem(message("thresholds.fixed", path=path), file))
    weights = sum(
        application.thresholds.get(i.weight.path, i.weight.value) for i in ruleset.indicators
    )
    total = application.thresholds.get(ruleset.total.path, ruleset.total.value)
    if not problems and not math.isclose(weights, total, abs_tol=WEIGHT_TOLERANCE):
        problems.append(Problem(message("thresholds.weights", weights=weights, total=total), file))
    return problems
