"""Finance catalogue and eligibility messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

ELIGIBILITY: dict[str, Promise | Callable[[int], str]] = {
    "finance.catalogue.unknown": pgettext_lazy(
        "core", "unknown finance catalogue {key!r} (available: {choices})"
    ),
    "finance.catalogue.not_configurable": pgettext_lazy(
        "core",
        "{path!r} is not a configurable threshold of this catalogue (configurable: {choices})",
    ),
    "eligibility.category.claimed": pgettext_lazy(
        "core", "category {category} {name} of {catalogue}, as claimed"
    ),
    "eligibility.category.industry": pgettext_lazy(
        "core", "category {category} {name} of {catalogue}, which covers industry {industry}"
    ),
    "eligibility.category.unknown": pgettext_lazy(
        "core", "{category!r} is not a category of {catalogue} (categories held: {choices})"
    ),
    "eligibility.category.none": pgettext_lazy(
        "core", "no category of {catalogue} covers industry {industry}, and no category was claimed"
    ),
    "eligibility.category.industry_mismatch": pgettext_lazy(
        "core", "category {category} of {catalogue} covers industries {industries}, not {industry}"
    ),
    "eligibility.category.code_unconfirmed": pgettext_lazy(
        "core", "the code {category} was not checked against the catalogue's text"
    ),
    "eligibility.no_criteria": pgettext_lazy(
        "core",
        "the platform holds no technical criterion of category {category} of {catalogue}: "
        "check the project against the catalogue's text",
    ),
    "eligibility.value_missing": pgettext_lazy("core", "{metric}: no value was given"),
    "eligibility.threshold_missing": pgettext_lazy(
        "core",
        "{metric}: the threshold is not held (unconfirmed; set {path} from the catalogue's text)",
    ),
    "eligibility.threshold_unconfirmed": pgettext_lazy(
        "core",
        "{metric}: the threshold {threshold} was not confirmed against the catalogue ({source})",
    ),
    "eligibility.evidence_missing": pgettext_lazy(
        "core", "{metric}: the evidence {evidence} is missing"
    ),
    "eligibility.near": pgettext_lazy(
        "core", "{metric}: within {margin}% of the threshold, so borderline"
    ),
    "eligibility.kpi.entry": pgettext_lazy("core", "entry value (降碳准入值): {comparison}"),
    "eligibility.kpi.advanced": pgettext_lazy("core", "advanced value (先进值): {comparison}"),
    "eligibility.kpi.gap": pgettext_lazy(
        "core", "{gap} {unit} still to improve to reach the {target}"
    ),
    "eligibility.kpi.target.entry": pgettext_lazy("core", "entry value"),
    "eligibility.kpi.target.advanced": pgettext_lazy("core", "advanced value"),
}
