"""Read activity files (CSV or XLSX) into validated, canonical lines.

Files are the ones people really have: UTF-8 with or without BOM or GBK/GB18030 as Chinese Excel
saves CSV, Chinese headers and activity names, units such as 万kWh, numbers with thousands
separators. Validation is columnar (Polars) and complete: every problem is reported with its
row and column, and a file with any problem yields nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl

from greenledger.core.errors import InputError, Problem, UnitError
from greenledger.core.factors.library import FactorLibrary, normalise_name
from greenledger.core.messages import Message, message
from greenledger.core.model import ActivityLine
from greenledger.core.resolve import INSTRUMENTS
from greenledger.core.tabular import SOURCE_ROW, read_table
from greenledger.core.units import conversion_factor

REQUIRED = ("enterprise", "period", "activity", "quantity", "unit")
OPTIONAL = ("site", "instrument", "removal_efficiency", "sulfur_percent", "technology", "product")
HEADER_ALIASES: dict[str, str] = {
    "企业": "enterprise",
    "企业名称": "enterprise",
    "期间": "period",
    "报告期": "period",
    "月份": "period",
    "活动": "activity",
    "能源品种": "activity",
    "活动类型": "activity",
    "数量": "quantity",
    "消费量": "quantity",
    "单位": "unit",
    "计量单位": "unit",
    "场所": "site",
    "厂区": "site",
    "站点": "site",
    "工具": "instrument",
    "绿电工具": "instrument",
    "去除效率": "removal_efficiency",
    "治理效率": "removal_efficiency",
    "硫分": "sulfur_percent",
    "含硫量": "sulfur_percent",
    "燃烧技术": "technology",
    "技术": "technology",
    "产品": "product",
    "产品名称": "product",
    # the bilingual headers of the activity template (greenledger.workbooks.TEMPLATE_COLUMNS)
    "企业名称 / Enterprise": "enterprise",
    "场所 / Site": "site",
    "报告期 / Period": "period",
    "活动 / Activity": "activity",
    "数量 / Quantity": "quantity",
    "计量单位 / Unit": "unit",
    "绿电工具 / Green power instrument": "instrument",
    "去除效率 / Removal efficiency": "removal_efficiency",
    "硫分 / Sulfur content (%)": "sulfur_percent",
    "燃烧技术 / Combustion technology": "technology",
    "产品名称 / Product": "product",
}
INSTRUMENT_ALIASES: dict[str, str] = {
    "": "",
    "none": "",
    "gec": "gec",
    "绿证": "gec",
    "green_power": "green_power",
    "绿电": "green_power",
    "绿电交易": "green_power",
    "onsite": "onsite",
    "on_site": "onsite",
    "自发自用": "onsite",
}
MAX_PROBLEMS = 1000
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?)?$")
_COMPACT_PERIOD = re.compile(r"^(\d{4})(\d{2})$")

Progress = Callable[[str], None]

CANONICAL_SCHEMA: dict[str, Any] = {
    "enterprise": pl.String,
    "site": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "activity": pl.String,
    "quantity": pl.Float64,
    "instrument": pl.String,
    "removal_efficiency": pl.Float64,
    "sulfur_percent": pl.Float64,
    "technology": pl.String,
    "product": pl.String,
    "product_unit": pl.String,
    "row": pl.Int64,
}


# -- validation -------------------------------------------------------------------------------


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.count = 0

    def add(self, reason: Message, row: int | None = None, column: str | None = None) -> None:
        self.count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(reason, file=self.file, row=row, column=column))

    def add_rows(
        self, frame: pl.DataFrame, mask: pl.Expr, column: str, reason: Callable[[str], Message]
    ) -> None:
        bad = frame.filter(mask).select("row", column)
        self.count += max(0, bad.height - (MAX_PROBLEMS - len(self.items)))
        for row, value in bad.head(max(0, MAX_PROBLEMS - len(self.items))).iter_rows():
            self.items.append(Problem(reason(value), file=self.file, row=row, column=column))
            self.count += 1

    def raise_if_any(self) -> None:
        if self.items:
            if self.count == len(self.items):
                headline = message("intake.headline", count=self.count, file=self.file)
            else:
                headline = message(
                    "intake.headline_first",
                    count=self.count,
                    file=self.file,
                    shown=len(self.items),
                )
            raise InputError(self.items, headline=headline)


def read_activity_file(
    path: Path, library: FactorLibrary, progress: Progress | None = None
) -> pl.DataFrame:
    """Read and validate a file into the canonical line frame (see CANONICAL_SCHEMA)."""
    if progress:
        progress("read")
    raw = read_table(path)
    if progress:
        progress("validate")
    return validate_frame(raw, library, file=path.name)


def validate_frame(raw: pl.DataFrame, library: FactorLibrary, *, file: str) -> pl.DataFrame:
    problems = _Problems(file)
    frame = _normalise_headers(raw, problems)
    problems.raise_if_any()
    frame = frame.with_columns(
        pl.col(c).fill_null("").str.strip_chars() for c in (*REQUIRED, *OPTIONAL)
    )
    if SOURCE_ROW in frame.columns:
        frame = frame.rename({SOURCE_ROW: "row"})
    else:
        frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))

    for column in REQUIRED:
        problems.add_rows(
            frame,
            pl.col(column) == "",
            column,
            _constant(message("intake.empty_cell", column=column)),
        )

    activity_map = _map_distinct(frame["activity"], lambda v: _activity_id(library, v))
    frame = frame.with_columns(
        pl.col("activity")
        .replace_strict(activity_map, default=None, return_dtype=pl.String)
        .alias("activity_id")
    )
    problems.add_rows(
        frame,
        pl.col("activity_id").is_null() & (pl.col("activity") != ""),
        "activity",
        lambda v: _unknown_activity(library, v),
    )

    quantity = pl.col("quantity").str.replace_all(r"[,，\s]", "").cast(pl.Float64, strict=False)
    frame = frame.with_columns(quantity.alias("value"))
    problems.add_rows(
        frame,
        pl.col("value").is_null() & (pl.col("quantity") != ""),
        "quantity",
        lambda v: message("intake.not_a_number", value=v),
    )
    problems.add_rows(
        frame,
        ~pl.col("value").is_finite(),
        "quantity",
        lambda v: message("intake.not_finite", value=v),
    )
    problems.add_rows(
        frame, pl.col("value") < 0, "quantity", lambda v: message("intake.negative", value=v)
    )

    frame = _convert_units(frame, library, problems)
    frame = _parse_periods(frame, problems)
    frame = _parse_options(frame, library, problems)
    _find_duplicates(frame, problems)
    problems.raise_if_any()

    return frame.select(
        pl.col("enterprise"),
        pl.col("site"),
        pl.col("period_norm").alias("period"),
        pl.col("period_norm").str.slice(0, 4).cast(pl.Int32).alias("year"),
        pl.col("activity_id").alias("activity"),
        (pl.col("value") * pl.col("multiplier")).alias("quantity"),
        pl.col("instrument_id").alias("instrument"),
        pl.col("efficiency").alias("removal_efficiency"),
        pl.col("sulfur").alias("sulfur_percent"),
        pl.col("technology"),
        pl.col("product"),
        pl.col("product_unit"),
        pl.col("row"),
    )


def _normalise_headers(raw: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    renames: dict[str, str] = {}
    for name in raw.columns:
        key = normalise_name(name)
        canonical = HEADER_ALIASES.get(name.strip(), key)
        if canonical in (*REQUIRED, *OPTIONAL) and canonical not in renames.values():
            renames[name] = canonical
    frame = raw.rename(renames)
    unknown = [c for c in frame.columns if c not in (*REQUIRED, *OPTIONAL, SOURCE_ROW)]
    for column in REQUIRED:
        if column not in frame.columns:
            hint = difflib.get_close_matches(column, unknown, n=1, cutoff=0.6)
            found: str | Message = ", ".join(raw.columns) or message("common.none")
            problems.add(
                message("intake.missing_column_hint", column=column, found=found, hint=hint[0])
                if hint
                else message("intake.missing_column", column=column, found=found),
                row=1,
                column=column,
            )
    missing_optional = [c for c in OPTIONAL if c not in frame.columns]
    return frame.with_columns(pl.lit("").alias(c) for c in missing_optional)


def _constant(reason: Message) -> Callable[[str], Message]:
    return lambda _value: reason


def _map_distinct(series: pl.Series, function: Callable[[str], Any]) -> dict[str, Any]:
    return {value: function(value) for value in series.unique().to_list()}


def _activity_id(library: FactorLibrary, name: str) -> str | None:
    found = library.activity(name) if name else None
    return found.id if found else None


def _unknown_activity(library: FactorLibrary, name: str) -> Message:
    close = library.suggest_activities(name)
    if close:
        return message("intake.unknown_activity_hint", value=name, hint=", ".join(close))
    return message("intake.unknown_activity", value=name)


def _convert_units(
    frame: pl.DataFrame, library: FactorLibrary, problems: _Problems
) -> pl.DataFrame:
    pairs = frame.select("activity_id", "unit").unique().drop_nulls("activity_id")
    multipliers: list[float | None] = []
    product_units: list[str] = []
    errors: dict[tuple[str, str], Message] = {}
    for activity_id, unit in pairs.iter_rows():
        activity = library.activities[activity_id]
        product_units.append(unit if activity.category == "product_output" else "")
        if not unit:
            multipliers.append(None)
            continue
        if activity.category == "product_output":
            multipliers.append(1.0)
            continue
        try:
            multipliers.append(conversion_factor(unit, activity.canonical_unit))
        except UnitError as exc:
            multipliers.append(None)
            errors[(activity_id, unit)] = message(
                "intake.unit_for_activity", reason=exc.message, activity=activity_id
            )
    table = pairs.with_columns(
        pl.Series("multiplier", multipliers, dtype=pl.Float64),
        pl.Series("product_unit", product_units, dtype=pl.String),
    )
    frame = frame.join(table, on=["activity_id", "unit"], how="left", maintain_order="left")
    for (activity_id, unit), reason in errors.items():
        mask = (pl.col("activity_id") == activity_id) & (pl.col("unit") == unit)
        problems.add_rows(frame, mask, "unit", _constant(reason))
    return frame


def _parse_periods(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    mapping = _map_distinct(frame["period"], normalise_period)
    frame = frame.with_columns(
        pl.col("period")
        .replace_strict(mapping, default=None, return_dtype=pl.String)
        .alias("period_norm")
    )
    problems.add_rows(
        frame,
        pl.col("period_norm").is_null() & (pl.col("period") != ""),
        "period",
        lambda v: message("intake.bad_period", value=v),
    )
    return frame


def normalise_period(text: str) -> str | None:
    """'2023-01', '2023/1', '2023年1月', '202301', '2023', Excel serials -> 'YYYY-MM' or 'YYYY'."""
    text = text.strip()
    if not text:
        return None
    match = _PERIOD.match(text) or _COMPACT_PERIOD.match(text)
    if match is None:
        return _excel_serial_period(text)
    year = int(match.group(1))
    month = match.group(2)
    if not 1990 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= int(month) <= 12:
        return None
    return f"{year:04d}-{int(month):02d}"


def _excel_serial_period(text: str) -> str | None:
    try:
        serial = float(text)
    except ValueError:
        return None
    if not (math.isfinite(serial) and 32874 <= serial <= 73051):  # 1990-01-01 .. 2100-01-01
        return None
    day = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    return f"{day.year:04d}-{day.month:02d}"


def _parse_options(
    frame: pl.DataFrame, library: FactorLibrary, problems: _Problems
) -> pl.DataFrame:
    instrument_map = _map_distinct(
        frame["instrument"], lambda v: INSTRUMENT_ALIASES.get(normalise_name(v))
    )
    efficiency_map = _map_distinct(frame["removal_efficiency"], _fraction)
    sulfur_map = _map_distinct(frame["sulfur_percent"], _sulfur)
    frame = frame.with_columns(
        pl.col("instrument")
        .replace_strict(instrument_map, default=None, return_dtype=pl.String)
        .alias("instrument_id"),
        pl.col("removal_efficiency")
        .replace_strict(efficiency_map, default=None, return_dtype=pl.Float64)
        .alias("efficiency"),
        pl.col("sulfur_percent")
        .replace_strict(sulfur_map, default=None, return_dtype=pl.Float64)
        .alias("sulfur"),
    )
    problems.add_rows(
        frame,
        pl.col("instrument_id").is_null(),
        "instrument",
        lambda v: message(
            "intake.unknown_instrument", value=v, choices=", ".join(i for i in INSTRUMENTS if i)
        ),
    )
    electricity = [
        a.id for a in library.activities.values() if a.category == "purchased_electricity"
    ]
    problems.add_rows(
        frame,
        (pl.col("instrument_id").fill_null("") != "") & ~pl.col("activity_id").is_in(electricity),
        "instrument",
        lambda v: message("intake.instrument_not_electricity", value=v),
    )
    problems.add_rows(
        frame,
        pl.col("efficiency").is_null(),
        "removal_efficiency",
        lambda v: message("intake.bad_efficiency", value=v),
    )
    problems.add_rows(
        frame,
        pl.col("sulfur").is_null() & (pl.col("sulfur_percent") != ""),
        "sulfur_percent",
        lambda v: message("intake.bad_sulfur", value=v),
    )
    technologies = sorted({f.technology for f in library.factors if f.technology})
    problems.add_rows(
        frame,
        (pl.col("technology") != "") & ~pl.col("technology").is_in(technologies),
        "technology",
        lambda v: message(
            "intake.unknown_technology",
            value=v,
            choices=", ".join(technologies) or message("common.none"),
        ),
    )
    return frame


def _fraction(text: str) -> float | None:
    text = text.strip()
    if not text:
        return 0.0
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return None
    if percent:
        value /= 100.0
    return value if 0.0 <= value <= 1.0 else None


def _sulfur(text: str) -> float | None:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        return None
    return value if 0.0 <= value <= 10.0 else None


def _find_duplicates(frame: pl.DataFrame, problems: _Problems) -> None:
    keys = ["enterprise", "site", "period", "activity", "quantity", "unit", "instrument", "product"]
    duplicated = frame.filter(pl.struct(keys).is_duplicated())
    if duplicated.is_empty():
        return
    first_rows = duplicated.group_by(keys, maintain_order=True).agg(
        pl.col("row").min().alias("first")
    )
    marked = duplicated.join(first_rows, on=keys, how="left").filter(
        pl.col("row") != pl.col("first")
    )
    for row, first in marked.select("row", "first").iter_rows():
        problems.add(message("intake.duplicate_row", first=first), row=row)


# -- conversions between the frame and line records ---------------------------------------------


def frame_to_lines(frame: pl.DataFrame) -> list[ActivityLine]:
    return [
        ActivityLine(
            enterprise=r["enterprise"],
            period=r["period"],
            activity=r["activity"],
            quantity=r["quantity"],
            site=r["site"],
            instrument=r["instrument"],
            removal_efficiency=r["removal_efficiency"],
            sulfur_percent=r["sulfur_percent"],
            technology=r["technology"],
            product=r["product"],
            product_unit=r["product_unit"],
            row=r["row"],
        )
        for r in frame.iter_rows(named=True)
    ]


def lines_to_frame(lines: Iterable[ActivityLine]) -> pl.DataFrame:
    records = [
        {
            "enterprise": line.enterprise,
            "site": line.site,
            "period": line.period,
            "year": line.year,
            "activity": line.activity,
            "quantity": line.quantity,
            "instrument": line.instrument,
            "removal_efficiency": line.removal_efficiency,
            "sulfur_percent": line.sulfur_percent,
            "technology": line.technology,
            "product": line.product,
            "product_unit": line.product_unit,
            "row": line.row,
        }
        for line in lines
    ]
    return pl.DataFrame(records, schema=CANONICAL_SCHEMA)
