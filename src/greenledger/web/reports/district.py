"""The district-wide workbook for the secretariat: one row per enterprise-year with its totals,
and every factor the inventories used (formula-injection safe, bilingual headers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from greenledger.core.factors.library import Factor
from greenledger.web.reports import figures as fig
from greenledger.web.reports.cells import (
    FACTOR_HEADERS,
    INTENSITY,
    MASS,
    POLLUTANT,
    append_header,
    append_row,
    factor_values,
    save,
    set_widths,
    sheet_title,
)
from greenledger.web.reports.inputs import ReportInput

# -- the district's workbook ---------------------------------------------------------------------

DISTRICT_HEADERS: tuple[Promise, ...] = (
    _("Enterprise name"),
    _("Unified social credit code"),
    _("Industry"),
    _("Reporting year"),
    _("Periods reported"),
    _("Energy, calorific value (tce)"),
    _("Energy, generation coal consumption (tce)"),
    _("Scope 1 (tCO2e)"),
    _("Scope 2 location-based (tCO2e)"),
    _("Scope 2 market-based (tCO2e)"),
    _("GB/T 32150 emissions (tCO2e)"),
    _("Biomass CO2 (t)"),
    _("Exported electricity and heat (tCO2)"),
    _("SO2 (t)"),
    _("NOx (t)"),
    _("PM (t)"),
    _("VOCs (t)"),
    _("Gross industrial output value (10⁴ yuan)"),
    _("Energy per output value (tce/10⁴ yuan)"),
    _("Emissions per output value (tCO2e/10⁴ yuan)"),
    _("Energy per unit of product"),
    _("Factor set version"),
    _("Method version"),
    _("Accounting run"),
)
DISTRICT_FORMATS = {
    **{column: MASS for column in range(6, 14)},
    **{column: POLLUTANT for column in range(14, 18)},
    18: MASS,
    19: INTENSITY,
    20: INTENSITY,
}


def district_inventories_xlsx(reports: Iterable[ReportInput]) -> bytes:
    """One row per enterprise-year with its totals, and the factors all of them used."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    inventories = workbook.create_sheet(sheet_title("inventories"))
    factors_sheet = workbook.create_sheet(sheet_title("factors"))
    append_header(inventories, DISTRICT_HEADERS)
    factors: dict[tuple[str, str], tuple[Factor, bool, list[str]]] = {}
    for report in reports:
        append_row(inventories, _district_values(report), DISTRICT_FORMATS)
        for row in fig.factor_rows(report):
            key = (report.factor_set_version, row.factor.id)
            users = factors.setdefault(key, (row.factor, row.unconfirmed, []))[2]
            if report.enterprise.name not in users:
                users.append(report.enterprise.name)
    set_widths(inventories, (30, 22, 22, 8, 18, *([15] * 15), 30, 12, 60, 60))
    append_header(factors_sheet, (_("Factor set version"), *FACTOR_HEADERS, _("Used by")))
    for (version, _id), (factor, unconfirmed, users) in factors.items():
        append_row(factors_sheet, (version, *factor_values(factor, unconfirmed), "; ".join(users)))
    set_widths(factors_sheet, (12, 44, 18, 22, 10, 14, 10, 8, 10, 14, 50, 12, 28, 70, 10, 60))
    workbook.properties.creator = "GreenLedger"
    return save(workbook)


def _district_values(report: ReportInput) -> tuple[Any, ...]:
    inventory = report.inventory
    energy = inventory.energy
    ghg = inventory.ghg_protocol
    totals = inventory.totals
    products = "; ".join(
        f"{name}: {ratio:.4f} {unit}"
        for name, (ratio, unit) in energy.tce_per_product_unit().items()
    )
    periods = inventory.periods
    return (
        report.enterprise.name,
        report.enterprise.credit_code,
        report.enterprise.industry,
        report.enterprise.reporting_year,
        " – ".join(dict.fromkeys(periods[:1] + periods[-1:])),
        energy.energy_tce,
        energy.energy_tce_generation,
        ghg.scope1_tco2e,
        ghg.scope2_location_tco2e,
        ghg.scope2_market_tco2e,
        inventory.gbt32150.total_tco2e,
        inventory.gbt32150.biomass_co2_t,
        ghg.exported_energy_tco2,
        totals["so2_t"],
        totals["nox_t"],
        totals["pm_t"],
        totals["vocs_t"],
        energy.output_value_wan_yuan,
        energy.tce_per_wan_yuan,
        inventory.co2e_t_per_wan_yuan,
        products,
        report.factor_set_version,
        report.method_version,
        report.context.describe(),
    )
