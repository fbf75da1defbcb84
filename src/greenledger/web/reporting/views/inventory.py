"""A version's inventory (trends, breakdowns, intensities, pollutants, lineage), the difference
between two versions, and the downloads: annual reports and the district workbook."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, logged_read, refused_or_404
from greenledger.web.audit.selectors import ledger_version
from greenledger.web.reporting import page_selectors as pages
from greenledger.web.reporting import selectors
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus
from greenledger.web.reporting.views import charts
from greenledger.web.reporting.views._common import XLSX, download, page
from greenledger.web.reports.labels import CATEGORIES
from greenledger.web.ui.assets import plotly_version
from greenledger.web.ui.viewer_cache import cached_for_viewer

SCOPE1_CATEGORIES = (
    "stationary_combustion",
    "mobile_combustion",
    "process",
    "fugitive",
    "biomass_combustion",
)
POLLUTANT_KEYS = ("so2", "nox", "pm", "vocs")
PDF_LANGUAGES = {"zh-hans": "zh-hans", "zh": "zh-hans", "en": "en"}


@require_safe
@logged_read("inventories", pages.submission_or_404)
@cached_for_viewer
def inventory(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    version = pages.version_or_404(submission, request.GET.get("version"))
    result = pages.inventory_of(version)
    context: dict[str, object] = {
        "submission": submission,
        "organisation": submission.organisation,
        "version": version,
        "versions": pages.versions_of(submission),
        "result": result,
        "plotly_version": plotly_version(),
    }
    if result is not None:
        totals = result.enterprise_totals
        categories = pages.inventory_by_category(result)
        scope1 = [
            (str(CATEGORIES.get(r["category"], r["category"])), r["scope1_co2e_t"])
            for r in categories
            if r["category"] in SCOPE1_CATEGORIES and r["scope1_co2e_t"]
        ]
        trends = selectors.organisation_trends(
            permissions.visible_submissions(request.user).filter(
                organisation_id=submission.organisation_id
            )
        )
        context.update(
            {
                "totals": totals,
                "periods": result.totals,
                "categories": categories,
                "scope1": scope1,
                "pollutants": [(key, totals.get(f"{key}_t")) for key in POLLUTANT_KEYS],
                "yearly": trends["yearly"],
                "charts": {
                    "monthly": charts.monthly(result.totals),
                    "sources": charts.by_source(categories),
                    "scopes": charts.by_scope(
                        scope1,
                        totals.get("scope2_location_t") or 0.0,
                        totals.get("scope2_market_t") or 0.0,
                    ),
                    "yearly": charts.yearly(trends["yearly"]),
                },
            }
        )
    return page(request, "reporting/inventory.html", context)


@require_safe
@logged_read("inventories", pages.submission_or_404)
@cached_for_viewer
def lineage(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    version = pages.version_or_404(submission, request.GET.get("version"))
    result = pages.inventory_of(version)
    if result is None:
        raise Http404
    context = {
        "submission": submission,
        "organisation": submission.organisation,
        "version": version,
        "result": result,
        "factors": pages.lineage_factors(result),
    }
    return page(request, "reporting/lineage.html", context)


@require_safe
@logged_read("inventories", pages.submission_or_404)
@cached_for_viewer
def version_diff(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    versions = pages.versions_of(submission)
    newer = pages.version_or_404(submission, request.GET.get("new"))
    default_old = max(newer.number - 1, 1)
    older = pages.version_or_404(submission, request.GET.get("old") or default_old)
    between = [v for v in versions if older.number < v.number <= newer.number]
    context = {
        "submission": submission,
        "organisation": submission.organisation,
        "versions": versions,
        "older": older,
        "newer": newer,
        "reasons": between,
        "diff": selectors.version_diff(older, newer),
        "site_names": {s.pk: s.name_zh for s in pages.sites_of(submission.organisation)},
    }
    return page(request, "reporting/diff.html", context)


def _latest(request: HttpRequest, submission_id: int) -> tuple[Submission, InventoryResult]:
    try:
        submission = pages.submission_or_404(request.user, submission_id)
    except Http404:
        refused_or_404(request, user=request.user, scope="inventories", pk=submission_id)
    result = selectors.latest_inventory(submission)
    if result is None:
        raise Http404
    access_log_for(
        request,
        user=request.user,
        organisation=submission.organisation_id,
        scope="inventories",
        obj=submission,
    )
    return submission, result


REPORT_CACHE_SECONDS = 600


def _report_document(kind: str, result: InventoryResult, language: str, build: Any) -> bytes:
    """A report file of an inventory result, built once and kept in ``django.core.cache`` until
    the next change of state (the ledger's head is in the key): rendering the PDF takes
    seconds, and the result it reports on does not change under it."""
    key = f"report-document:{kind}:{result.pk}:{language}:{ledger_version()}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, REPORT_CACHE_SECONDS)
    return bytes(content)


@require_safe
def report_pdf(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The annual GHG report as a PDF, in Chinese (default) or English (``?language=en``)."""
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.rendering import annual_report_pdf

    language = PDF_LANGUAGES.get(request.GET.get("language") or "zh-hans")
    if language is None:
        raise Http404
    submission, result = _latest(request, submission_id)
    content = _report_document(
        "pdf", result, language, lambda: annual_report_pdf(report_input(result), language=language)
    )
    name = f"ghg-report-{submission.year}-{submission.organisation_id}-{language}.pdf"
    return download(content, name, "application/pdf")


@require_safe
def report_xlsx(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The annual report workbook with the full lineage."""
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.workbooks import annual_report_xlsx

    submission, result = _latest(request, submission_id)
    content = _report_document("xlsx", result, "", lambda: annual_report_xlsx(report_input(result)))
    name = f"ghg-report-{submission.year}-{submission.organisation_id}.xlsx"
    return download(content, name, XLSX)


@require_safe
def district_inventories(request: HttpRequest) -> HttpResponse:
    """Every verified inventory of the district, one workbook (the secretariat only)."""
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.district import district_inventories_xlsx

    if not permissions.can_download_district_inventories(request.user):
        raise Http404
    verified = Submission.objects.filter(status=SubmissionStatus.VERIFIED)
    year = request.GET.get("year") or ""
    if year:
        if not year.isdigit():
            raise Http404
        verified = verified.filter(year=int(year))
    pairs = selectors.submission_inventories(verified.order_by("organisation_id", "year"))
    content = district_inventories_xlsx(report_input(result) for _s, result in pairs)
    return download(content, f"district-inventories{f'-{year}' if year else ''}.xlsx", XLSX)
