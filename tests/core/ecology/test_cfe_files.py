"""Hourly load and supply files through the meter checks (gap, duplicated hour, stamp off the
hour, supply of another year refused with the file and row), and certificate files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from greenledger.core.ecology.cfe_files import (
    read_certificates,
    read_hourly,
    read_load,
    read_supplies,
)
from greenledger.core.errors import InputError


def year_rows(year: int, kwh: float = 1000.0, source: str | None = None) -> list[str]:
    first = dt.datetime(year, 1, 1)
    hours = (dt.datetime(year + 1, 1, 1) - first).days * 24
    rows = []
    for i in range(hours):
        stamp = f"{first + dt.timedelta(hours=i):%Y-%m-%d %H:%M}"
        value = kwh * (1 + (i % 24 >= 12))  # afternoons twice the morning
        rows.append(f"{stamp},{value:g}" if source is None else f"{stamp},{value:g},{source}")
    return rows


def write(path: Path, rows: list[str], header: str = "timestamp,kwh") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_full_year_reads_as_mwh_per_hour(tmp_path: Path) -> None:
    load = read_load(write(tmp_path / "load.csv", year_rows(2025)))
    assert load.year == 2025
    assert load.start == dt.datetime(2025, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    total = load.total()
    assert total.shape == (8760,)
    assert total[:24].tolist() == [1.0] * 12 + [2.0] * 12
    assert total.sum() == pytest.approx(365 * 36)


def test_several_sources_in_one_supply_file(tmp_path: Path) -> None:
    rows = year_rows(2024, 500, "roof PV") + year_rows(2024, 250, "wind PPA")
    path = write(tmp_path / "supply.csv", rows, "timestamp,kwh,source")
    supplies = read_supplies(path, year=2024, kind="contract")
    assert [(s.source, s.kind, s.mwh.size) for s in supplies] == [
        ("roof PV", "contract", 8784),
        ("wind PPA", "contract", 8784),
    ]
    assert supplies[1].mwh[12] == 0.5
    report, frame = read_hourly(path)
    assert report.ok and frame.columns == ["source", "timestamp", "kwh"]


def test_a_gap_is_refused_naming_the_missing_hour(tmp_path: Path) -> None:
    rows = year_rows(2025)
    del rows[100]  # 2025-01-05 04:00
    with pytest.raises(InputError) as caught:
        read_load(write(tmp_path / "load.csv", rows))
    assert "load.csv" in caught.value.headline
    assert [p.message.code for p in caught.value.problems] == ["meters.gap_hour"]
    assert "2025-01-05 04:00" in str(caught.value.problems[0])


def test_a_duplicated_hour_is_refused_with_its_rows(tmp_path: Path) -> None:
    rows = year_rows(2025)
    rows.insert(11, rows[10])  # 2025-01-01 10:00 twice: rows 12 and 13 of the file
    with pytest.raises(InputError) as caught:
        read_load(write(tmp_path / "load.csv", rows))
    problem = caught.value.problems[0]
    assert problem.message.code == "meters.duplicate_hour"
    assert problem.row == 13
    assert "(rows 12, 13)" in problem.reason


def test_a_stamp_off_the_hour_is_refused_with_its_row(tmp_path: Path) -> None:
    rows = year_rows(2025)
    rows[5] = "2025-01-01 05:30,1000"  # file row 7
    with pytest.raises(InputError) as caught:
        read_load(write(tmp_path / "load.csv", rows))
    codes = {p.message.code: p for p in caught.value.problems}
    assert codes["meters.not_on_hour"].row == 7
    assert "meters.gap_hour" in codes  # 05:00 is then missing


def test_a_supply_of_another_year_is_refused_with_the_file_and_both_years(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "pv2024.csv", year_rows(2024))
    with pytest.raises(InputError) as caught:
        read_supplies(path, year=2025)
    (problem,) = caught.value.problems
    assert problem.message.code == "cfe.supply_other_year"
    assert problem.file == "pv2024.csv"
    assert "of 2024, but the load is of 2025" in problem.reason


def test_certificates_by_month(tmp_path: Path) -> None:
    path = tmp_path / "gec.csv"
    path.write_text('month,mwh\n2025-01,10\n2025-03,2.5\n2025-3,"1,500"\n', encoding="utf-8")
    certificates = read_certificates(path, year=2025)
    assert certificates.year == 2025
    assert certificates.monthly_mwh[:3] == (10.0, 0.0, 1502.5)
    counts = tmp_path / "count.csv"
    counts.write_text("month,certificates\n2025-06,7\n", encoding="utf-8")
    assert read_certificates(counts).monthly_mwh[5] == 7.0  # 1 certificate = 1 MWh


def test_bad_certificate_rows_are_all_refused_with_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "gec.csv"
    path.write_text(
        "month,mwh\n2025-01,-3\n2025-13,4\nMarch,1\n2025-02,lots\n2024-12,1\n,2\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_certificates(path, year=2025)
    found = [(p.row, p.column, p.message.code) for p in caught.value.problems]
    assert found == [
        (2, "mwh", "cfe.cert.negative"),
        (3, "month", "cfe.cert.bad_month"),
        (4, "month", "cfe.cert.bad_month"),
        (5, "mwh", "cfe.cert.not_a_number"),
        (6, "month", "cfe.cert.other_year"),
        (7, "month", "cfe.cert.empty_cell"),
    ]
    assert "gec.csv" in caught.value.headline


def test_a_certificate_file_without_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "gec.csv"
    path.write_text("month,volume\n2025-01,3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_certificates(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "mwh")]


def test_certificates_of_two_years_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "gec.csv"
    path.write_text("month,mwh\n2025-01,3\n2026-01,3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_certificates(path)
    assert [(p.row, p.message.code) for p in caught.value.problems] == [(3, "cfe.cert.mixed_years")]


def test_load_without_year_takes_the_years_hours(tmp_path: Path) -> None:
    load = read_load(write(tmp_path / "load.csv", year_rows(2024)))
    assert load.year == 2024 and np.sum(load.total()) == pytest.approx(366 * 36)
