"""English templates of the finance catalogues' and eligibility checks' messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_eligibility``.
"""

from __future__ import annotations

from typing import Final

ELIGIBILITY: Final[dict[str, str | tuple[str, str]]] = {
    # core/finance/catalogue.py
    "finance.catalogue.unknown": "unknown finance catalogue {key!r} (available: {choices})",
    "finance.catalogue.not_configurable": (
        "{path!r} is not a configurable threshold of this catalogue (configurable: {choices})"
    ),
    # core/finance/eligibility.py
    "eligibility.category.claimed": "category {category} {name} of {catalogue}, as claimed",
    "eligibility.category.industry": (
        "category {category} {name} of {catalogue}, which covers industry {industry}"
    ),
    "eligibility.category.unknown": (
        "{category!r} is not a category of {catalogue} (categories held: {choices})"
    ),
    "eligibility.category.none": (
        "no category of {catalogue} covers industry {industry}, and no category was claimed"
    ),
    "eligibility.category.industry_mismatch": (
        "category {category} of {catalogue} covers industries {industries}, not {industry}"
    ),
    "eligibility.category.code_unconfirmed": (
        "the code {category} was not checked against the catalogue's text"
    ),
    "eligibility.no_criteria": (
        "the platform holds no technical criterion of category {category} of {catalogue}: "
        "check the project against the catalogue's text"
    ),
    "eligibility.value_missing": "{metric}: no value was given",
    "eligibility.threshold_missing": (
        "{metric}: the threshold is not held (unconfirmed; set {path} from the catalogue's text)"
    ),
    "eligibility.threshold_unconfirmed": (
        "{metric}: the threshold {threshold} was not confirmed against the catalogue ({source})"
    ),
    "eligibility.evidence_missing": "{metric}: the evidence {evidence} is missing",
    "eligibility.near": "{metric}: within {margin}% of the threshold, so borderline",
    "eligibility.kpi.entry": "entry value (降碳准入值): {comparison}",
    "eligibility.kpi.advanced": "advanced value (先进值): {comparison}",
    "eligibility.kpi.gap": "{gap} {unit} still to improve to reach the {target}",
    "eligibility.kpi.target.entry": "entry value",
    "eligibility.kpi.target.advanced": "advanced value",
}
