"""Files for hourly CFE matching: hourly load and supply series, and certificate volumes.

A load or supply file (CSV or XLSX, or Parquet) has the columns ``timestamp`` and ``kwh``, one
row per whole hour named by its start; a supply file may add ``source`` (several sources in one
file, each a full series). The series are checked exactly as meter series are
(``greenledger.core.meters.validate_series``: gaps, duplicated hours, stamps off the hour, foreign
UTC offsets; timestamps without an offset are China Standard Time): each source plays the part of
a meter. A supply series of another year than the load is refused with the file and both years.

A certificate file has the columns ``month`` (YYYY-MM) and ``mwh``, or ``certificates`` (a count,
converted with the MWh per certificate of ``data/cfe.yaml``); several rows of one month add up.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import polars as pl

from greenledger.core.ecology.cfe import (
    Array,
    Certificates,
    Kind,
    SupplySeries,
    load_certificate_rules,
)
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.meters import (
    CHINA_OFFSET_MINUTES,
    MeterReport,
    read_meter_file,
    validate_series,
)
from greenledger.core.tabular import read_table

__all__ = [
    "HourlySeries",
    "read_certificates",
    "read_hourly",
    "read_load",
    "read_supplies",
    "series_array",
]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def read_hourly(path: Path, *, year: int | None = None) -> tuple[MeterReport, pl.DataFrame]:
    """Read and check an hourly ``timestamp, kwh`` (+ ``source``) file with the meter checks.

    Returns the report (every problem, not raised) and the normalised frame: columns ``source``,
    ``timestamp`` (UTC) and ``kwh``, one row per source and hour. Without a ``source`` column the
    file's name (without suffix) is the source. ``year`` as in ``validate_series``.
    """
    raw = read_meter_file(path)
    names = {name.strip().lower(): name for name in raw.columns}
    if "source" in names:
        raw = raw.drop([c for c in raw.columns if c.strip().lower() == "meter"])
        raw = raw.rename({names["source"]: "meter"})
    elif "meter" not in names:
        raw = raw.with_columns(pl.lit(path.stem).alias("meter"))
    first_row = 1 if path.suffix.lower() == ".parquet" else 2
    report, frame = validate_series(raw, year=year, file=path.name, first_row=first_row)
    return report, frame.rename({"meter": "source"})


class HourlySeries:
    """A checked hourly file as arrays of MWh per hour, one per source, over one whole year."""

    def __init__(self, file: str, year: int, sources: dict[str, Array]) -> None:
        self.file = file
        self.year = year
        self.sources = sources

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def total(self) -> Array:
        """The MWh per hour of all sources together."""
        total: Array = np.sum(list(self.sources.values()), axis=0)
        return total


def series_array(frame: pl.DataFrame, year: int) -> dict[str, Array]:
    """The normalised frame of ``read_hourly`` as MWh per hour of ``year``, one array per source
    (hours missing from the frame are zero: check the report first)."""
    start = dt.datetime(year, 1, 1) - dt.timedelta(minutes=CHINA_OFFSET_MINUTES)
    hours = (dt.datetime(year + 1, 1, 1) - dt.datetime(year, 1, 1)).days * 24
    out: dict[str, Array] = {}
    for (source,), part in frame.partition_by("source", as_dict=True, maintain_order=True).items():
        index = (part["timestamp"].dt.replace_time_zone(None) - start).dt.total_hours().to_numpy()
        values = np.zeros(hours)
        values[index] = part["kwh"].to_numpy() / 1000.0
        out[str(source)] = values
    return out


def read_load(path: Path, *, year: int | None = None) -> HourlySeries:
    """The load file as one year of MWh per hour; InputError with every problem."""
    report, frame = read_hourly(path, year=year)
    report.raise_if_problems()
    return HourlySeries(path.name, report.year, series_array(frame, report.year))


def read_supplies(path: Path, *, year: int, kind: Kind = "onsite") -> tuple[SupplySeries, ...]:
    """The supply series of a file, which must be of the load's ``year``; InputError otherwise
    (naming the file and both years) and for every problem of the series."""
    report, frame = read_hourly(path)
    if report.year != year:
        raise InputError(
            [
                Problem(
                    message("cfe.supply_other_year", found=report.year, year=year),
                    file=path.name,
                    column="timestamp",
                )
            ]
        )
    report.raise_if_problems()
    return tuple(
        SupplySeries(source, kind, values) for source, values in series_array(frame, year).items()
    )


def read_certificates(path: Path, *, year: int | None = None) -> Certificates:
    """Certificate volumes per month; every problem at once, with its row and field.

    ``year`` (the load's) is required of every month when given; otherwise all months must fall
    in one year."""
    raw = read_table(path)
    columns = {name.strip().lower(): name for name in raw.columns}
    amount = "mwh" if "mwh" in columns else "certificates" if "certificates" in columns else None
    missing = [c for c in ("month", amount or "mwh") if c not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    message("cfe.cert.missing_column", column=c, found=", ".join(raw.columns)),
                    file=path.name,
                    row=1,
                    column=c,
                )
                for c in missing
            ],
            headline=message("cfe.cert.headline", count=len(missing), file=path.name),
        )
    assert amount is not None
    per_certificate = float(load_certificate_rules()["mwh_per_certificate"])
    problems: list[Problem] = []

    def problem(row: int, field: str, reason: Message) -> None:
        problems.append(Problem(reason, file=path.name, row=row, column=field))

    rows: list[tuple[int, int, int, float]] = []  # row, year, month, MWh
    for index, record in enumerate(raw.iter_rows(named=True), start=2):
        month_text = str(record[columns["month"]] or "").strip()
        value_text = str(record[columns[amount]] or "").strip().replace(",", "")

        matched = _MONTH.match(month_text)
        month_ok = matched is not None and 1 <= int(matched.group(2)) <= 12
        if not month_text:
            problem(index, "month", message("cfe.cert.empty_cell", column="month"))
        elif not month_ok:
            problem(index, "month", message("cfe.cert.bad_month", value=month_text))
        value: float | None = None
        if not value_text:
            problem(index, amount, message("cfe.cert.empty_cell", column=amount))
        else:
            try:
                value = float(value_text)
            except ValueError:
                problem(index, amount, message("cfe.cert.not_a_number", value=value_text))
            else:
                if not math.isfinite(value):
                    problem(index, amount, message("cfe.cert.not_a_number", value=value_text))
                    value = None
                elif value < 0:
                    problem(index, amount, message("cfe.cert.negative", value=value_text))
                    value = None
        if month_ok and matched is not None and value is not None:
            found_year, month = int(matched.group(1)), int(matched.group(2))
            if year is not None and found_year != year:
                problem(index, "month", message("cfe.cert.other_year", value=month_text, year=year))
            else:
                rows.append((index, found_year, month, value * per_certificate))
    years = sorted({r[1] for r in rows})
    if year is None and len(years) > 1:
        for index, found_year, month, _ in rows:
            if found_year != years[0]:
                problems.append(
                    Problem(
                        message(
                            "cfe.cert.mixed_years",
                            value=f"{found_year}-{month:02d}",
                            year=years[0],
                        ),
                        file=path.name,
                        row=index,
                        column="month",
                    )
                )
    if problems:
        raise InputError(
            problems, headline=message("cfe.cert.headline", count=len(problems), file=path.name)
        )
    if not rows and year is None:
        raise InputError(
            [Problem(message("tabular.empty"), file=path.name)],
            headline=message("cfe.cert.headline", count=1, file=path.name),
        )
    monthly = [0.0] * 12
    for _, _, month, mwh in rows:
        monthly[month - 1] += mwh
    return Certificates(year if year is not None else years[0], tuple(monthly))
