"""Assessment messages of the core in the user's language: applications, thresholds, rule
sets, scoring and reviews.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

ASSESSMENT: dict[str, Promise | Callable[[int], str]] = {
    "application.not_object": pgettext_lazy("core", "$: the application must be a JSON object"),
    "application.unknown_key": pgettext_lazy("core", "$.{key}: unknown key"),
    "application.input_type": pgettext_lazy(
        "core",
        "$.inputs.{key}: must be a number or true/false",
    ),
    "application.evidence_type": pgettext_lazy(
        "core",
        "$.evidence.{key}: must be a list of references",
    ),
    "application.threshold_type": pgettext_lazy("core", "$.thresholds.{key}: must be a number"),
    "application.must_be_object": pgettext_lazy("core", "$.{key}: must be a JSON object"),
    "application.invalid": pgettext_lazy("core", "the application is invalid"),
    "application.overrides_invalid": pgettext_lazy("core", "the threshold overrides are invalid"),
    "application.not_an_input": pgettext_lazy("core", "$.inputs.{key}: not an input of {ruleset}"),
    "application.missing": pgettext_lazy("core", "$.inputs.{key}: missing; {title}"),
    "application.missing_unit": pgettext_lazy("core", "$.inputs.{key}: missing; {title} ({unit})"),
    "application.must_be_bool": pgettext_lazy("core", "$.inputs.{key}: must be true or false"),
    "application.must_be_number": pgettext_lazy("core", "$.inputs.{key}: must be a number"),
    "application.below": pgettext_lazy("core", "$.inputs.{key}: {value:g} is below {minimum:g}"),
    "application.above": pgettext_lazy("core", "$.inputs.{key}: {value:g} is above {maximum:g}"),
    "application.unknown_item": pgettext_lazy(
        "core",
        "$.evidence.{key}: no requirement or indicator has this id",
    ),
    "application.incomplete": pgettext_lazy("core", "the application is incomplete or invalid"),
    "thresholds.unknown": pgettext_lazy(
        "core",
        "$.thresholds.{path}: no such threshold in {ruleset}",
    ),
    "thresholds.fixed": pgettext_lazy("core", "$.thresholds.{path}: fixed by the standard"),
    "thresholds.weights": pgettext_lazy(
        "core",
        "$.thresholds: weights sum to {weights:g}, not the total {total:g}",
    ),
    "ruleset.unknown": pgettext_lazy("core", "unknown rule set {ruleset!r}; one of {choices}"),
    "assessment.requirement_error": pgettext_lazy("core", "basic requirement {id}: {detail}"),
    "assessment.indicator_error": pgettext_lazy("core", "indicator {id}: {detail}"),
    "assessment.cannot_score": pgettext_lazy("core", "the application cannot be scored"),
    "assessment.evidence_missing": pgettext_lazy("core", "the required evidence was not provided"),
    "assessment.limits_explained": pgettext_lazy("core", "{limits}: {explanation}"),
    "assessment.and": pgettext_lazy("core", "{first}; {rest}"),
    "assessment.comparison": pgettext_lazy(
        "core",
        "{name} {value:.10g} {sign} {limit:.10g} ({wording})",
    ),
    "assessment.wording": pgettext_lazy("core", "{wording}, {bound}"),
    "assessment.wording_unconfirmed": pgettext_lazy("core", "wording not confirmed"),
    "assessment.bound.inclusive": pgettext_lazy("core", "inclusive"),
    "assessment.bound.exclusive": pgettext_lazy("core", "exclusive"),
    "scoring.evidence_missing": pgettext_lazy(
        "core",
        "0 points: the evidence this indicator requires was not provided",
    ),
    "scoring.formula_points": pgettext_lazy(
        "core",
        "{formula} = {raw:g} with value {value:g}, kept within 0..{weight:g}",
    ),
    "scoring.not_met": pgettext_lazy("core", "not met: 0 points"),
    "scoring.declared_no_evidence": pgettext_lazy(
        "core",
        "declared, but the required evidence was not provided: 0 points",
    ),
    "scoring.met": pgettext_lazy("core", "met: full weight {weight:g}"),
    "scoring.worse_than_benchmark": pgettext_lazy(
        "core",
        "worse than the benchmark {benchmark:g}: 0 points",
    ),
    "scoring.at_leading": pgettext_lazy(
        "core",
        "at or better than the leading value {leading:g}: full weight {weight:g}",
    ),
    "scoring.linear": pgettext_lazy(
        "core",
        "between benchmark {benchmark:g} and leading value {leading:g}: {share:.4g} of the "
        "weight {weight:g} (linear, {base:g} at the benchmark)",
    ),
    "scoring.ratio": pgettext_lazy(
        "core",
        "index {ratio:.4g} against the leading value {leading:g}: {capped:.4g} of the weight "
        "{weight:g}",
    ),
    "scoring.ratio_capped": pgettext_lazy(
        "core",
        "index {ratio:.4g} against the leading value {leading:g} (capped at 1): {capped:.4g} "
        "of the weight {weight:g}",
    ),
    "scoring.step": pgettext_lazy(
        "core",
        "{value:g} {sign} {bound:g} ({wording}): {points:g} points",
    ),
    "scoring.no_step": pgettext_lazy("core", "no step reached: 0 points"),
    "review.judge_requirement": pgettext_lazy(
        "core",
        "{id}: judge the basic requirement (pass/fail)",
    ),
    "review.give_points": pgettext_lazy("core", "{id}: give the indicator's points"),
    "review.points_outside": pgettext_lazy(
        "core",
        "{id}: {points:g} points is outside 0 to {weight:g} (the indicator's weight)",
    ),
    "review.unknown_item": pgettext_lazy("core", "{id}: no such item in {ruleset}"),
    "review.incomplete": pgettext_lazy("core", "the review is incomplete"),
}
