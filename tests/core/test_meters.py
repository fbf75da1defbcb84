"""Hourly meter series: gaps, duplicates, clock oddities, yearly figures and Parquet storage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from greenledger.core.errors import InputError
from greenledger.core.meters import (
    SCHEMA,
    ChecksumMismatch,
    check_meter_file,
    read_series_parquet,
    validate_series,
    write_series_parquet,
)

HOUR = dt.timedelta(hours=1)


def _hours(year: int) -> list[dt.datetime]:
    start = dt.datetime(year, 1, 1)
    count = (dt.datetime(year + 1, 1, 1) - start) // HOUR
    return [start + i * HOUR for i in range(count)]


def _rows(year: int = 2023, meter: str = "M1", kwh: float = 1.5) -> list[tuple[str, str, str]]:
    return [(meter, f"{t:%Y-%m-%d %H:%M}", f"{kwh:g}") for t in _hours(year)]


def _frame(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["meter", "timestamp", "kwh"], orient="row")


def _check(rows: list[tuple[str, str, str]], **kwargs: object):
    return validate_series(_frame(rows), file="meter.csv", **kwargs)  # type: ignore[arg-type]


def _reasons(report) -> list[str]:
    return [p.reason for p in report.problems]


def test_a_clean_year_is_fully_covered_with_the_right_totals():
    report, frame = _check(_rows(2023))
    assert report.ok
    assert report.year == 2023
    assert (report.rows, report.valid_rows, report.expected_hours) == (8760, 8760, 8760)
    assert report.coverage_percent == 100.0
    assert report.total_kwh == pytest.approx(8760 * 1.5)
    assert report.monthly_kwh[0] == pytest.approx(31 * 24 * 1.5)
    assert report.monthly_kwh[1] == pytest.approx(28 * 24 * 1.5)
    assert frame.schema == pl.Schema(SCHEMA)
    assert frame.height == 8760
    # 2023-01-01 00:00 China Standard Time is 2022-12-31 16:00 UTC
    assert frame["timestamp"][0] == dt.datetime(2022, 12, 31, 16, tzinfo=dt.UTC)


def test_a_leap_year_expects_8784_hours():
    report, _ = _check(_rows(2024))
    assert report.meters[0].expected_hours == 8784
    assert report.coverage_percent == 100.0


def test_a_five_hour_gap_is_listed_as_one_range_and_lowers_the_coverage():
    rows = [r for r in _rows(2023) if not ("2023-03-01 10:00" <= r[1] <= "2023-03-01 14:00")]
    report, frame = _check(rows)
    assert _reasons(report) == [
        "Meter M1 has no value for 5 hours, from 2023-03-01 10:00 to 2023-03-01 14:00 "
        "(China Standard Time)."
    ]
    (summary,) = report.meters
    assert summary.missing_hours == 5
    assert summary.gaps == ((dt.datetime(2023, 3, 1, 10), dt.datetime(2023, 3, 1, 14)),)
    assert report.coverage_percent == pytest.approx(100 * 8755 / 8760)
    assert report.total_kwh == pytest.approx(8755 * 1.5)
    assert frame.height == 8755


def test_a_duplicated_hour_names_both_rows_and_keeps_the_first():
    rows = _rows(2023)
    rows.insert(101, ("M1", rows[100][1], "9"))  # row 102 repeats the hour of row 102 -> 103
    report, frame = _check(rows)
    (reason,) = _reasons(report)
    assert reason == (
        "The hour 2023-01-05 04:00 of meter M1 appears 2 times (rows 102, 103) with different "
        "values (1.5, 9 kWh); the first is kept."
    )
    assert report.problems[0].row == 103
    assert report.meters[0].duplicated_hours == 1
    assert frame.height == 8760
    assert report.total_kwh == pytest.approx(8760 * 1.5)


def test_a_local_series_that_skips_an_hour_in_march_is_flagged_as_daylight_saving():
    rows = [r for r in _rows(2023) if r[1] != "2023-03-26 02:00"]
    report, _ = _check(rows)
    (reason,) = _reasons(report)
    assert reason.startswith(
        "Meter M1 has no value for the hour 2023-03-26 02:00 (China Standard Time). "
        "China has not observed daylight saving time since 1991"
    )


def test_a_local_series_that_repeats_an_hour_in_november_is_flagged_as_daylight_saving():
    rows = _rows(2023)
    index = next(i for i, r in enumerate(rows) if r[1] == "2023-11-05 01:00")
    rows.insert(index + 1, rows[index])
    report, _ = _check(rows)
    (reason,) = _reasons(report)
    assert "The hour 2023-11-05 01:00 of meter M1 appears 2 times" in reason
    assert "China has not observed daylight saving time since 1991" in reason


def test_a_spring_forward_series_with_explicit_plus_nine_offsets_is_reported_by_rows():
    summer_start, summer_end = dt.datetime(2023, 3, 26, 2), dt.datetime(2023, 10, 29, 1)
    rows, summer_rows = [], []
    for row, hour in enumerate(_hours(2023), start=2):
        if summer_start <= hour < summer_end:  # the clock reads one hour ahead, +09:00
            rows.append(("M1", f"{hour + HOUR:%Y-%m-%dT%H:%M}+09:00", "1"))
            summer_rows.append(row)
        else:
            rows.append(("M1", f"{hour:%Y-%m-%dT%H:%M}+08:00", "1"))
    report, frame = _check(rows)
    (problem,) = report.problems
    assert problem.reason.startswith(
        f"The timestamps of meter M1 in rows {summer_rows[0]} to {summer_rows[-1]} carry the UTC "
        "offset +09:00; China Standard Time is +08:00 all year. China has not observed daylight"
    )
    assert problem.row == summer_rows[0]
    # the explicit offsets are honoured: no hour is lost or doubled
    assert report.coverage_percent == 100.0
    assert frame["timestamp"].is_unique().all()


def test_utc_timestamps_are_accepted_and_converted():
    rows = [("M1", f"{t - dt.timedelta(hours=8):%Y-%m-%dT%H:%M:%S}Z", "2") for t in _hours(2023)]
    report, frame = _check(rows)
    assert report.ok
    assert frame["timestamp"][0] == dt.datetime(2022, 12, 31, 16, tzinfo=dt.UTC)


def test_bad_values_and_timestamps_are_each_located():
    rows = _rows(2023)
    rows[0] = ("M1", rows[0][1], "-3")
    rows[1] = ("M1", rows[1][1], "n/a")
    rows[2] = ("M1", "2023-01-01 02:15", "1")
    rows[3] = ("M1", "yesterday", "1")
    rows.append(("M1", "2022-12-31 23:00", "1"))
    report, _ = _check(rows, year=2023)
    located = [(p.row, p.column, p.reason) for p in report.problems if p.row is not None]
    assert located == [
        (3, "kwh", "The kWh value 'n/a' is not a number."),
        (2, "kwh", "The kWh value -3 is negative; consumption per hour cannot be."),
        (
            5,
            "timestamp",
            "'yesterday' is not a timestamp; write YYYY-MM-DD HH:MM in China Standard Time, "
            "or ISO 8601 with an offset such as 2023-01-01T00:00+08:00.",
        ),
        (
            4,
            "timestamp",
            "The timestamp '2023-01-01 02:15' is not on the hour; an hourly series has one "
            "value per whole hour (add up shorter readings into hours first).",
        ),
        (8762, "timestamp", "The timestamp '2022-12-31 23:00' is outside the year 2023."),
    ]
    gaps = [p.reason for p in report.problems if p.row is None]
    assert gaps == [
        "Meter M1 has no value for 4 hours, from 2023-01-01 00:00 to 2023-01-01 03:00 "
        "(China Standard Time)."
    ]


def test_a_series_naming_hours_by_their_end_gets_a_hint():
    rows = [("M1", f"{t + HOUR:%Y-%m-%d %H:%M}", "1") for t in _hours(2023)]
    report, _ = _check(rows, year=2023)
    assert any("the series seems to name each hour by its end" in r for r in _reasons(report))


def test_each_meter_of_a_file_is_summarised_and_the_file_totals_add_up():
    rows = _rows(2023, "M1", 1.0) + _rows(2023, "M2", 2.0)[:-24]
    report, frame = _check(rows)
    assert [m.meter for m in report.meters] == ["M1", "M2"]
    assert [m.coverage_percent for m in report.meters] == [100.0, pytest.approx(100 * 8736 / 8760)]
    assert report.total_kwh == pytest.approx(8760 + 2 * 8736)
    assert report.monthly_kwh[11] == pytest.approx(31 * 24 + 2 * 30 * 24)
    assert frame.group_by("meter").len().sort("meter")["len"].to_list() == [8760, 8736]
    with pytest.raises(InputError, match="Meter M2 has no value for 24 hours"):
        report.raise_if_problems()


def test_a_missing_column_is_refused():
    with pytest.raises(InputError, match="The required column 'kwh' is missing"):
        validate_series(pl.DataFrame({"meter": ["M1"], "timestamp": ["2023-01-01 00:00"]}))


def test_a_gbk_csv_with_chinese_headers_is_read(tmp_path):
    path = tmp_path / "meter.csv"
    lines = ["电表,时间,电量"] + [",".join(r) for r in _rows(2023)]
    path.write_bytes("\n".join(lines).encode("gbk"))
    report, _ = check_meter_file(path)
    assert report.ok and report.total_kwh == pytest.approx(8760 * 1.5)


def test_a_parquet_series_round_trips_with_its_checksum(tmp_path):
    report, frame = _check(_rows(2023, kwh=0.25))
    path, digest = write_series_parquet(frame, tmp_path / "series", "site-7", 2023)
    assert path == tmp_path / "series" / "site-7" / "2023.parquet"
    assert len(digest) == 64
    stored = read_series_parquet(path, sha256=digest)
    assert stored.equals(frame)
    # the stored file is itself a valid series input (time-zone-aware timestamps)
    again, _ = check_meter_file(path)
    assert again.ok and again.total_kwh == pytest.approx(report.total_kwh)
    path.write_bytes(path.read_bytes()[:-8] + b"\x00" * 8)
    with pytest.raises(ChecksumMismatch, match="was changed or damaged"):
        read_series_parquet(path, sha256=digest)


def test_storage_refuses_hours_outside_the_year_and_unsafe_site_ids(tmp_path):
    _, frame = _check(_rows(2023))
    with pytest.raises(ValueError, match="outside the year 2024"):
        write_series_parquet(frame, tmp_path, "site-7", 2024)
    with pytest.raises(ValueError, match="cannot name a folder"):
        write_series_parquet(frame, tmp_path, "../etc", 2023)
    assert not any(Path(tmp_path).rglob("*.parquet"))
