"""A CBAM report's communication to the EU importer (the content of core
``cbam.communication``, stored with the report when it is computed) as XLSX laid out like the
Commission's communication template for installations, and as JSON.

Sheets, named as the template's:

- ``Summary_Communication``: the installation (name, country, address, UN/LOCODE,
  coordinates, operator, production route), the reporting period with its start and end, the
  report's status and version, and the summary of products (process, category, CN code, SEE
  direct / indirect / total, default values used, carbon price paid);
- ``Summary_Products``: one row per good (CN code, good, category, activity level, SEE direct /
  indirect / total, electricity MWh per unit with the factor and its source, default values
  used, direct emissions only, carbon price paid);
- ``E_PurchPrec``: the precursors of each good (source, reference, mass, SEEs as used,
  mark-up, embedded emissions);
- ``Sources``: the data and rules behind the figures and whether they are confirmed.

Headers are bilingual; figures are numbers, not text.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from greenledger.web.products.models import CbamReport
from greenledger.web.reports.cells import header_row, save, section_row, set_widths, value_row
from greenledger.web.reports.labels import bilingual

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEE = "0.000000"
MASS = "#,##0.000"

PRODUCT_HEADERS = (
    _("CN code"),
    _("Good"),
    _("Category"),
    _("Activity level"),
    _("Unit"),
    _("SEE direct (tCO2e/t)"),
    _("SEE indirect (tCO2e/t)"),
    _("SEE total (tCO2e/t)"),
    _("Electricity (MWh/t)"),
    _("Electricity factor (tCO2/MWh)"),
    _("Factor source"),
    _("Default values used"),
    _("Direct emissions only"),
    _("Carbon price scheme"),
    _("Carbon price (per tCO2e)"),
    _("Currency"),
    _("Share covered"),
    _("Carbon price paid (per t of good)"),
)
SUMMARY_HEADERS = (
    _("Production process"),
    _("Category"),
    _("CN code"),
    _("Good"),
    _("SEE direct (tCO2e/t)"),
    _("SEE indirect (tCO2e/t)"),
    _("SEE total (tCO2e/t)"),
    _("Default values used"),
    _("Carbon price paid (per t of good)"),
)
PRECURSOR_HEADERS = (
    _("CN code"),
    _("Good"),
    _("Precursor source"),
    _("Reference"),
    _("Mass (t)"),
    _("SEE direct (tCO2e/t)"),
    _("SEE indirect (tCO2e/t)"),
    _("Mark-up"),
    _("Embedded direct (tCO2e)"),
    _("Embedded indirect (tCO2e)"),
)


def period_dates(period: str) -> tuple[str, str]:
    """The first and last day of a period "YYYY" or "YYYY-Qn" (ISO dates)."""
    year, _dash, quarter = str(period).partition("-Q")
    if quarter.isdigit() and 1 <= int(quarter) <= 4:
        first = 3 * int(quarter) - 2
        last = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[int(quarter)]
        return f"{year}-{first:02d}-01", f"{year}-{last}"
    return f"{year}-01-01", f"{year}-12-31"


def communication_json(report: CbamReport) -> dict[str, Any]:
    """The communication as JSON, with the report's identity and verification."""
    return {
        "report": {
            "id": report.pk,
            "period": report.period,
            "version": report.version,
            "status": report.status,
            "verified_at": report.verified_at.isoformat() if report.verified_at else None,
        },
        **report.result["communication"],
    }


def _yes(value: Any) -> str:
    return bilingual(_("yes")) if value else bilingual(_("no"))


def communication_xlsx(report: CbamReport) -> bytes:
    content = report.result["communication"]
    book = Workbook()
    summary = book.active
    summary.title = "Summary_Communication"
    section_row(summary, bilingual(_("Installation")))
    place = content["installation"]
    for label, value in (
        (_("Installation name"), place["name"]),
        (_("Country"), place["country"]),
        (_("Address"), place["address"]),
        (_("UN/LOCODE"), place["unlocode"]),
        (_("Latitude"), place["latitude"]),
        (_("Longitude"), place["longitude"]),
        (_("Operator"), place["operator"]),
        (_("Production route"), place["production_route"]),
    ):
        value_row(summary, [bilingual(label), value])
    section_row(summary, bilingual(_("Reporting period")))
    start, end = period_dates(content["reporting_period"])
    value_row(summary, [bilingual(_("Reporting period")), content["reporting_period"]])
    value_row(summary, [bilingual(_("Start")), start])
    value_row(summary, [bilingual(_("End")), end])
    value_row(summary, [bilingual(_("Version")), report.version])
    value_row(summary, [bilingual(_("Status")), report.get_status_display()])
    value_row(summary, [bilingual(_("Default-value mark-up")), content["default_value_markup"]])
    section_row(summary, bilingual(_("Summary of products")))
    header_row(summary, [bilingual(h) for h in SUMMARY_HEADERS])
    for good in content["products"]:
        price = good["carbon_price"] or {}
        value_row(
            summary,
            [
                good["process"],
                good["category"],
                good["cn_code"],
                good["good"],
                good["see_direct"],
                good["see_indirect"],
                good["see_total"],
                _yes(good["uses_defaults"]),
                price.get("paid_per_unit"),
            ],
            {5: SEE, 6: SEE, 7: SEE},
        )
    set_widths(summary, (36, 36, 12, 28, 14, 14, 14, 12, 14))

    products = book.create_sheet("Summary_Products")
    header_row(products, [bilingual(h) for h in PRODUCT_HEADERS])
    see = {c: SEE for c in (6, 7, 8, 9, 10)}
    for good in content["products"]:
        price = good["carbon_price"] or {}
        value_row(
            products,
            [
                good["cn_code"],
                good["good"],
                good["category"],
                good["activity_level"],
                good["functional_unit"],
                good["see_direct"],
                good["see_indirect"],
                good["see_total"],
                good["electricity_mwh_per_unit"],
                good["electricity_ef_tco2_per_mwh"],
                good["electricity_ef_source"],
                _yes(good["uses_defaults"]),
                _yes(good["direct_only"]),
                price.get("scheme"),
                price.get("amount_per_t"),
                price.get("currency"),
                price.get("covered_share"),
                price.get("paid_per_unit"),
            ],
            {4: MASS, **see},
        )
    set_widths(products, (12, 28, 16, 14, 8, *[14] * 5, 30, 10, 10, 20, 12, 8, 10, 14))
    products.freeze_panes = "A2"

    precursors = book.create_sheet("E_PurchPrec")
    header_row(precursors, [bilingual(h) for h in PRECURSOR_HEADERS])
    for good in content["products"]:
        for line in good["precursors"]:
            value_row(
                precursors,
                [
                    good["cn_code"],
                    good["good"],
                    line["source"],
                    line["reference"],
                    line["mass_t"],
                    line["see_direct"],
                    line["see_indirect"],
                    line["markup"],
                    line["embedded_direct_tco2e"],
                    line["embedded_indirect_tco2e"],
                ],
                {5: MASS, 6: SEE, 7: SEE, 9: MASS, 10: MASS},
            )
    set_widths(precursors, (12, 28, 12, 28, 12, 14, 14, 10, 16, 16))
    precursors.freeze_panes = "A2"

    sources = book.create_sheet("Sources")
    header_row(sources, [bilingual(_("Data")), bilingual(_("Source")), bilingual(_("Confirmed"))])
    for key, entry in content["sources"].items():
        value_row(sources, [key, str(entry.get("source")), entry.get("confirmed")])
    set_widths(sources, (14, 90, 12))
    return save(book)
