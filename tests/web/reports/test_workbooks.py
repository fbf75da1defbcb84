"""The annual report and the district workbook as XLSX: sheets, lineage, totals, formula safety."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from greenledger.core.factors import FactorLibrary
from greenledger.core.inventory import Inventory
from greenledger.core.model import LINE_FIGURES
from greenledger.web.reports.district import district_inventories_xlsx
from greenledger.web.reports.inputs import ReportInput
from greenledger.web.reports.workbooks import annual_report_xlsx
from tests.web.reports.conftest import MALICIOUS, STEEL, coal_inventory, details


def open_workbook(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def column(sheet: Any, header: str) -> list[Any]:
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def no_formulas(workbook: Workbook) -> None:
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


@pytest.fixture(scope="module")
def steel_book(steel: ReportInput) -> Workbook:
    return open_workbook(annual_report_xlsx(steel))


@pytest.fixture(scope="module")
def malicious(library: FactorLibrary) -> ReportInput:
    return ReportInput.from_inventory(
        coal_inventory(library, enterprise=MALICIOUS),
        details(MALICIOUS, prepared_by="@SUM(1+1)*cmd|' /C calc'!A0", industry="+1-1"),
    )


def test_the_annual_workbook_has_bilingual_sheets(steel_book: Workbook) -> None:
    assert steel_book.sheetnames == [
        "汇总 Summary",
        "活动数据 Activity data",
        "排放明细 Lines",
        "排放因子 Factors",
        "核算方法 Method",
    ]


def test_column_headers_are_chinese_and_english(steel_book: Workbook) -> None:
    headers = [cell.value for cell in steel_book["排放因子 Factors"][1]]
    assert headers[:3] == ["因子编号 / Factor id", "活动 / Activity", "参数 / Parameter"]
    assert "来源 / Source" in headers
    assert "版本 / Edition" in headers


def test_the_factor_sheet_is_the_inventory_s_lineage(
    steel: ReportInput, steel_book: Workbook
) -> None:
    sheet = steel_book["排放因子 Factors"]
    assert column(sheet, "因子编号 / Factor id") == list(steel.inventory.factor_ids())
    sources = column(sheet, "来源 / Source")
    # each factor's primary citation: issuer and document
    factors = [steel.library.by_id(i) for i in steel.inventory.factor_ids()]
    assert sources == [f"{f.issuer}: {f.source}" for f in factors]
    assert any(s.startswith("AQSIQ; SAC: GB/T 32150-2015 工业企业温室气体") for s in sources)
    assert all(column(sheet, "版本 / Edition"))


def test_the_lines_sheet_has_every_line_with_its_figures_and_factor_ids(
    steel: ReportInput, steel_book: Workbook
) -> None:
    sheet = steel_book["排放明细 Lines"]
    lines = steel.inventory.lines
    assert sheet.max_row == len(lines) + 1
    ids = column(sheet, "因子编号 / Factor ids")
    assert ids == ["; ".join(line.factor_ids) or None for line in lines]
    total = sum(column(sheet, "GB/T 32150 排放量（tCO2e） / GB/T 32150 emissions (tCO2e)"))
    assert total == pytest.approx(steel.inventory.gbt32150.total_tco2e)
    headers = [cell.value for cell in sheet[1]]
    assert len(headers) == 13 + len(LINE_FIGURES) + 1


def test_the_summary_carries_both_views_energy_pollutants_and_intensities(
    steel: ReportInput, steel_book: Workbook
) -> None:
    rows = {
        row[0]: row[1]
        for row in steel_book["汇总 Summary"].iter_rows(min_row=2, values_only=True)
        if row[0]
    }
    inventory = steel.inventory
    assert rows["企业名称 / Enterprise name"] == STEEL
    assert rows["排放总量（GB/T 32150） / Total (GB/T 32150)"] == pytest.approx(
        inventory.gbt32150.total_tco2e
    )
    assert rows["范围一 / Scope 1"] == pytest.approx(inventory.ghg_protocol.scope1_tco2e)
    assert rows["范围二（基于位置） / Scope 2, location-based"] == pytest.approx(
        inventory.ghg_protocol.scope2_location_tco2e
    )
    assert rows["范围二（基于市场） / Scope 2, market-based"] == pytest.approx(
        inventory.ghg_protocol.scope2_market_tco2e
    )
    energy_label = (
        "综合能源消费量（电力按当量值折算） / "
        "Comprehensive energy consumption (electricity by calorific value)"
    )
    assert rows[energy_label] == pytest.approx(inventory.energy.energy_tce)
    assert rows["二氧化硫（SO2） / Sulphur dioxide (SO2)"] == pytest.approx(
        inventory.totals["so2_t"]
    )
    assert rows["万元产值综合能耗 / Energy per output value"] == pytest.approx(
        inventory.energy.tce_per_wan_yuan
    )


def test_the_activity_sheet_sums_each_activity_by_period(
    steel: ReportInput, steel_book: Workbook
) -> None:
    sheet = steel_book["活动数据 Activity data"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[6:] == list(steel.inventory.periods)
    coal = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "raw_coal")
    expected = sum(r.line.quantity for r in steel.inventory.lines if r.line.activity == "raw_coal")
    assert coal[5] == pytest.approx(expected)
    assert sum(v for v in coal[6:] if v) == pytest.approx(expected)


def test_the_method_sheet_names_the_versions(steel: ReportInput, steel_book: Workbook) -> None:
    rows = dict(steel_book["核算方法 Method"].iter_rows(min_row=2, values_only=True))
    assert rows["核算方法版本 / Method version"] == steel.method_version
    assert rows["因子库版本 / Factor set version"] == steel.factor_set_version
    assert rows["全球变暖潜势（GWP） / Global warming potentials"] == "AR5"


def test_a_malicious_enterprise_name_is_stored_as_text(malicious: ReportInput) -> None:
    book = open_workbook(annual_report_xlsx(malicious))
    no_formulas(book)
    summary = {
        row[0]: row[1] for row in book["汇总 Summary"].iter_rows(min_row=2, values_only=True)
    }
    assert summary["企业名称 / Enterprise name"] == "'" + MALICIOUS
    assert summary["编制人 / Prepared by"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert summary["所属行业 / Industry"] == "'+1-1"
    assert set(column(book["排放明细 Lines"], "企业 / Enterprise")) == {"'" + MALICIOUS}


@pytest.fixture(scope="module")
def two_enterprises(district: Inventory, library: FactorLibrary) -> list[ReportInput]:
    return [
        ReportInput.from_inventory(district, details(STEEL)),
        ReportInput.from_inventory(coal_inventory(library), details("示例燃煤锅炉有限公司")),
    ]


def test_the_district_workbook_has_one_row_per_enterprise_with_its_totals(
    two_enterprises: list[ReportInput],
) -> None:
    book = open_workbook(district_inventories_xlsx(two_enterprises))
    assert book.sheetnames == ["企业清单 Inventories", "排放因子 Factors"]
    sheet = book["企业清单 Inventories"]
    assert sheet.max_row == 3
    assert column(sheet, "企业名称 / Enterprise name") == [STEEL, "示例燃煤锅炉有限公司"]
    checks = {
        "GB/T 32150 排放量（tCO2e） / GB/T 32150 emissions (tCO2e)": lambda r: (
            r.inventory.gbt32150.total_tco2e
        ),
        "范围一（tCO2e） / Scope 1 (tCO2e)": lambda r: r.inventory.ghg_protocol.scope1_tco2e,
        "范围二，基于位置（tCO2e） / Scope 2 location-based (tCO2e)": lambda r: (
            r.inventory.ghg_protocol.scope2_location_tco2e
        ),
        "范围二，基于市场（tCO2e） / Scope 2 market-based (tCO2e)": lambda r: (
            r.inventory.ghg_protocol.scope2_market_tco2e
        ),
        "综合能耗，当量值（tce） / Energy, calorific value (tce)": lambda r: (
            r.inventory.energy.energy_tce
        ),
        "二氧化硫（t） / SO2 (t)": lambda r: r.inventory.totals["so2_t"],
        "因子库版本 / Factor set version": lambda r: r.factor_set_version,
        "核算方法版本 / Method version": lambda r: r.method_version,
    }
    for header, expected in checks.items():
        assert column(sheet, header) == [pytest.approx(expected(r)) for r in two_enterprises]
    coal_row = column(sheet, "GB/T 32150 排放量（tCO2e） / GB/T 32150 emissions (tCO2e)")[1]
    assert round(coal_row, 2) == 1914.46  # 1000 t raw coal, by hand
    intensity = column(
        sheet, "万元产值综合能耗（tce/万元） / Energy per output value (tce/10⁴ yuan)"
    )
    assert intensity == [pytest.approx(two_enterprises[0].inventory.energy.tce_per_wan_yuan), None]


def test_the_district_factor_sheet_lists_every_factor_used_once(
    two_enterprises: list[ReportInput],
) -> None:
    book = open_workbook(district_inventories_xlsx(two_enterprises))
    sheet = book["排放因子 Factors"]
    ids = column(sheet, "因子编号 / Factor id")
    expected = list(
        dict.fromkeys(i for report in two_enterprises for i in report.inventory.factor_ids())
    )
    assert ids == expected
    used_by = dict(zip(ids, column(sheet, "使用企业 / Used by"), strict=True))
    assert used_by["gbt32150-2015.raw_coal.ncv"] == f"{STEEL}; 示例燃煤锅炉有限公司"
    assert used_by["ipcc2006.limestone.ef"] == STEEL


def test_the_district_workbook_neutralises_formulas(
    two_enterprises: list[ReportInput], malicious: ReportInput
) -> None:
    book = open_workbook(district_inventories_xlsx([*two_enterprises, malicious]))
    no_formulas(book)
    names = column(book["企业清单 Inventories"], "企业名称 / Enterprise name")
    assert names[-1] == "'" + MALICIOUS
