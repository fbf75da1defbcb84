"""The enterprise's annual report as an XLSX workbook with the full lineage.

Sheets Summary, Activity data, Lines (every line with its figures and factor ids), Factors (every
factor used, with its source) and Method; headers and sheet names in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import greenledger
from greenledger.core.model import LINE_FIGURES
from greenledger.exports import safe_cell
from greenledger.web.reports import figures as fig
from greenledger.web.reports.cells import (
    FACTOR_HEADERS,
    GAS,
    INTENSITY,
    MASS,
    POLLUTANT,
    QUANTITY,
    append_header,
    append_row,
    append_section,
    factor_values,
    save,
    set_widths,
    sheet_title,
)
from greenledger.web.reports.inputs import ReportInput
from greenledger.web.reports.labels import (
    CATEGORIES,
    FIGURES,
    GASES,
    GBT_SOURCES,
    POLLUTANTS,
    UNITS,
    bilingual,
)

# -- the enterprise's annual report -----------------------------------------------------------


def annual_report_xlsx(report: ReportInput) -> bytes:
    """Sheets Summary, Activity data, Lines, Factors (the lineage) and Method."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary_sheet(workbook.create_sheet(sheet_title("summary")), report)
    _activity_sheet(workbook.create_sheet(sheet_title("activity")), report)
    _lines_sheet(workbook.create_sheet(sheet_title("lines")), report)
    _factors_sheet(workbook.create_sheet(sheet_title("factors")), fig.factor_rows(report))
    _method_sheet(workbook.create_sheet(sheet_title("method")), report)
    workbook.properties.title = safe_cell(f"{report.enterprise.name} {_year_title(report)}")
    workbook.properties.creator = "GreenLedger"
    return save(workbook)


def _year_title(report: ReportInput) -> str:
    with override("en"):
        return str(
            _("%(year)s annual greenhouse gas emission report")
            % {"year": report.enterprise.reporting_year}
        )


def _summary_sheet(sheet: Worksheet, report: ReportInput) -> None:
    inventory = report.inventory
    enterprise = report.enterprise
    energy = inventory.energy
    ghg = inventory.ghg_protocol
    gbt = inventory.gbt32150
    append_header(sheet, (_("Item"), _("Value"), _("Unit")))
    append_section(sheet, _("Enterprise and reporting period"))
    details: tuple[tuple[Promise, str | int], ...] = (
        (_("Enterprise name"), enterprise.name),
        (_("Unified social credit code"), enterprise.credit_code),
        (_("Address"), enterprise.address),
        (_("Industry"), enterprise.industry),
        (_("Reporting year"), enterprise.reporting_year),
        (
            _("Periods reported"),
            " – ".join(dict.fromkeys(inventory.periods[:1] + inventory.periods[-1:])),
        ),
        (_("Prepared by"), enterprise.prepared_by),
    )
    for item, text in details:
        append_row(sheet, (bilingual(item), text, ""))
    append_section(sheet, _("Emissions by source (GB/T 32150)"))
    for row in fig.gbt32150_source_rows(report):
        append_row(sheet, (bilingual(GBT_SOURCES[row.key]), row.tco2e, "tCO2e"), {2: MASS})
    append_row(
        sheet, (bilingual(_("Total (GB/T 32150)")), gbt.total_tco2e, "tCO2e"), {2: MASS}, bold=True
    )
    append_row(
        sheet,
        (
            bilingual(_("Memo: CO2 from biomass combustion (not in the total)")),
            gbt.biomass_co2_t,
            "tCO2",
        ),
        {2: MASS},
    )
    append_section(sheet, _("Emissions by gas"))
    for gas in fig.gas_rows(report):
        if gas.mass_t is not None:
            append_row(sheet, (f"{bilingual(GASES[gas.gas])} (t)", gas.mass_t, "t"), {2: GAS})
        append_row(sheet, (f"{bilingual(GASES[gas.gas])} (tCO2e)", gas.co2e_t, "tCO2e"), {2: MASS})
    append_section(sheet, _("GHG Protocol view"))
    for row in fig.scope1_rows(report):
        label = bilingual(_("Scope 1: %(category)s"), category=CATEGORIES[row.key])
        append_row(sheet, (label, row.tco2e, "tCO2e"), {2: MASS})
    for label, value, bold in (
        (_("Scope 1"), ghg.scope1_tco2e, True),
        (_("Scope 2, location-based"), ghg.scope2_location_tco2e, False),
        (_("Scope 2, market-based"), ghg.scope2_market_tco2e, False),
        (_("Memo: biogenic CO2 (outside the scopes)"), ghg.biogenic_co2_t, False),
        (_("Memo: emissions of exported electricity and heat"), ghg.exported_energy_tco2, False),
    ):
        append_row(sheet, (bilingual(label), value, "tCO2e"), {2: MASS}, bold=bold)
    append_section(sheet, _("Energy consumption and intensities"))
    for category, value in energy.by_category_tce.items():
        append_row(sheet, (bilingual(CATEGORIES[category]), value, "tce"), {2: MASS})
    total_label = _("Comprehensive energy consumption (electricity by calorific value)")
    generation_label = _(
        "Comprehensive energy consumption (electricity by generation coal consumption)"
    )
    append_row(sheet, (bilingual(total_label), energy.energy_tce, "tce"), {2: MASS}, bold=True)
    append_row(sheet, (bilingual(generation_label), energy.energy_tce_generation, "tce"), {2: MASS})
    append_row(
        sheet,
        (
            bilingual(_("Gross industrial output value")),
            energy.output_value_wan_yuan,
            bilingual(_("10⁴ yuan")),
        ),
        {2: MASS},
    )
    append_row(
        sheet,
        (
            bilingual(_("Energy per output value")),
            energy.tce_per_wan_yuan,
            bilingual(_("tce/10⁴ yuan")),
        ),
        {2: INTENSITY},
    )
    append_row(
        sheet,
        (
            bilingual(_("Emissions per output value")),
            inventory.co2e_t_per_wan_yuan,
            bilingual(_("tCO2e/10⁴ yuan")),
        ),
        {2: INTENSITY},
    )
    for name, (ratio, unit) in energy.tce_per_product_unit().items():
        label = f"{bilingual(_('Energy per unit of product'))}: {name}"
        append_row(sheet, (label, ratio, unit), {2: INTENSITY})
    append_section(sheet, _("Air pollutant emissions"))
    totals = fig.pollutant_totals(report)
    for key, value in zip(
        ("so2", "nox", "pm", "vocs"),
        (totals.so2_t, totals.nox_t, totals.pm_t, totals.vocs_t),
        strict=True,
    ):
        append_row(sheet, (bilingual(POLLUTANTS[key]), value, "t"), {2: POLLUTANT})
    set_widths(sheet, (62, 18, 16))


def _activity_sheet(sheet: Worksheet, report: ReportInput) -> None:
    periods = report.inventory.periods
    headers: list[Any] = [
        _("Activity id"),
        _("Activity (Chinese)"),
        _("Activity (English)"),
        _("Category"),
        _("Unit"),
        _("Quantity in the reporting period"),
        *periods,
    ]
    append_header(sheet, headers)
    for row in fig.activity_rows(report):
        values = [row.by_period.get(p) for p in periods]
        append_row(
            sheet,
            (
                row.activity,
                row.name_zh,
                row.name_en,
                bilingual(CATEGORIES[row.category]),
                _unit(row.unit),
                row.total,
                *values,
            ),
            {index: QUANTITY for index in range(6, 7 + len(periods))},
        )
    set_widths(sheet, (20, 22, 26, 34, 10, 16, *([12] * len(periods))))


LINE_HEADERS: tuple[Promise, ...] = (
    _("Source file row"),
    _("Enterprise"),
    _("Site"),
    _("Period"),
    _("Activity id"),
    _("Category"),
    _("Quantity"),
    _("Unit"),
    _("Instrument"),
    _("Removal efficiency"),
    _("Sulfur content (%)"),
    _("Technology"),
    _("Product"),
)


def _unit(unit: str) -> str:
    """'万元 / 10⁴ yuan' for the units the catalogue names; others (MWh, a product's unit) as is."""
    label = UNITS.get(unit)
    return bilingual(label) if label is not None else unit


def _lines_sheet(sheet: Worksheet, report: ReportInput) -> None:
    library = report.library
    append_header(
        sheet, (*LINE_HEADERS, *(FIGURES[name] for name in LINE_FIGURES), _("Factor ids"))
    )
    first_figure = len(LINE_HEADERS) + 1
    formats = {first_figure + i: MASS for i in range(len(LINE_FIGURES))}
    formats[7] = QUANTITY
    for result in report.inventory.lines:
        line = result.line
        activity = library.activities[line.activity]
        unit = line.product_unit if result.category == "product_output" else activity.canonical_unit
        append_row(
            sheet,
            (
                line.row or None,
                line.enterprise,
                line.site,
                line.period,
                line.activity,
                result.category,
                line.quantity,
                _unit(unit),
                line.instrument,
                line.removal_efficiency or None,
                line.sulfur_percent,
                line.technology,
                line.product,
                *(getattr(result, name) for name in LINE_FIGURES),
                "; ".join(result.factor_ids),
            ),
            formats,
        )
    set_widths(
        sheet, (6, 28, 14, 10, 20, 22, 14, 10, 12, 10, 10, 12, 14, *([14] * len(LINE_FIGURES)), 80)
    )


def _factors_sheet(sheet: Worksheet, rows: Sequence[fig.FactorRow]) -> None:
    append_header(sheet, (*FACTOR_HEADERS, _("Lines"), _("Library file"), _("Library row")))
    for row in rows:
        factor = row.factor
        append_row(
            sheet, (*factor_values(factor, row.unconfirmed), row.lines, factor.file, factor.row)
        )
    set_widths(sheet, (44, 18, 22, 10, 14, 10, 8, 10, 14, 50, 12, 28, 70, 10, 8, 16, 8))


def _method_sheet(sheet: Worksheet, report: ReportInput) -> None:
    context = report.context
    append_header(sheet, (_("Item"), _("Value")))
    for label, value in (
        (_("Method version"), report.method_version),
        (_("Factor set version"), report.factor_set_version),
        (_("Factor library"), report.library.title),
        (_("Region of the factors"), context.region),
        (_("Factor year"), context.year or bilingual(_("each line's own year"))),
        (_("Global warming potentials"), context.gwp),
        (_("Electricity factor series"), context.electricity_series),
        (
            _("GB/T 32150 edition of the fuel defaults"),
            bilingual(
                _("%(editions)s, chosen for this run")
                if context.ghg_edition
                else _("%(editions)s, the edition in force for the reporting year"),
                editions=report.ghg_editions(),
            ),
        ),
        (_("Accounting run"), context.describe()),
        (_("Software"), f"GreenLedger {greenledger.__version__}"),
        (_("Generated"), timezone.now().isoformat(timespec="seconds")),
        (_("Boundary"), report.enterprise.boundary),
        (_("Sites"), "; ".join(site.name for site in report.enterprise.sites)),
    ):
        append_row(sheet, (bilingual(label), value))
    set_widths(sheet, (44, 110))
