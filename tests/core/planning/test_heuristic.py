"""The greedy "cheapest first on the MACC" heuristic against the optimiser, worked out by hand.

Unless said otherwise the plans run one year (2026) at a 0 % discount rate without an energy
price, so a measure adopted in 2026 costs capex / lifetime (one year of a lifetime, the rest
credited as residual value) and its MACC cost per tonne is (capex / lifetime) / tonnes."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from greenledger.core.planning.heuristic import greedy_pathway, pathway_npv
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.pathway import optimise

END_USES = (EndUse("motors", 10.0, 100.0), EndUse("steam", 10.0, 100.0))
# A: 30 t for 30 yuan a year (1 yuan/t); C: 50 t for 100 yuan a year (2 yuan/t).
A = Measure("A", "motors", 0.3, 300.0, 0.0, 10)
C = Measure("C", "steam", 0.5, 1000.0, 0.0, 10)


def plan(measures: tuple[Measure, ...], targets: tuple[Target, ...], **kw: object) -> PlanInput:
    values: dict[str, object] = {
        "start_year": 2026,
        "end_year": 2026,
        "discount_rate": 0.0,
        "end_uses": END_USES,
        "growth": 0.0,
        "targets": targets,
        "measures": measures,
    }
    values.update(kw)
    return PlanInput(**values)  # type: ignore[arg-type]


def test_greedy_equals_the_optimum_when_the_cheapest_measure_is_enough() -> None:
    # 200 t, at most 180: A (30 t, 30 yuan) is first on the curve and enough; C alone would
    # also do but costs 100. Both answer A for 30 yuan.
    p = plan((A, C), (Target(2026, 180.0),))
    greedy = greedy_pathway(p)
    best = optimise(p)
    assert greedy.status == "feasible"
    assert greedy.adoptions == (("A", 2026),) == best.adoptions
    assert greedy.npv_yuan == pytest.approx(30.0) == best.npv_yuan
    assert greedy.shortfall_t == {2026: 0.0}
    assert greedy.emissions_t == {2026: pytest.approx(170.0)}
    assert greedy.capex_yuan == 300.0
    assert math.isnan(greedy.gap)


def test_greedy_pays_more_when_a_cheap_small_measure_leaves_an_expensive_one_needed() -> None:
    # At most 150 t (50 t to abate). The curve puts A (1 yuan/t) first, but its 30 t are not
    # enough, so greedy goes on to C (2 yuan/t): A + C = 130 yuan, abating 80 t. C alone abates
    # the 50 t needed for 100 yuan: the optimum. Cheapest per tonne is not cheapest in total.
    p = plan((A, C), (Target(2026, 150.0),))
    greedy = greedy_pathway(p)
    best = optimise(p)
    assert greedy.status == "feasible"
    assert greedy.adoptions == (("A", 2026), ("C", 2026))
    assert greedy.npv_yuan == pytest.approx(130.0)
    assert best.status == "optimal"
    assert best.adoptions == (("C", 2026),)
    assert best.npv_yuan == pytest.approx(100.0)


def test_greedy_misses_a_target_when_the_cheap_measure_shuts_out_its_group_rival() -> None:
    # A and C are alternatives (one exclusion group). The curve takes A (1 yuan/t) and leaves C
    # off; A's 30 t cannot bring 200 t down to 150, so greedy falls 20 t short. The optimiser
    # adopts C alone and meets the target.
    a, c = replace(A, group="g"), replace(C, group="g")
    p = plan((a, c), (Target(2026, 150.0),))
    greedy = greedy_pathway(p)
    best = optimise(p)
    assert greedy.status == "infeasible"
    assert greedy.adoptions == (("A", 2026),)
    assert greedy.shortfall_t == {2026: pytest.approx(20.0)}
    assert best.status == "optimal"
    assert best.adoptions == (("C", 2026),)
    assert best.shortfall_t == {2026: 0.0}


def test_greedy_adopts_each_measure_in_its_earliest_model_year_after_its_prerequisite() -> None:
    # 2026-2060: B needs A; A may start in 2037, which is no model year (2035, then 2040), so A
    # and B both enter in 2040. The 2050 target (at most 100 t of 200) needs both.
    a = Measure("A", "motors", 0.5, 100.0, 0.0, 20, earliest_year=2037)
    b = Measure("B", "steam", 0.5, 100.0, 0.0, 20, requires=("A",))
    p = plan((a, b), (Target(2050, 100.0),), end_year=2060)
    greedy = greedy_pathway(p)
    assert greedy.status == "feasible"
    assert greedy.adoptions == (("A", 2040), ("B", 2040))
    assert greedy.emissions_t[2035] == pytest.approx(200.0)
    assert greedy.emissions_t[2040] == pytest.approx(100.0)


def test_greedy_passes_over_a_measure_that_breaks_the_budget() -> None:
    # Budget 1000 yuan of capex: A (300) then C (1000) would break it, so C is passed over and
    # the 150 t target is missed by 20 t.
    p = plan((A, C), (Target(2026, 150.0),), budget_yuan=1000.0)
    greedy = greedy_pathway(p)
    assert greedy.adoptions == (("A", 2026),)
    assert greedy.shortfall_t == {2026: pytest.approx(20.0)}
    assert greedy.capex_yuan == 300.0


def test_greedy_cost_is_the_optimisers_cost_function() -> None:
    # A target in the start year forces both measures in 2026 in either method; over 2026-2045
    # with discounting, growth, replacement, operating change, energy and carbon prices the two
    # costs must agree to the yuan.
    a = Measure("A", "motors", 0.3, 300.0, 5.0, 8)
    c = Measure("C", "steam", 0.5, 1000.0, -2.0, 15)
    p = plan(
        (a, c),
        (Target(2026, 130.0),),
        end_year=2045,
        discount_rate=0.06,
        growth=0.02,
        energy_price_yuan_per_tce=800.0,
        carbon_price_yuan_per_t=60.0,
    )
    greedy = greedy_pathway(p)
    best = optimise(p, mip_rel_gap=0.0)
    assert greedy.adoptions == best.adoptions == (("A", 2026), ("C", 2026))
    assert greedy.npv_yuan == pytest.approx(best.npv_yuan, rel=1e-9)
    assert pathway_npv(p, {}) == 0.0
