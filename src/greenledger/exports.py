"""Turn a batch accounting result into what people read: JSON, CSV, XLSX, terminal tables.

Outside the pure core (it writes files) and outside the web (the CLI uses it). Text cells that a
spreadsheet would run as a formula are neutralised (formula injection).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import polars as pl

from greenledger.core.batch import BatchResult
from greenledger.core.factors.library import FactorLibrary
from greenledger.core.model import LINE_FIGURES

POLLUTANT_COLUMNS = {"so2": "so2_t", "nox": "nox_t", "pm": "pm_t", "vocs": "vocs_t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
                "source": f.source,
                "edition": f.edition,
                "clause": f.clause,
                "quality": f.quality,
            }
        )
    return rows


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


def _figures(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "energy_tce": record["energy_tce"],
        "energy_tce_generation": record["energy_tce_generation"],
        "scope1_tco2e": record["scope1_co2e_t"],
        "scope2_location_tco2e": record["scope2_location_t"],
        "scope2_market_tco2e": record["scope2_market_t"],
        "gbt32150_total_tco2e": record["gbt32150_co2e_t"],
        "biogenic_co2_t": record["co2_biogenic_t"],
        "exported_tco2": record["exported_t"],
        "pollutants_t": {key: record[column] for key, column in POLLUTANT_COLUMNS.items()},
    }


def to_json_document(result: BatchResult, library: FactorLibrary) -> dict[str, Any]:
    lines = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    lines_by_enterprise: dict[str, list[dict[str, Any]]] = {}
    for line in lines.iter_rows(named=True):
        lines_by_enterprise.setdefault(line["enterprise"], []).append(line)
    periods: dict[str, list[dict[str, Any]]] = {}
    for record in result.totals.iter_rows(named=True):
        periods.setdefault(record["enterprise"], []).append(
            {"period": record["period"], **_figures(record)}
        )
    enterprises = []
    for record in result.enterprise_totals().iter_rows(named=True):
        name = record["enterprise"]
        enterprises.append(
            {
                "enterprise": name,
                **_figures(record),
                "output_value_wan_yuan": record["output_value_wan_yuan"],
                "tce_per_wan_yuan": record["tce_per_wan_yuan"],
                "co2e_t_per_wan_yuan": record["co2e_t_per_wan_yuan"],
                "product_output": record["product_output"],
                "product_unit": record["product_unit"],
                "tce_per_product_unit": record["tce_per_product_unit"],
                "periods": periods.get(name, []),
                "lines": lines_by_enterprise.get(name, []),
            }
        )
    return {
        "context": {
            "region": result.context.region,
            "year": result.context.year,
            "gwp": result.context.gwp,
            "electricity_series": result.context.electricity_series,
            "ghg_edition": result.context.ghg_edition,
            "factor_set_version": result.factor_set_version,
            "method_version": result.method_version,
            "electricity_and_heat_factors": headline_factors(result, library),
        },
        "enterprises": enterprises,
        "totals": _figures(result.grand_totals()),
        "factors": factors_used(result, library),
    }


def write_json(result: BatchResult, library: FactorLibrary) -> str:
    return json.dumps(to_json_document(result, library), ensure_ascii=False, indent=2)


def write_csv(result: BatchResult) -> str:
    """Every line with its figures and the ids of the factors behind them."""
    frame = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*LINE_COLUMNS, "factor_ids"])
    for row in frame.iter_rows():
        *values, ids = row
        writer.writerow([safe_cell(v) for v in values] + [";".join(ids or [])])
    return buffer.getvalue()


def write_xlsx(result: BatchResult, library: FactorLibrary, path: Path) -> None:
    """Workbook: enterprises, periods, lines with lineage, and the factors with their sources."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, "Enterprises", result.enterprise_totals())
    _sheet(workbook, "Periods", result.totals)
    lines = lines_with_lineage(result).select(*LINE_COLUMNS, "factor_ids")
    lines = lines.with_columns(pl.col("factor_ids").list.join(";"))
    _sheet(workbook, "Lines", lines)
    _sheet(workbook, "Factors", pl.DataFrame(factors_used(result, library)))
    context = workbook.create_sheet("Context")
    for key, value in to_json_document_context(result, library).items():
        context.append([key, safe_cell(str(value))])
    workbook.save(path)


def to_json_document_context(result: BatchResult, library: FactorLibrary) -> dict[str, Any]:
    return {
        "region": result.context.region,
        "year": result.context.year or "each line's year",
        "gwp": result.context.gwp,
        "electricity_series": result.context.electricity_series,
        "factor_set_version": result.factor_set_version,
        "method_version": result.method_version,
        "electricity_and_heat_factors": " | ".join(headline_factors(result, library)),
    }


def _sheet(workbook: Any, title: str, frame: pl.DataFrame) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append([safe_cell(v) for v in row])
