"""A financial institution's portfolio report for one year, as a workbook (openpyxl) and an A4
PDF (WeasyPrint), in Simplified Chinese or English.

Both render the same ``PortfolioReport`` (``report_data.portfolio_report``): the totals, the
breakdowns, green loans, the change from the year before, every position with the data behind
its emissions, the transition KPIs and the PCAF rules with their version. WeasyPrint renders with
the machine's Noto CJK fonts and fetches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from weasyprint import HTML

from greenledger.web.finance.report_data import (
    FACTOR,
    MASS,
    MONEY,
    RATE,
    SCORE,
    Group,
    PortfolioReport,
)
from greenledger.web.reports.cells import header_row, save, section_row, set_widths, value_row
from greenledger.web.reports.figures import format_number
from greenledger.web.reports.rendering import _counter_css, _refuse_fetch

__all__ = ["portfolio_html", "portfolio_pdf", "portfolio_xlsx"]

TEMPLATE = "finance/report.html"
GROUP_FORMATS = {3: MONEY, 4: MASS, 5: SCORE, 6: MASS}


# -- XLSX ----------------------------------------------------------------------------------------


def _group_header(sheet: Any, first: str) -> None:
    header_row(
        sheet,
        (
            first,
            _("Positions"),
            _("Outstanding (yuan)"),
            _("Financed emissions (tCO2e)"),
            _("Weighted data-quality score"),
            _("WACI (tCO2e per million yuan of revenue)"),
        ),
    )


def _groups(sheet: Any, title: str, first: str, groups: Sequence[Group]) -> None:
    section_row(sheet, title)
    _group_header(sheet, first)
    for g in groups:
        value_row(
            sheet,
            (
                g.label,
                g.positions,
                g.outstanding_yuan,
                g.financed_tco2e,
                g.weighted_data_quality_score,
                g.waci_tco2e_per_million_yuan,
            ),
            GROUP_FORMATS,
        )
    value_row(sheet, ())


def portfolio_xlsx(report: PortfolioReport) -> bytes:
    """The report as a workbook in the report's language: summary, breakdowns, green loans,
    positions, transition KPIs, rules."""
    with override(report.language):
        workbook = Workbook()
        _summary_sheet(workbook, report)
        sheet = workbook.create_sheet(_("Breakdowns")[:31])
        _groups(sheet, _("By sector"), _("Sector"), report.by_sector)
        _groups(sheet, _("By asset class"), _("Asset class"), report.by_asset_class)
        _groups(sheet, _("By catalogue category"), _("Category"), report.by_category)
        set_widths(sheet, (40, 12, 20, 20, 16, 20))
        _green_sheet(workbook, report)
        _positions_sheet(workbook, report)
        _transition_sheet(workbook, report)
        _rules_sheet(workbook, report)
        workbook.properties.creator = "GreenLedger"
        workbook.properties.title = report.title
        return save(workbook)


def _summary_sheet(workbook: Workbook, report: PortfolioReport) -> None:
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    section_row(sheet, report.title)
    value_row(sheet, (_("Financial institution"), report.institution))
    value_row(sheet, (_("Year"), report.year))
    value_row(sheet, (_("Report date"), report.report_date))
    value_row(sheet, (_("PCAF rule version"), report.rules_version))
    value_row(sheet, ())
    section_row(sheet, _("Totals"))
    for label, value, fmt in report.totals:
        value_row(sheet, (label, value), {2: fmt})
    value_row(sheet, ())
    section_row(sheet, _("Year-on-year change"))
    if report.previous_year is None:
        value_row(sheet, (_("No earlier year to compare with."),))
    else:
        header_row(sheet, (_("Figure"), report.previous_year, report.year, _("Change")))
        for label, before, now, moved, fmt in report.change:
            value_row(sheet, (label, before, now, moved), {2: fmt, 3: fmt, 4: fmt})
    value_row(sheet, ())
    section_row(sheet, _("Notes"))
    for note in report.notes:
        value_row(sheet, (note,))
    set_widths(sheet, (48, 24, 24, 24))


def _green_sheet(workbook: Workbook, report: PortfolioReport) -> None:
    sheet = workbook.create_sheet(_("Green loans")[:31])
    section_row(sheet, _("Green loans"))
    for label, value, fmt in report.green:
        value_row(sheet, (label, value), {2: fmt})
    value_row(sheet, ())
    _groups(sheet, _("By catalogue category"), _("Category"), report.green_by_category)
    _groups(sheet, _("By carbon-reduction effect"), _("Effect"), report.green_by_effect)
    set_widths(sheet, (40, 12, 20, 20, 16, 20))


def _positions_sheet(workbook: Workbook, report: PortfolioReport) -> None:
    sheet = workbook.create_sheet(_("Positions")[:31])
    header_row(
        sheet,
        (
            _("Position"),
            _("Borrower"),
            _("Asset class"),
            _("Sector"),
            _("Outstanding (yuan)"),
            _("Attribution factor"),
            _("Borrower's emissions (tCO2e)"),
            _("Financed emissions (tCO2e)"),
            _("Data-quality score"),
            _("Emissions basis"),
            _("Data behind the emissions"),
            _("Catalogue code"),
            _("Carbon-reduction effect"),
        ),
    )
    formats = {5: MONEY, 6: FACTOR, 7: MASS, 8: MASS}
    for p in report.positions:
        value_row(
            sheet,
            (
                p.position,
                p.borrower,
                p.asset_class,
                p.sector,
                p.outstanding_yuan,
                p.attribution_factor,
                p.emissions_tco2e,
                p.financed_tco2e,
                p.data_quality_score,
                p.basis,
                p.data,
                p.catalogue_code,
                p.carbon_effect,
            ),
            formats,
        )
    set_widths(sheet, (12, 28, 18, 10, 18, 14, 18, 18, 10, 30, 60, 10, 24))
    sheet.freeze_panes = "B2"


def _transition_sheet(workbook: Workbook, report: PortfolioReport) -> None:
    sheet = workbook.create_sheet(_("Transition KPIs")[:31])
    section_row(sheet, _("Transition KPIs"))
    value_row(sheet, (report.transition_note,))
    header_row(
        sheet,
        (
            _("Position"),
            _("Borrower"),
            _("Industry"),
            _("Unit"),
            _("Year"),
            _("KPI"),
            _("Entry value"),
            _("Advanced value"),
            _("Status"),
            _("Gap to the entry value"),
            _("Gap to the advanced value"),
            _("Evidence"),
        ),
    )
    if not report.transition:
        value_row(sheet, (_("No transition loan in this portfolio."),))
    formats = {c: "0.0000" for c in (6, 7, 8, 10, 11)}
    for t in report.transition:
        value_row(
            sheet,
            (
                t.position,
                t.borrower,
                t.industry,
                t.unit,
                t.year,
                t.kpi,
                t.entry,
                t.advanced,
                t.status,
                t.gap_to_entry,
                t.gap_to_advanced,
                t.evidence,
            ),
            formats,
        )
    set_widths(sheet, (12, 28, 20, 16, 8, 12, 12, 12, 20, 14, 14, 30))


def _rules_sheet(workbook: Workbook, report: PortfolioReport) -> None:
    sheet = workbook.create_sheet(_("PCAF rules")[:31])
    value_row(sheet, (_("PCAF rule version"), report.rules_version))
    header_row(sheet, (_("Asset class"), _("Attribution"), _("Clause and source"), _("Checked")))
    for row in report.rules:
        value_row(sheet, row)
    set_widths(sheet, (24, 14, 100, 14))


# -- PDF -----------------------------------------------------------------------------------------


def _shown(value: Any, fmt: str) -> str:
    """A figure as the PDF prints it in its number format ("—" when missing)."""
    if value is None or value == "":
        return "—"
    if fmt == RATE and isinstance(value, int | float):
        return f"{value * 100:.2f} %"
    if fmt in (MONEY, "0") and isinstance(value, int | float):
        return format_number(float(value), 0)
    if fmt and isinstance(value, int | float):
        return format_number(float(value), 2)
    return str(value)


def portfolio_pdf(report: PortfolioReport) -> bytes:
    """The report as an A4 PDF in the report's language."""
    pdf: bytes = HTML(string=portfolio_html(report), url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def portfolio_html(report: PortfolioReport) -> str:
    """The PDF's HTML (see ``portfolio_pdf``)."""
    with override(report.language):
        context = {
            "lang": "zh-Hans" if report.language == "zh-hans" else "en",
            "report": report,
            "totals": [(label, _shown(v, fmt)) for label, v, fmt in report.totals],
            "green": [(label, _shown(v, fmt)) for label, v, fmt in report.green],
            "change": [
                (label, _shown(a, fmt), _shown(b, fmt), _shown(c, fmt))
                for label, a, b, c, fmt in report.change
            ],
            "breakdowns": [
                (_("By sector"), _("Sector"), report.by_sector),
                (_("By asset class"), _("Asset class"), report.by_asset_class),
                (_("By catalogue category"), _("Category"), report.by_category),
            ],
            "green_breakdowns": [
                (_("By catalogue category"), _("Category"), report.green_by_category),
                (_("By carbon-reduction effect"), _("Effect"), report.green_by_effect),
            ],
            "page_counter_css": _counter_css(_("Page %(page)s of %(pages)s")),
        }
        html: str = render_to_string(TEMPLATE, context)
    return html
