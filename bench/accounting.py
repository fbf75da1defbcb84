"""Benchmark of the accounting engine on a synthetic district.

20,000 enterprises x 12 months x 15 lines = 3.6 M lines, accounted three ways in the same run:
  - the batch engine (`greenledger.core.batch.compute_batch`), resolution and lineage included;
  - the floor: a bare Polars join of the lines to pre-resolved coefficients and a group-by of the
    same figures (no resolution, no lineage) - the work no engine can skip;
  - row by row: the single-enterprise Python functions, on a sample of lines (extrapolated).
Checks that the three agree, then prints lines/s and the ratios.

Targets (2 cores): engine >= 1 M lines/s, within 3x of the floor, >= 20x the row-by-row speed.
Usage: python bench/accounting.py [--enterprises 20000] [--sample 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import polars as pl

from greenledger.core.batch import KEYS, aggregate, compute_batch, factor_table, line_expressions
from greenledger.core.context import AccountingContext
from greenledger.core.factors import load_library
from greenledger.core.intake import CANONICAL_SCHEMA, frame_to_lines
from greenledger.core.inventory import compute_line
from greenledger.core.model import LINE_FIGURES

LINES = [  # (activity, instrument, typical monthly quantity in the canonical unit)
    ("raw_coal", "", 800.0),
    ("natural_gas", "", 4.0),
    ("diesel", "", 3.0),
    ("diesel_mobile", "", 4.5),
    ("gasoline_mobile", "", 2.0),
    ("fuel_oil", "", 1.5),
    ("lpg", "", 0.8),
    ("purchased_electricity", "", 1500.0),
    ("purchased_electricity", "gec", 300.0),
    ("purchased_electricity", "green_power", 200.0),
    ("purchased_heat", "", 5000.0),
    ("exported_electricity", "", 100.0),
    ("limestone", "", 140.0),
    ("hfc_134a", "", 5.0),
    ("output_value", "", 2500.0),
]


def synthetic_district(enterprises: int) -> pl.DataFrame:
    ids = pl.DataFrame({"e": pl.int_range(0, enterprises, eager=True)})
    months = pl.DataFrame({"month": pl.int_range(1, 13, eager=True)})
    kinds = pl.DataFrame(
        {
            "activity": [a for a, _, _ in LINES],
            "instrument": [i for _, i, _ in LINES],
            "base": [q for _, _, q in LINES],
        }
    )
    frame = ids.join(months, how="cross").join(kinds, how="cross")
    spread = (pl.int_range(0, pl.len()).hash(7) % 3001).cast(pl.Float64) / 10000.0  # +-15 %
    return frame.select(
        pl.format("E{}", pl.col("e").cast(pl.String).str.zfill(5)).alias("enterprise"),
        pl.lit("").alias("site"),
        pl.format("2023-{}", pl.col("month").cast(pl.String).str.zfill(2)).alias("period"),
        pl.lit(2023, dtype=pl.Int32).alias("year"),
        pl.col("activity"),
        (pl.col("base") * (0.85 + spread)).alias("quantity"),
        pl.col("instrument"),
        pl.lit(0.0).alias("removal_efficiency"),
        pl.lit(None, dtype=pl.Float64).alias("sulfur_percent"),
        pl.lit("").alias("technology"),
        pl.lit("").alias("product"),
        pl.lit("").alias("product_unit"),
        (pl.int_range(0, pl.len()) + 2).cast(pl.Int64).alias("row"),
    ).cast(CANONICAL_SCHEMA)  # type: ignore[arg-type]


def interleaved(functions: dict, repeat: int) -> tuple[dict[str, float], dict]:
    """Median seconds of each function, run in turns so machine noise hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    results: dict = {}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}, results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=100_000, help="lines for the row-by-row run")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    library = load_library()
    context = AccountingContext(region="CN-SH", year=2023)
    frame = synthetic_district(args.enterprises)
    count = frame.height
    threads = pl.thread_pool_size()
    print(
        f"synthetic district: {args.enterprises:,} enterprises, {count:,} lines, {threads} threads"
    )

    keys = frame.with_columns(pl.col("year").alias("factor_year")).select(KEYS).unique()
    coefficients, _lineage = factor_table(library, context, keys)  # resolved outside the timing

    def floor() -> pl.DataFrame:
        lines = frame.with_columns(pl.col("year").alias("factor_year"))
        joined = lines.join(coefficients, on=list(KEYS), how="left")
        return aggregate(joined.with_columns(line_expressions()), ["enterprise", "period"])

    medians, results = interleaved(
        {"engine": lambda: compute_batch(frame, library, context), "floor": floor}, args.repeat
    )
    engine_s, floor_s = medians["engine"], medians["floor"]
    result, floor_totals = results["engine"], results["floor"]

    sample = frame.head(args.sample)
    sample_lines = frame_to_lines(sample)
    start = time.perf_counter()
    row_results = [compute_line(line, library, context) for line in sample_lines]
    row_s = time.perf_counter() - start

    # agreement: engine and floor per enterprise-period; engine and row-by-row per line
    engine_totals = result.totals.sort(["enterprise", "period"])
    floor_totals = floor_totals.sort(["enterprise", "period"])
    for name in LINE_FIGURES:
        difference = (engine_totals[name] - floor_totals[name]).abs().max()
        assert difference is not None and difference <= 1e-6, (name, difference)
    engine_sample = result.lines.head(args.sample)
    for name in LINE_FIGURES:
        column = engine_sample[name].to_list()
        assert all(a == getattr(r, name) for a, r in zip(column, row_results, strict=True)), name
    print(
        "agreement: engine = floor (per enterprise-period), engine = row-by-row (per line, exact)"
    )

    engine_rate = count / engine_s
    floor_rate = count / floor_s
    row_rate = len(sample_lines) / row_s
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'run':<34}{'median s':>10}{'lines/s':>14}")
    print(f"{'batch engine':<34}{engine_s:>10.3f}{engine_rate:>14,.0f}")
    print(f"{'floor: bare join + group-by':<34}{floor_s:>10.3f}{floor_rate:>14,.0f}")
    label = f"row by row (sample of {len(sample_lines):,})"
    print(f"{label:<34}{row_s:>10.3f}{row_rate:>14,.0f}")
    print(f"engine / floor time: {engine_s / floor_s:.2f}x (target <= 3x)")
    print(f"engine / row-by-row speed: {engine_rate / row_rate:.1f}x (target >= 20x)")
    print(f"engine lines/s: {engine_rate / 1e6:.2f} M (target >= 1 M)")
    print(f"peak resident memory: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
