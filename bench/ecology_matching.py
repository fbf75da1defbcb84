"""Benchmark of industrial-symbiosis matching: --offers (20,000) offers x --needs (20,000) needs
in the district's box, target < 10 s, beside a straightforward all-pairs Python loop in the
same run (the machine is shared, so only the ratio in one run means much).

  (a) ``match(offers, needs, max_km=...)``: k-d tree per resource kind + vectorised gates,
      scores and avoided CO2 for every pair within reach (median of --repeat runs); then the
      top 100 matches materialised with their benefit lines, timed apart;
  (b) baseline: for a SAMPLE of --sample needs, every offer is checked in plain Python
      (haversine, kind, process, licence, temperature/heat pump, grade, months, score); its
      time is EXTRAPOLATED to all needs (x needs / sample) - it is not run on all of them;
  (c) the two must find the same accepted pairs and scores for the sampled needs.

The synthetic data: five resource kinds in equal shares, codes drawn from those the acceptance
rules name plus some they refuse, heat from 30 to 180 degC against sinks of 40 to 120 degC,
water grades 1-5, a quarter of hazardous needs licensed for the offered code. Sites are spread
uniformly over the box (about 55 x 60 km); --max-km (default 5 km, a heat network's or a
local truck's reach) sets how many pairs are within reach.

Usage: python bench/ecology_matching.py [--offers 20000] [--needs 20000] [--max-km 5]
       [--sample 40] [--repeat 3] [--seed 2026]
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import time

import numpy as np

from greenledger.core.ecology.benefit import load_factors
from greenledger.core.ecology.codes import load_acceptance
from greenledger.core.ecology.symbiosis import (
    EARTH_RADIUS_KM,
    Need,
    Offer,
    load_district,
    load_settings,
    match,
)
from greenledger.core.ecology.symbiosis_files import month_index

KINDS = ("solid_waste", "hazardous_waste", "heat", "cold", "water")
SOLID = ["441-001-S02", "312-001-S01", "441-002-S06", "900-001-S07", "900-001-S59"]
HAZARDOUS = ["900-214-08", "900-249-08", "900-052-31", "900-300-34", "772-002-18"]
PROCESSES = {
    "solid_waste": ["cement_blending", "gypsum_cement_retarder", "cement_kiln_coprocessing"],
    "hazardous_waste": ["waste_oil_regeneration", "lead_battery_recycling",
                        "cement_kiln_coprocessing"],
    "heat": ["process_heat"],
    "cold": ["process_cooling"],
    "water": ["industrial_water_reuse"],
}  # fmt: skip


def seeded(n_offers: int, n_needs: int, seed: int) -> tuple[list[Offer], list[Need]]:
    rng = np.random.default_rng(seed)
    box = load_district()

    def coords(n: int) -> tuple[np.ndarray, np.ndarray]:
        lat = rng.uniform(box.lat_min, box.lat_max, n)
        lon = rng.uniform(box.lon_min, box.lon_max, n)
        return lat, lon

    o_lat, o_lon = coords(n_offers)
    offers = []
    for i in range(n_offers):
        kind = KINDS[i % 5]
        start = int(rng.integers(1, 7))
        fields: dict[str, object] = {}
        if kind == "solid_waste":
            fields["code"] = SOLID[int(rng.integers(len(SOLID)))]
        elif kind == "hazardous_waste":
            fields["code"] = HAZARDOUS[int(rng.integers(len(HAZARDOUS)))]
        elif kind == "heat":
            supply = float(rng.uniform(30, 180))
            fields.update(supply_temp_c=supply, return_temp_c=supply - 15)
        elif kind == "cold":
            supply = float(rng.uniform(2, 15))
            fields.update(supply_temp_c=supply, return_temp_c=supply + 5)
        else:
            fields["quality_grade"] = int(rng.integers(1, 6))
        offers.append(
            Offer(
                id=f"o{i}",
                site=f"site o{i}",
                organisation=f"org {i % 997}",
                park="P",
                lat=float(o_lat[i]),
                lon=float(o_lon[i]),
                kind=kind,
                quantity=float(rng.uniform(10, 5000)),
                start_month=f"2026-{start:02d}",
                end_month=f"2026-{start + int(rng.integers(0, 6)):02d}",
                **fields,  # type: ignore[arg-type]
            )  # fmt: skip
        )
    n_lat, n_lon = coords(n_needs)
    needs = []
    for j in range(n_needs):
        kind = KINDS[j % 5]
        processes = PROCESSES[kind]
        start = int(rng.integers(1, 10))
        fields = {"process": processes[int(rng.integers(len(processes)))]}
        if kind == "hazardous_waste" and rng.random() < 0.25:
            fields["permit_codes"] = frozenset({HAZARDOUS[int(rng.integers(len(HAZARDOUS)))]})
        elif kind == "heat":
            fields["min_temp_c"] = float(rng.uniform(40, 120))
        elif kind == "cold":
            fields["max_temp_c"] = float(rng.uniform(8, 25))
        elif kind == "water":
            fields["quality_grade"] = int(rng.integers(1, 6))
        needs.append(
            Need(
                id=f"n{j}",
                site=f"site n{j}",
                organisation=f"org {j % 991}",
                park="P",
                lat=float(n_lat[j]),
                lon=float(n_lon[j]),
                kind=kind,
                quantity=float(rng.uniform(10, 5000)),
                start_month=f"2026-{start:02d}",
                end_month=f"2026-{start + int(rng.integers(0, 4)):02d}",
                **fields,  # type: ignore[arg-type]
            )  # fmt: skip
        )
    return offers, needs


def baseline(offers: list[Offer], needs: list[Need], max_km: float) -> dict[tuple[int, int], float]:
    """All pairs for ``needs``, one at a time in Python: the accepted pairs and their scores."""
    rules, heat, s = load_acceptance(), load_factors().heat, load_settings()
    found: dict[tuple[int, int], float] = {}
    for j, n in needs:  # type: ignore[misc]
        process = rules[n.process]
        for i, o in enumerate(offers):
            if o.kind != n.kind:
                continue
            p1, p2 = math.radians(o.lat), math.radians(n.lat)
            dl = math.radians(n.lon - o.lon)
            h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
            km = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(h, 1.0)))
            if km > max_km:
                continue
            waste_class = o.code.rsplit("-", 1)[-1] if o.code else ""
            if waste_class.isdigit():
                waste_class = "HW" + waste_class
            if not process.accepts(o.kind, o.code, waste_class):
                continue
            if o.kind == "hazardous_waste" and o.code not in n.permit_codes:
                continue
            available, compat = o.quantity, 1.0
            if o.kind == "heat":
                assert o.supply_temp_c is not None and n.min_temp_c is not None
                if o.supply_temp_c < n.min_temp_c + heat.min_approach_k:
                    lift = n.min_temp_c - o.supply_temp_c + 2 * heat.min_approach_k
                    cop = (
                        heat.carnot_fraction * (n.min_temp_c + heat.min_approach_k + 273.15) / lift
                    )
                    if lift > heat.max_lift_k or cop <= 1:
                        continue
                    available, compat = o.quantity * cop / (cop - 1), 1 - 1 / cop
            if o.kind == "cold":
                assert o.supply_temp_c is not None and n.max_temp_c is not None
                if o.supply_temp_c + heat.min_approach_k > n.max_temp_c:
                    continue
            if o.kind == "water":
                assert o.quality_grade is not None and n.quality_grade is not None
                if o.quality_grade > n.quality_grade:
                    continue
            os_, oe = month_index(o.start_month), month_index(o.end_month)
            ns, ne = month_index(n.start_month), month_index(n.end_month)
            common = min(oe, ne) - max(os_, ns) + 1
            if common <= 0:
                continue
            quantity = min(available, n.quantity)
            overlap = quantity / max(available, n.quantity)
            score = compat * (
                s.w_distance * max(0.0, 1 - km / max_km)
                + s.w_quantity * overlap
                + s.w_time * common / (ne - ns + 1)
            )
            found[(i, j)] = score
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--max-km", type=float, default=5.0)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    offers, needs = seeded(args.offers, args.needs, args.seed)
    match(offers[:50], needs[:50], max_km=args.max_km)  # data files loaded and cached
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = match(offers, needs, max_km=args.max_km)
        times.append(time.perf_counter() - started)
    vector_s = statistics.median(times)
    started = time.perf_counter()
    top = result.ranked(100)
    top_s = time.perf_counter() - started

    rng = np.random.default_rng(args.seed + 1)
    sample = sorted(int(j) for j in rng.choice(len(needs), args.sample, replace=False))
    started = time.perf_counter()
    slow = baseline(offers, [(j, needs[j]) for j in sample], args.max_km)  # type: ignore[misc]
    sample_s = time.perf_counter() - started
    all_pairs_s = sample_s * len(needs) / len(sample)

    p = result.pairs
    in_sample = np.isin(p["need"], sample) & (p["reason"] == 0)
    fast = {
        (int(i), int(j)): float(sc)
        for i, j, sc in zip(p["offer"][in_sample], p["need"][in_sample], p["score"][in_sample],
                            strict=True)
    }  # fmt: skip
    assert fast.keys() == slow.keys(), (len(fast), len(slow))
    assert all(abs(fast[k] - slow[k]) < 1e-9 for k in fast)

    print(f"{len(offers):,} offers x {len(needs):,} needs, max {args.max_km} km, 5 kinds")
    print(f"pairs within reach {len(p['offer']):,}; accepted {result.match_count:,}; "
          f"needs with nothing within reach {len(result.unreached['need']):,}")  # fmt: skip
    print(f"(a) match()            median {vector_s:8.3f} s of {args.repeat} (target < 10 s)")
    print(f"    top 100 with benefit lines {top_s:8.3f} s ({len(top)} matches)")
    print(f"(b) all pairs, Python  {sample_s:8.3f} s for a sample of {len(sample)} needs x "
          f"{len(offers):,} offers ({len(fast)} accepted pairs, identical scores)")  # fmt: skip
    print(f"    extrapolated to {len(needs):,} needs: {all_pairs_s:10.1f} s (NOT run in full)")
    print(f"speed-up (extrapolated all pairs / match): {all_pairs_s / vector_s:,.0f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process {peak:,.0f} MB")


if __name__ == "__main__":
    main()
