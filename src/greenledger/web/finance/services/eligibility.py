"""The eligibility pre-check of a financing project against every finance catalogue.

``eligibility_run`` turns the project into the core's ``eligibility.Project`` (the enterprise's
GB/T 4754 industry, the category claimed per catalogue, the energy saving, abatement and capex
from the planning engine, the KPIs the enterprise gave) and stores one ``EligibilityCheck`` per
catalogue with the core's result: the category, each criterion with its value, threshold,
wording, source and evidence, and for transition criteria the KPI against the entry and
advanced values (``core.finance.eligibility.transition_kpi``: the gaps to reach each).

The verified data behind the figures: the plan's baseline is the enterprise's verified
inventory (``Plan.submission`` / ``Plan.version``); the project's ``verified_inventory``
evidence is held only when that submission is verified, and each criterion records where its
value comes from (the planning engine on that inventory, or a KPI the enterprise reported).

The catalogues publish few thresholds: the ones they do not are null (``needs_data``) unless the
platform sets them: first the deployment's ``settings.FINANCE_CATALOGUE_SETTINGS`` ({catalogue
key: {limit path: value}}), then the secretariat's screening values (``CatalogueSetting``, the
newest row per threshold; ``services.settings``), all passed to ``FinanceCatalogue.configured``.
A threshold's source then says the value is a setting and not the catalogue's, and for a
secretariat's value who set it, when, and the document and clause it was read from. Each check
records the settings version it applied (``result["settings_version"]``: the newest
``CatalogueSetting`` id of the catalogue, None when none was ever set).

The evidence a project holds: the verified inventory behind its plan, and the documents the
enterprise uploaded (``ProjectEvidence``: an energy audit report, a third-party assessment).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.finance import eligibility as core
from greenledger.core.finance.catalogue import (
    FinanceCatalogue,
    Limit,
    available_catalogues,
    load_finance_catalogue,
)
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.finance.models import EligibilityCheck, Project, ProjectEvidence
from greenledger.web.finance.services.settings import settings_in_force, settings_version
from greenledger.web.reporting.models import SubmissionStatus
from greenledger.web.reporting.services._common import require

__all__ = [
    "catalogue",
    "core_project",
    "eligibility_run",
    "evidence_kinds",
    "result_json",
    "values_in_force",
    "verified_data",
]

VERIFIED_INVENTORY = "verified_inventory"


def values_in_force(key: str) -> dict[str, float]:
    """The configured thresholds of catalogue ``key``: the deployment's, then the secretariat's
    (the newest row per threshold; a cleared one falls back to the deployment's)."""
    values = {
        str(path): float(value)
        for path, value in (
            getattr(settings, "FINANCE_CATALOGUE_SETTINGS", {}).get(key) or {}
        ).items()
    }
    values.update({path: float(row.value or 0.0) for path, row in settings_in_force(key).items()})
    return values


def _setting_note(row: Any) -> str:
    when = timezone.localtime(row.set_at).date().isoformat()
    who = row.set_by.get_full_name() or row.set_by.get_username()
    return (
        f"screening value {row.value:g} set by {who} on {when} (setting {row.pk}): "
        f"{row.source_note}; not the catalogue's published value"
    )


def _noted(rules: FinanceCatalogue, notes: dict[str, str]) -> FinanceCatalogue:
    """``rules`` with the source notes of the thresholds in ``notes`` replaced."""

    def pick(limit: Limit) -> Limit:
        note = notes.get(limit.path)
        return replace(limit, source=replace(limit.source, note=note)) if note else limit

    categories = tuple(
        replace(
            category,
            criteria=tuple(
                replace(
                    c,
                    threshold=pick(c.threshold),
                    advanced=pick(c.advanced) if c.advanced else None,
                )
                for c in category.criteria
            ),
        )
        for category in rules.categories
    )
    return replace(rules, margin=pick(rules.margin), categories=categories)


def catalogue(key: str) -> FinanceCatalogue:
    """The catalogue ``key`` with the platform's thresholds (see the module docstring)."""
    found = load_finance_catalogue(key)
    configured = values_in_force(key)
    if not configured:
        return found
    rules = found.configured(configured)
    notes = {path: _setting_note(row) for path, row in settings_in_force(key).items()}
    return _noted(rules, notes) if notes else rules


def verified_data(project: Project) -> dict[str, Any] | None:
    """The verified inventory behind the project's figures (its plan's baseline), or None when
    the plan's inventory is not verified (or the project has no plan)."""
    plan = project.plan
    if plan is None or plan.submission.status != SubmissionStatus.VERIFIED:
        return None
    return {
        "kind": VERIFIED_INVENTORY,
        "submission": plan.submission_id,
        "version": plan.version_id,
        "year": plan.inventory_year,
        "plan": plan.pk,
    }


def core_project(project: Project, catalogue_key: str) -> core.Project:
    verified = verified_data(project)
    return core.Project(
        id=str(project.pk),
        industry_code=project.organisation.industry_code or "",
        category_code=project.categories.get(catalogue_key) or None,
        energy_saving_tce=project.energy_saving_tce,
        abatement_tco2e=project.abatement_t,
        capex_yuan=project.capex_yuan,
        kpis={str(k): float(v) for k, v in project.kpis.items()},
        evidence=frozenset({VERIFIED_INVENTORY} if verified else set()) | evidence_kinds(project),
    )


def evidence_kinds(project: Project) -> frozenset[str]:
    """The kinds of documents the enterprise uploaded for the project (energy audit, ...)."""
    return frozenset(
        ProjectEvidence.objects.filter(project=project).values_list("kind", flat=True).distinct()
    )


def _basis(metric: str, verified: dict[str, Any] | None) -> dict[str, Any]:
    if metric in core.FIELD_METRICS:
        return {
            "basis": "planning_engine" if verified else "planning_engine_unverified",
            "data": verified,
        }
    return {"basis": "reported", "data": None}


def _criterion(result: core.CriterionResult, verified: dict[str, Any] | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "criterion": result.criterion,
        "metric": result.metric,
        "unit": result.unit,
        "value": result.value,
        "threshold": result.threshold,
        "limit": result.limit,
        "bound": result.bound,
        "wording": result.wording,
        "source": result.source,
        "confirmed": result.confirmed,
        "evidence": list(result.evidence),
        "evidence_missing": list(result.evidence_missing),
        "outcome": result.outcome,
        "advanced": result.advanced,
        "meets_advanced": result.meets_advanced,
        "explanation": [m.as_dict() for m in result.explanation],
        **_basis(result.metric, verified),
        "kpi": None,
    }
    if result.advanced is not None and result.threshold is not None and result.value is not None:
        kpi = core.transition_kpi(
            result.value,
            result.threshold,
            result.advanced,
            limit=result.limit,
            bound=result.bound,
            metric=result.metric,
            unit=result.unit,
        )
        row["kpi"] = {
            "value": kpi.value,
            "entry": kpi.entry,
            "advanced": kpi.advanced,
            "meets_entry": kpi.meets_entry,
            "meets_advanced": kpi.meets_advanced,
            "gap_to_entry": kpi.gap_to_entry,
            "gap_to_advanced": kpi.gap_to_advanced,
            "explanation": [m.as_dict() for m in kpi.explanation],
        }
    return row


def result_json(
    outcome: core.Eligibility, verified: dict[str, Any] | None, settings_version: int | None = None
) -> dict[str, Any]:
    return {
        "settings_version": settings_version,
        "status": outcome.status,
        "category": outcome.category,
        "category_name": outcome.category_name,
        "criteria": [_criterion(c, verified) for c in outcome.criteria],
        "explanation": [m.as_dict() for m in outcome.explanation],
        "verified_data": verified,
    }


@transaction.atomic
def eligibility_run(*, actor: Any, project: Project) -> list[EligibilityCheck]:
    """One new check of ``project`` per finance catalogue (earlier checks are kept: the newest
    per catalogue is the project's current result)."""
    require(
        permissions.can_manage_projects(actor, project.organisation),
        _("Only the enterprise's energy manager runs the eligibility pre-check."),
    )
    verified = verified_data(project)
    moment = timezone.now()
    checks = []
    for key in available_catalogues():
        rules = catalogue(key)
        version = settings_version(key)
        outcome = core.check(core_project(project, key), rules)
        checks.append(
            EligibilityCheck.objects.create(
                project=project,
                catalogue=key,
                catalogue_version=rules.version,
                status=outcome.status,
                category=outcome.category or "",
                result=result_json(outcome, verified, version),
                created_by=actor,
                created_at=moment,
            )
        )
    audit_append(
        actor=actor,
        action="finance.project.eligibility",
        obj=project,
        after={c.catalogue: c.status for c in checks},
    )
    return checks
