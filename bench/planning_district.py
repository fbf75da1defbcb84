"""The district pathway part of bench/planning.py (issue 11): N seeded synthetic enterprises
(2,000 by default) through the same core steps as the background job
(``web/planning/services/district_runs.py``):

  1. each enterprise's plan from its energy by carrier (``district_plans.enterprise_plan``: the
     shipped catalogue's technologies for its industry at maximum penetration, sized by the
     conventions of ``data/district_sizing.yaml``);
  2. every plan priced over the job's default carbon-price sweep (``district.price_sweep`` via
     ``district_plans.sweep_plans``), in chunks of 50 on ``--workers`` spawned processes, as the
     job does from 200 enterprises;
  3. the least-cost selection under the caps with the shadow prices
     (``district.district_selection``).

Target: all of it < 120 s on 2 cores. Baselines measured in the same run: the pricing of the
first 200 enterprises on one process (the per-enterprise cost without the pool), and the
uniform carbon price answer (every enterprise takes its own optimum at the lowest swept price
whose district total meets every cap, i.e. a carbon tax), whose cost the selection beats.

Enterprises: lognormal size (median about 1,100 tce of electricity a year), electricity always,
natural gas, coal, purchased heat, fuel oil and vehicles' diesel each with probability 0.5, a
fifth with process emissions, industries drawn from 12 GB/T 4754 classes. Caps in 2030, 2035
and 2040: the district's emissions when every enterprise takes its own optimum without a carbon
price (the measures that pay through energy savings), less 60 % of the further cut the highest
swept price reaches.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from greenledger.core.planning.catalogue import applicable, load_catalogue
from greenledger.core.planning.district import EnterpriseOption, district_selection
from greenledger.core.planning.district_plans import enterprise_plan, load_sizing, sweep_plans
from greenledger.core.planning.model import PlanInput

PRICES = (0.0, 50.0, 100.0, 200.0, 300.0, 500.0, 800.0, 1200.0, 2000.0)  # the job's default
CHUNK = 50
INDUSTRIES = ("C3011", "C2614", "C2211", "C1713", "C3311", "C3130", "C2929", "C3921",
              "I6510", "C1441", "D4411", "C3512")  # fmt: skip
FUELS = (  # activity, tCO2e per tce (rounded, for the synthetic district only)
    ("natural_gas", 1.64),
    ("raw_coal", 2.66),
    ("purchased_heat", 3.4),
    ("fuel_oil", 2.27),
    ("diesel_mobile", 2.17),
)
CAP_YEARS = (2030, 2035, 2040)


@dataclass(frozen=True)
class Carrier:
    carrier: str
    energy_tce: float
    emissions_t: float
    electricity: bool


def synthetic_enterprises(n: int, seed: int) -> list[tuple[str, list[Carrier], float, float]]:
    """(industry, carriers, process emissions t, output value 10^4 yuan) of n enterprises."""
    rng = random.Random(seed)
    enterprises = []
    for _k in range(n):
        industry = rng.choice(INDUSTRIES)
        size = rng.lognormvariate(7.0, 1.2)
        # 1 tce of electricity (calorific) = 8,137 kWh x about 0.57 tCO2/MWh
        carriers = [Carrier("purchased_electricity", size, size * 4.64, True)]
        for activity, factor in FUELS:
            if rng.random() < 0.5:
                energy = size * rng.uniform(0.1, 1.5)
                carriers.append(Carrier(activity, energy, energy * factor, False))
        process = size * rng.uniform(0.2, 2.0) if rng.random() < 0.2 else 0.0
        enterprises.append((industry, carriers, process, size * rng.uniform(2.0, 20.0)))
    return enterprises


def synthetic_plans(n: int, seed: int) -> list[tuple[int, PlanInput]]:
    catalogue, sizing = load_catalogue(), load_sizing()
    by_industry = {code: applicable(catalogue, code) for code in INDUSTRIES}
    plans = []
    for k, (industry, carriers, process, output) in enumerate(synthetic_enterprises(n, seed)):
        plan = enterprise_plan(
            carriers,
            by_industry[industry],
            sizing=sizing,
            start_year=2026,
            end_year=2060,
            discount_rate=0.08,
            non_energy_emissions_t=process,
            output_wan_yuan=output,
            energy_price_yuan_per_tce=2000.0,
        )
        plans.append((k, plan))
    return plans


def price_all(
    plans: list[tuple[int, PlanInput]], workers: int
) -> dict[int, tuple[EnterpriseOption, ...]]:
    chunks = [plans[i : i + CHUNK] for i in range(0, len(plans), CHUNK)]
    options: dict[int, tuple[EnterpriseOption, ...]] = {}
    if workers <= 1:
        for chunk in chunks:
            options.update(sweep_plans(chunk, PRICES))
        return options
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for priced in pool.map(sweep_plans, chunks, [PRICES] * len(chunks)):
            options.update(priced)
    return options


def uniform_price(
    options: dict[int, tuple[EnterpriseOption, ...]], caps: dict[int, float]
) -> tuple[float | None, float]:
    """The lowest swept price at which every enterprise's own optimum meets every cap, and the
    district cost of those options (None, inf: no swept price does)."""
    for price in PRICES:
        chosen = [
            next((o for o in opts if price in o.prices), opts[0]) for opts in options.values()
        ]
        if all(sum(o.emissions_t[y] for o in chosen) <= cap + 1e-6 for y, cap in caps.items()):
            return price, sum(o.cost_yuan for o in chosen)
    return None, float("inf")


def district_bench(enterprises: int, workers: int, seed: int) -> None:
    started = time.perf_counter()
    plans = synthetic_plans(enterprises, seed)
    built = time.perf_counter() - started
    measures = [len(p.measures) for _, p in plans]
    start = time.perf_counter()
    options = price_all(plans, workers)
    pricing = time.perf_counter() - start
    # the enterprises' own optimum without a carbon price (energy savings alone)
    free = [next((x for x in o if 0.0 in x.prices), o[0]) for o in options.values()]
    baseline = {y: sum(x.emissions_t[y] for x in free) for y in CAP_YEARS}
    deepest = {
        y: sum(min(x.emissions_t[y] for x in o) for o in options.values()) for y in CAP_YEARS
    }
    caps = {y: baseline[y] - 0.6 * (baseline[y] - deepest[y]) for y in CAP_YEARS}
    start = time.perf_counter()
    selection = district_selection({str(k): o for k, o in options.items()}, caps)
    selecting = time.perf_counter() - start
    total = time.perf_counter() - started
    sample = plans[:200]
    start = time.perf_counter()
    price_all(sample, 1)
    one = (time.perf_counter() - start) / len(sample)
    price, uniform_cost = uniform_price(options, caps)
    print(
        f"(e) district pathway, {enterprises} enterprises (measures each: median "
        f"{statistics.median(measures):.0f}, max {max(measures)}), {len(PRICES)} carbon prices, "
        f"caps {', '.join(str(y) for y in CAP_YEARS)}: {total:.1f} s in all (target < 120 s on "
        f"2 cores): plans {built:.1f} s, pricing {pricing:.1f} s on {workers} process(es), "
        f"selection {selecting:.2f} s ({selection.status}, gap {selection.gap:.5f}); "
        f"options per enterprise median "
        f"{statistics.median(len(o) for o in options.values()):.0f}"
    )
    print(
        f"(e) baseline: pricing on one process {one * 1e3:.1f} ms per enterprise "
        f"(first 200) = {one * enterprises:.1f} s for {enterprises}; the pool's speed-up "
        f"{one * enterprises / pricing:.2f}x"
    )
    shadow = ", ".join(
        f"{y}: {v:,.0f}" for y, v in sorted(selection.shadow_price_yuan_per_t.items())
    )
    if price is None:
        uniform = "no swept uniform carbon price meets the caps"
    else:
        saved = uniform_cost - selection.cost_yuan
        uniform = (
            f"a uniform carbon price needs {price:,.0f} yuan/t and costs {uniform_cost:,.0f} "
            f"yuan; the selection saves {saved:,.0f} yuan ({saved / abs(uniform_cost) * 100:.1f} "
            f"% of |uniform|)"
        )
    print(
        f"(e) selection cost {selection.cost_yuan:,.0f} yuan discounted; shadow price per cap "
        f"year (yuan/t) {shadow}; {uniform}"
    )
