"""The portfolio report of a year for the institution's analysts: ``portfolio/<year>/report.xlsx``
and ``report.pdf``, in the user's language (``?lang=zh-hans`` or ``?lang=en`` overrides; any
other value 404). Who may open them is who may open the portfolio page (anonymous: sign in;
anybody but the institution's analysts: 403); a year without positions answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from greenledger.web.finance.exports import portfolio_pdf, portfolio_xlsx
from greenledger.web.finance.report_data import LANGUAGES, PortfolioReport, portfolio_report
from greenledger.web.finance.selectors import portfolio as selectors
from greenledger.web.finance.selectors.transition import transition_tracking
from greenledger.web.finance.views.portfolio import _institution
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.views._common import XLSX, download

__all__ = ["report_language", "report_of", "urlpatterns"]

PDF = "application/pdf"


def report_language(request: HttpRequest) -> str:
    """``?lang=`` when given (404 unless zh-hans or en), else the user's language."""
    asked = (request.GET.get("lang") or "").strip().lower()
    if asked:
        if asked not in LANGUAGES:
            raise Http404
        return asked
    return "en" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en") else "zh-hans"


def report_of(
    user: Any, institution: Organisation, year: int, language: str, path: str
) -> PortfolioReport:
    """The report of ``year`` (Http404 when the year has no positions), with the transition
    loans' KPIs (each verified inventory read logged with ``path``)."""
    if not 1990 <= year <= 2100 or not selectors.positions_of(user, year).exists():
        raise Http404
    tracks = transition_tracking(user=user, institution=institution, path=path)
    report = portfolio_report(user, year, language=language, transition=tracks)
    if report is None:
        raise Http404
    return report


@require_safe
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """The portfolio report of ``year`` as a workbook."""
    institution = _institution(request)
    if isinstance(institution, HttpResponse):
        return institution
    language = report_language(request)
    report = report_of(request.user, institution, year, language, request.path)
    return download(portfolio_xlsx(report), f"portfolio-{year}-{language}.xlsx", XLSX)


@require_safe
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The portfolio report of ``year`` as an A4 PDF."""
    institution = _institution(request)
    if isinstance(institution, HttpResponse):
        return institution
    language = report_language(request)
    report = report_of(request.user, institution, year, language, request.path)
    return download(portfolio_pdf(report), f"portfolio-{year}-{language}.pdf", PDF)


urlpatterns = [
    path("portfolio/<int:year>/report.xlsx", report_xlsx, name="portfolio_report_xlsx"),
    path("portfolio/<int:year>/report.pdf", report_pdf, name="portfolio_report_pdf"),
]
