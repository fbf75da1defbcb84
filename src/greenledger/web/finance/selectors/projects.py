"""Reads of financing projects: the projects a user may see (``permissions.visible_projects``:
the enterprise's own, staff all, an analyst those in the pool and those of enterprises whose
grant in force covers projects), one of them or None, its current eligibility (the newest check
per catalogue) and the measures of the enterprise's plans a project can be made from."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from greenledger.core.finance.catalogue import available_catalogues, load_finance_catalogue
from greenledger.web.accounts import permissions
from greenledger.web.finance.models import EligibilityCheck, Project
from greenledger.web.planning.models import Plan

__all__ = [
    "catalogue_titles",
    "current_checks",
    "plan_measure_choices",
    "project_plans",
    "visible_project",
    "visible_projects_for",
]


def visible_projects_for(user: Any) -> QuerySet[Project]:
    return permissions.visible_projects(user).select_related("organisation", "site", "plan")


def visible_project(user: Any, pk: int) -> Project | None:
    return visible_projects_for(user).filter(pk=pk).first()


def current_checks(project: Project) -> list[EligibilityCheck]:
    """The newest check per catalogue, in the catalogues' order (missing ones left out)."""
    newest: dict[str, EligibilityCheck] = {}
    for check in project.checks.order_by("-created_at", "-id"):
        newest.setdefault(check.catalogue, check)
    return [newest[key] for key in available_catalogues() if key in newest]


def catalogue_titles() -> dict[str, dict[str, str]]:
    """{key: {"zh": title, "en": English title, "kind": green|transition, "version"}}."""
    found = {}
    for key in available_catalogues():
        catalogue = load_finance_catalogue(key)
        found[key] = {
            "zh": catalogue.title,
            "en": catalogue.title_en,
            "kind": catalogue.kind,
            "version": catalogue.version,
        }
    return found


def project_plans(user: Any) -> QuerySet[Plan]:
    """The plans of the user's enterprise a project can be made from."""
    if user.organisation_id is None:
        return Plan.objects.none()
    return Plan.objects.filter(organisation_id=user.organisation_id).order_by("-updated_at")


def plan_measure_choices(plan: Plan) -> list[tuple[str, str]]:
    """(measure id, "id: name") of the plan's measures."""
    return [(m.measure_id, f"{m.measure_id}: {m.name}") for m in plan.measures.order_by("pk")]
