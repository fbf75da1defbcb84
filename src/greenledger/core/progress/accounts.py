"""The district accounts: per-line inventory results summed per enterprise and year, and per
energy carrier, in the two columnar tables that ``frames.decompose_frames`` reads.

``lines`` are the batch engine's per-line results (``core.batch.compute_batch(...).lines`` or the
stored Parquet of a verified inventory): columns ``enterprise``, ``year``, ``activity``,
``category``, ``quantity`` and every ``LINE_FIGURES`` column.

Energy lines are those of a combustion category (stationary, mobile, biomass) and purchased
electricity and heat; their carrier is the activity. Their energy-related emissions are Scope 1
(combustion) plus Scope 2 location-based (purchased electricity and heat), as in GB/T 32150.
Every other line's Scope 1 and Scope 2 location-based emissions (process and fugitive; the
other categories carry none) are non-energy emissions, and the emissions of exported
electricity and heat are deducted, so that for every enterprise-year

    gbt32150_co2e_t == energy_co2e_t + non_energy_co2e_t - exported_co2e_t

(to float rounding). Output value is the sum of the ``output_value`` lines (10^4 yuan), null when
an enterprise-year has none; ``product_output`` lines carry no energy or emissions.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from greenledger.core.ghg import SCOPE1_CATEGORIES

__all__ = [
    "ENERGY_CATEGORIES",
    "ENERGY_COLUMNS",
    "ENTERPRISE_YEAR_COLUMNS",
    "FactFrames",
    "SUMMED",
    "fact_frames",
]

ENERGY_CATEGORIES: tuple[str, ...] = (
    *(c for c in SCOPE1_CATEGORIES if c.endswith("_combustion")),
    "purchased_electricity",
    "purchased_heat",
)
OUTPUT_VALUE_CATEGORY = "output_value"

# Plain sums of line figures per enterprise-year (the names of the line columns).
SUMMED: tuple[str, ...] = (
    "energy_tce",
    "energy_tce_generation",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "co2_biogenic_t",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
)

ENTERPRISE_YEAR_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "enterprise": pl.String,
    "year": pl.Int64,
    "output_value_wan_yuan": pl.Float64,
    **{name: pl.Float64 for name in SUMMED},
    "energy_co2e_t": pl.Float64,
    "non_energy_co2e_t": pl.Float64,
    "exported_co2e_t": pl.Float64,
    "park": pl.String,
    "industry": pl.String,
}
ENERGY_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "enterprise": pl.String,
    "year": pl.Int64,
    "carrier": pl.String,
    "energy_tce": pl.Float64,
    "energy_co2e_t": pl.Float64,
}
_KEYS = ["enterprise", "year"]


@dataclass(frozen=True)
class FactFrames:
    """The district fact table in columns.

    ``enterprise_years``: one row per enterprise and year (``ENTERPRISE_YEAR_COLUMNS``), sorted
    by enterprise and year. ``energy``: one row per enterprise, year and carrier
    (``ENERGY_COLUMNS``), sorted the same way and by carrier."""

    enterprise_years: pl.DataFrame
    energy: pl.DataFrame


def fact_frames(lines: pl.DataFrame, attributes: pl.DataFrame | None = None) -> FactFrames:
    """Sum per-line results into the fact tables (see the module docstring).

    ``attributes`` (optional): one row per enterprise with ``park`` and/or ``industry``; an
    enterprise without a row (or a null value) gets ""."""
    # Masked columns first, so that the grouped aggregations are plain sums (Polars' fast path).
    energy_line = pl.col("category").is_in(ENERGY_CATEGORIES)
    output_line = pl.col("category") == OUTPUT_VALUE_CATEGORY
    emissions = pl.col("scope1_co2e_t").cast(pl.Float64) + pl.col("scope2_location_t").cast(
        pl.Float64
    )
    prepared = lines.select(
        pl.col("enterprise").cast(pl.String),
        pl.col("year").cast(pl.Int64),
        pl.col("activity").cast(pl.String),
        energy_line.alias("_energy"),
        output_line.cast(pl.UInt32).alias("_output_lines"),
        pl.when(output_line)
        .then(pl.col("quantity").cast(pl.Float64))
        .otherwise(0.0)
        .alias("output_value_wan_yuan"),
        *(pl.col(name).cast(pl.Float64) for name in SUMMED),
        pl.when(energy_line).then(emissions).otherwise(0.0).alias("energy_co2e_t"),
        pl.when(energy_line).then(0.0).otherwise(emissions).alias("non_energy_co2e_t"),
        pl.col("exported_t").cast(pl.Float64).alias("exported_co2e_t"),
    )
    sums = ("output_value_wan_yuan", *SUMMED, "energy_co2e_t", "non_energy_co2e_t")
    grouped = prepared.group_by(_KEYS).agg(
        pl.col("_output_lines").sum(),
        *(pl.col(name).sum() for name in sums),
        pl.col("exported_co2e_t").sum(),
    )
    years = grouped.with_columns(
        pl.when(pl.col("_output_lines") > 0).then(pl.col("output_value_wan_yuan"))
    ).drop("_output_lines")
    years = _with_attributes(years, attributes)
    energy = (
        prepared.filter(pl.col("_energy"))
        .group_by([*_KEYS, "activity"])
        .agg(pl.col("energy_tce").sum(), pl.col("energy_co2e_t").sum())
        .rename({"activity": "carrier"})
    )
    return FactFrames(
        enterprise_years=years.select(
            pl.col(name).cast(dtype) for name, dtype in ENTERPRISE_YEAR_COLUMNS.items()
        ).sort(_KEYS),
        energy=energy.select(
            pl.col(name).cast(dtype) for name, dtype in ENERGY_COLUMNS.items()
        ).sort([*_KEYS, "carrier"]),
    )


def _with_attributes(years: pl.DataFrame, attributes: pl.DataFrame | None) -> pl.DataFrame:
    names = ("park", "industry")
    if attributes is None:
        return years.with_columns(pl.lit("", dtype=pl.String).alias(n) for n in names)
    missing = pl.lit(None, dtype=pl.String)
    table = attributes.select(
        pl.col("enterprise").cast(pl.String),
        *(
            (pl.col(n).cast(pl.String) if n in attributes.columns else missing).alias(n)
            for n in names
        ),
    ).unique("enterprise", keep="first", maintain_order=True)
    return years.join(table, on="enterprise", how="left").with_columns(
        pl.col(n).fill_null("") for n in names
    )
