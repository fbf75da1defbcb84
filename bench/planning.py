"""Benchmark of the planning core (issue 11) on seeded synthetic enterprises.

Each figure is printed beside a baseline measured in the same run (the machine is shared):
  (a) the MACC of one enterprise with 60 measures (`costs.macc`, interactions on the remaining
      baseline, groups, prerequisites) against a bare NumPy sort-and-cumsum of the same 60 rows
      costed on the full baseline (no interactions) - target < 50 ms;
  (b) one enterprise's pathway (`pathway.optimise`) with 60 measures (6 per end use on 10 end
      uses, exclusion groups, prerequisites, earliest years, 4 targets) over 2026-2060 to a 1 %
      gap, against the greedy "cheapest first on the MACC" heuristic
      (`heuristic.greedy_pathway`) on the same plan - target < 5 s;
  (c) the optimiser against the heuristic on the same N seeded instances: the discounted cost
      saved and the target years the heuristic misses that the optimiser meets;
  (d) the same N instances with issue 11's extensions (`extended_plan`: half the end uses'
      emissions partly from purchased electricity under a falling grid factor index, one
      measure per end use of effect "emissions", an annual budget and a roll-out limit):
      the optimiser's time and status, and the heuristic's cost beside it.
  (e) the district pathway of --enterprises (2,000) synthetic enterprises: plans, pricing over
      the carbon-price sweep on --workers processes, least-cost selection under caps - target
      < 120 s on 2 cores (see bench/planning_district.py).

Usage: python bench/planning.py [--instances 10] [--repeat 5] [--seed 2026] [--enterprises 2000]
       [--workers 2] [--skip-district]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from greenledger.core.planning.costs import annualised_cost, macc
from greenledger.core.planning.heuristic import greedy_pathway
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.pathway import Pathway, optimise

END_USES = 10
PER_END_USE = 6
TARGETS = ((2030, 0.95), (2035, 0.85), (2050, 0.70), (2060, 0.65))  # share of 2026 emissions


def synthetic_plan(seed: int) -> PlanInput:
    """One enterprise: 10 end uses x 6 measures; on each end use measures 0 and 1 are
    alternatives (one group), measure 3 needs measure 2, measures 4 and 5 start no earlier than
    2028-2040; one cross-end-use prerequisite (end use k's measure 5 needs end use k-1's 2).
    The targets are TARGETS' shares of the 2026 emissions, tightened by a seeded 0-15 %."""
    rng = random.Random(seed)
    end_uses = tuple(
        EndUse(f"eu{k}", rng.uniform(200, 3000), rng.uniform(500, 8000)) for k in range(END_USES)
    )
    measures: list[Measure] = []
    for k in range(END_USES):
        for j in range(PER_END_USE):
            requires: tuple[str, ...] = ()
            if j == 3:
                requires = (f"m{k}-2",)
            elif j == 5 and k > 0:
                requires = (f"m{k - 1}-2",)
            measures.append(
                Measure(
                    id=f"m{k}-{j}",
                    end_use=f"eu{k}",
                    saving_rate=rng.uniform(0.03, 0.30),
                    capex_yuan=rng.uniform(5e4, 3e6),
                    annual_opex_change_yuan=rng.uniform(-5e4, 5e4),
                    lifetime_years=rng.randint(8, 25),
                    group=f"g{k}" if j in (0, 1) else None,
                    requires=requires,
                    earliest_year=rng.randint(2028, 2040) if j >= 4 else None,
                )
            )
    base = sum(e.emissions_t for e in end_uses)
    stretch = rng.uniform(0.85, 1.0)  # some instances' targets are out of the greedy's reach
    return PlanInput(
        start_year=2026,
        end_year=2060,
        discount_rate=0.06,
        end_uses=end_uses,
        growth=0.01,
        targets=tuple(Target(y, base * share * stretch) for y, share in TARGETS),
        measures=tuple(measures),
        carbon_price_yuan_per_t=60.0,
        energy_price_yuan_per_tce=800.0,
    )


def extended_plan(seed: int) -> PlanInput:
    """``synthetic_plan`` with the issue-11 extensions: the even end uses' emissions are 60 %
    purchased electricity, the grid factor falls to 0.8 of 2026's by 2035 and 0.5 by 2060
    (a synthetic path, not a forecast); each end use's measure 1 cuts emissions only (green
    power, fuel switching); first installations are capped at an eighth of all the measures'
    capex in any one model year and at 6 measures a year."""
    plan = synthetic_plan(seed)
    end_uses = tuple(
        replace(e, electricity_emissions_t=e.emissions_t * 0.6 if k % 2 == 0 else 0.0)
        for k, e in enumerate(plan.end_uses)
    )
    measures = tuple(
        replace(m, effect="emissions") if m.id.endswith("-1") else m for m in plan.measures
    )
    return replace(
        plan,
        end_uses=end_uses,
        measures=measures,
        grid_factor_index=((2026, 1.0), (2035, 0.8), (2060, 0.5)),
        annual_budget_yuan=sum(m.capex_yuan for m in plan.measures) / 8,
        max_adoptions_per_year=6,
    )


def numpy_curve(plan: PlanInput) -> tuple[np.ndarray, np.ndarray]:
    """The floor: every measure costed on its end use's full baseline, sorted, accumulated."""
    by_name = {e.name: e for e in plan.end_uses}
    rows = np.array(
        [
            (
                m.capex_yuan,
                m.lifetime_years,
                m.annual_opex_change_yuan,
                m.saving_rate * by_name[m.end_use].energy_tce,
                m.saving_rate * by_name[m.end_use].emissions_t,
            )
            for m in plan.measures
        ]
    )
    r = plan.discount_rate
    growth = (1 + r) ** rows[:, 1]
    cost = rows[:, 0] * r * growth / (growth - 1) + rows[:, 2]
    cost -= (plan.energy_price_yuan_per_tce or 0.0) * rows[:, 3]
    per_t = cost / rows[:, 4]
    order = np.argsort(per_t, kind="stable")
    return per_t[order], np.cumsum(rows[order, 4])


def interleaved(functions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Median seconds of each function, run in turns so machine noise hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def missed(greedy: Pathway, best: Pathway) -> int:
    """Target years the heuristic misses and the optimiser meets."""
    return sum(
        1 for y, short in greedy.shortfall_t.items() if short > 0 and best.shortfall_t[y] == 0
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--instances", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-district", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (1 min)")

    plan = synthetic_plan(args.seed)
    # sanity: the floor uses the same annualised cost as the curve for a measure first on its
    # end use
    m = plan.measures[0]
    e = plan.end_use(m.end_use)
    expected = annualised_cost(
        m,
        rate=plan.discount_rate,
        energy_saving_tce=m.saving_rate * e.energy_tce,
        energy_price_yuan_per_tce=plan.energy_price_yuan_per_tce,
    ) / (m.saving_rate * e.emissions_t)
    assert any(np.isclose(numpy_curve(plan)[0], expected))

    medians = interleaved(
        {"macc": lambda: macc(plan), "numpy": lambda: numpy_curve(plan)}, args.repeat * 20
    )
    print(
        f"(a) MACC, 60 measures: {medians['macc'] * 1e3:.2f} ms (target < 50 ms); "
        f"bare numpy sort+cumsum {medians['numpy'] * 1e3:.3f} ms; "
        f"ratio {medians['macc'] / medians['numpy']:.0f}x"
    )

    optimise_s: list[float] = []
    greedy_s: list[float] = []
    saved: list[float] = []
    saved_yuan: list[float] = []
    misses = 0
    statuses: dict[str, int] = {}
    gaps: list[float] = []
    for k in range(args.instances):
        instance = synthetic_plan(args.seed + k)
        times = interleaved(
            {
                "optimise": lambda p=instance: optimise(p, time_limit_s=60.0, mip_rel_gap=0.01),
                "greedy": lambda p=instance: greedy_pathway(p),
            },
            args.repeat if k == 0 else 1,
        )
        optimise_s.append(times["optimise"])
        greedy_s.append(times["greedy"])
        best = optimise(instance, time_limit_s=60.0, mip_rel_gap=0.01)
        greedy = greedy_pathway(instance)
        statuses[f"{best.status}/{greedy.status}"] = (
            statuses.get(f"{best.status}/{greedy.status}", 0) + 1
        )
        gaps.append(best.gap)
        misses += missed(greedy, best)
        if best.status != "infeasible" and greedy.status != "infeasible":
            saved.append((greedy.npv_yuan - best.npv_yuan) / abs(greedy.npv_yuan) * 100)
            saved_yuan.append(greedy.npv_yuan - best.npv_yuan)
        print(
            f"  instance {k}: optimiser {best.status} npv {best.npv_yuan:,.0f} yuan "
            f"gap {best.gap:.4f} {times['optimise']:.2f} s; greedy {greedy.status} "
            f"npv {greedy.npv_yuan:,.0f} yuan {times['greedy'] * 1e3:.1f} ms, "
            f"misses {missed(greedy, best)} target(s) the optimiser meets"
        )
    opt_med, greedy_med = statistics.median(optimise_s), statistics.median(greedy_s)
    print(
        f"(b) pathway, 60 measures 2026-2060, 1 % gap: median {opt_med:.2f} s over "
        f"{args.instances} instances (target < 5 s), max {max(optimise_s):.2f} s, max gap "
        f"{max(gaps):.4f}; greedy heuristic {greedy_med * 1e3:.1f} ms; "
        f"ratio {opt_med / greedy_med:.0f}x"
    )
    print(f"(c) optimiser/greedy statuses over {args.instances} instances: {statuses}")
    if saved:
        print(
            f"(c) cost saved by the optimiser vs greedy (where both meet every target, "
            f"{len(saved)} instances): median {statistics.median(saved):.1f} %, "
            f"min {min(saved):.1f} %, max {max(saved):.1f} % (of |greedy npv|); "
            f"median {statistics.median(saved_yuan):,.0f} yuan discounted"
        )
    print(f"(c) target years the heuristic misses that the optimiser meets: {misses}")

    ext_s: list[float] = []
    ext_statuses: dict[str, int] = {}
    ext_saved: list[float] = []
    for k in range(args.instances):
        instance = extended_plan(args.seed + k)
        start = time.perf_counter()
        best = optimise(instance, time_limit_s=60.0, mip_rel_gap=0.01)
        ext_s.append(time.perf_counter() - start)
        greedy = greedy_pathway(instance)
        key = f"{best.status}/{greedy.status}"
        ext_statuses[key] = ext_statuses.get(key, 0) + 1
        if best.status != "infeasible" and greedy.status != "infeasible":
            ext_saved.append((greedy.npv_yuan - best.npv_yuan) / abs(greedy.npv_yuan) * 100)
    print(
        f"(d) pathway with grid index, emissions-only measures, annual budget and roll-out "
        f"limit: median {statistics.median(ext_s):.2f} s over {args.instances} instances "
        f"(target < 5 s), max {max(ext_s):.2f} s; optimiser/greedy statuses {ext_statuses}"
        + (
            f"; cost saved vs greedy median {statistics.median(ext_saved):.1f} %"
            if ext_saved
            else ""
        )
    )
    if not args.skip_district:
        from planning_district import district_bench

        district_bench(args.enterprises, args.workers, args.seed)


if __name__ == "__main__":
    main()
