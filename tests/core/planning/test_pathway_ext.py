"""The pathway optimiser, the greedy heuristic, the MACC and the district sweep on issue 11's
extensions, worked out by hand: the grid factor index on the electricity part of an end use,
measures of effect "emissions", intensity targets on the grown output value, the annual
budget and the roll-out limit."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greenledger.core.planning.costs import macc
from greenledger.core.planning.district import price_sweep
from greenledger.core.planning.heuristic import greedy_pathway, pathway_npv
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.pathway import optimise

# motors: 100 tce, 1000 t, all from purchased electricity; steam: 50 tce, 500 t, none.
END_USES = (EndUse("motors", 100.0, 1000.0, 1000.0), EndUse("steam", 50.0, 500.0))
# Lifetime 3 over 2026-2028 at 0 %: adopted 2026 costs capex, 2027 2/3, 2028 1/3 (the rest is
# residual value at the horizon 2029).
A = Measure("A", "motors", 0.2, 300.0, 0.0, 3)
B = Measure("B", "motors", 0.1, 100.0, 0.0, 3)
C = Measure("C", "steam", 0.4, 500.0, 0.0, 3)


def plan(measures: tuple[Measure, ...], targets: tuple[Target, ...], **kw: object) -> PlanInput:
    values: dict[str, object] = {
        "start_year": 2026,
        "end_year": 2028,
        "discount_rate": 0.0,
        "end_uses": END_USES,
        "growth": 0.0,
        "targets": targets,
        "measures": measures,
    }
    values.update(kw)
    return PlanInput(**values)  # type: ignore[arg-type]


def test_a_cleaner_grid_lowers_the_baseline_and_changes_the_least_cost_plan() -> None:
    # Grid index 0.8 in 2027, 0.6 from 2028: motors emit 1000, 800, 600 t; steam 500 t.
    # No measure: 1500, 1300, 1100 t.
    grid = ((2027, 0.8), (2028, 0.6))
    nothing = optimise(plan((), (), grid_factor_index=grid))
    assert nothing.emissions_t == pytest.approx({2026: 1500.0, 2027: 1300.0, 2028: 1100.0})
    # 2028 <= 1000 t: save 100 t of 600 (motors) + 500 (steam). A saves 0.2 x 600 = 120 t
    # for 100 yuan (adopted 2028); B 60 t is too little; A+B 168 t for 133.33; C 200 t for
    # 166.67: A in 2028 is the optimum, 480 + 500 = 980 t.
    result = optimise(plan((A, B, C), (Target(2028, 1000.0),), grid_factor_index=grid))
    assert result.status == "optimal"
    assert result.adoptions == (("A", 2028),)
    assert result.npv_yuan == pytest.approx(100.0)
    assert result.emissions_t == pytest.approx({2026: 1500.0, 2027: 1300.0, 2028: 980.0})
    # The same target on a flat grid needs 500 t of 1500: A+B+C save 280 + 200 = 480 t at
    # most, so it is 20 t short (all three in 2028, 300 yuan).
    flat = optimise(plan((A, B, C), (Target(2028, 1000.0),)))
    assert flat.status == "infeasible"
    assert flat.shortfall_t == pytest.approx({2028: 20.0})
    assert flat.npv_yuan == pytest.approx(300.0)


def test_the_carbon_value_of_a_saving_follows_the_grid_index() -> None:
    # G saves 20 % of motors for nothing, life 10. Carbon 1 yuan/t, grid 0.5 from 2027:
    # avoided 200 t in 2026, 100 t in 2027 and 2028 = 400 yuan; energy 20 tce x 10 yuan x 3
    # years = 600 yuan whatever the grid: npv -1000 (flat grid: -600 - 600 = -1200).
    g = Measure("G", "motors", 0.2, 0.0, 0.0, 10)
    prices = {"carbon_price_yuan_per_t": 1.0, "energy_price_yuan_per_tce": 10.0}
    clean = plan((g,), (), grid_factor_index=((2027, 0.5),), **prices)
    result = optimise(clean)
    assert result.adoptions == (("G", 2026),)
    assert result.npv_yuan == pytest.approx(-1000.0)
    assert optimise(plan((g,), (), **prices)).npv_yuan == pytest.approx(-1200.0)
    assert pathway_npv(clean, {"G": 2026}) == pytest.approx(-1000.0)
    assert greedy_pathway(replace(clean, targets=(Target(2026, 1450.0),))).npv_yuan == (
        pytest.approx(-1000.0)
    )


# GP: green power for the motors, cuts 50 % of their emissions, energy unchanged, 100 yuan a
# year more. E: drives saving 20 % of the motors' energy and emissions, free.
GP = Measure("GP", "motors", 0.5, 0.0, 100.0, 5, effect="emissions")
E = Measure("E", "motors", 0.2, 0.0, 0.0, 5)


def test_an_emissions_measure_cuts_emissions_only_and_multiplies_with_energy_measures() -> None:
    # One year, energy 10 yuan/tce, carbon 1 yuan/t. GP alone: 100 - 500 t = -400.
    # E alone: -(20 tce x 10) - 200 t = -400. Both: energy 20 tce (200 yuan), emissions
    # 1000 x 0.8 x 0.5 = 400 t left (600 avoided, not 700): 100 - 200 - 600 = -700.
    one = {"end_year": 2026, "energy_price_yuan_per_tce": 10.0, "carbon_price_yuan_per_t": 1.0}
    result = optimise(plan((GP, E), (), **one))
    assert result.adoptions == (("E", 2026), ("GP", 2026))
    assert result.npv_yuan == pytest.approx(-700.0)
    assert result.emissions_t == pytest.approx({2026: 900.0})
    assert pathway_npv(plan((GP, E), (), **one), {"GP": 2026}) == pytest.approx(-400.0)
    # Without a carbon price GP only costs: the optimiser leaves it out unless a cap needs it.
    no_carbon = {**one, "carbon_price_yuan_per_t": 0.0}
    assert optimise(plan((GP, E), (), **no_carbon)).adoptions == (("E", 2026),)
    capped = optimise(plan((GP, E), (Target(2026, 1000.0),), **no_carbon))
    assert capped.adoptions == (("E", 2026), ("GP", 2026))
    assert capped.npv_yuan == pytest.approx(100.0 - 200.0)


def test_macc_of_an_emissions_measure_saves_no_energy_on_the_start_years_curve() -> None:
    # Life 10 at 0 %: CRF 0.1. E: capex 1000 -> 100 a year, saves 20 tce (200 yuan): -100 for
    # 200 t = -0.5/t, first. GP: 100 a year, 0.5 x what E left (800 t) = 400 t: 0.25/t.
    e = replace(E, capex_yuan=1000.0, lifetime_years=10)
    p = plan((GP, e), (), energy_price_yuan_per_tce=10.0)
    first, second = macc(p)
    assert (first.id, first.annual_energy_saving_tce, first.annual_abatement_t) == (
        "E",
        pytest.approx(20.0),
        pytest.approx(200.0),
    )
    assert (first.annualised_cost_yuan, first.cost_per_t) == (
        pytest.approx(-100.0),
        pytest.approx(-0.5),
    )
    assert (second.id, second.annual_energy_saving_tce, second.remaining_share) == (
        "GP",
        0.0,
        pytest.approx(0.8),
    )
    assert (second.annual_abatement_t, second.cost_per_t) == (
        pytest.approx(400.0),
        pytest.approx(0.25),
    )
    assert second.cumulative_abatement_t == pytest.approx(600.0)
    # The curve is the start year's: a grid index of 0.5 in the start year halves the motors'
    # tonnes (E: 100 t, -1/t); the later points do not enter it.
    grid = replace(p, grid_factor_index=((2026, 0.5), (2028, 0.1)))
    assert [s.annual_abatement_t for s in macc(grid)] == pytest.approx([100.0, 200.0])
    assert macc(grid)[0].cost_per_t == pytest.approx(-1.0)


def test_intensity_targets_use_the_grown_output_value() -> None:
    # Output 1000 (10,000 yuan), no growth: 1.4 t/10,000 yuan in 2026 = 1400 t; 2028 both
    # 1215 t and 1.5 t/10,000 yuan = 1500 t: the tighter, 1215 t. On the flat grid that is
    # 2026 save 100 t, 2028 save 285 t: B 2026 (100) + C 2028 (500/3) = 266.67, because A+B
    # save 1000 x (1 - 0.8 x 0.9) = 280 t only.
    targets = (Target(2026, None, 1.4), Target(2028, 1215.0, 1.5))
    result = optimise(plan((A, B, C), targets, output_wan_yuan=1000.0))
    assert result.status == "optimal"
    assert result.adoptions == (("B", 2026), ("C", 2028))
    assert result.npv_yuan == pytest.approx(100.0 + 500.0 / 3.0)
    # Growth 10 %: 2028's cap 1.0 x 1000 x 1.21 = 1210 t against 1500 x 1.21 = 1815 t: a third
    # must go, all three save 480/1500 = 32 %: 1020 x 1.21 = 1234.2 t, 24.2 t short; all three
    # in 2028 (300 yuan) is the cheapest plan that comes that close.
    grown = optimise(
        plan((A, B, C), (Target(2028, None, 1.0),), output_wan_yuan=1000.0, growth=0.1)
    )
    assert grown.status == "infeasible"
    assert grown.shortfall_t == pytest.approx({2028: 24.2})
    assert grown.adoptions == (("A", 2028), ("B", 2028), ("C", 2028))
    assert grown.npv_yuan == pytest.approx(300.0)
    greedy = greedy_pathway(plan((A, B, C), targets, output_wan_yuan=1000.0))
    assert greedy.shortfall_t == {2026: 0.0, 2028: 0.0}


def test_annual_budget_spreads_the_first_installations_over_the_years() -> None:
    # 2028 <= 1215 t (flat grid): B+C in 2028 cost 100/3 + 500/3 = 200 but 600 of capex in one
    # year. At most 500 a year: B 2027 (200/3) + C 2028 (500/3) = 233.33 beats C 2027 + B 2028
    # (366.67) and A 2027 + C 2028 (366.67).
    free = optimise(plan((A, B, C), (Target(2028, 1215.0),)))
    assert free.adoptions == (("B", 2028), ("C", 2028))
    assert free.npv_yuan == pytest.approx(200.0)
    capped = optimise(plan((A, B, C), (Target(2028, 1215.0),), annual_budget_yuan=500.0))
    assert capped.status == "optimal"
    assert capped.adoptions == (("B", 2027), ("C", 2028))
    assert capped.npv_yuan == pytest.approx(700.0 / 3.0)
    # At most 400 a year C never fits: A+B save 280 of the 285 t, 5 t short.
    short = optimise(plan((A, B, C), (Target(2028, 1215.0),), annual_budget_yuan=400.0))
    assert short.shortfall_t == pytest.approx({2028: 5.0})
    assert {m for m, _ in short.adoptions} == {"A", "B"}


def test_roll_out_limit_caps_the_measures_first_adopted_in_a_year() -> None:
    # 2027 <= 1215 t: B+C both in 2027 cost 200/3 + 1000/3 = 400. One measure a year:
    # B 2026 (100) + C 2027 (1000/3) = 433.33 beats C 2026 (500) + B 2027 (200/3) = 566.67.
    targets = (Target(2027, 1215.0),)
    assert optimise(plan((A, B, C), targets)).npv_yuan == pytest.approx(400.0)
    limited = optimise(plan((A, B, C), targets, max_adoptions_per_year=1))
    assert limited.adoptions == (("B", 2026), ("C", 2027))
    assert limited.npv_yuan == pytest.approx(100.0 + 1000.0 / 3.0)


def test_greedy_moves_a_measure_to_the_next_year_with_room() -> None:
    # On the curve (life 3 at 0 %, CRF 1/3): B 33.33/100 t = 0.33/t, C 166.67/200 t = 0.83/t,
    # A 100/180 t (after B) = 0.56/t. Target 2026 <= 1200 t: B then A (280 t) fall 20 t short,
    # C comes next. One adoption a year: B 2026, A 2027, C 2028 - still 2026 is 200 t short.
    limited = greedy_pathway(plan((A, B, C), (Target(2026, 1200.0),), max_adoptions_per_year=1))
    assert limited.adoptions == (("B", 2026), ("A", 2027), ("C", 2028))
    assert limited.shortfall_t == pytest.approx({2026: 200.0})
    # 250 yuan a year: A (300) never fits; B 2026, C (500) does not fit either.
    poor = greedy_pathway(plan((A, B, C), (Target(2026, 1200.0),), annual_budget_yuan=250.0))
    assert poor.adoptions == (("B", 2026),)
    assert poor.npv_yuan == pytest.approx(100.0)
    assert poor.shortfall_t == pytest.approx({2026: 200.0})  # 1400 t against 1200


def test_price_sweep_options_follow_the_grid_and_honour_the_per_year_limits() -> None:
    # G saves 20 % of motors for 300 yuan, life 10 (2026: 300 - 210 residual = 90 yuan; 2027:
    # 60; 2028: 30). Grid 0.5 from 2027: 200 t avoided in 2026, 100 t in 2027 and 2028.
    # At 1 yuan/t: 2026 gives -400 + 90 = -310, 2027 -200 + 60, 2028 -100 + 30: 2026.
    g = Measure("G", "motors", 0.2, 300.0, 0.0, 10)
    p = plan((g,), (), grid_factor_index=((2027, 0.5),))
    nothing, adopted = price_sweep(p, [0.0, 1.0], mip_rel_gap=0)
    assert nothing.emissions_t == pytest.approx({2026: 1500.0, 2027: 1000.0, 2028: 1000.0})
    assert adopted.adoptions == (("G", 2026),)
    assert adopted.cost_yuan == pytest.approx(90.0)
    assert adopted.emissions_t == pytest.approx({2026: 1300.0, 2027: 900.0, 2028: 900.0})
    # An annual budget couples the end uses: the sweep then runs the MILP, which honours it.
    h = Measure("H", "steam", 0.2, 300.0, 0.0, 10)
    both = plan((g, h), (), annual_budget_yuan=300.0)
    options = price_sweep(both, [5.0], mip_rel_gap=0)
    years = sorted(year for _, year in options[-1].adoptions)
    assert years == [2026, 2027]
