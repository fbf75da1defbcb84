"""Reads of the green project pool: the listed projects a financial analyst may browse (with the
filters: catalogue category, park, size as a capex range, abatement cost range and
eligibility status) and the interests each side sees.

A project's eligibility in the pool is its CURRENT check per catalogue: the newest
``EligibilityCheck`` of that project and catalogue (highest id), so a re-run supersedes the old
result. Filters on category and status ask the current checks only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from greenledger.web.accounts import permissions
from greenledger.web.finance.models import (
    EligibilityCheck,
    Interest,
    Project,
    ProjectStatus,
)

ELIGIBILITY_STATUSES = ("eligible", "borderline", "not_eligible", "needs_data")


@dataclass(frozen=True)
class PoolFilters:
    """What an analyst narrows the pool to; None means "any"."""

    catalogue: str | None = None
    category: str | None = None  # a category code; its sub-categories ("1" covers "1.2") match
    park_id: int | None = None
    capex_min: float | None = None
    capex_max: float | None = None
    cost_min: float | None = None  # abatement cost, yuan per t
    cost_max: float | None = None
    status: str | None = None  # one of ELIGIBILITY_STATUSES


def current_checks() -> QuerySet[EligibilityCheck]:
    """The newest check of every (project, catalogue)."""
    newest = (
        EligibilityCheck.objects.values("project_id", "catalogue")
        .annotate(newest=Max("id"))
        .values("newest")
    )
    return EligibilityCheck.objects.filter(id__in=newest)


def listed_projects() -> QuerySet[Project]:
    """Every project its enterprise consented to list (whoever asks: callers filter by role)."""
    return Project.objects.filter(listed=True, status=ProjectStatus.LISTED)


def pool_projects(user: Any, filters: PoolFilters | None = None) -> QuerySet[Project]:
    """The pool as ``user`` may browse it: financial analysts only (nobody else gets a row)."""
    if not permissions.can_use_project_pool(user):
        return Project.objects.none()
    filters = filters or PoolFilters()
    projects = listed_projects().select_related("organisation", "site", "site__parent_park")
    if filters.park_id is not None:
        projects = projects.filter(
            Q(site__parent_park_id=filters.park_id) | Q(site_id=filters.park_id)
        )
    if filters.capex_min is not None:
        projects = projects.filter(capex_yuan__gte=filters.capex_min)
    if filters.capex_max is not None:
        projects = projects.filter(capex_yuan__lte=filters.capex_max)
    if filters.cost_min is not None:
        projects = projects.filter(cost_per_t__gte=filters.cost_min)
    if filters.cost_max is not None:
        projects = projects.filter(cost_per_t__lte=filters.cost_max)
    if filters.catalogue or filters.category or filters.status:
        checks = current_checks().filter(project_id=OuterRef("pk"))
        if filters.catalogue:
            checks = checks.filter(catalogue=filters.catalogue)
        if filters.category:
            checks = checks.filter(
                Q(category=filters.category) | Q(category__startswith=f"{filters.category}.")
            )
        if filters.status:
            checks = checks.filter(status=filters.status)
        projects = projects.filter(Exists(checks))
    return projects.order_by("-updated_at", "-id")


def pool_project(user: Any, project_id: int) -> Project | None:
    return pool_projects(user).filter(pk=project_id).first()


def eligibility_of(projects: list[Project]) -> dict[int, list[EligibilityCheck]]:
    """The current checks of each project, by catalogue key."""
    by_project: dict[int, list[EligibilityCheck]] = {p.pk: [] for p in projects}
    for check in current_checks().filter(project_id__in=by_project).order_by("catalogue"):
        by_project[check.project_id].append(check)
    return by_project


def visible_interests(user: Any) -> QuerySet[Interest]:
    """An enterprise's users see the interests in its projects; an analyst those of the
    institution; the registry staff every one (read only); nobody else any."""
    interests = Interest.objects.select_related("project", "institution", "expressed_by")
    if permissions.is_registry_staff(user):
        return interests
    if permissions.is_enterprise_user(user) and user.organisation_id is not None:
        return interests.filter(project__organisation_id=user.organisation_id)
    if permissions.can_use_project_pool(user):
        return interests.filter(institution_id=user.organisation_id)
    return interests.none()


def listable_projects(user: Any) -> QuerySet[Project]:
    """The enterprise's own projects, for its listing page (the manager lists and unlists)."""
    if permissions.is_enterprise_user(user) and user.organisation_id is not None:
        return Project.objects.filter(organisation_id=user.organisation_id).order_by(
            "-updated_at", "-id"
        )
    return Project.objects.none()
