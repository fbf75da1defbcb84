"""Helpers of the assessment tests."""

from __future__ import annotations

from greenledger.core.assessment import Application, AssessmentResult, assess, load_ruleset
from greenledger.core.assessment.formula import Value


def all_evidence(ruleset_id: str) -> dict[str, tuple[str, ...]]:
    """One evidence reference for every requirement and indicator of a rule set."""
    ruleset = load_ruleset(ruleset_id)
    ids = [r.id for r in ruleset.requirements] + [i.id for i in ruleset.indicators]
    return {ident: (f"evidence/{ident}.pdf",) for ident in ids}


def score(
    ruleset_id: str,
    inputs: dict[str, Value],
    *,
    without_evidence: tuple[str, ...] = (),
    thresholds: dict[str, float] | None = None,
) -> AssessmentResult:
    evidence = {k: v for k, v in all_evidence(ruleset_id).items() if k not in without_evidence}
    application = Application(inputs, evidence, thresholds or {})
    return assess(load_ruleset(ruleset_id), application)
