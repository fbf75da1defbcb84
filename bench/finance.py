"""Benchmark of green and transition finance (issue 12), each figure beside a bare Polars
computation of the same figures in the same run (the machine is shared).

PCAF over --positions (50,000) seeded positions of all six asset classes and all six emissions
bases (target < 2 s):
  (a) ``financed(positions)``: from the tuple of ``Position`` objects ``read_portfolio`` returns
      (building the columns included) to per-position attribution factor, financed emissions and
      data-quality score, totals (financed, weighted score, WACI) and the breakdowns by sector,
      asset class and catalogue code;
  (b) ``financed(frame)``: the same from the validated frame;
  (c) ``read_portfolio``: reading and validating the same positions from a CSV file;
  bare: the same per-position figures, totals and three breakdowns written directly as Polars
  expressions on a typed frame with the denominator and score columns given, nothing else.
Both answers are checked equal before any time is printed.

Eligibility of --projects (10,000) seeded projects under the 2025 green finance catalogue
(target < 5 s): ``check_many`` against a bare Polars computation of the same comparisons (see
bench/finance_eligibility.py).

Usage: python bench/finance.py [--positions 50000] [--projects 10000] [--repeat 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
from finance_eligibility import bench_eligibility  # bench/finance_eligibility.py

from greenledger.core.finance.pcaf import (
    PcafRules,
    Position,
    financed,
    load_rules,
    positions_frame,
    read_portfolio,
)

SECTORS = ("C25", "C26", "C30", "C31", "C32", "D44", "G51", "K70")
CATALOGUE_CODES = ("", "", "1.1.1", "3.2.1", "4.1.2", "6.3")
BASES = ("verified", "reported", "energy", "production")
REAL_ESTATE_BASES = ("verified", "reported", "energy")


def positions(count: int, seed: int, rules: PcafRules) -> tuple[Position, ...]:
    """Seeded positions: every asset class, emissions always given (the shipped sector-factor
    file is empty), outstanding within the denominator."""
    rng = random.Random(seed)
    classes = sorted(rules.asset_classes)
    items = []
    for index in range(count):
        asset_class = classes[index % len(classes)]
        attribution = rules.asset_classes[asset_class].attribution
        denominator = rng.uniform(1e7, 1e10)
        outstanding = denominator * rng.uniform(0.001, 0.5)
        fields: dict[str, Any] = {}
        if attribution == "evic" or (attribution == "company" and rng.random() < 0.3):
            fields["evic_yuan"] = denominator
        elif attribution == "company":
            equity = denominator * rng.uniform(0.2, 0.8)
            fields["equity_yuan"], fields["debt_yuan"] = equity, denominator - equity
        else:
            fields["property_value_yuan"] = denominator
        real_estate = attribution == "property"
        items.append(
            Position(
                position=f"P{index:06d}",
                borrower=f"B{index % 9000:05d}",
                asset_class=asset_class,
                outstanding_yuan=outstanding,
                emissions_basis=rng.choice(REAL_ESTATE_BASES if real_estate else BASES),
                sector=rng.choice(SECTORS),
                revenue_yuan=None if real_estate else denominator * rng.uniform(0.1, 2.0),
                emissions_tco2e=rng.uniform(10.0, 1e6),
                catalogue_code=rng.choice(CATALOGUE_CODES),
                **fields,
            )
        )
    return tuple(items)


def write_csv(items: tuple[Position, ...], path: Path) -> None:
    frame = positions_frame(items).rename(lambda c: c.removeprefix("_"))
    frame.write_csv(path)


def bare_inputs(items: tuple[Position, ...], rules: PcafRules) -> pl.DataFrame:
    """Typed columns with the denominator and the score already looked up (outside timing)."""
    rows = []
    for p in items:
        attribution = rules.asset_classes[p.asset_class].attribution
        if attribution == "property":
            denominator = p.property_value_yuan
        elif p.evic_yuan is not None:
            denominator = p.evic_yuan
        else:
            denominator = (p.equity_yuan or 0.0) + (p.debt_yuan or 0.0)
        rows.append(
            (
                p.position,
                p.asset_class,
                p.sector,
                p.catalogue_code,
                p.outstanding_yuan,
                denominator,
                p.revenue_yuan,
                p.emissions_tco2e,
                rules.asset_classes[p.asset_class].scores[p.emissions_basis],
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "position": pl.String,
            "asset_class": pl.String,
            "sector": pl.String,
            "catalogue_code": pl.String,
            "outstanding": pl.Float64,
            "denominator": pl.Float64,
            "revenue": pl.Float64,
            "emissions": pl.Float64,
            "score": pl.Int64,
        },
        orient="row",
    )


def bare(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, Any], dict[str, pl.DataFrame]]:
    table = frame.with_columns(
        (pl.col("outstanding") / pl.col("denominator")).alias("attribution_factor")
    ).with_columns((pl.col("attribution_factor") * pl.col("emissions")).alias("financed"))
    has_revenue = pl.col("revenue").is_not_null() & (pl.col("revenue") > 0)
    aggregates = (
        pl.len().alias("positions"),
        pl.col("financed").sum().alias("financed"),
        ((pl.col("outstanding") * pl.col("score")).sum() / pl.col("outstanding").sum()).alias(
            "score"
        ),
        (
            pl.when(has_revenue)
            .then(pl.col("outstanding") * pl.col("emissions") / (pl.col("revenue") / 1e6))
            .sum()
            / pl.when(has_revenue).then(pl.col("outstanding")).sum()
        ).alias("waci"),
    )
    totals = table.select(aggregates).row(0, named=True)
    groups = {
        key: table.group_by(key).agg(aggregates).sort(key)
        for key in ("sector", "asset_class", "catalogue_code")
    }
    return table, totals, groups


def median_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def bench_pcaf(count: int = 50_000, repeat: int = 5, seed: int = 2026) -> None:
    rules = load_rules()
    items = positions(count, seed, rules)
    frame = positions_frame(items)
    inputs = bare_inputs(items, rules)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "portfolio.csv"
        write_csv(items, path)
        read_s, read_back = median_time(lambda: read_portfolio(path, rules), repeat)
    from_positions_s, result = median_time(lambda: financed(items, rules), repeat)
    from_frame_s, _ = median_time(lambda: financed(frame, rules), repeat)
    bare_s, bare_answer = median_time(lambda: bare(inputs), repeat)

    assert isinstance(read_back, tuple) and len(read_back) == count
    table, totals, groups = bare_answer  # type: ignore[misc]
    assert result is not None
    mine = result.table  # type: ignore[attr-defined]
    assert mine["attribution_factor"].to_list() == table["attribution_factor"].to_list()
    assert mine["data_quality_score"].to_list() == table["score"].to_list()
    assert all(close(a, b) for a, b in zip(mine["financed_tco2e"], table["financed"], strict=True))
    got = result.totals  # type: ignore[attr-defined]
    assert close(got.financed_tco2e, totals["financed"])
    assert close(got.weighted_data_quality_score, totals["score"])
    assert close(got.waci_tco2e_per_million_yuan, totals["waci"])
    by_sector = result.by_sector  # type: ignore[attr-defined]
    for sector, financed_t in groups["sector"].select("sector", "financed").iter_rows():
        assert close(by_sector[sector].financed_tco2e, financed_t)

    print(f"PCAF: {count:,} positions, {pl.thread_pool_size()} Polars threads, median of {repeat}")
    print(
        f"  totals: {got.financed_tco2e:,.0f} tCO2e financed, score "
        f"{got.weighted_data_quality_score:.3f}, WACI {got.waci_tco2e_per_million_yuan:.2f}"
    )
    print(f"  bare Polars (same figures)        {bare_s * 1000:8.1f} ms")
    print(
        f"  financed(frame)                   {from_frame_s * 1000:8.1f} ms"
        f"  x{from_frame_s / bare_s:.2f} of bare"
    )
    print(
        f"  financed(positions), target < 2 s {from_positions_s * 1000:8.1f} ms"
        f"  x{from_positions_s / bare_s:.2f} of bare"
    )
    print(
        f"  read_portfolio (CSV, validated)   {read_s * 1000:8.1f} ms"
        f"  x{read_s / bare_s:.2f} of bare"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--positions", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bench_pcaf(args.positions, args.repeat, args.seed)
    bench_eligibility(args.projects, args.repeat, args.seed)


if __name__ == "__main__":
    main()
