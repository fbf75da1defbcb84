"""Turn a batch accounting result into what people read: JSON, CSV, XLSX, terminal tables.

Outside the pure core (it writes files) and outside the web (the CLI uses it). Text cells that a
spreadsheet would run as a formula are neutralised (formula injection).
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from greenledger.core.batch import BatchResult
from greenledger.core.errors import GreenLedgerError
from greenledger.core.factors.library import FactorLibrary
from greenledger.core.model import LINE_FIGURES

POLLUTANT_COLUMNS = {"so2": "so2_t", "nox": "nox_t", "pm": "pm_t", "vocs": "vocs_t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"  # the same characters, for vectorised checks
LINE_COLUMNS = (
    "row",
    "enterprise",
    "site",
    "period",
    "activity",
    "category",
    "quantity",
    "instrument",
    *LINE_FIGURES,
)


def safe_cell(value: Any) -> Any:
    """A text cell starting like a formula is prefixed with an apostrophe; others unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def lines_with_lineage(result: BatchResult) -> pl.DataFrame:
    return result.lines.join(result.lineage, on="lineage_key", how="left", maintain_order="left")


def factors_used(result: BatchResult, library: FactorLibrary) -> list[dict[str, Any]]:
    ids = sorted({i for ids in result.lineage["factor_ids"].to_list() for i in ids})
    rows = []
    for factor_id in ids:
        f = library.by_id(factor_id)
        rows.append(
            {
                "id": f.id,
                "activity": f.activity,
                "quantity": f.quantity,
                "gas": f.gas,
                "region": f.region,
                "year": f.year,
                "value": f.value,
                "unit": f.unit,
                "issuer": f.issuer,
                "source": f.source,
                "edition": f.edition,
                "clause": f.clause,
                "confirmed": f.confirmed,
                "quality": f.quality,
            }
        )
    return rows


def _factor_ids(result: BatchResult) -> set[str]:
    return {i for ids in result.lineage["factor_ids"].to_list() for i in ids}


def headline_factors(result: BatchResult, library: FactorLibrary) -> list[str]:
    """One sentence per electricity or heat factor used: which series, region and year."""
    sentences = []
    for row in factors_used(result, library):
        if row["activity"] in {"electricity", "heat"} and row["quantity"].startswith("ef"):
            year = f" {row['year']}" if row["year"] else ""
            sentences.append(
                f"{row['activity']} {row['quantity']} {row['region'] or 'any region'}{year}: "
                f"{row['value']:g} {row['unit']} ({row['source']}, {row['clause']}) [{row['id']}]"
            )
    return sentences


def _figure_expressions() -> list[pl.Expr]:
    """The figures of an enterprise, a period or the district, under their JSON names."""
    return [
        pl.col("energy_tce"),
        pl.col("energy_tce_generation"),
        pl.col("scope1_co2e_t").alias("scope1_tco2e"),
        pl.col("scope2_location_t").alias("scope2_location_tco2e"),
        pl.col("scope2_market_t").alias("scope2_market_tco2e"),
        pl.col("gbt32150_co2e_t").alias("gbt32150_total_tco2e"),
        pl.col("co2_biogenic_t").alias("biogenic_co2_t"),
        pl.col("exported_t").alias("exported_tco2"),
        pl.struct(*(pl.col(column).alias(key) for key, column in POLLUTANT_COLUMNS.items())).alias(
            "pollutants_t"
        ),
    ]


def json_context(result: BatchResult, library: FactorLibrary) -> dict[str, Any]:
    return {
        "region": result.context.region,
        "year": result.context.year,
        "gwp": result.context.gwp,
        "electricity_series": result.context.electricity_series,
        "ghg_edition": result.context.ghg_edition,
        "ghg_editions_used": list(library.ghg_editions_used(_factor_ids(result))),
        "ghg_edition_rule": library.ghg_editions.describe_rule(),
        "factor_set_version": result.factor_set_version,
        "method_version": result.method_version,
        "electricity_and_heat_factors": headline_factors(result, library),
    }


def write_json(result: BatchResult, library: FactorLibrary, stream: BinaryIO) -> None:
    """Write the inventory as JSON: context, enterprises (with periods and lines), totals, factors.

    The enterprises array, which holds every line, is serialised by Polars straight into the
    stream; only the small context, totals and factor table go through Python's json module.
    """
    lines = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    lines_by_enterprise = lines.group_by("enterprise", maintain_order=True).agg(
        pl.struct(pl.all()).alias("lines")
    )
    periods = result.totals.group_by("enterprise", maintain_order=True).agg(
        pl.struct(pl.col("period"), *_figure_expressions()).alias("periods")
    )
    enterprises = (
        result.enterprise_totals()
        .select(
            pl.col("enterprise"),
            *_figure_expressions(),
            pl.col("output_value_wan_yuan"),
            pl.col("tce_per_wan_yuan"),
            pl.col("co2e_t_per_wan_yuan"),
            pl.col("product_output"),
            pl.col("product_unit"),
            pl.col("tce_per_product_unit"),
        )
        .join(periods, on="enterprise", how="left", maintain_order="left")
        .join(lines_by_enterprise, on="enterprise", how="left", maintain_order="left")
    )
    sums = result.lines.select(pl.col(name).sum() for name in LINE_FIGURES)
    totals = sums.select(_figure_expressions()).to_dicts()[0]
    dump = partial(json.dumps, ensure_ascii=False)
    stream.write(f'{{"context": {dump(json_context(result, library))}, "enterprises": '.encode())
    enterprises.write_json(stream)
    stream.write(
        f', "totals": {dump(totals)}, "factors": {dump(factors_used(result, library))}}}\n'.encode()
    )


def safe_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """safe_cell for whole text columns, vectorised."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_csv(result: BatchResult, stream: BinaryIO) -> None:
    """Every line with its figures and the ids of the factors behind them."""
    frame = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    frame = frame.with_columns(pl.col("factor_ids").list.join(";"))
    safe_text_columns(frame).write_csv(stream)


EXCEL_MAX_ROWS = 1_048_576  # rows of one worksheet (Excel specifications and limits)


def write_xlsx(result: BatchResult, library: FactorLibrary, path: Path) -> None:
    """Workbook: enterprises, periods, lines with lineage, and the factors with their sources."""
    from openpyxl import Workbook

    if result.lines.height >= EXCEL_MAX_ROWS:
        raise GreenLedgerError(
            f"{result.lines.height:,} lines do not fit in one worksheet "
            f"({EXCEL_MAX_ROWS:,} rows at most): use --format csv or json"
        )

    workbook = Workbook(write_only=True)
    _sheet(workbook, "Enterprises", result.enterprise_totals())
    _sheet(workbook, "Periods", result.totals)
    lines = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    lines = lines.with_columns(pl.col("factor_ids").list.join(";"))
    _sheet(workbook, "Lines", safe_text_columns(lines), checked=True)
    _sheet(workbook, "Factors", pl.DataFrame(factors_used(result, library)))
    context = workbook.create_sheet("Context")
    for key, value in json_context(result, library).items():
        if isinstance(value, list):
            value = " | ".join(value)
        context.append([key, safe_cell("" if value is None else str(value))])
    workbook.save(path)


def _sheet(workbook: Any, title: str, frame: pl.DataFrame, *, checked: bool = False) -> None:
    """Append a frame as a sheet; ``checked`` frames went through safe_text_columns already."""
    sheet = workbook.create_sheet(title)
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row) if checked else [safe_cell(v) for v in row])
