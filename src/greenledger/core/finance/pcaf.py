"""Financed emissions of a loan and investment book (PCAF Part A, 2nd edition, December 2022).

Per position: attribution factor = outstanding / denominator, where the denominator follows the
asset class (``data/pcaf.yaml``): EVIC for listed equity and corporate bonds; EVIC for a listed
borrower or equity + debt for a private one for business loans and project finance; the
property value at origination for commercial real estate and mortgages. Financed emissions =
attribution factor x the borrower's emissions (given, or estimated from revenue or assets with a
sector factor); the data-quality score 1-5 follows from the emissions basis.

Portfolio: total financed emissions; the data-quality score weighted by outstanding; the
weighted average carbon intensity WACI = sum_i (outstanding_i / sum outstanding) x emissions_i
/ (revenue_i in millions of yuan), over the positions that give a revenue; the same figures by
sector, asset class and catalogue code; and the change from one year's result to the next.
Everything is computed on Polars columns: 50,000 positions in about 0.1 s from ``Position``
objects, under 20 ms from the validated frame (bench/finance.py, 2 cores).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from greenledger.core.finance.pcaf_portfolio import (
    AMOUNTS,
    CatalogueCodes,
    Position,
    denominator_expr,
    read_portfolio,
)
from greenledger.core.finance.pcaf_rules import PcafRules, load_rules

__all__ = [
    "CatalogueCodes",
    "Change",
    "PcafRules",
    "PortfolioResult",
    "Position",
    "Totals",
    "change",
    "financed",
    "load_rules",
    "positions_frame",
    "read_portfolio",
]

MILLION = 1_000_000.0
_TEXT = ("position", "borrower", "borrower_code", "asset_class", "emissions_basis", "sector")


@dataclass(frozen=True, slots=True)
class Totals:
    """Figures of a portfolio or of one group of it."""

    positions: int
    outstanding_yuan: float
    financed_tco2e: float
    weighted_data_quality_score: float | None  # weighted by outstanding
    waci_tco2e_per_million_yuan: float | None  # None: no position gives a revenue
    waci_coverage: float  # share of outstanding in positions that give a revenue


@dataclass(frozen=True, slots=True)
class PortfolioResult:
    """``table``: one row per position (position, asset_class, sector, catalogue_code,
    outstanding_yuan, emissions_tco2e, estimated, attribution_factor, financed_tco2e,
    data_quality_score); ``totals``; ``by_*``: group key -> Totals."""

    table: pl.DataFrame
    totals: Totals
    by_sector: dict[str, Totals]
    by_asset_class: dict[str, Totals]
    by_catalogue_code: dict[str, Totals]

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON: positions (attribution factor, financed, score) and totals."""
        return {
            "positions": [
                {
                    "position": position,
                    "attribution_factor": round(attribution, 9),
                    "financed_tco2e": round(financed_t, 6),
                    "data_quality_score": score,
                }
                for position, attribution, financed_t, score in self.table.select(
                    "position", "attribution_factor", "financed_tco2e", "data_quality_score"
                ).iter_rows()
            ],
            "totals": {
                "financed_tco2e": round(self.totals.financed_tco2e, 6),
                "weighted_data_quality_score": _rounded(self.totals.weighted_data_quality_score),
                "waci_tco2e_per_million_yuan": _rounded(self.totals.waci_tco2e_per_million_yuan),
            },
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


@dataclass(frozen=True, slots=True)
class Change:
    """Year-on-year change of the totals (current - previous; relative to previous)."""

    financed_tco2e: float
    financed_relative: float | None  # None when the previous year financed nothing
    weighted_data_quality_score: float | None
    waci_tco2e_per_million_yuan: float | None
    outstanding_yuan: float


def positions_frame(positions: Iterable[Position]) -> pl.DataFrame:
    """The positions as columns (the amounts prefixed ``_`` as ``validate_portfolio`` names
    them)."""
    items = tuple(positions)
    data: dict[str, list[Any]] = {c: [getattr(p, c) for p in items] for c in _TEXT}
    data["catalogue_code"] = [p.catalogue_code for p in items]
    for column in AMOUNTS:
        data[f"_{column}"] = [getattr(p, column) for p in items]
    schema: dict[str, Any] = {c: pl.String for c in (*_TEXT, "catalogue_code")}
    schema.update({f"_{c}": pl.Float64 for c in AMOUNTS})
    return pl.DataFrame(data, schema=schema)


def financed(
    positions: Iterable[Position] | pl.DataFrame, rules: PcafRules | None = None
) -> PortfolioResult:
    """Financed emissions of validated positions (``read_portfolio``) or of their frame."""
    rules = rules or load_rules()
    frame = positions if isinstance(positions, pl.DataFrame) else positions_frame(positions)
    factors = rules.sector_factors
    revenue_factor = {s: f.revenue_t_per_million_yuan for s, f in factors.items()}
    asset_factor = {s: f.asset_t_per_million_yuan for s, f in factors.items()}
    score_of = {
        (key, basis): score
        for key, asset_class in rules.asset_classes.items()
        for basis, score in asset_class.scores.items()
    }
    denominator = denominator_expr(rules)
    sector = pl.col("sector")
    estimate = (
        pl.when(pl.col("emissions_basis") == "revenue")
        .then(
            pl.col("_revenue_yuan")
            / MILLION
            * sector.replace_strict(revenue_factor, default=None, return_dtype=pl.Float64)
        )
        .when(pl.col("emissions_basis") == "asset")
        .then(
            denominator
            / MILLION
            * sector.replace_strict(asset_factor, default=None, return_dtype=pl.Float64)
        )
    )
    keys = pl.concat_str("asset_class", pl.lit("\x1f"), "emissions_basis")
    scores = {f"{k}\x1f{b}": s for (k, b), s in score_of.items()}
    table = frame.select(
        pl.col("position"),
        pl.col("asset_class"),
        pl.col("sector"),
        pl.col("catalogue_code"),
        pl.col("_outstanding_yuan").alias("outstanding_yuan"),
        pl.col("_revenue_yuan").alias("revenue_yuan"),
        pl.coalesce(pl.col("_emissions_tco2e"), estimate).alias("emissions_tco2e"),
        pl.col("_emissions_tco2e").is_null().alias("estimated"),
        (pl.col("_outstanding_yuan") / denominator).alias("attribution_factor"),
        keys.replace_strict(scores, default=None, return_dtype=pl.Int64).alias(
            "data_quality_score"
        ),
    ).with_columns(
        (pl.col("attribution_factor") * pl.col("emissions_tco2e")).alias("financed_tco2e")
    )
    missing = table.filter(
        pl.col("financed_tco2e").is_null() | pl.col("data_quality_score").is_null()
    )
    if missing.height:
        raise ValueError(
            f"position {missing['position'][0]} was not validated (read_portfolio checks it)"
        )
    groups = {
        column: _grouped(table, column) for column in ("sector", "asset_class", "catalogue_code")
    }
    return PortfolioResult(
        table=table.select(
            "position",
            "asset_class",
            "sector",
            "catalogue_code",
            "outstanding_yuan",
            "emissions_tco2e",
            "estimated",
            "attribution_factor",
            "financed_tco2e",
            "data_quality_score",
        ),
        totals=_totals(table.select(_AGGREGATES).row(0)),
        by_sector=groups["sector"],
        by_asset_class=groups["asset_class"],
        by_catalogue_code=groups["catalogue_code"],
    )


_has_revenue = pl.col("revenue_yuan").is_not_null() & (pl.col("revenue_yuan") > 0)
_covered = pl.when(_has_revenue).then(pl.col("outstanding_yuan")).otherwise(0.0)
_AGGREGATES = (
    pl.len().alias("positions"),
    pl.col("outstanding_yuan").sum().alias("outstanding"),
    pl.col("financed_tco2e").sum().alias("financed"),
    (pl.col("outstanding_yuan") * pl.col("data_quality_score")).sum().alias("scored"),
    _covered.sum().alias("covered"),
    (
        pl.when(_has_revenue)
        .then(pl.col("outstanding_yuan") * pl.col("emissions_tco2e") / pl.col("revenue_yuan"))
        .otherwise(0.0)
        * MILLION
    )
    .sum()
    .alias("intensity"),
)


def _totals(row: tuple[Any, ...]) -> Totals:
    count, outstanding, financed_t, scored, covered, intensity = row
    return Totals(
        positions=int(count),
        outstanding_yuan=float(outstanding),
        financed_tco2e=float(financed_t),
        weighted_data_quality_score=float(scored) / outstanding if outstanding > 0 else None,
        waci_tco2e_per_million_yuan=float(intensity) / covered if covered > 0 else None,
        waci_coverage=float(covered) / outstanding if outstanding > 0 else 0.0,
    )


def _grouped(table: pl.DataFrame, column: str) -> dict[str, Totals]:
    grouped = table.group_by(column).agg(*_AGGREGATES).sort(column)
    return {
        str(row[0]): _totals(row[1:])
        for row in grouped.select(
            column, "positions", "outstanding", "financed", "scored", "covered", "intensity"
        ).iter_rows()
    }


def change(previous: PortfolioResult, current: PortfolioResult) -> Change:
    """How the totals moved from ``previous`` (last year) to ``current``."""
    before, now = previous.totals, current.totals

    def delta(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else b - a

    return Change(
        financed_tco2e=now.financed_tco2e - before.financed_tco2e,
        financed_relative=(
            (now.financed_tco2e - before.financed_tco2e) / before.financed_tco2e
            if before.financed_tco2e > 0
            else None
        ),
        weighted_data_quality_score=delta(
            before.weighted_data_quality_score, now.weighted_data_quality_score
        ),
        waci_tco2e_per_million_yuan=delta(
            before.waci_tco2e_per_million_yuan, now.waci_tco2e_per_million_yuan
        ),
        outstanding_yuan=now.outstanding_yuan - before.outstanding_yuan,
    )
