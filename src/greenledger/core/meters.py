"""Hourly electricity series per meter: validation, yearly figures, and columnar storage.

A series file (CSV or Parquet) has the columns ``meter``, ``timestamp`` and ``kwh``: one value
per meter and whole hour, the hour named by its start. A full year is 8,760 hours (8,784 in a
leap year). Timestamps without an offset are China Standard Time (UTC+08:00, all year: China has
not observed daylight saving time since 1991); timestamps with an offset are converted, and an
offset other than +08:00 or UTC is reported, as is a local series that skips an hour in spring
or repeats one in autumn: both are signs of a meter or export set to a foreign time zone.

Validation reports every problem at once in a ``MeterReport`` and returns the normalised frame
(UTC timestamps, valid rows only, one row per meter and hour); the caller decides whether
problems block an import (``MeterReport.raise_if_problems``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from greenledger.core.errors import GreenLedgerError, InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.tabular import read_table

COLUMNS = ("meter", "timestamp", "kwh")
COLUMN_ALIASES: dict[str, str] = {
    "meter_id": "meter",
    "电表": "meter",
    "表计": "meter",
    "电表编号": "meter",
    "表号": "meter",
    "time": "timestamp",
    "datetime": "timestamp",
    "时间": "timestamp",
    "时间戳": "timestamp",
    "日期时间": "timestamp",
    "energy_kwh": "kwh",
    "电量": "kwh",
    "用电量": "kwh",
    "电量(kwh)": "kwh",
    "电量（kwh）": "kwh",
}
CHINA_OFFSET_MINUTES = 8 * 60  # China Standard Time, UTC+08:00, no daylight saving since 1991
# How many rows of one kind of problem are listed one by one before a single summary line.
ROWS_LISTED_PER_KIND = 20
# How many gaps of one meter are listed one by one before a single summary line.
GAPS_LISTED_PER_METER = 50
SCHEMA: dict[str, Any] = {
    "meter": pl.String,
    "timestamp": pl.Datetime("us", "UTC"),
    "kwh": pl.Float64,
}
_OFFSET = r"(Z|z|[+-]\d{2}:?\d{2})$"
_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_HOUR = dt.timedelta(hours=1)
# Codes of the problems that report missing hours (gaps) rather than bad rows.
GAP_CODES = frozenset({"meters.gap_hour", "meters.gap_hours", "meters.more_gaps"})


class ChecksumMismatch(GreenLedgerError):
    """A stored series file no longer has the checksum recorded when it was written."""


@dataclass(frozen=True, slots=True)
class MeterSummary:
    """The figures of one meter over one year (times in China Standard Time)."""

    meter: str
    expected_hours: int
    hours_present: int
    duplicated_hours: int
    gaps: tuple[tuple[dt.datetime, dt.datetime], ...]  # first and last missing hour of each gap
    total_kwh: float
    monthly_kwh: tuple[float, ...]  # January .. December

    @property
    def missing_hours(self) -> int:
        return self.expected_hours - self.hours_present

    @property
    def coverage_percent(self) -> float:
        return 100.0 * self.hours_present / self.expected_hours


@dataclass(frozen=True, slots=True)
class MeterReport:
    """What validation found in one series file."""

    file: str
    year: int
    rows: int
    valid_rows: int
    meters: tuple[MeterSummary, ...]
    problems: tuple[Problem, ...]

    @property
    def expected_hours(self) -> int:
        return sum(m.expected_hours for m in self.meters)

    @property
    def hours_present(self) -> int:
        return sum(m.hours_present for m in self.meters)

    @property
    def coverage_percent(self) -> float:
        """Hours with a valid value over hours expected, all meters together."""
        expected = self.expected_hours
        return 100.0 * self.hours_present / expected if expected else 0.0

    @property
    def total_kwh(self) -> float:
        return sum(m.total_kwh for m in self.meters)

    @property
    def monthly_kwh(self) -> tuple[float, ...]:
        return tuple(sum(m.monthly_kwh[i] for m in self.meters) for i in range(12))

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_if_problems(self) -> None:
        if self.problems:
            count = len(self.problems)
            raise InputError(
                self.problems,
                headline=message(
                    "meters.headline",
                    count=count,
                    file=self.file,
                    coverage=f"{self.coverage_percent:.1f}%",
                    year=self.year,
                ),
            )


# -- reading ------------------------------------------------------------------------------------


def read_meter_file(path: Path) -> pl.DataFrame:
    """Read a CSV (UTF-8 or GBK) or Parquet series into an all-text frame."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            frame = pl.read_parquet(path)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise InputError(
                [Problem(message("meters.bad_parquet", detail=str(exc)), file=path.name)]
            ) from None
        return _as_text(frame)
    if suffix == ".csv":
        return read_table(path)
    raise InputError(
        [
            Problem(
                message("meters.bad_suffix", suffix=suffix)
                if suffix
                else message("meters.no_suffix"),
                file=path.name,
            )
        ]
    )


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    columns = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            columns.append(pl.col(name).dt.to_string("%Y-%m-%d %H:%M:%S%.f%:z"))
        elif isinstance(dtype, pl.Datetime):
            columns.append(pl.col(name).dt.to_string("%Y-%m-%d %H:%M:%S%.f"))
        else:
            columns.append(pl.col(name).cast(pl.String))
    return frame.select(columns)


def check_meter_file(path: Path, *, year: int | None = None) -> tuple[MeterReport, pl.DataFrame]:
    """Read and validate a series file; see ``validate_series``."""
    raw = read_meter_file(path)
    first_row = 1 if path.suffix.lower() == ".parquet" else 2
    return validate_series(raw, year=year, file=path.name, first_row=first_row)


# -- validation ---------------------------------------------------------------------------------


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add(self, reason: Message, *, row: int | None = None, column: str | None = None) -> None:
        self.items.append(Problem(reason, file=self.file, row=row, column=column))

    def rows(
        self,
        bad: pl.DataFrame,
        column: str,
        reason: Callable[[dict[str, Any]], Message],
        kind: Message,
    ) -> None:
        """One problem per bad row, the first few only, then one line counting the rest."""
        for record in bad.head(ROWS_LISTED_PER_KIND).iter_rows(named=True):
            self.add(reason(record), row=record["row"], column=column)
        rest = bad.height - ROWS_LISTED_PER_KIND
        if rest > 0:
            self.add(
                message("meters.more_rows", rest=rest, kind=kind, listed=ROWS_LISTED_PER_KIND),
                column=column,
            )


def validate_series(
    raw: pl.DataFrame, *, year: int | None = None, file: str = "", first_row: int = 2
) -> tuple[MeterReport, pl.DataFrame]:
    """Validate an all-text series frame; return the report and the normalised frame.

    ``year`` is the calendar year (China Standard Time) the series must cover; if None it is the
    year most timestamps fall in. ``first_row`` is the row number of the first data row as the
    user sees the file (2 below a CSV header). The normalised frame holds the valid rows inside
    the year, one per meter and hour (the first of duplicates), sorted, in ``SCHEMA``.
    """
    problems = _Problems(file)
    frame = _normalise_headers(raw, file)
    frame = frame.select(
        pl.col(c).cast(pl.String).fill_null("").str.strip_chars() for c in COLUMNS
    ).with_row_index("row", offset=first_row)
    frame = frame.with_columns(pl.col("row").cast(pl.Int64))
    frame = _parse_values(frame, problems)
    frame = _parse_timestamps(frame, problems)

    parsed = frame.filter(pl.col("utc").is_not_null())
    if year is None:
        if parsed.is_empty():
            problems.items.append(
                Problem(message("meters.no_timestamp"), file=file, column="timestamp")
            )
            raise InputError(problems.items)
        year = int(parsed["local"].dt.year().mode().sort()[0])
    start, end = _year_bounds_utc(year)

    frame = frame.with_columns(
        ((pl.col("utc") >= start) & (pl.col("utc") < end)).fill_null(False).alias("in_year")
    )
    problems.rows(
        frame.filter(pl.col("utc").is_not_null() & ~pl.col("in_year") & pl.col("on_hour")),
        "timestamp",
        lambda r: message("meters.outside_year", value=r["timestamp"], year=year),
        message("meters.kind.outside_year", year=year),
    )
    valid = frame.filter(
        (pl.col("meter") != "") & pl.col("value_ok") & pl.col("on_hour") & pl.col("in_year")
    )
    _report_duplicates(valid, problems)
    clean = (
        valid.sort("row")
        .unique(subset=["meter", "utc"], keep="first", maintain_order=True)
        .sort("meter", "utc")
    )
    by_meter = {key[0]: part for key, part in clean.partition_by("meter", as_dict=True).items()}
    duplicated = dict(
        valid.filter(pl.struct("meter", "utc").is_duplicated())
        .group_by("meter")
        .agg(pl.col("utc").n_unique())
        .iter_rows()
    )
    summaries = tuple(
        _summarise(
            meter, by_meter.get(meter, clean.clear()), duplicated.get(meter, 0), year, problems
        )
        for meter in sorted(frame.filter(pl.col("meter") != "")["meter"].unique().to_list())
    )
    _hint_hour_ending(frame, summaries, year, problems)

    normalised = clean.select(
        pl.col("meter"),
        pl.col("utc").dt.replace_time_zone("UTC").alias("timestamp"),
        pl.col("value").alias("kwh"),
    )
    report = MeterReport(
        file=file,
        year=year,
        rows=frame.height,
        valid_rows=valid.height,
        meters=summaries,
        problems=tuple(problems.items),
    )
    return report, normalised


def _normalise_headers(raw: pl.DataFrame, file: str) -> pl.DataFrame:
    renames: dict[str, str] = {}
    for name in raw.columns:
        key = name.strip().lower().replace(" ", "")
        canonical = COLUMN_ALIASES.get(key, key)
        if canonical in COLUMNS and canonical not in renames.values():
            renames[name] = canonical
    frame = raw.rename(renames)
    missing = [c for c in COLUMNS if c not in frame.columns]
    found: str | Message = ", ".join(raw.columns) or message("common.none")
    if missing:
        raise InputError(
            [
                Problem(
                    message("meters.missing_column", column=column, found=found),
                    file=file,
                    row=1,
                    column=column,
                )
                for column in missing
            ]
        )
    return frame


def _parse_values(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.col("kwh").str.replace_all(r"[,，\s]", "").cast(pl.Float64, strict=False).alias("value")
    )
    frame = frame.with_columns(
        (pl.col("value").is_not_null() & pl.col("value").is_finite() & (pl.col("value") >= 0))
        .fill_null(False)
        .alias("value_ok")
    )
    problems.rows(
        frame.filter(pl.col("meter") == ""),
        "meter",
        lambda r: message("meters.empty_meter"),
        message("meters.kind.empty_meter"),
    )
    problems.rows(
        frame.filter(pl.col("kwh") == ""),
        "kwh",
        lambda r: message("meters.empty_kwh"),
        message("meters.kind.empty_kwh"),
    )
    problems.rows(
        frame.filter((pl.col("kwh") != "") & pl.col("value").is_null()),
        "kwh",
        lambda r: message("meters.kwh_not_number", value=r["kwh"]),
        message("meters.kind.kwh_not_number"),
    )
    problems.rows(
        frame.filter(pl.col("value").is_not_null() & ~pl.col("value").is_finite()),
        "kwh",
        lambda r: message("meters.kwh_not_finite", value=r["kwh"]),
        message("meters.kind.kwh_not_finite"),
    )
    problems.rows(
        frame.filter(pl.col("value") < 0),
        "kwh",
        lambda r: message("meters.kwh_negative", value=r["kwh"]),
        message("meters.kind.kwh_negative"),
    )
    return frame


def _parse_timestamps(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    text = pl.col("timestamp")
    offset = text.str.extract(_OFFSET, 1)
    body = (
        text.str.replace(_OFFSET, "")
        .str.strip_chars()
        .str.replace("T", " ", literal=True)
        .str.replace_all("/", "-", literal=True)
    )
    naive = pl.coalesce(
        body.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False),
        body.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M", strict=False),
    )
    digits = offset.str.replace(":", "", literal=True)
    minutes = (
        pl.when(offset.str.to_uppercase() == "Z")
        .then(0)
        .when(offset.is_not_null())
        .then(
            pl.when(digits.str.slice(0, 1) == "-").then(-1).otherwise(1)
            * (digits.str.slice(1, 2).cast(pl.Int32) * 60 + digits.str.slice(3, 2).cast(pl.Int32))
        )
        .otherwise(None)
    )
    utc = naive - pl.duration(minutes=minutes.fill_null(CHINA_OFFSET_MINUTES))
    # Parse each distinct text once: files of many meters repeat the same 8,760 timestamps.
    parsed = (
        frame.select("timestamp")
        .unique()
        .with_columns(
            naive.alias("naive"),
            offset.alias("offset"),
            minutes.alias("offset_minutes"),
            utc.alias("utc"),
        )
        .with_columns(
            (pl.col("utc") + pl.duration(minutes=CHINA_OFFSET_MINUTES)).alias("local"),
            (pl.col("utc").dt.truncate("1h") == pl.col("utc")).fill_null(False).alias("on_hour"),
        )
    )
    frame = frame.join(parsed, on="timestamp", how="left", maintain_order="left")
    problems.rows(
        frame.filter(pl.col("naive").is_null() & (pl.col("timestamp") != "")),
        "timestamp",
        lambda r: message("meters.bad_timestamp", value=r["timestamp"]),
        message("meters.kind.bad_timestamp"),
    )
    problems.rows(
        frame.filter(pl.col("timestamp") == ""),
        "timestamp",
        lambda r: message("meters.empty_timestamp"),
        message("meters.kind.empty_timestamp"),
    )
    problems.rows(
        frame.filter(pl.col("utc").is_not_null() & ~pl.col("on_hour")),
        "timestamp",
        lambda r: message("meters.not_on_hour", value=r["timestamp"]),
        message("meters.kind.not_on_hour"),
    )
    _report_offsets(frame, problems)
    return frame


def _report_offsets(frame: pl.DataFrame, problems: _Problems) -> None:
    """One problem per run of consecutive rows carrying the same foreign UTC offset."""
    foreign = pl.col("offset_minutes").is_not_null() & ~pl.col("offset_minutes").is_in(
        [0, CHINA_OFFSET_MINUTES]
    )
    runs = (
        frame.with_columns(foreign.alias("foreign"))
        .with_columns(
            (
                (pl.col("foreign") != pl.col("foreign").shift(1))
                | (pl.col("offset_minutes") != pl.col("offset_minutes").shift(1))
                | (pl.col("meter") != pl.col("meter").shift(1))
            )
            .fill_null(True)
            .cum_sum()
            .alias("run")
        )
        .filter(pl.col("foreign"))
        .group_by("run", maintain_order=True)
        .agg(
            pl.col("row").first().alias("first"),
            pl.col("row").last().alias("last"),
            pl.col("offset_minutes").first().alias("minutes"),
            pl.col("meter").first().alias("meter"),
            pl.len().alias("count"),
        )
    )
    for record in runs.iter_rows(named=True):
        offset = _format_offset(record["minutes"])
        problems.add(
            message(
                "meters.foreign_offset_row",
                meter=record["meter"],
                first=record["first"],
                offset=offset,
                hint=message("meters.dst_hint"),
            )
            if record["count"] == 1
            else message(
                "meters.foreign_offset_rows",
                meter=record["meter"],
                first=record["first"],
                last=record["last"],
                offset=offset,
                hint=message("meters.dst_hint"),
            ),
            row=record["first"],
            column="timestamp",
        )


def _format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _year_bounds_utc(year: int) -> tuple[dt.datetime, dt.datetime]:
    china = dt.timedelta(minutes=CHINA_OFFSET_MINUTES)
    return dt.datetime(year, 1, 1) - china, dt.datetime(year + 1, 1, 1) - china


def _local(utc: dt.datetime) -> dt.datetime:
    return utc + dt.timedelta(minutes=CHINA_OFFSET_MINUTES)


def _report_duplicates(valid: pl.DataFrame, problems: _Problems) -> None:
    repeated = (
        valid.filter(pl.struct("meter", "utc").is_duplicated())
        .group_by("meter", "utc", maintain_order=True)
        .agg(pl.col("row").sort(), pl.col("value"), pl.col("local").first())
        .filter(pl.col("row").list.len() > 1)
        .sort("meter", "utc")
    )
    for listed, record in enumerate(repeated.iter_rows(named=True)):
        if listed == ROWS_LISTED_PER_KIND:
            problems.add(
                message(
                    "meters.more_duplicates",
                    rest=repeated.height - listed,
                    listed=ROWS_LISTED_PER_KIND,
                ),
                column="timestamp",
            )
            break
        rows = ", ".join(str(r) for r in record["row"])
        local: dt.datetime = record["local"]
        values = sorted(set(record["value"]))
        differ: str | Message = (
            message("meters.different_values", values=", ".join(f"{v:g}" for v in values))
            if len(values) > 1
            else ""
        )
        hint: str | Message = (
            message("meters.dst_hint")
            if local.month in (10, 11) and len(record["row"]) == 2
            else ""
        )
        problems.add(
            message(
                "meters.duplicate_hour",
                hour=f"{local:%Y-%m-%d %H:%M}",
                meter=record["meter"],
                times=len(record["row"]),
                rows=rows,
                differ=differ,
                hint=hint,
            ),
            row=record["row"][1],
            column="timestamp",
        )


def _summarise(
    meter: str, rows: pl.DataFrame, duplicated_hours: int, year: int, problems: _Problems
) -> MeterSummary:
    """The figures of one meter from its clean rows (one per hour), reporting its gaps."""
    start, end = _year_bounds_utc(year)
    expected = pl.datetime_range(start, end, "1h", closed="left", eager=True, time_unit="us")
    missing = (
        pl.DataFrame({"utc": expected})
        .join(rows.select("utc"), on="utc", how="anti")
        .sort("utc")
        .with_columns(
            (pl.col("utc").diff() != pl.duration(hours=1)).fill_null(True).cum_sum().alias("gap")
        )
        .group_by("gap", maintain_order=True)
        .agg(pl.col("utc").first().alias("first"), pl.col("utc").last().alias("last"))
    )
    gaps = tuple((_local(a), _local(b)) for a, b in missing.select("first", "last").iter_rows())
    for index, (first, last) in enumerate(gaps):
        if index == GAPS_LISTED_PER_METER:
            problems.add(
                message(
                    "meters.more_gaps",
                    meter=meter,
                    rest=len(gaps) - index,
                    listed=GAPS_LISTED_PER_METER,
                ),
                column="timestamp",
            )
            break
        hours = int((last - first) / _HOUR) + 1
        if hours == 1:
            hint: str | Message = message("meters.dst_hint") if first.month in (3, 4) else ""
            gap = message("meters.gap_hour", meter=meter, hour=f"{first:%Y-%m-%d %H:%M}", hint=hint)
        else:
            gap = message(
                "meters.gap_hours",
                meter=meter,
                hours=hours,
                first=f"{first:%Y-%m-%d %H:%M}",
                last=f"{last:%Y-%m-%d %H:%M}",
            )
        problems.add(gap, column="timestamp")
    monthly = (
        rows.group_by(pl.col("local").dt.month().alias("month"))
        .agg(pl.col("value").sum())
        .sort("month")
    )
    by_month = dict(monthly.iter_rows())
    return MeterSummary(
        meter=meter,
        expected_hours=8784 if calendar.isleap(year) else 8760,
        hours_present=rows.height,
        duplicated_hours=duplicated_hours,
        gaps=gaps,
        total_kwh=float(rows["value"].sum()),
        monthly_kwh=tuple(float(by_month.get(m, 0.0)) for m in range(1, 13)),
    )


def _hint_hour_ending(
    frame: pl.DataFrame, summaries: Iterable[MeterSummary], year: int, problems: _Problems
) -> None:
    """A series missing its first hour and carrying the next year's first names hours by end."""
    _, end = _year_bounds_utc(year)
    first_hour = dt.datetime(year, 1, 1)
    carried_over = set(frame.filter(pl.col("utc") == end)["meter"].to_list())
    for summary in summaries:
        if summary.meter in carried_over and summary.gaps and summary.gaps[0][0] == first_hour:
            problems.add(
                message("meters.hour_ending", meter=summary.meter, year=year, next_year=year + 1),
                column="timestamp",
            )


# -- storage ------------------------------------------------------------------------------------


def series_path(directory: Path, site_id: str | int, year: int) -> Path:
    """Where the series of one site and year is stored: ``<directory>/<site_id>/<year>.parquet``."""
    site = str(site_id)
    if not _SITE_ID.match(site) or site in {".", ".."}:
        raise ValueError(f"the site id {site!r} cannot name a folder")
    return directory / site / f"{int(year)}.parquet"


def write_series_parquet(
    frame: pl.DataFrame, directory: Path, site_id: str | int, year: int
) -> tuple[Path, str]:
    """Store a normalised series as one Parquet file per site and year; return path and SHA-256.

    The frame must have ``SCHEMA`` and only hours of ``year`` (China Standard Time), as
    ``validate_series`` returns it. The file is written beside its final name and renamed into
    place, so a reader never sees half a file; the checksum is of the bytes on disk.
    """
    if dict(frame.schema) != SCHEMA:
        raise ValueError(f"the series frame must have the schema {SCHEMA}, not {frame.schema}")
    start, end = _year_bounds_utc(year)
    utc = frame["timestamp"].dt.replace_time_zone(None)
    if frame.height and (utc.min() < start or utc.max() >= end):  # type: ignore[operator]
        raise ValueError(f"the series frame holds hours outside the year {year}")
    path = series_path(directory, site_id, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{year}.", suffix=".tmp")
    os.close(handle)
    try:
        frame.sort("meter", "timestamp").write_parquet(
            temporary, compression="zstd", statistics=True
        )
        digest = file_sha256(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path, digest


def read_series_parquet(path: Path, *, sha256: str) -> pl.DataFrame:
    """Read a stored series after checking its bytes against the recorded checksum."""
    actual = file_sha256(path)
    if actual != sha256.lower():
        raise ChecksumMismatch(
            f"the series file {path} has the SHA-256 {actual}, not the recorded {sha256}; "
            "it was changed or damaged after it was stored"
        )
    return pl.read_parquet(path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
