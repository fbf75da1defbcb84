"""Benchmark of hourly CFE scores: --sites (1,000) sites x 8,784 hours (a leap year), target
< 0.5 s, beside a plain Python loop over the same numbers in the same run (the machine is
shared, so only the ratio in one run means much).

  (a) ``cfe_many(loads, clean)``: the vectorised scores (median of --repeat runs), and its peak
      traced memory (tracemalloc: NumPy reports its buffers to it) beside the 2 x 70 MB inputs;
  (b) baseline: for each site, for each hour, matched += min(load, clean); score = matched /
      total load, on Python lists (built before timing; median of --baseline-repeat runs);
  (c) for scale, the full ``cfe()`` of every site (by hour of day, by month, emissions) and of
      one site with storage (its greedy dispatch is an hour-by-hour loop).
Both answers are checked equal before any time is printed.

Usage: python bench/ecology_cfe.py [--sites 1000] [--repeat 5] [--baseline-repeat 1] [--seed 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import time
import tracemalloc

import numpy as np
import numpy.typing as npt

from greenledger.core.ecology.cfe import Storage, SupplySeries, cfe, cfe_many

HOURS = 8784  # 2024
START = dt.datetime(2024, 1, 1)
Array = npt.NDArray[np.float64]


def seeded(sites: int, seed: int) -> tuple[Array, Array]:
    """Loads with a day shape and noise; clean supply of solar (a daylight bell) and wind."""
    rng = np.random.default_rng(seed)
    hour = np.arange(HOURS) % 24
    day_shape = 1.0 + 0.3 * np.sin((hour - 9) / 24 * 2 * np.pi)
    solar_shape = np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None)
    base = rng.uniform(0.5, 20.0, (sites, 1))
    loads = base * day_shape * rng.uniform(0.8, 1.2, (sites, HOURS))
    solar = rng.uniform(0.0, 3.0, (sites, 1)) * base * solar_shape
    wind = rng.uniform(0.0, 0.8, (sites, 1)) * base * rng.weibull(2.0, (sites, HOURS))
    return loads, solar + wind


def loop_scores(loads: list[list[float]], clean: list[list[float]]) -> list[float]:
    scores = []
    for load, supply in zip(loads, clean, strict=True):
        matched = total = 0.0
        for demand, available in zip(load, supply, strict=True):
            matched += demand if demand < available else available
            total += demand
        scores.append(matched / total)
    return scores


def timed(function: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = function()  # type: ignore[operator]
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    loads, clean = seeded(args.sites, args.seed)
    vector_s, scores = timed(lambda: cfe_many(loads, clean), args.repeat)
    tracemalloc.start()
    cfe_many(loads, clean)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    load_lists, clean_lists = loads.tolist(), clean.tolist()
    loop_s, baseline = timed(lambda: loop_scores(load_lists, clean_lists), args.baseline_repeat)
    assert np.allclose(scores, baseline, rtol=1e-12, atol=0), "the two answers differ"  # type: ignore[arg-type]

    begin = time.perf_counter()
    full = [
        cfe(loads[i], [SupplySeries("clean", "onsite", clean[i])], start=START).cfe_score
        for i in range(args.sites)
    ]
    full_s = time.perf_counter() - begin
    assert np.allclose(full, scores, rtol=1e-12, atol=0)
    storage = Storage(capacity_mwh=4 * float(loads[0].mean()), power_mw=float(loads[0].mean()),
                      round_trip_efficiency=0.85)  # fmt: skip
    begin = time.perf_counter()
    with_storage = cfe(
        loads[0], [SupplySeries("clean", "onsite", clean[0])], storage=storage, start=START
    )
    storage_s = time.perf_counter() - begin

    inputs_mib = (loads.nbytes + clean.nbytes) / 2**20
    print(f"{args.sites} sites x {HOURS} hours; inputs {inputs_mib:.0f} MiB")
    print(f"(a) cfe_many           median {vector_s:8.3f} s of {args.repeat} (target < 0.5 s)")
    print(f"    peak traced memory {peak / 2**20:8.1f} MiB during cfe_many (beyond the inputs)")
    print(f"(b) Python loop        median {loop_s:8.3f} s of {args.baseline_repeat}")
    print(f"    speed-up (b)/(a)   {loop_s / vector_s:8.1f} x; same scores (rtol 1e-12)")
    print(f"(c) cfe() per site     {full_s:8.3f} s for {args.sites} sites (all figures)")
    print(f"    cfe() with storage {storage_s:8.3f} s for one site "
          f"(score {full[0]:.3f} -> {with_storage.cfe_score:.3f})")  # fmt: skip
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
