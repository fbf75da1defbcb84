"""Reads for the reporting pages: what a viewer may see, found or answered with 404.

Every lookup goes through ``accounts.permissions``; an object the viewer may not see is
"not found", never "forbidden".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role, User
from greenledger.web.members.models import Organisation, Site
from greenledger.web.reporting.models import (
    ActivityRecord,
    ImportJob,
    InventoryResult,
    MeterSeries,
    Submission,
    SubmissionVersion,
)
from greenledger.web.reporting.services import current_version


def submissions_for(user: Any) -> QuerySet[Submission]:
    return (
        permissions.visible_submissions(user)
        .select_related("organisation", "evaluator")
        .annotate(version_count=Count("versions"))
        .order_by("-year", "organisation__name_zh")
    )


def submission_or_404(user: Any, submission_id: int) -> Submission:
    submission = (
        permissions.visible_submissions(user)
        .select_related("organisation", "evaluator")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def organisation_or_404(user: Any, organisation_id: int) -> Organisation:
    """An organisation's reporting years: its own users and the registry staff, and whoever
    sees at least one of its submissions (the assigned evaluator, a sharing bank's analyst)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if (
        permissions.can_create_submission(user, organisation)
        or permissions.is_registry_staff(user)
        or permissions.visible_submissions(user).filter(organisation=organisation).exists()
    ):
        return organisation
    raise Http404


def record_or_404(user: Any, record_id: int) -> ActivityRecord:
    record = (
        ActivityRecord.objects.select_related("version__submission__organisation")
        .filter(pk=record_id)
        .first()
    )
    if record is None or not permissions.can_view_submission(user, record.version.submission):
        raise Http404
    return record


def job_or_404(user: Any, job_id: int) -> ImportJob:
    """Import jobs belong to the organisation's own users (the only ones who import)."""
    job = ImportJob.objects.select_related("submission__organisation").filter(pk=job_id).first()
    if job is None or not permissions.can_enter_activity_data(user, job.submission):
        raise Http404
    return job


def meter_site_or_404(user: Any, site_id: int) -> Site:
    site = (
        permissions.visible_meter_sites(user)
        .select_related("organisation")
        .filter(pk=site_id)
        .first()
    )
    if site is None:
        raise Http404
    return site


def versions_of(submission: Submission) -> list[SubmissionVersion]:
    return list(
        submission.versions.select_related("created_by", "submitted_by")
        .prefetch_related("inventory")
        .order_by("number")
    )


def version_or_404(submission: Submission, number: Any) -> SubmissionVersion:
    """The version numbered ``number`` (the current one when not given)."""
    if number in (None, ""):
        return current_version(submission)
    try:
        found = submission.versions.filter(number=int(number)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise Http404
    return found


def inventory_of(version: SubmissionVersion) -> InventoryResult | None:
    return InventoryResult.objects.filter(version=version).select_related("version").first()


def records_of(
    version: SubmissionVersion, *, site: Any = None, period: str = "", activity: str = ""
) -> QuerySet[ActivityRecord]:
    queryset = (
        ActivityRecord.objects.filter(version=version)
        .select_related("site")
        .prefetch_related("comments__evaluator")
        .order_by("period", "site_id", "activity", "id")
    )
    if site:
        queryset = queryset.filter(site_id=site)
    if period:
        queryset = queryset.filter(period=period)
    if activity:
        queryset = queryset.filter(activity=activity)
    return queryset


def record_facets(version: SubmissionVersion) -> dict[str, list[Any]]:
    """The periods and activities present in a version, for the filter selects."""
    records = ActivityRecord.objects.filter(version=version)
    return {
        "periods": list(records.values_list("period", flat=True).distinct().order_by("period")),
        "activities": list(
            records.values_list("activity", flat=True).distinct().order_by("activity")
        ),
    }


def sites_of(organisation: Organisation) -> list[Site]:
    return list(Site.objects.filter(organisation=organisation).order_by("pk"))


def assignable_evaluators(organisation: Organisation) -> list[User]:
    """Active evaluators with a current assignment to the organisation and not of it."""
    return list(
        User.objects.filter(
            role=Role.EVALUATOR,
            is_active=True,
            assignments__organisation=organisation,
            assignments__ended_at__isnull=True,
        )
        .exclude(organisation=organisation)
        .distinct()
        .order_by("username")
    )


def submissions_of_organisation(user: Any, organisation: Organisation) -> QuerySet[Submission]:
    return submissions_for(user).filter(organisation=organisation).order_by("-year")


def latest_import(submission: Submission, version: SubmissionVersion) -> ImportJob | None:
    return ImportJob.objects.filter(submission=submission, version=version).order_by("-pk").first()


def import_state(submission_id: int) -> str:
    """The newest import job's progress, which the worker moves without a ledger entry: part of
    the submission page's cache key (``ui.viewer_cache``)."""
    state = (
        ImportJob.objects.filter(submission_id=submission_id)
        .order_by("-pk")
        .values_list("pk", "status", "stage", "progress")
        .first()
    )
    return repr(state)


def meter_series_of(site: Site) -> list[MeterSeries]:
    return list(MeterSeries.objects.filter(site=site).order_by("-year", "meter"))


def meter_sites_for(user: Any) -> QuerySet[Site]:
    return permissions.visible_meter_sites(user).select_related("organisation").order_by("pk")


# -- inventories ---------------------------------------------------------------------------------

BREAKDOWN_FIGURES = (
    "energy_tce",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "exported_t",
)


def inventory_by_category(inventory: InventoryResult) -> list[dict[str, Any]]:
    """The stored per-period category figures summed over the year, largest emissions first."""
    sums: dict[str, dict[str, float]] = {}
    for row in inventory.by_source:
        target = sums.setdefault(row["category"], dict.fromkeys(BREAKDOWN_FIGURES, 0.0))
        for name in BREAKDOWN_FIGURES:
            target[name] += float(row.get(name) or 0.0)
    rows = [{"category": category, **figures} for category, figures in sums.items()]
    return sorted(rows, key=lambda r: (-r["gbt32150_co2e_t"], -r["energy_tce"], r["category"]))


def lineage_factors(inventory: InventoryResult) -> list[dict[str, Any]]:
    """Every factor the inventory used, with its value, unit and source, and how many line
    groups used it."""
    from greenledger.core.errors import GreenLedgerError
    from greenledger.web.reporting.services._common import library

    uses: dict[str, int] = {}
    for ids in inventory.lineage.values():
        for factor_id in ids:
            uses[factor_id] = uses.get(factor_id, 0) + 1
    found = []
    for factor_id in sorted(uses):
        try:
            factor = library().by_id(factor_id)
        except GreenLedgerError:
            found.append({"id": factor_id, "uses": uses[factor_id], "factor": None})
            continue
        found.append({"id": factor_id, "uses": uses[factor_id], "factor": factor})
    return found
