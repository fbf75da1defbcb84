"""Reads of the assessments app: pre-scores from verified inventories, evidence still missing,
the state of an application's reviews, and certificate verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from greenledger.core.assessment import Application as CoreApplication
from greenledger.core.assessment import (
    AssessmentResult,
    RuleSet,
    Threshold,
    assess,
    inputs_from_inventory,
    load_ruleset,
)
from greenledger.core.assessment.engine import input_source
from greenledger.core.assessment.review import (
    Judgement,
    ReviewOutcome,
    review_outcome,
    reviews_agree,
)
from greenledger.core.errors import InputError, Problem
from greenledger.core.intake import frame_to_lines
from greenledger.core.inventory import compute_inventory
from greenledger.web.assessments.models import (
    Application,
    Call,
    Certificate,
    CertificateStatus,
    Review,
    ReviewStatus,
)
from greenledger.web.members.models import Organisation, Site
from greenledger.web.reporting.selectors import newest_verified_inventory
from greenledger.web.reporting.services._common import library
from greenledger.web.reporting.services.inventory import accounting_context, version_frame


def verified_inventory_inputs(
    organisation: Organisation, site: Site
) -> tuple[dict[str, float], dict[str, Any]]:
    """Indicator inputs from the organisation's newest verified inventory, and what they were
    computed from. The site's own lines (and lines of no site) are used when the organisation
    reports several sites; otherwise the whole inventory. ({}, {}) when nothing is verified."""
    inventory = newest_verified_inventory(organisation)
    if inventory is None:
        return {}, {}
    version = inventory.version
    submission = version.submission
    frame = version_frame(version)
    scope = "organisation"
    if frame.filter(pl.col("site") != "").select(pl.col("site").n_unique()).item() > 1:
        frame = frame.filter(pl.col("site").is_in([site.name_zh, ""]))
        scope = "site"
    if frame.is_empty():
        return {}, {}
    computed = compute_inventory(frame_to_lines(frame), library(), accounting_context(version))
    found = {e.enterprise: e for e in computed.enterprises}
    enterprise = found.get(organisation.name_zh)
    if enterprise is None:
        return {}, {}
    source = {
        "submission_id": submission.pk,
        "year": submission.year,
        "version": version.number,
        "scope": scope,
        "site": site.name_zh if scope == "site" else "",
        "lines": frame.height,
        "factor_set_version": computed.factor_set_version,
        "method_version": computed.method_version,
    }
    return inputs_from_inventory(enterprise), source


def prescore_data_inputs(
    organisation: Organisation, site: Site, call: Call
) -> tuple[dict[str, float], dict[str, Any]]:
    """What an application gets without retyping: the verified inventory's inputs
    (``verified_inventory_inputs``) and beside them the ecology inputs of the site
    (``ecology.selectors.rates.assessment_inputs``: a park's solid-waste and waste-heat
    utilisation and water reuse, a site's CFE score and annual-matching share, a data centre's
    renewable electricity share unless the inventory gives it) of the newest
    year up to the call's year that has ecology data; the source says which year and which
    records or run. A rule set's input takes one with ``inventory: <name>``."""
    from greenledger.web.ecology.selectors.rates import assessment_inputs, ecology_year

    inputs, source = verified_inventory_inputs(organisation, site)
    year = ecology_year(site, call.year)
    values, sources = assessment_inputs(site=site, year=year)
    # a figure of the verified inventory wins over the same figure from ecology data
    values = {name: value for name, value in values.items() if name not in inputs}
    sources = {name: text for name, text in sources.items() if name in values}
    if values:
        inputs = {**inputs, **values}
        source = {**source, "ecology": {"year": year, "inputs": sources}}
    return inputs, source


def ruleset_for(application: Application) -> RuleSet:
    return load_ruleset(application.call.ruleset_id)


def evidence_references(application: Application) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for item, filename, digest in application.evidence.values_list("item", "filename", "sha256"):
        found.setdefault(item, []).append(f"{filename} (sha256 {digest[:12]})")
    return {item: tuple(names) for item, names in found.items()}


def core_application(application: Application) -> CoreApplication:
    return CoreApplication(
        inputs=dict(application.inputs),
        evidence=evidence_references(application),
        thresholds={k: float(v) for k, v in application.call.thresholds.items()},
    )


def evaluate(application: Application) -> tuple[AssessmentResult | None, tuple[Problem, ...]]:
    """The pre-score of the application as it stands: its declared inputs, its evidence, the
    call's thresholds and the verified-inventory inputs it was opened with."""
    ruleset = ruleset_for(application)
    try:
        result = assess(ruleset, core_application(application), application.inventory_inputs)
    except InputError as exc:
        return None, exc.problems
    return result, ()


def preview(application: Application) -> AssessmentResult:
    """A partial pre-score while inputs are missing: the items the verified inventory and the
    answers so far can score, the others listed as pending. Never a result to decide on."""
    return assess(
        ruleset_for(application),
        core_application(application),
        application.inventory_inputs,
        partial=True,
    )


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    title: str
    kind: str  # "requirement" or "indicator"
    evidence: str  # "required", "optional" or "none"


def evidence_items(ruleset: RuleSet) -> list[EvidenceItem]:
    items = [EvidenceItem(r.id, r.title, "requirement", r.evidence) for r in ruleset.requirements]
    items += [EvidenceItem(i.id, i.title, "indicator", i.evidence) for i in ruleset.indicators]
    return items


def missing_evidence(
    application: Application, ruleset: RuleSet | None = None
) -> list[EvidenceItem]:
    ruleset = ruleset or ruleset_for(application)
    provided = set(application.evidence.values_list("item", flat=True))
    return [
        item
        for item in evidence_items(ruleset)
        if item.evidence == "required" and item.id not in provided
    ]


def declared_inputs(ruleset: RuleSet, application: Application) -> list[dict[str, Any]]:
    """Every input of the rule set with its value and where it comes from."""
    rows = []
    for name, spec in ruleset.inputs.items():
        value, origin = input_source(spec, application.inputs, application.inventory_inputs)
        rows.append({"name": name, "spec": spec, "value": value, "origin": origin})
    return rows


# -- rule sets ---------------------------------------------------------------------------------


def threshold_info(ruleset: RuleSet, call: Call | None, threshold: Threshold) -> dict[str, Any]:
    """A threshold as the call applies it: its value (the call's, when it sets one), the rule
    set's value, whether it is confirmed, and its source."""
    overrides = call.thresholds if call is not None else {}
    return {
        "path": threshold.path,
        "value": float(overrides.get(threshold.path, threshold.value)),
        "default": threshold.value,
        "confirmed": threshold.confirmed,
        "configurable": threshold.configurable,
        "overridden": threshold.path in overrides,
        "source": threshold.source.describe(ruleset.documents),
        "limit": threshold.limit,
        "bound": threshold.bound,
        "wording": threshold.wording,
    }


def ruleset_outline(ruleset: RuleSet, call: Call | None = None) -> dict[str, Any]:
    """The rule set explained: basic requirements, indicators with their thresholds and
    sources, levels, the documents cited; every threshold as the call applies it."""

    def info(threshold: Threshold | None) -> dict[str, Any] | None:
        return None if threshold is None else threshold_info(ruleset, call, threshold)

    groups = {key: group.title for key, group in ruleset.groups.items()}
    return {
        "ruleset": ruleset,
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "condition": r.condition.text,
                "evidence": r.evidence,
                "source": r.source.describe(ruleset.documents),
            }
            for r in ruleset.requirements
        ],
        "indicators": [
            {
                "id": i.id,
                "title": i.title,
                "group": i.group,
                "group_title": groups.get(i.group, i.group),
                "method": i.method,
                "formula": i.formula.text,
                "unit": i.unit,
                "better": i.better,
                "weight": info(i.weight),
                "benchmark": info(i.benchmark),
                "leading": info(i.leading),
                "at_benchmark": info(i.at_benchmark),
                "steps": [
                    {
                        "bound": info(s.bound),
                        "points": info(s.points),
                        "comparison": s.comparison,
                    }
                    for s in i.steps
                ],
                "points_formula": i.points.text if i.points is not None else "",
                "evidence": i.evidence,
                "source": i.source.describe(ruleset.documents),
            }
            for i in ruleset.indicators
        ],
        "levels": [
            {
                "id": level.id,
                "title": level.title,
                "minimum": info(level.minimum),
                "conditions": [c.text for c in level.conditions],
            }
            for level in ruleset.levels
        ],
        "total": info(ruleset.total),
        "constants": [{"name": k, "threshold": info(t)} for k, t in ruleset.constants.items()],
        "documents": list(ruleset.documents.values()),
        "unconfirmed_count": len(ruleset.unconfirmed()),
        "overridden_count": len(call.thresholds) if call is not None else 0,
    }


# -- reviews ------------------------------------------------------------------------------------


def judgements_of(review: Review) -> dict[str, Judgement]:
    return {
        item: Judgement(item, data.get("points"), data.get("passed"), data.get("comment", ""))
        for item, data in review.judgements.items()
    }


def outcome_of(review: Review, result: AssessmentResult) -> ReviewOutcome:
    return review_outcome(result, judgements_of(review))


def frozen_result(application: Application) -> AssessmentResult:
    """The pre-score the application was submitted with, re-run on its frozen inputs."""
    result, problems = evaluate(application)
    if result is None:
        raise InputError(problems, headline="the submitted application no longer scores")
    return result


@dataclass(frozen=True)
class ReviewState:
    regular: list[Review]
    tiebreak: Review | None
    submitted: list[Review]
    agree: bool | None  # None until both regular reviews are in
    needs_tiebreak: bool
    complete: bool


def review_state(application: Application) -> ReviewState:
    reviews = list(application.reviews.select_related("evaluator").order_by("id"))
    regular = [r for r in reviews if not r.tiebreak]
    tiebreak = next((r for r in reviews if r.tiebreak), None)
    submitted = [r for r in reviews if r.status == ReviewStatus.SUBMITTED]
    agree = None
    done = [r for r in regular if r.status == ReviewStatus.SUBMITTED]
    if len(done) == 2:
        agree = reviews_agree(
            _stored_outcome(done[0]), _stored_outcome(done[1]), application.call.agreement_tolerance
        )
    needs_tiebreak = agree is False and tiebreak is None
    complete = bool(agree) or (tiebreak is not None and tiebreak.status == ReviewStatus.SUBMITTED)
    return ReviewState(regular, tiebreak, submitted, agree, needs_tiebreak, complete)


def _stored_outcome(review: Review) -> ReviewOutcome:
    return ReviewOutcome(
        total_points=float(review.total_points or 0.0),
        requirements_met=bool(review.requirements_met),
        level=review.level or None,
        level_title=None,
        changed_items=(),
    )


# -- certificates -------------------------------------------------------------------------------


def certificate_state(certificate: Certificate, today: dt.date) -> str:
    """ "valid", "expired" or "revoked", as the public verification page shows it.

    The stored status is set by the worker's schedule (``certificates_expire_due``, which expires
    the registry's designation in the same transaction). A certificate past its last day never
    reads as valid, even in the minutes before the schedule's run or while the worker is down."""
    if certificate.status == CertificateStatus.REVOKED:
        return "revoked"
    if certificate.status == CertificateStatus.EXPIRED or today > certificate.valid_until:
        return "expired"
    return "valid"


def certificates_due_for_renewal(today: dt.date, days: int) -> Any:
    """Valid certificates expiring within ``days`` that have not been reminded yet."""
    return Certificate.objects.filter(
        status=CertificateStatus.VALID,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=days),
        reminded_at__isnull=True,
    ).select_related("application__organisation", "application__site", "application__call")
