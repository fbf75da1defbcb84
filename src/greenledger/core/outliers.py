"""Flag a new month's quantities that break sharply with the enterprise's own history.

Each (enterprise, site, activity) of a new month is compared with the same series over the
trailing window (the previous 12 months by default). A quantity more than ``OUTLIER_FACTOR``
times the window's median, or less than its inverse, is an outlier; the median resists the
odd extreme month, and the median absolute deviation (MAD) comes with each outlier as a
robust z-score so a reviewer sees how unusual it is against normal month-to-month variation.
Fewer than ``MIN_HISTORY_POINTS`` months of history say nothing, so those series are skipped.

Outliers are warnings for a reviewer. Absurd values (beyond ``ABSURD_QUANTITY`` in the
activity's canonical unit, almost always a unit or decimal-separator slip) are hard errors:
``check_plausible`` raises them as an ``InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from greenledger.core.errors import InputError, Problem
from greenledger.core.factors.library import FactorLibrary
from greenledger.core.messages import Message, message

# -- policy (review thresholds, not standard factors; change them here only) -------------------

# A month beyond 5x (or below 1/5 of) the trailing median is worth a reviewer's look: ordinary
# seasonality (heating, production swings) stays well within it.
OUTLIER_FACTOR = 5.0
# With fewer months of history the median means little; no judgement is made.
MIN_HISTORY_POINTS = 3
# The trailing window, in months before the new month.
WINDOW_MONTHS = 12
# A monthly quantity above this in its canonical unit (1e9 t, MWh, GJ, 10^4 Nm3 ...) exceeds what
# any single site consumes; it is refused, not merely flagged.
ABSURD_QUANTITY = 1e9
# Scale of the MAD that estimates the standard deviation of normally distributed data.
MAD_TO_SIGMA = 1.4826

KEYS = ("enterprise", "site", "activity")


@dataclass(frozen=True, slots=True)
class Outlier:
    """One month's quantity that breaks with its own history, and why."""

    enterprise: str
    site: str
    activity: str
    period: str
    quantity: float
    unit: str
    median: float  # of the history months in the window
    ratio: float  # quantity / median (inf when the median is 0)
    robust_z: float | None  # (quantity - median) / (1.4826 MAD); None when the MAD is 0
    history_points: int
    row: int | None
    message: Message  # why it is an outlier; ``explanation`` is the English text

    @property
    def explanation(self) -> str:
        return self.message.english()

    @property
    def direction(self) -> str:
        return "up" if self.ratio > 1 else "down"


def check_plausible(frame: pl.DataFrame, *, file: str | None = None) -> None:
    """Raise InputError for quantities no site can report (non-finite, or above ABSURD_QUANTITY)."""
    bad = frame.filter(
        ~pl.col("quantity").is_finite() | (pl.col("quantity").abs() > ABSURD_QUANTITY)
    )
    if bad.is_empty():
        return
    rows = "row" in bad.columns
    problems = []
    for record in bad.iter_rows(named=True):
        problems.append(
            Problem(
                message(
                    "outliers.absurd",
                    quantity=record["quantity"],
                    activity=record["activity"],
                    period=record["period"],
                    limit=ABSURD_QUANTITY,
                ),
                file=file,
                row=record["row"] if rows else None,
                column="quantity",
            )
        )
    raise InputError(problems, headline=message("outliers.headline", count=len(problems)))


def find_outliers(
    month: pl.DataFrame,
    history: pl.DataFrame,
    *,
    library: FactorLibrary | None = None,
    factor: float = OUTLIER_FACTOR,
    min_points: int = MIN_HISTORY_POINTS,
    window_months: int = WINDOW_MONTHS,
) -> list[Outlier]:
    """Outliers of the new month's lines against the trailing window of the history.

    Both frames are canonical line frames (see ``intake.CANONICAL_SCHEMA``; ``site`` and
    ``row`` optional). Lines of the same series and month are added up first; yearly periods
    ("YYYY") are not compared. History months at or after a new month are ignored, so the
    history may include everything stored. ``library`` supplies the units for explanations.
    Raises InputError (``check_plausible``) for absurd values in the new month.
    """
    check_plausible(month)
    new = _monthly(month)
    past = _monthly(history).select(
        *KEYS, pl.col("index").alias("past_index"), pl.col("quantity").alias("past")
    )
    if new.is_empty() or past.is_empty():
        return []
    window = (
        new.join(past, on=list(KEYS), how="inner")
        .filter(
            (pl.col("past_index") < pl.col("index"))
            & (pl.col("past_index") >= pl.col("index") - window_months)
        )
        .group_by(*KEYS, "period", maintain_order=True)
        .agg(
            pl.col("quantity").first(),
            pl.col("row").first(),
            pl.col("past").median().alias("median"),
            (pl.col("past") - pl.col("past").median()).abs().median().alias("mad"),
            pl.len().alias("points"),
        )
        .filter(pl.col("points") >= min_points)
    )
    flagged = window.with_columns(
        pl.when(pl.col("median") > 0)
        .then(pl.col("quantity") / pl.col("median"))
        .when(pl.col("quantity") > 0)
        .then(float("inf"))
        .otherwise(1.0)
        .alias("ratio")
    ).filter((pl.col("ratio") > factor) | (pl.col("ratio") < 1.0 / factor))
    outliers = []
    for record in flagged.sort(*KEYS, "period").iter_rows(named=True):
        unit = _unit(library, record["activity"], record)
        mad = record["mad"]
        robust_z = (record["quantity"] - record["median"]) / (MAD_TO_SIGMA * mad) if mad else None
        outliers.append(
            Outlier(
                enterprise=record["enterprise"],
                site=record["site"],
                activity=record["activity"],
                period=record["period"],
                quantity=record["quantity"],
                unit=unit,
                median=record["median"],
                ratio=record["ratio"],
                robust_z=robust_z,
                history_points=record["points"],
                row=record["row"],
                message=_explain(record, unit, window_months),
            )
        )
    return outliers


def _monthly(frame: pl.DataFrame) -> pl.DataFrame:
    """Monthly lines summed per series and month, with a month index (year * 12 + month - 1)."""
    optional = [
        pl.lit(None, dtype=pl.Int64).alias(c) if c == "row" else pl.lit("").alias(c)
        for c in ("site", "row", "product_unit")
        if c not in frame.columns
    ]
    monthly = frame.with_columns(optional).filter(pl.col("period").str.len_chars() == 7)
    return (
        monthly.with_columns(pl.col("site").fill_null(""))
        .group_by(*KEYS, "period", maintain_order=True)
        .agg(
            pl.col("quantity").sum(),
            pl.col("row").min(),
            pl.col("product_unit").first(),
        )
        .with_columns(
            (
                pl.col("period").str.slice(0, 4).cast(pl.Int32) * 12
                + pl.col("period").str.slice(5, 2).cast(pl.Int32)
                - 1
            ).alias("index")
        )
    )


def _unit(library: FactorLibrary | None, activity: str, record: dict[str, object]) -> str:
    product_unit = record.get("product_unit")
    if isinstance(product_unit, str) and product_unit:
        return product_unit
    if library is not None and activity in library.activities:
        return library.activities[activity].canonical_unit
    return ""


def _explain(record: dict[str, object], unit: str, window_months: int) -> Message:
    where = (
        message(
            "outliers.where_site",
            activity=record["activity"],
            site=record["site"],
            period=record["period"],
        )
        if record["site"]
        else message("outliers.where", activity=record["activity"], period=record["period"])
    )
    points = record["points"]
    previous = (
        message("outliers.previous", window=window_months)
        if points == window_months
        else message("outliers.previous_some", points=points, window=window_months)
    )
    quantity = float(record["quantity"])  # type: ignore[arg-type]
    median = float(record["median"])  # type: ignore[arg-type]
    ratio = float(record["ratio"])  # type: ignore[arg-type]
    if median == 0:
        return message(
            "outliers.zero_median",
            where=where,
            quantity=_amount(quantity, unit),
            previous=previous,
        )
    if ratio > 1:
        return message(
            "outliers.above",
            where=where,
            times=_times(ratio),
            previous=previous,
            median=_amount(median, unit),
        )
    if quantity == 0:
        return message(
            "outliers.zero", where=where, median=_amount(median, unit), previous=previous
        )
    return message(
        "outliers.below",
        where=where,
        quantity=_amount(quantity, unit),
        times=_times(1 / ratio),
        previous=previous,
        median=_amount(median, unit),
    )


def _times(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio < 100 else f"{ratio:,.0f}x"


def _amount(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return f"{number} {unit}".strip()
