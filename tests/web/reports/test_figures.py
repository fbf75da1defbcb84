"""What the reports derive from an inventory, and how they format numbers."""

from __future__ import annotations

import pytest

from greenledger.core.errors import GreenLedgerError
from greenledger.core.factors import FactorLibrary
from greenledger.core.inventory import Inventory
from greenledger.web.reports import figures as fig
from greenledger.web.reports.charts import bar_chart_svg
from greenledger.web.reports.figures import format_number
from greenledger.web.reports.inputs import ReportInput
from tests.web.reports.conftest import STEEL, details


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (1914.4640188, 2, "1,914.46"),
        (714.3000000000001, 2, "714.30"),
        (30281.341200676, 2, "30,281.34"),
        (-0.001, 2, "0.00"),
        (-1234.5, 1, "-1,234.5"),
        (0.15171, 4, "0.1517"),
        (None, 2, "—"),
    ],
)
def test_numbers_are_formatted_with_thousands_separators_and_fixed_decimals(
    value: float | None, digits: int, text: str
) -> None:
    assert format_number(value, digits) == text


def test_emissions_by_gas_add_up_to_the_gbt32150_total(coal: ReportInput) -> None:
    rows = {row.gas: row for row in fig.gas_rows(coal)}
    assert rows["CO2"].mass_t == pytest.approx(1900.2988, abs=1e-4)
    assert rows["CH4"].gwp == 28  # AR5
    assert rows["N2O"].gwp == 265
    assert sum(row.co2e_t for row in rows.values()) == pytest.approx(
        coal.inventory.gbt32150.total_tco2e
    )


def test_emissions_by_source_add_up_to_the_gbt32150_total(steel: ReportInput) -> None:
    rows = fig.gbt32150_source_rows(steel)
    assert sum(row.tco2e for row in rows) == pytest.approx(steel.inventory.gbt32150.total_tco2e)


def test_exported_energy_is_deducted_in_the_source_rows(district: Inventory) -> None:
    power_plant = ReportInput.from_inventory(district, details("示例化工园区热电公司"))
    rows = {row.key: row.tco2e for row in fig.gbt32150_source_rows(power_plant)}
    assert rows["exported_electricity"] < 0
    assert rows["exported_heat"] < 0
    assert sum(rows.values()) == pytest.approx(power_plant.inventory.gbt32150.total_tco2e)


def test_activity_rows_sum_each_activity_by_period(steel: ReportInput) -> None:
    rows = {row.activity: row for row in fig.activity_rows(steel)}
    coal = rows["raw_coal"]
    assert coal.name_zh == "原煤"
    assert coal.unit == "t"
    assert len(coal.by_period) == 12
    assert coal.total == pytest.approx(sum(coal.by_period.values()))


def test_factors_not_confirmed_against_their_primary_document_are_flagged(
    coal: ReportInput,
) -> None:
    rows = fig.factor_rows(coal)
    flagged = {row.factor.id for row in rows if row.unconfirmed}
    assert flagged == {row.factor.id for row in rows if not row.factor.confirmed}
    assert "assumption.raw_coal.sulfur_content" in flagged
    # the GB/T 2589 coefficient matches public reproductions, but the printed table was not read
    assert "gbt2589-2020.raw_coal.coal_equivalent" in flagged
    assert "ipcc2006.raw_coal.ch4" not in flagged


def test_data_quality_counts_default_and_measured_sulfur(coal: ReportInput) -> None:
    quality = fig.data_quality(coal)
    assert quality.lines == 1
    assert quality.measured_sulfur_lines == 0
    assert quality.default_sulfur_lines == 1


def test_lines_without_a_site_belong_to_the_whole_enterprise(steel: ReportInput) -> None:
    rows = fig.site_rows(steel)
    assert [(row.name, row.lines) for row in rows] == [("", len(steel.inventory.lines))]


def test_a_report_input_needs_the_enterprise_to_be_in_the_inventory(district: Inventory) -> None:
    with pytest.raises(GreenLedgerError, match="no enterprise 'Nobody Ltd'"):
        ReportInput.from_inventory(district, details("Nobody Ltd"))
    report = ReportInput.from_inventory(district, details("钢结构公司"), key=STEEL)
    assert report.inventory.enterprise == STEEL


def test_a_report_input_refuses_a_library_of_another_factor_set(
    steel: ReportInput, library: FactorLibrary
) -> None:
    with pytest.raises(GreenLedgerError, match="computed with factor set 1999.01"):
        ReportInput(
            enterprise=steel.enterprise,
            inventory=steel.inventory,
            context=steel.context,
            factor_set_version="1999.01",
            library=library,
        )


def test_the_chart_escapes_its_labels_and_draws_negative_bars_left_of_zero() -> None:
    svg = str(bar_chart_svg([("<b>&", 100.0), ("exported", -50.0)], unit="tCO2e"))
    assert "&lt;b&gt;&amp;" in svg
    assert "<b>" not in svg
    assert "-50.00" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
