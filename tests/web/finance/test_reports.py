"""The portfolio report (XLSX and PDF, zh and en) of the four-position book of portfolio_support,
checked against the figures by hand: attribution factors 0.2 / 0.025 / 0.4 / 0.5, financed
emissions 0.2 E / 2,000 / 600 / 5 (E: company A's verified GB/T 32150 total), outstanding 76 M,
weighted data-quality score 122 / 76, WACI (5 x 800 + 40 x 75 + 30 x E / 500) / 75; green loans
70 M (40 M direct, 30 M indirect); the verified inventory behind L-A named by its id."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from greenledger.web.finance.exports import portfolio_pdf, portfolio_xlsx
from greenledger.web.finance.report_data import PortfolioReport, portfolio_report
from greenledger.web.finance.services.portfolio import portfolio_import
from greenledger.web.reporting.selectors import latest_inventory
from tests.web.finance.portfolio_support import ROWS, kept_portfolio_world, portfolio_csv
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _verified(pw: PlanningWorld) -> tuple[int, float]:
    inventory = latest_inventory(pw.submission)
    assert inventory is not None
    return inventory.pk, float(inventory.enterprise_totals["gbt32150_co2e_t"])


def book(pw: PlanningWorld, *rows: str, year: int = 2025) -> None:
    path = portfolio_csv(pw.tmp, *(rows or tuple(ROWS.values())), name=f"book-{year}.csv")
    portfolio_import(
        actor=pw.world.users["analyst"],
        institution=pw.world.bank,
        year=year,
        path=path,
        filename=path.name,
    )


def _report(pw: PlanningWorld, language: str, year: int = 2025) -> PortfolioReport:
    report = portfolio_report(pw.world.users["analyst"], year, language=language)
    assert report is not None
    return report


def test_report_figures_by_hand(pw: PlanningWorld) -> None:
    inventory_id, emissions = _verified(pw)
    book(pw)
    report = _report(pw, "en")
    totals = {label: value for label, value, _fmt in report.totals}
    assert totals["Outstanding (yuan)"] == pytest.approx(76e6)
    assert totals["Financed emissions (tCO2e)"] == pytest.approx(2605.0 + 0.2 * emissions)
    assert totals["Weighted data-quality score"] == pytest.approx(122 / 76)
    waci = (5 * 800 + 40 * 75 + 30 * emissions / 500) / 75
    assert totals["WACI (tCO2e per million yuan of revenue)"] == pytest.approx(waci)
    rows = {p.position: p for p in report.positions}
    assert rows["L-A"].attribution_factor == pytest.approx(0.2)
    assert rows["L-A"].financed_tco2e == pytest.approx(0.2 * emissions)
    assert rows["L-A"].data_quality_score == 1
    assert f"verified inventory {inventory_id} of 2025" in rows["L-A"].data
    assert rows["E-1"].financed_tco2e == pytest.approx(2000.0)
    assert "80,000.00 tCO2e" in rows["E-1"].data
    assert rows["P-1"].attribution_factor == pytest.approx(0.4)
    assert rows["M-1"].attribution_factor == pytest.approx(0.5)
    assert rows["M-1"].financed_tco2e == pytest.approx(5.0)
    assert rows["M-1"].asset_class == "Mortgage"
    assert rows["M-1"].basis == "computed from primary energy data"
    assert {g.key: g.financed_tco2e for g in report.by_asset_class}[
        "project_finance"
    ] == pytest.approx(600.0)
    green = {label: value for label, value, _fmt in report.green}
    assert green["Outstanding of green loans (yuan)"] == pytest.approx(70e6)
    assert green["Share of the portfolio's outstanding"] == pytest.approx(70 / 76)
    effects = {g.key: g for g in report.green_by_effect}
    assert effects["direct"].outstanding_yuan == pytest.approx(40e6)
    assert effects["indirect"].financed_tco2e == pytest.approx(0.2 * emissions)
    assert report.previous_year is None and report.change == []
    assert report.rules_version.startswith("pcaf.yaml sha256 ")


def test_year_on_year_change(pw: PlanningWorld) -> None:
    book(pw, ROWS["E-1"], ROWS["M-1"], year=2024)  # 2,005 tCO2e financed, 6 M outstanding
    inventory_id, emissions = _verified(pw)
    book(pw)
    report = _report(pw, "en")
    assert report.previous_year == 2024
    change = {label: (before, now, moved) for label, before, now, moved, _f in report.change}
    before, now, moved = change["Financed emissions (tCO2e)"]
    assert before == pytest.approx(2005.0)
    assert moved == pytest.approx(600.0 + 0.2 * emissions)
    assert change["Outstanding (yuan)"][2] == pytest.approx(70e6)


def test_workbook_in_both_languages(pw: PlanningWorld) -> None:
    _inventory_id, emissions = _verified(pw)
    book(pw)
    workbook = load_workbook(io.BytesIO(portfolio_xlsx(_report(pw, "en"))))
    assert workbook.sheetnames[:4] == ["Summary", "Breakdowns", "Green loans", "Positions"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Financed emissions (tCO2e)"] == pytest.approx(2605.0 + 0.2 * emissions)
    assert summary["Weighted data-quality score"] == pytest.approx(122 / 76)
    positions = list(workbook["Positions"].iter_rows(values_only=True))
    by_name = {row[0]: row for row in positions[1:]}
    assert by_name["P-1"][5] == pytest.approx(0.4) and by_name["P-1"][7] == pytest.approx(600)
    assert by_name["E-1"][8] == 2 and by_name["L-A"][8] == 1
    zh = load_workbook(io.BytesIO(portfolio_xlsx(_report(pw, "zh-hans"))))
    assert zh.sheetnames[0] != "Summary"
    zh_summary = {row[0]: row[1] for row in zh.worksheets[0].iter_rows(values_only=True)}
    assert zh_summary["投融资排放（tCO2e）"] == pytest.approx(2605.0 + 0.2 * emissions)
    zh_rows = {row[0]: row for row in zh.worksheets[3].iter_rows(values_only=True)}
    assert zh_rows["M-1"][2] == "住房按揭贷款"
    assert zh_rows["M-1"][9] == "按一手能源消费数据计算"
    rules = {row[0]: row[1] for row in zh.worksheets[-1].iter_rows(values_only=True)}
    assert rules["住房按揭贷款"] == "未偿金额 / 发放时的房产价值"


def test_pdf_in_both_languages(pw: PlanningWorld) -> None:
    inventory_id, emissions = _verified(pw)
    book(pw)
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(portfolio_pdf(_report(pw, "en")))).pages
    )
    assert "Portfolio carbon accounting report 2025" in text
    assert f"{2605.0 + 0.2 * emissions:,.2f}" in text
    assert "1.61" in text  # 122 / 76
    assert "0.0250" in text and "600.00" in text
    assert f"verified inventory {inventory_id} of 2025" in text
    zh = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(portfolio_pdf(_report(pw, "zh-hans")))).pages
    )
    assert "投融资排放" in zh and f"{2605.0 + 0.2 * emissions:,.2f}" in zh
    assert "Portfolio carbon accounting report" not in zh
