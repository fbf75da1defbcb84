"""Columnar accounting engine: many enterprises and periods at once, with Polars.

Each distinct (activity, instrument, technology, year) is resolved once to its coefficients
(`resolve.line_factors`, the same function the single-enterprise path uses); the lines are joined
to that small table and multiplied column-wise in the same order as the scalar functions, so
per-line figures are bit-identical to them. Lineage is a key per line into a table of factor ids.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import polars as pl

from greenledger.core.context import METHOD_VERSION, AccountingContext
from greenledger.core.factors.library import FactorLibrary
from greenledger.core.model import LINE_FIGURES
from greenledger.core.resolve import LineFactors, line_factors

KEYS = ("activity", "instrument", "technology", "factor_year")
_COEFFICIENTS = tuple(
    f.name
    for f in fields(LineFactors)
    if f.name not in {"activity", "category", "unit", "factor_ids"}
)


@dataclass(frozen=True)
class BatchResult:
    lines: pl.DataFrame  # the input lines + category, every LINE_FIGURES column, lineage_key
    lineage: pl.DataFrame  # lineage_key -> factor_ids (list of factor ids)
    totals: pl.DataFrame  # per enterprise and period: sums, output value, intensities
    context: AccountingContext
    factor_set_version: str
    method_version: str

    def enterprise_totals(self) -> pl.DataFrame:
        """Per enterprise over all its periods."""
        return aggregate(self.lines, ["enterprise"])

    def grand_totals(self) -> dict[str, float]:
        sums = self.lines.select(pl.col(name).sum() for name in LINE_FIGURES)
        return {name: float(sums[name][0]) for name in LINE_FIGURES}


def factor_table(
    library: FactorLibrary, context: AccountingContext, keys: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Coefficients per distinct key, and the lineage table (key -> factor ids)."""
    records: list[dict[str, object]] = []
    lineage_ids: dict[tuple[str, ...], int] = {}
    for activity, instrument, technology, year in keys.select(KEYS).iter_rows():
        factors = line_factors(
            library, context, activity, instrument=instrument, technology=technology, year=year
        )
        key = lineage_ids.setdefault(factors.factor_ids, len(lineage_ids))
        record: dict[str, object] = {
            "activity": activity,
            "instrument": instrument,
            "technology": technology,
            "factor_year": year,
            "category": factors.category,
            "lineage_key": key,
        }
        record.update({f"f_{name}": getattr(factors, name) for name in _COEFFICIENTS})
        records.append(record)
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "activity": pl.String,
        "instrument": pl.String,
        "technology": pl.String,
        "factor_year": pl.Int32,
        "category": pl.String,
        "lineage_key": pl.UInt32,
    }
    schema.update({f"f_{name}": pl.Float64 for name in _COEFFICIENTS})
    table = pl.DataFrame(records, schema=schema)
    lineage = pl.DataFrame(
        {
            "lineage_key": list(lineage_ids.values()),
            "factor_ids": [list(ids) for ids in lineage_ids],
        },
        schema={"lineage_key": pl.UInt32, "factor_ids": pl.List(pl.String)},
    )
    return table, lineage


def line_expressions() -> list[pl.Expr]:
    """The per-line figures, written in the scalar functions' operation order."""
    q = pl.col("quantity")
    kept = 1.0 - pl.col("removal_efficiency")
    sulfur = pl.col("sulfur_percent").fill_null(pl.col("f_default_sulfur"))
    scope1 = q * pl.col("f_scope1_co2e")
    location = q * pl.col("f_scope2_location")
    exported = q * pl.col("f_exported")
    return [
        (q * pl.col("f_tce")).alias("energy_tce"),
        (q * pl.col("f_tce_generation")).alias("energy_tce_generation"),
        (q * pl.col("f_co2_fossil")).alias("co2_fossil_t"),
        (q * pl.col("f_co2_biogenic")).alias("co2_biogenic_t"),
        (q * pl.col("f_ch4")).alias("ch4_t"),
        (q * pl.col("f_n2o")).alias("n2o_t"),
        (q * pl.col("f_fgas_co2e")).alias("fgas_co2e_t"),
        scope1.alias("scope1_co2e_t"),
        location.alias("scope2_location_t"),
        (q * pl.col("f_scope2_market")).alias("scope2_market_t"),
        exported.alias("exported_t"),
        (scope1 + location - exported).alias("gbt32150_co2e_t"),
        (q * (pl.col("f_so2") + pl.col("f_so2_per_sulfur") * sulfur) * kept).alias("so2_t"),
        (q * pl.col("f_nox") * kept).alias("nox_t"),
        (q * pl.col("f_pm") * kept).alias("pm_t"),
        (q * pl.col("f_vocs") * kept).alias("vocs_t"),
    ]


def compute_batch(
    frame: pl.DataFrame, library: FactorLibrary, context: AccountingContext
) -> BatchResult:
    """Account a canonical line frame (see intake.CANONICAL_SCHEMA)."""
    year = pl.lit(context.year, dtype=pl.Int32) if context.year else pl.col("year")
    lines = frame.with_columns(year.alias("factor_year"))
    keys = lines.select(KEYS).unique()
    table, lineage = factor_table(library, context, keys)
    joined = lines.join(table, on=list(KEYS), how="left", maintain_order="left")
    computed = joined.with_columns(line_expressions()).drop(
        [f"f_{name}" for name in _COEFFICIENTS] + ["factor_year"]
    )
    return BatchResult(
        lines=computed,
        lineage=lineage,
        totals=aggregate(computed, ["enterprise", "period"]),
        context=context,
        factor_set_version=library.version,
        method_version=METHOD_VERSION,
    )


def aggregate(lines: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Sums of every figure per group, the output value, and intensities per 10^4 yuan."""
    output_value = pl.when(pl.col("category") == "output_value").then(pl.col("quantity"))
    grouped = lines.group_by(by, maintain_order=True).agg(
        *(pl.col(name).sum() for name in LINE_FIGURES),
        output_value.sum().alias("output_value_wan_yuan"),
        output_value.count().alias("_output_lines"),
    )
    value = pl.col("output_value_wan_yuan")
    has_value = (pl.col("_output_lines") > 0) & (value > 0)
    products = _product_output(lines, by)
    # Energy per unit of product only for a single product: several products would need an
    # allocation rule the standard leaves to the enterprise.
    single = (pl.col("_products") == 1) & (pl.col("product_output") > 0)
    return (
        grouped.join(products, on=by, how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_output_lines") > 0).then(value).alias("output_value_wan_yuan"),
            pl.when(has_value).then(pl.col("energy_tce") / value).alias("tce_per_wan_yuan"),
            pl.when(has_value).then(pl.col("gbt32150_co2e_t") / value).alias("co2e_t_per_wan_yuan"),
            pl.when(single).then(pl.col("product_output")).alias("product_output"),
            pl.when(single).then(pl.col("product_unit")).alias("product_unit"),
            pl.when(single)
            .then(pl.col("energy_tce") / pl.col("product_output"))
            .alias("tce_per_product_unit"),
        )
        .drop("_output_lines", "_products")
    )


def _product_output(lines: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    outputs = lines.filter(pl.col("category") == "product_output")
    name = pl.when(pl.col("product") != "").then(pl.col("product")).otherwise(pl.col("activity"))
    return outputs.group_by(by).agg(
        pl.col("quantity").sum().alias("product_output"),
        pl.col("product_unit").first().alias("product_unit"),
        name.n_unique().alias("_products"),
    )
