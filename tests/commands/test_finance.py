"""`greenledger finance pcaf`: the issue's JSON for a portfolio worked out by hand, the table,
estimates with a sector-factor file, and a refused file (row and column named; exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenledger.cli import main
from tests.core.finance.pcaf_cases import ROWS, SECTOR_FACTORS, csv_text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["finance", "pcaf", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_has_exactly_the_issues_shape_and_hand_figures(tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(csv_text(), encoding="utf-8")
    code, out, _ = run(str(book), "--format", "json")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) == {"positions", "totals"}
    assert set(answer["totals"]) == {
        "financed_tco2e",
        "weighted_data_quality_score",
        "waci_tco2e_per_million_yuan",
    }
    assert [
        (p["position"], p["attribution_factor"], p["financed_tco2e"], p["data_quality_score"])
        for p in answer["positions"]
    ] == [
        ("E1", 0.05, 1000.0, 2),
        ("B1", 0.05, 200.0, 1),
        ("L1", 0.2, 200.0, 1),
        ("L2", 0.04, 40.0, 2),
        ("P1", 0.3, 2400.0, 3),
        ("R1", 0.25, 150.0, 2),
        ("M1", 0.3, 0.9, 2),
    ]
    assert answer["totals"]["financed_tco2e"] == 3990.9
    assert answer["totals"]["waci_tco2e_per_million_yuan"] == pytest.approx(540 / 7, abs=1e-6)
    # (10 + 3 + 2 + 4 + 90 + 24 + 2.4) / 55.2
    assert answer["totals"]["weighted_data_quality_score"] == pytest.approx(135.4 / 55.2, abs=1e-6)


def test_the_table_shows_positions_groups_and_totals(tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(csv_text(), encoding="utf-8")
    code, out, _ = run(str(book))
    assert code == 0
    assert "Financed emissions per position" in out
    assert "By catalogue code" in out
    assert "Total financed 3,990.900 tCO2e over 7 positions" in out
    assert "WACI 77.14 tCO2e per million yuan" in out


def test_estimates_with_a_sector_factor_file(tmp_path: Path) -> None:
    rows = (("X1", "Maker H", "", "business_loan", "1000000", "2000000", "3000000", "", "",
             "10000000", "", "revenue", "C31", ""),)  # fmt: skip
    book = tmp_path / "book.csv"
    book.write_text(csv_text(rows), encoding="utf-8")
    factors = tmp_path / "factors.yaml"
    factors.write_text(SECTOR_FACTORS, encoding="utf-8")
    code, out, err = run(str(book), "--format", "json", "--sector-factors", str(factors))
    assert code == 0, err
    # 10M yuan x 500 t per million = 5,000 t; AF 1M / 5M = 0.2 -> 1,000 t; revenue-based: 4
    assert json.loads(out)["positions"] == [
        {
            "position": "X1",
            "attribution_factor": 0.2,
            "financed_tco2e": 1000.0,
            "data_quality_score": 4,
        }
    ]
    code, _, err = run(str(book))  # the shipped file has no factors: refused, not guessed
    assert code == 2
    assert "no revenue-based factor for the sector C31" in err


def test_a_bad_file_is_refused_whole_with_row_and_column(tmp_path: Path) -> None:
    bad = list(ROWS)
    bad[2] = tuple("12000000" if c == "2000000" else c for c in bad[2])
    bad[3] = tuple("shares" if c == "business_loan" else c for c in bad[3])
    book = tmp_path / "book.csv"
    book.write_text(csv_text(tuple(bad)), encoding="utf-8")
    code, out, err = run(str(book), "--format", "json")
    assert code == 2
    assert out == ""
    assert "2 problems in book.csv; nothing was imported" in err
    assert (
        "book.csv, row 4, column outstanding_yuan: the outstanding amount 12,000,000 is greater "
        "than the borrower's equity plus debt 10,000,000"
    ) in err
    assert "book.csv, row 5, column asset_class: unknown asset class 'shares'" in err


def test_catalogue_codes_checked_against_a_shipped_catalogue(tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(csv_text(), encoding="utf-8")
    code, _, err = run(str(book), "--catalogue", "green_finance_2025")
    assert code == 2
    assert "3 problems in book.csv" in err
    assert (
        "book.csv, row 4, column catalogue_code: unknown category code '1.1.1' in the catalogue "
        "green_finance_2025 (known: 1, 2, 3, 4, 5, 6, 7, 8, 9)"
    ) in err
    top = tuple(tuple(c.split(".")[0] if c in ("1.1.1", "3.2.1") else c for c in r) for r in ROWS)
    book.write_text(csv_text(top), encoding="utf-8")
    code, out, err = run(str(book), "--catalogue", "green_finance_2025")
    assert code == 0, err
    assert "By catalogue code" in out
