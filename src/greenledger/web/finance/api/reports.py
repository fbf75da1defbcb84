"""The portfolio report of a year, ``GET /api/finance/portfolio/{year}/report``: ``format``
xlsx or pdf, ``lang`` zh-hans or en (default: the request's language). The institution's
analysts only (403 for anybody else); 404 for a year without positions; a wrong format or
language answers 422 with the field. The transition loans' KPIs in the report read the
borrowers' verified inventories through their grants, and each read is logged."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Schema

from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import Year
from greenledger.web.finance.api._router import router
from greenledger.web.finance.api.portfolio import _institution
from greenledger.web.finance.exports import portfolio_pdf, portfolio_xlsx
from greenledger.web.finance.views.reports import PDF, report_of
from greenledger.web.reporting.views._common import XLSX, download


class ReportQuery(Schema):
    format: Literal["xlsx", "pdf"] = "xlsx"
    lang: Literal["zh-hans", "en"] | None = None


@router.get("/portfolio/{int:year}/report", summary="Portfolio report of a year (XLSX or PDF)")
@answers(403, download=(XLSX, PDF))
def portfolio_report_file(request: HttpRequest, year: Year, query: Query[ReportQuery]) -> Any:
    """Totals, breakdowns, green loans, year-on-year change, every position with the data
    behind its emissions, the transition KPIs and the PCAF rule version, as a workbook or an A4
    PDF."""
    user, institution = _institution(request)
    language = query.lang or (
        "en" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en") else "zh-hans"
    )
    report = report_of(user, institution, year, language, request.path)
    if query.format == "pdf":
        return download(portfolio_pdf(report), f"portfolio-{year}-{language}.pdf", PDF)
    return download(portfolio_xlsx(report), f"portfolio-{year}-{language}.xlsx", XLSX)


__all__ = ["portfolio_report_file"]
