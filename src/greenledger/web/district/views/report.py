"""The district annual report for a year, as PDF (Chinese or English) and XLSX (the staff only).

The language is ``?lang=zh-hans|en`` (``zh`` accepted), else the request's language. A built
file is kept in ``django.core.cache`` until the next change of state (the audit ledger's head is
in the key): rendering the PDF takes seconds and the facts it reports do not change under it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from greenledger.web.audit.selectors import ledger_version
from greenledger.web.district import annual_report
from greenledger.web.district.selectors import facts
from greenledger.web.district.views.progress import refused
from greenledger.web.reporting.views._common import XLSX, download

REPORT_CACHE_SECONDS = 600
LANGUAGE_NAMES = {"zh-hans": "zh-hans", "zh": "zh-hans", "zh-cn": "zh-hans", "en": "en"}


def report_language(request: HttpRequest) -> str:
    asked = (request.GET.get("lang") or request.GET.get("language") or "").strip().lower()
    if asked:
        language = LANGUAGE_NAMES.get(asked)
        if language is None:
            raise Http404
        return language
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def _cached(kind: str, year: int, language: str, build: Callable[[], bytes]) -> bytes:
    key = f"district-report:{kind}:{year}:{language}:{ledger_version()}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, REPORT_CACHE_SECONDS)
    return bytes(content)


def _year_or_404(year: int) -> int:
    if year not in facts.fact_years():
        raise Http404
    return year


def _data(year: int) -> annual_report.ReportData:
    data = annual_report.report_data(year)
    if data is None:
        raise Http404
    return data


@require_safe
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    refusal = refused(request)
    if refusal is not None:
        return refusal
    language = report_language(request)
    _year_or_404(year)
    content = _cached(
        "pdf", year, language, lambda: annual_report.report_pdf(_data(year), language=language)
    )
    return download(content, f"district-report-{year}-{language}.pdf", "application/pdf")


@require_safe
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    refusal = refused(request)
    if refusal is not None:
        return refusal
    _year_or_404(year)
    content = _cached("xlsx", year, "", lambda: annual_report.report_xlsx(_data(year)))
    return download(content, f"district-report-{year}.xlsx", XLSX)


urlpatterns = [
    path("report/<int:year>.pdf", report_pdf, name="report_pdf"),
    path("report/<int:year>.xlsx", report_xlsx, name="report_xlsx"),
]
