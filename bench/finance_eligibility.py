"""Benchmark of the eligibility check (issue 12): 10,000 seeded projects under the 2025 green
finance catalogue, with the institution's screening values set (``configured``), against a bare
Polars computation of the same comparisons in the same run (the machine is shared).

``check_many`` matches each project's category, builds the comparison frame from the projects,
compares in Polars and returns one ``Eligibility`` per project with its criteria and explained
messages. The bare baseline starts from the comparison columns already in a frame (value,
threshold, limit, bound, evidence) and computes the same outcome per row and status per
project, nothing else. Both statuses are checked equal before any time is printed.
Target: 10,000 projects < 5 s.

Usage: python bench/finance_eligibility.py [--projects 10000] [--repeat 5] [--seed 2026]
(``bench/finance.py`` runs it beside the PCAF benchmark.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import polars as pl

from greenledger.core.finance.catalogue import FinanceCatalogue, load_finance_catalogue
from greenledger.core.finance.eligibility import Project, check_many

# The institution's own screening values (not from the catalogue's text, which the platform
# does not hold): minimum saving of category 1 and 6, minimum abatement of category 4.
SETTINGS = {
    "categories.1.energy_saving.threshold": 1000.0,
    "categories.4.abatement.threshold": 5000.0,
    "categories.6.energy_saving.threshold": 800.0,
}
CLAIMS = ("1", "4", "6", "2", None, "1.2")  # with criteria, no criteria, nothing, unknown code


def catalogue() -> FinanceCatalogue:
    return load_finance_catalogue("green_finance_2025").configured(SETTINGS)


def projects(count: int, seed: int) -> list[Project]:
    rng = random.Random(seed)
    evidence = (frozenset({"energy_audit", "verified_inventory"}), frozenset({"energy_audit"}))
    return [
        Project(
            id=f"p{n}",
            industry_code="C3411",
            category_code=rng.choice(CLAIMS),
            energy_saving_tce=None if rng.random() < 0.05 else rng.uniform(400, 2000),
            abatement_tco2e=rng.uniform(2000, 10000),
            capex_yuan=rng.uniform(1e6, 5e8),
            evidence=rng.choice(evidence),
        )
        for n in range(count)
    ]


def bare_frame(items: list[Project], cat: FinanceCatalogue) -> pl.DataFrame:
    """The comparison columns the bare computation starts from (built outside the timing)."""
    rows: dict[str, list[Any]] = {key: [] for key in ("p", "value", "threshold", "is_max")}
    rows.update({"inclusive": [], "evidence_ok": [], "forced": []})
    for index, project in enumerate(items):
        category = cat.category(project.category_code) if project.category_code else None
        forced = (
            "not_eligible"
            if project.category_code and category is None
            else "needs_data"
            if category is None or not category.criteria
            else ""
        )
        for criterion in category.criteria if category and not forced else (None,):
            rows["p"].append(index)
            rows["forced"].append(forced)
            if criterion is None:
                rows["value"].append(None)
                rows["threshold"].append(None)
                rows["is_max"].append(False)
                rows["inclusive"].append(True)
                rows["evidence_ok"].append(True)
                continue
            rows["value"].append(project.metric(criterion.metric))
            rows["threshold"].append(criterion.threshold.value)
            rows["is_max"].append(criterion.threshold.limit == "max")
            rows["inclusive"].append(criterion.threshold.bound != "exclusive")
            rows["evidence_ok"].append(set(criterion.evidence) <= project.evidence)
    return pl.DataFrame(rows)


def bare_statuses(frame: pl.DataFrame, margin: float) -> pl.DataFrame:
    value, threshold = pl.col("value"), pl.col("threshold")
    met = (
        pl.when(pl.col("is_max") & pl.col("inclusive"))
        .then(value <= threshold)
        .when(pl.col("is_max"))
        .then(value < threshold)
        .when(pl.col("inclusive"))
        .then(value >= threshold)
        .otherwise(value > threshold)
    )
    near = (value - threshold).abs() <= threshold.abs() * margin
    missing = value.is_null() | threshold.is_null() | ~pl.col("evidence_ok")
    return (
        frame.with_columns(fail=~missing & ~near & ~met, missing=missing, near=~missing & near)
        .group_by("p")
        .agg(
            pl.col("forced").first(),
            pl.col("fail").any(),
            pl.col("missing").any(),
            pl.col("near").any(),
        )
        .select(
            "p",
            status=pl.when(pl.col("forced") != "")
            .then(pl.col("forced"))
            .when(pl.col("fail"))
            .then(pl.lit("not_eligible"))
            .when(pl.col("missing"))
            .then(pl.lit("needs_data"))
            .when(pl.col("near"))
            .then(pl.lit("borderline"))
            .otherwise(pl.lit("eligible")),
        )
        .sort("p")
    )


def median_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_eligibility(count: int = 10_000, repeat: int = 5, seed: int = 2026) -> None:
    cat = catalogue()
    items = projects(count, seed)
    frame = bare_frame(items, cat)
    margin = cat.margin.value or 0.0
    core_s, core = median_time(lambda: check_many(items, cat), repeat)
    bare_s, bare = median_time(lambda: bare_statuses(frame, margin), repeat)
    assert isinstance(core, tuple) and isinstance(bare, pl.DataFrame)
    statuses = [result.status for result in core]
    if statuses != bare["status"].to_list():
        raise SystemExit("check_many and the bare Polars computation disagree")
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(f"eligibility of {count:,} projects (green_finance_2025, median of {repeat}):")
    print(f"  check_many: {core_s * 1000:,.1f} ms (target < 5,000 ms)")
    print(f"  bare Polars, same comparisons from prepared columns: {bare_s * 1000:,.1f} ms")
    print(f"  ratio check_many / bare: {core_s / bare_s:,.1f}x; statuses {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bench_eligibility(args.projects, args.repeat, args.seed)


if __name__ == "__main__":
    main()
