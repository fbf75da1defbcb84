"""Portfolio services and selectors: the all-or-nothing import, the member rule (unshared members
refused with their row; a shared member's verified inventory used, basis verified, the read
logged), the form, PCAF totals, breakdowns, green loans and the year-on-year change, by hand."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.core.errors import InputError
from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.finance.models import PortfolioImport, Position
from greenledger.web.finance.selectors.portfolio import portfolio_json, portfolio_year
from greenledger.web.finance.services.portfolio import portfolio_import, position_save
from greenledger.web.reporting.selectors import latest_inventory
from tests.web.conftest import credit_code
from tests.web.finance.portfolio_support import ROWS, kept_portfolio_world, portfolio_csv
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _verified(pw: PlanningWorld) -> float:
    inventory = latest_inventory(pw.submission)
    assert inventory is not None
    return float(inventory.enterprise_totals["gbt32150_co2e_t"])


def _import(pw: PlanningWorld, *rows: str, year: int = 2025) -> PortfolioImport:
    path = portfolio_csv(pw.tmp, *rows)
    return portfolio_import(
        actor=pw.world.users["analyst"],
        institution=pw.world.bank,
        year=year,
        path=path,
        filename=path.name,
    )


def test_import_computes_pcaf_by_hand_and_uses_the_verified_inventory(pw: PlanningWorld) -> None:
    emissions = _verified(pw)
    assert emissions > 1000  # the inventory's GB/T 32150 total, not the file's empty cell
    imported = _import(pw, *ROWS.values())
    assert imported.rows == 4
    positions = {p.position: p for p in Position.objects.filter(imported=imported)}
    loan = positions["L-A"]
    assert loan.borrower == pw.enterprise
    assert loan.emissions_basis == "verified"
    assert loan.emissions_tco2e == pytest.approx(emissions)
    assert loan.attribution_factor == pytest.approx(0.2)
    assert loan.financed_tco2e == pytest.approx(0.2 * emissions)
    assert loan.data_quality_score == 1
    assert loan.carbon_effect == "indirect" and loan.use_of_proceeds == "电机改造"
    assert positions["E-1"].attribution_factor == pytest.approx(0.025)
    assert positions["E-1"].financed_tco2e == pytest.approx(2000.0)
    assert positions["P-1"].financed_tco2e == pytest.approx(600.0)
    assert positions["M-1"].financed_tco2e == pytest.approx(5.0)
    assert {p.data_quality_score for k, p in positions.items() if k != "L-A"} == {2}
    # the read of company A's inventory is logged for company A to see
    access = DataAccess.objects.get(organisation=pw.enterprise, institution=pw.world.bank)
    assert access.scope == "inventories" and access.user == pw.world.users["analyst"]
    assert imported.totals["financed_tco2e"] == pytest.approx(2605.0 + 0.2 * emissions)

    data = portfolio_year(pw.world.users["analyst"], 2025)
    assert data is not None
    totals = data.result.totals
    assert totals.outstanding_yuan == pytest.approx(76e6)
    assert totals.weighted_data_quality_score == pytest.approx(122 / 76)
    waci = (5 * 800 + 40 * 75 + 30 * emissions / 500) / 75
    assert totals.waci_tco2e_per_million_yuan == pytest.approx(waci)
    assert totals.waci_coverage == pytest.approx(75 / 76)
    assert data.result.by_asset_class["project_finance"].financed_tco2e == pytest.approx(600.0)
    assert data.by_category["green_finance_2025:1"]["outstanding_yuan"] == pytest.approx(40e6)
    assert (
        data.by_category["green_finance_2025:1"]["name_en"]
        == "energy saving and carbon reduction industry"
    )
    green = data.green
    assert green.positions == 2
    assert green.outstanding_yuan == pytest.approx(70e6)
    assert green.share_of_outstanding == pytest.approx(70 / 76)
    assert green.by_effect["direct"]["outstanding_yuan"] == pytest.approx(40e6)
    assert green.by_effect["indirect"]["financed_tco2e"] == pytest.approx(0.2 * emissions)
    assert portfolio_json(data)["change"] is None


def test_a_bad_file_is_refused_whole_with_every_row_and_field(pw: PlanningWorld) -> None:
    bad_code = credit_code(7)[:-1] + ("0" if credit_code(7)[-1] != "0" else "1")
    rows = [
        ROWS["E-1"],
        # company B is a member that shares nothing with the bank
        ROWS["P-1"].replace("外部项目公司,", f"乙公司,{credit_code(2)}", 1),
        ROWS["M-1"].replace(",1000000,", ",-5,", 1),
        "X-1,外部公司," + bad_code + ",business_loan,900,500,100,,,,50,reported,C26,99,sideways,",
    ]
    with pytest.raises(InputError) as refused:
        _import(pw, *rows)
    found = {(p.row, p.column) for p in refused.value.problems}
    assert (3, "borrower_code") in found  # the unshared member
    assert (4, "outstanding_yuan") in found  # negative
    assert (5, "borrower_code") in found  # wrong check character
    assert (5, "outstanding_yuan") in found  # 900 > 500 + 100
    assert (5, "catalogue_code") in found  # no category 99
    assert (5, "carbon_effect") in found
    assert not Position.objects.exists() and not PortfolioImport.objects.exists()


def test_the_member_rule_follows_the_grant_and_speaks_the_users_language(
    pw: PlanningWorld,
) -> None:
    DataSharing.objects.filter(organisation=pw.enterprise).update(revoked_at=timezone.now())
    with translation.override("zh-hans"), pytest.raises(InputError) as refused:
        _import(pw, ROWS["L-A"])
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (2, "borrower_code")
    assert "甲公司" in problem.reason and "共享" in problem.reason
    assert not Position.objects.exists()
    assert not DataAccess.objects.exists()


def test_form_position_year_on_year_and_refusals_by_field(pw: PlanningWorld) -> None:
    analyst = pw.world.users["analyst"]
    fields = {
        "position": "E-1",
        "borrower": "外部上市公司",
        "asset_class": "listed_equity",
        "outstanding_yuan": 5_000_000,
        "evic_yuan": 250_000_000,
        "revenue_yuan": 100_000_000,
        "emissions_tco2e": 80_000,
        "emissions_basis": "reported",
        "sector": "C26",
    }
    saved = position_save(actor=analyst, institution=pw.world.bank, year=2024, **fields)
    assert saved.imported is None
    assert saved.financed_tco2e == pytest.approx(1600.0)  # 5 M / 250 M x 80,000
    saved = position_save(
        actor=analyst, institution=pw.world.bank, year=2024, **{**fields, "evic_yuan": 100e6}
    )
    assert Position.objects.filter(year=2024).count() == 1
    assert saved.financed_tco2e == pytest.approx(4000.0)
    _import(pw, ROWS["E-1"])
    data = portfolio_year(analyst, 2025)
    assert data is not None and data.previous_year == 2024 and data.change is not None
    assert data.change.financed_tco2e == pytest.approx(2000.0 - 4000.0)
    assert data.change.financed_relative == pytest.approx(-0.5)
    with pytest.raises(ValidationError) as refused:
        position_save(
            actor=analyst,
            institution=pw.world.bank,
            year=2024,
            **{**fields, "asset_class": "crypto", "outstanding_yuan": -1},
        )
    assert set(refused.value.message_dict) == {"asset_class", "outstanding_yuan"}
    with pytest.raises(PermissionDenied):
        position_save(
            actor=pw.world.users["enterprise_a"], institution=pw.world.bank, year=2024, **fields
        )


def test_an_xlsx_book_with_chinese_headers_names_its_sheet_rows(pw: PlanningWorld) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["持仓编号", "借款人", "统一社会信用代码", "资产类别", "未偿金额（元）",
                  "权益（元）", "债务（元）", "排放量（tCO2e）", "排放数据依据", "行业",
                  "碳减排效应"])  # fmt: skip
    sheet.append(["L-A", "甲公司", credit_code(1), "business_loan", 30e6, 100e6, 50e6, None,
                  "reported", "C3825", "direct"])  # fmt: skip
    sheet.append([None] * 11)  # a blank row between
    sheet.append(["L-B", "乙公司", credit_code(2), "business_loan", 1e6, 10e6, 0, 100,
                  "reported", "C26", ""])  # fmt: skip
    path = pw.tmp / "book.xlsx"
    book.save(path)
    with pytest.raises(InputError) as refused:
        portfolio_import(
            actor=pw.world.users["analyst"], institution=pw.world.bank, year=2025,
            path=path, filename=path.name,
        )  # fmt: skip
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "borrower_code")]
    sheet.delete_rows(3, 2)
    book.save(path)
    imported = portfolio_import(
        actor=pw.world.users["analyst"], institution=pw.world.bank, year=2025,
        path=path, filename=path.name,
    )  # fmt: skip
    (loan,) = imported.positions.all()
    assert loan.emissions_basis == "verified" and loan.carbon_effect == "direct"
    assert loan.financed_tco2e == pytest.approx(0.2 * _verified(pw))
