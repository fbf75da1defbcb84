"""Reading a portfolio: CSV and XLSX with the issue's columns; a file with any problem is
refused whole, every problem with its row, column and reason."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from greenledger.core.errors import InputError
from greenledger.core.finance.pcaf import CatalogueCodes, PcafRules, load_rules, read_portfolio
from tests.core.finance.pcaf_cases import COLUMNS, ROWS, csv_text, frame


@pytest.fixture(scope="module")
def rules() -> PcafRules:
    return load_rules()


def refusals(rules: PcafRules, rows: tuple[tuple[str, ...], ...]) -> list[tuple[int, str, str]]:
    with pytest.raises(InputError) as caught:
        read_portfolio(frame(rows), rules, file="book.csv")
    assert caught.value.headline.endswith("in book.csv; nothing was imported")
    assert all(p.file == "book.csv" for p in caught.value.problems)
    return [(p.row or 0, p.column or "", p.reason) for p in caught.value.problems]


def edited(index: int, **cells: str) -> tuple[tuple[str, ...], ...]:
    row = dict(zip(COLUMNS, ROWS[index], strict=True)) | cells
    return (*ROWS[:index], tuple(row[c] for c in COLUMNS), *ROWS[index + 1 :])


def test_a_csv_file_reads_into_typed_positions(rules: PcafRules, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(csv_text(), encoding="utf-8")
    positions = read_portfolio(path, rules)
    assert [p.position for p in positions] == ["E1", "B1", "L1", "L2", "P1", "R1", "M1"]
    first = positions[0]
    assert first.outstanding_yuan == 5e6  # "5,000,000"
    assert first.evic_yuan == 1e8 and first.equity_yuan is None
    assert positions[2].borrower_code == "91310115MA1FL00079"
    assert positions[2].catalogue_code == "1.1.1"


def test_an_xlsx_workbook_reads_the_same(rules: PcafRules, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in ROWS:  # amounts as numbers, as Excel stores them
        sheet.append([_number(c, column) for c, column in zip(row, COLUMNS, strict=True)])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    from_xlsx = read_portfolio(path, rules)
    assert from_xlsx == read_portfolio(frame(), rules)


def _number(cell: str, column: str) -> str | float:
    if column.endswith(("_yuan", "_tco2e")) and cell:
        return float(cell.replace(",", ""))
    return cell


def test_outstanding_above_equity_plus_debt_is_refused(rules: PcafRules) -> None:
    assert refusals(rules, edited(2, outstanding_yuan="12000000")) == [
        (
            4,
            "outstanding_yuan",
            "the outstanding amount 12,000,000 is greater than the borrower's equity plus debt "
            "10,000,000",
        )
    ]


def test_every_problem_of_the_file_is_reported_at_once(rules: PcafRules) -> None:
    rows = edited(0, outstanding_yuan="-5", borrower_code="91310115MA1FL0007X")
    bad = list(rows)
    bad[1] = tuple("shares" if c == "corporate_bond" else c for c in bad[1])
    bad[3] = tuple("" if c == "50000000" else c for c in bad[3])  # L2 without EVIC: private
    bad[4] = tuple("" if c in ("40000000", "60000000") else c for c in bad[4])
    bad[5] = tuple("lots" if c == "600" else c for c in bad[5])
    bad[6] = tuple("revenue" if c == "energy" else c for c in bad[6])
    found = refusals(rules, tuple(bad))
    assert found == [
        (
            2,
            "borrower_code",
            "91310115MA1FL0007X is not a valid Unified Social Credit Code: its check character "
            "should be 9",
        ),
        (2, "outstanding_yuan", "'-5' is negative; amounts and emissions are zero or more"),
        (
            3,
            "asset_class",
            "unknown asset class 'shares' (known: listed_equity, corporate_bond, business_loan, "
            "project_finance, commercial_real_estate, mortgage)",
        ),
        (
            6,
            "equity_yuan",
            "the attribution factor of a project_finance needs evic_yuan or equity_yuan and "
            "debt_yuan, which is missing",
        ),
        (7, "emissions_tco2e", "'lots' is not a number"),
        (
            8,
            "emissions_basis",
            "the emissions basis revenue has no PCAF data-quality score for the asset class "
            "mortgage",
        ),
    ]


def test_missing_columns_cells_emissions_and_duplicates(rules: PcafRules) -> None:
    no_sector = frame().drop("sector")
    with pytest.raises(InputError) as caught:
        read_portfolio(no_sector, rules, file="book.csv")
    assert [str(p) for p in caught.value.problems] == [
        "book.csv, row 1: the column sector is missing"
    ]
    rows = edited(0, borrower="", emissions_tco2e="")
    rows = (*rows[:-1], tuple("E1" if c == "M1" else c for c in rows[-1]))
    assert refusals(rules, rows) == [
        (2, "borrower", "the borrower is empty"),
        (
            2,
            "emissions_tco2e",
            "the emissions are missing; with the basis reported they must be given (only the "
            "revenue and asset bases are estimated)",
        ),
        (2, "position", "the position E1 appears more than once"),
        (8, "position", "the position E1 appears more than once"),
    ]


def test_an_estimate_needs_a_sector_factor(rules: PcafRules) -> None:
    rows = edited(0, emissions_tco2e="", emissions_basis="revenue")
    assert refusals(rules, rows) == [
        (
            2,
            "emissions_tco2e",
            "the emissions are missing and there is no revenue-based factor for the sector D44 "
            "to estimate them",
        )
    ]


def test_a_zero_evic_is_refused(rules: PcafRules) -> None:
    assert refusals(rules, edited(0, evic_yuan="0")) == [
        (2, "evic_yuan", "the attribution factor of a listed_equity needs evic_yuan above zero")
    ]


def test_catalogue_codes_are_checked_against_the_catalogue_given(rules: PcafRules) -> None:
    codes = CatalogueCodes("green_finance_2025", frozenset({"1", "3"}))
    with pytest.raises(InputError) as caught:
        read_portfolio(frame(), rules, file="book.csv", catalogue=codes)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (
            row,
            "catalogue_code",
            f"unknown category code {code!r} in the catalogue green_finance_2025 (known: 1, 3)",
        )
        for row, code in ((4, "1.1.1"), (5, "1.1.1"), (6, "3.2.1"))
    ]
    fixed = tuple(
        tuple(c.split(".")[0] if column == "catalogue_code" else c for c, column in
              zip(row, COLUMNS, strict=True))
        for row in ROWS
    )  # fmt: skip
    positions = read_portfolio(frame(fixed), rules, catalogue=codes)
    assert [p.catalogue_code for p in positions if p.catalogue_code] == ["1", "1", "3"]


def test_chinese_headers_any_case_and_blanks_in_codes_are_accepted(rules: PcafRules) -> None:
    chinese = {
        "position": "持仓编号",
        "borrower": "借款人",
        "borrower_code": "统一社会信用代码",
        "asset_class": "资产类别",
        "outstanding_yuan": "未偿金额(元)",
        "emissions_basis": "排放数据依据",
        "sector": "行业",
    }
    raw = (
        frame()
        .rename(chinese)
        .with_columns(
            pl.col("资产类别").str.to_uppercase(),
            pl.col("统一社会信用代码").str.to_lowercase().str.replace(r"^(.{6})", "$1 "),
        )
    )
    assert raw["统一社会信用代码"][2] == "913101 15ma1fl00079"
    assert read_portfolio(raw, rules) == read_portfolio(frame(), rules)


def test_a_column_given_twice_is_refused(rules: PcafRules) -> None:
    raw = frame().with_columns(pl.col("borrower").alias("借款人"))
    with pytest.raises(InputError) as caught:
        read_portfolio(raw, rules, file="book.csv")
    assert [str(p) for p in caught.value.problems] == [
        "book.csv, row 1: the column borrower appears more than once"
    ]
