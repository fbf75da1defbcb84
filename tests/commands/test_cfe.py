"""`greenledger cfe`: the issue's JSON keys with figures worked out by hand, the table, storage
and certificates from the command line, and refused files (file, row and reason; exit code 2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenledger.cli import main

ISSUE_KEYS = [
    "hours",
    "load_mwh",
    "clean_supply_mwh",
    "matched_mwh",
    "cfe_score",
    "annual_match_share",
    "unmatched_mwh",
    "surplus_mwh",
    "by_hour_of_day",
]


def year_file(path: Path, year: int, kwh_of_hour: dict[int, float], source: str = "") -> Path:
    """A full year, the same each day: ``kwh_of_hour`` by local hour (missing hours: 0)."""
    first = dt.datetime(year, 1, 1)
    hours = (dt.datetime(year + 1, 1, 1) - first).days * 24
    lines = ["timestamp,kwh" + (",source" if source else "")]
    for i in range(hours):
        stamp = first + dt.timedelta(hours=i)
        value = kwh_of_hour.get(stamp.hour, 0.0)
        lines.append(f"{stamp:%Y-%m-%dT%H:%M}+08:00,{value:g}" + (f",{source}" if source else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["cfe", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    # load 2 MWh every hour; solar 5 MWh in hours 8-15; 2025 has 365 days
    load = year_file(tmp_path / "load.csv", 2025, dict.fromkeys(range(24), 2000.0))
    solar = year_file(tmp_path / "pv.csv", 2025, dict.fromkeys(range(8, 16), 5000.0), "roof PV")
    return load, solar


def test_json_has_the_issues_keys_and_figures_by_hand(files: tuple[Path, Path]) -> None:
    load, solar = files
    code, out, err = run(str(load), "--supply", str(solar), "--format", "json")
    assert code == 0, err
    answer = json.loads(out)
    assert list(answer)[:9] == ISSUE_KEYS
    days = 365
    assert answer["hours"] == 8760
    assert answer["load_mwh"] == 48.0 * days
    assert answer["clean_supply_mwh"] == 40.0 * days
    assert answer["matched_mwh"] == 16.0 * days  # 2 MWh in each of 8 solar hours
    assert answer["cfe_score"] == pytest.approx(1 / 3, abs=1e-6)
    assert answer["annual_match_share"] == pytest.approx(40 / 48, abs=1e-6)
    assert answer["unmatched_mwh"] == 32.0 * days
    assert answer["surplus_mwh"] == 24.0 * days
    assert answer["by_hour_of_day"] == [2.0 * days] * 8 + [0.0] * 8 + [2.0 * days] * 8


def test_storage_certificates_flat_contract_and_grid_factor(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    load, solar = files
    gec = tmp_path / "gec.csv"
    gec.write_text("month,mwh\n2025-01,1000\n2025-07,920\n", encoding="utf-8")
    code, out, err = run(
        str(load),
        "--supply",
        str(solar),
        "--storage",
        "6,3,1",
        "--certificates",
        str(gec),
        "--flat",
        "old PPA=0",
        "--grid-factor",
        "0.5",
        "--format",
        "json",
    )
    assert code == 0, err
    answer = json.loads(out)
    # each day the storage takes 3 MWh of the 24 MWh surplus twice (full at 6 MWh) and gives
    # it back at 2 MWh an hour from 16:00; on 1 January the night before has no charge.
    assert answer["storage_discharged_mwh"] == 6.0 * 365
    assert answer["matched_mwh"] == (16.0 + 6.0) * 365
    assert answer["annual_match_share"] == pytest.approx((40 * 365 + 1920) / (48 * 365), abs=1e-6)
    assert answer["certificates_mwh"] == 1920.0
    assert answer["unmatched_emissions_t"] == pytest.approx((48 - 22) * 365 * 0.5)
    assert answer["flags"] and "old PPA" in answer["flags"][0]


def test_table_shows_both_shares(files: tuple[Path, Path]) -> None:
    load, solar = files
    code, out, _ = run(str(load), "--supply", str(solar))
    assert code == 0
    assert "CFE score (hourly)" in out and "33.33 %" in out
    assert "Annual-match share" in out and "83.33 %" in out
    assert "roof PV" in out


def test_a_supply_of_another_year_is_refused(files: tuple[Path, Path], tmp_path: Path) -> None:
    load, _ = files
    old = year_file(tmp_path / "pv2024.csv", 2024, {12: 1000.0})
    code, out, err = run(str(load), "--supply", str(old))
    assert code == 2 and out == ""
    assert "pv2024.csv" in err and "of 2024, but the load is of 2025" in err


def test_a_gap_in_the_load_is_refused_with_the_hour(tmp_path: Path) -> None:
    load = year_file(tmp_path / "load.csv", 2025, dict.fromkeys(range(24), 1.0))
    lines = load.read_text(encoding="utf-8").splitlines()
    del lines[30]  # file row 31: 2025-01-02 05:00
    load.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(str(load))
    assert code == 2
    assert "load.csv" in err and "2025-01-02 05:00" in err


def test_a_bad_storage_option_is_refused(files: tuple[Path, Path]) -> None:
    load, _ = files
    code, _, err = run(str(load), "--storage", "6,3")
    assert code == 2 and "CAPACITY_MWH,POWER_MW,EFFICIENCY" in err
    code, _, err = run(str(load), "--storage", "6,3,1.5")
    assert code == 2 and "round-trip efficiency 1.5" in err
