"""The pathway optimiser (issue 11, item 4): golden cases worked out by hand, exclusion groups,
prerequisites, an infeasible target's shortfall, and brute-force enumeration on random plans
(up to 10 measures; with measures of effect "emissions", an electricity part following the grid
factor index, intensity targets, annual budgets and roll-out limits)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenledger.core.planning.heuristic import greedy_pathway
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.pathway import (
    MAX_MEASURES_PER_END_USE,
    TooManyMeasures,
    adoption_cost_pv,
    model_years,
    optimise,
)

END_USES = (EndUse("motors", 100.0, 1000.0), EndUse("steam", 50.0, 500.0))


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


def test_model_years_are_yearly_to_2035_then_five_yearly() -> None:
    assert model_years(2026, 2060) == (
        *range(2026, 2036),
        2040,
        2045,
        2050,
        2055,
        2060,
    )
    assert model_years(2026, 2037) == (*range(2026, 2036), 2037)
    assert model_years(2026, 2026) == (2026,)


def test_adoption_cost_replaces_at_end_of_life_and_credits_the_residual_value() -> None:
    # capex 1000, life 4, adopted 2026, plan 2026-2030 at 10 %: installed 2026 and 2030; the
    # second runs to 2034, so 3 of its 4 years remain at the horizon 2031:
    # 1000 + 1000/1.1^4 - 750/1.1^5 = 1000 + 683.0135 - 465.6910 = 1217.3225
    m = Measure("X", "motors", 0.1, 1000.0, 0.0, 4)
    p = plan((m,), (), end_year=2030, discount_rate=0.1)
    assert adoption_cost_pv(m, 2026, p) == pytest.approx(1217.3225, abs=1e-3)
    # adopted 2029: one installation to 2033, 2 years remain: 1000/1.1^3 - 500/1.1^5
    assert adoption_cost_pv(m, 2029, p) == pytest.approx(751.3148 - 310.4607, abs=1e-3)


# Three measures, 2026-2028, no discounting, no growth, no prices. Life 3 years, so a measure
# adopted in 2026 runs exactly to the horizon 2029 (cost = capex); adopted 2027 one year is
# left at the horizon (cost = 2/3 capex); adopted 2028 two years are left (1/3 capex).
#   A motors 20 %, capex 300: costs 300 / 200 / 100 in 2026 / 2027 / 2028
#   B motors 10 %, capex 100: costs 100 / 66.67 / 33.33
#   C steam 40 %, capex 500: costs 500 / 333.33 / 166.67
# Savings: A 200 t, B 100 t, A+B 1000 x (1 - 0.8 x 0.9) = 280 t (not 300), C 200 t.
# Targets: 2026 <= 1400 t (save 100), 2028 <= 1215 t (save 285).
# 2028 needs 285 t: A+B saves 280 (fails: it would pass if savings added up), B+C saves 300,
# A+C 400, A+B+C 480. 2026 needs a measure already in 2026:
#   B 2026 + C 2028 = 100 + 166.67 = 266.67   <- optimum
#   A 2026 + C 2028 = 300 + 166.67 = 466.67;  C 2026 + B 2028 = 500 + 33.33 = 533.33
# Emissions: 1400 in 2026 and 2027, 1500 - 100 - 200 = 1200 in 2028.
THREE = (
    Measure("A", "motors", 0.2, 300.0, 0.0, 3),
    Measure("B", "motors", 0.1, 100.0, 0.0, 3),
    Measure("C", "steam", 0.4, 500.0, 0.0, 3),
)


def test_three_measure_pathway_worked_out_by_hand() -> None:
    result = optimise(plan(THREE, (Target(2026, 1400.0), Target(2028, 1215.0))))
    assert result.status == "optimal"
    assert result.adoptions == (("B", 2026), ("C", 2028))
    assert result.npv_yuan == pytest.approx(100.0 + 500.0 / 3.0)
    assert result.emissions_t == pytest.approx({2026: 1400.0, 2027: 1400.0, 2028: 1200.0})
    assert result.shortfall_t == {2026: 0.0, 2028: 0.0}
    assert result.capex_yuan == 600.0
    assert result.gap <= 0.01


def test_operating_change_and_energy_savings_while_active() -> None:
    # D: motors 20 %, capex 1000, life 10, +10 yuan/yr; energy 100 tce at 10 yuan/tce, so it
    # saves 20 tce = 200 yuan a year. Adopted 2026: capex 1000 - residual 700 (7 of 10 years
    # left at 2029) + 3 x 10 - 3 x 200 = -270; 2027: 200 + 20 - 400 = -180; 2028: -90.
    # No target: the optimiser still adopts it in 2026 because it pays.
    d = Measure("D", "motors", 0.2, 1000.0, 10.0, 10)
    result = optimise(plan((d,), (), energy_price_yuan_per_tce=10.0))
    assert result.adoptions == (("D", 2026),)
    assert result.npv_yuan == pytest.approx(-270.0)
    # A carbon price of 1 yuan/t adds 200 t x 3 years = 600 yuan avoided.
    priced = optimise(plan((d,), (), energy_price_yuan_per_tce=10.0, carbon_price_yuan_per_t=1.0))
    assert priced.npv_yuan == pytest.approx(-870.0)


# One year (2026), life 1 (cost = capex). Need 350 t of 1500.
#   V1 motors 30 % capex 300, group "drive";  V2 motors 25 % capex 100, group "drive";
#   H steam 20 % (100 t) capex 50, requires V1.
# V2+H (350 t, 150) would win but H needs V1; V1+V2 (475 t, 400) breaks the group;
# V1 alone 300 t fails; V1+H = 400 t for 350 is the optimum.
GROUPED = (
    Measure("V1", "motors", 0.3, 300.0, 0.0, 1, group="drive"),
    Measure("V2", "motors", 0.25, 100.0, 0.0, 1, group="drive"),
    Measure("H", "steam", 0.2, 50.0, 0.0, 1, requires=("V1",)),
)


def test_exclusion_groups_and_prerequisites() -> None:
    result = optimise(plan(GROUPED, (Target(2026, 1150.0),), end_year=2026))
    assert result.status == "optimal"
    assert result.adoptions == (("H", 2026), ("V1", 2026))
    assert result.npv_yuan == pytest.approx(350.0)
    # Without the prerequisite the cheaper V2+H is chosen: the constraint is what binds.
    free = tuple(
        Measure(m.id, m.end_use, m.saving_rate, m.capex_yuan, 0.0, 1, group=m.group)
        for m in GROUPED
    )
    assert optimise(plan(free, (Target(2026, 1150.0),), end_year=2026)).adoptions == (
        ("H", 2026),
        ("V2", 2026),
    )


def test_prerequisite_adopted_no_later_and_earliest_year() -> None:
    # V1 cannot come before 2028, so H (which needs it) cannot either: 2027's target is missed.
    late = (
        Measure("V1", "motors", 0.3, 300.0, 0.0, 3, earliest_year=2028),
        Measure("H", "steam", 0.2, 30.0, 0.0, 3, requires=("V1",)),
    )
    result = optimise(plan(late, (Target(2027, 1450.0), Target(2028, 1100.0))))
    assert result.status == "infeasible"
    assert result.adoptions == (("H", 2028), ("V1", 2028))
    assert result.shortfall_t == pytest.approx({2027: 50.0, 2028: 0.0})
    # A prerequisite on the same end use that can never come (after the horizon) rules the
    # measure out too.
    never = (
        Measure("V1", "motors", 0.3, 300.0, 0.0, 3, earliest_year=2030),
        Measure("V3", "motors", 0.2, 30.0, 0.0, 3, requires=("V1",)),
    )
    blocked = optimise(plan(never, (Target(2028, 1400.0),)))
    assert blocked.adoptions == ()
    assert blocked.shortfall_t == pytest.approx({2028: 100.0})


def test_infeasible_target_gives_the_exact_shortfall_and_cheapest_closest_plan() -> None:
    # 2026 <= 1000 t: everything in 2026 saves 280 + 200 = 480 t -> 1020 t, shortfall 20 t.
    result = optimise(plan(THREE, (Target(2026, 1000.0),)))
    assert result.status == "infeasible"
    assert result.shortfall_t == pytest.approx({2026: 20.0})
    assert result.adoptions == (("A", 2026), ("B", 2026), ("C", 2026))
    assert result.npv_yuan == pytest.approx(900.0)
    # With A and C exclusive the best is B+C (300 t) for 600 rather than A+B (280 t) for 400.
    grouped = (
        Measure("A", "motors", 0.2, 300.0, 0.0, 3, group="g"),
        THREE[1],
        Measure("C", "steam", 0.4, 500.0, 0.0, 3, group="g"),
    )
    closest = optimise(plan(grouped, (Target(2026, 1000.0),)))
    assert closest.shortfall_t == pytest.approx({2026: 200.0})
    assert closest.adoptions == (("B", 2026), ("C", 2026))


def test_budget_caps_first_installation_capex() -> None:
    # Budget 550 rules out B+C (600): 2028's target (save 285) then cannot be met; the closest
    # within budget is A+B (280 t, capex 400), shortfall 5 t.
    result = optimise(plan(THREE, (Target(2028, 1215.0),), budget_yuan=550.0))
    assert result.status == "infeasible"
    assert result.shortfall_t == pytest.approx({2028: 5.0})
    assert {m for m, _ in result.adoptions} == {"A", "B"}


def test_too_many_measures_on_one_end_use_is_refused() -> None:
    many = tuple(
        Measure(f"m{i}", "motors", 0.01, 1.0, 0.0, 5) for i in range(MAX_MEASURES_PER_END_USE + 1)
    )
    with pytest.raises(TooManyMeasures) as refused:
        optimise(plan(many, ()))
    (problem,) = refused.value.problems
    assert problem.message.code == "pathway.end_use.too_many"
    assert problem.message.params == {
        "end_use": "motors",
        "count": MAX_MEASURES_PER_END_USE + 1,
        "limit": MAX_MEASURES_PER_END_USE,
    }


# --- brute force ---------------------------------------------------------------------------
YEARS = (2026, 2027)


def index_at(p: PlanInput, year: int) -> float:
    """The grid index from first principles: 1 before the first point, linear between, flat
    after the last."""
    points = sorted(p.grid_factor_index)
    if not points or year < points[0][0]:
        return 1.0
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return points[-1][1]


def baseline_t(p: PlanInput, e: EndUse, year: int) -> float:
    kept = e.emissions_t - e.electricity_emissions_t + e.electricity_emissions_t * index_at(p, year)
    return kept * (1 + p.growth) ** (year - p.start_year)


def kept_shares(p: PlanInput, chosen: dict[str, int], e: EndUse, year: int) -> tuple[float, float]:
    """(energy, emissions) left on ``e`` in ``year`` by the measures adopted by then."""
    active = [m for m in p.measures if m.end_use == e.name and chosen.get(m.id, 9999) <= year]
    energy = math.prod(1 - m.saving_rate for m in active if m.effect == "energy")
    return energy, math.prod(1 - m.saving_rate for m in active)


def brute_cost(p: PlanInput, chosen: dict[str, int]) -> float:
    """Discounted net cost of adopting ``chosen`` (id -> year), from first principles."""

    def df(year: int) -> float:
        return float((1 + p.discount_rate) ** -(year - p.start_year))

    horizon = p.end_year + 1
    total = 0.0
    for m in p.measures:
        if m.id not in chosen:
            continue
        y = chosen[m.id]
        installs = list(range(y, horizon, m.lifetime_years))
        total += sum(m.capex_yuan * df(i) for i in installs)
        left = installs[-1] + m.lifetime_years - horizon
        total -= m.capex_yuan * max(0, left) / m.lifetime_years * df(horizon)
        total += sum(m.annual_opex_change_yuan * df(t) for t in range(y, horizon))
    price = p.energy_price_yuan_per_tce or 0.0
    for t in range(p.start_year, horizon):
        for e in p.end_uses:
            energy, emissions = kept_shares(p, chosen, e, t)
            grow = (1 + p.growth) ** (t - p.start_year)
            total -= price * e.energy_tce * grow * (1 - energy) * df(t)
            total -= p.carbon_price_yuan_per_t * baseline_t(p, e, t) * (1 - emissions) * df(t)
    return total


def brute_emissions(p: PlanInput, chosen: dict[str, int], year: int) -> float:
    return sum(baseline_t(p, e, year) * kept_shares(p, chosen, e, year)[1] for e in p.end_uses)


def brute_cap(p: PlanInput, target: Target) -> float:
    caps = [] if target.max_emissions_t is None else [target.max_emissions_t]
    if target.max_intensity_t_per_wan_yuan is not None:
        assert p.output_wan_yuan is not None
        output = p.output_wan_yuan * (1 + p.growth) ** (target.year - p.start_year)
        caps.append(target.max_intensity_t_per_wan_yuan * output)
    return min(caps)


def brute_force(p: PlanInput) -> tuple[float, float]:
    """(least shortfall, least cost at it) over every adoption year (or none) per measure."""
    best: tuple[float, float] | None = None
    ids = [m.id for m in p.measures]
    for years in itertools.product((None, *YEARS), repeat=len(ids)):
        chosen = {i: y for i, y in zip(ids, years, strict=True) if y is not None}
        if not feasible(p, chosen):
            continue
        short = sum(
            max(0.0, brute_emissions(p, chosen, t.year) - brute_cap(p, t)) for t in p.targets
        )
        key = (round(short, 6), brute_cost(p, chosen))
        if best is None or key < best:
            best = key
    assert best is not None
    return best


def feasible(p: PlanInput, chosen: dict[str, int]) -> bool:
    groups = [p.measure(i).group for i in chosen if p.measure(i).group]
    if len(groups) != len(set(groups)):
        return False
    for i, y in chosen.items():
        m = p.measure(i)
        if m.earliest_year is not None and y < m.earliest_year:
            return False
        if any(r not in chosen or chosen[r] > y for r in m.requires):
            return False
    for year in YEARS:
        first = [p.measure(i) for i, y in chosen.items() if y == year]
        if p.max_adoptions_per_year is not None and len(first) > p.max_adoptions_per_year:
            return False
        spent = sum(m.capex_yuan for m in first)
        if p.annual_budget_yuan is not None and spent > p.annual_budget_yuan:
            return False
    return p.budget_yuan is None or sum(p.measure(i).capex_yuan for i in chosen) <= p.budget_yuan


@st.composite
def random_plans(draw: st.DrawFn, min_measures: int = 1) -> PlanInput:
    electricity = draw(st.sampled_from([0.0, 150.0, 300.0]))
    end_uses = (
        EndUse("a", 100.0, 300.0, electricity),
        EndUse("b", 80.0, 200.0, 200.0),
        EndUse("c", 50.0, 100.0),
    )
    n = draw(st.integers(min_measures, 10))
    measures = []
    for k in range(n):
        measures.append(
            Measure(
                id=f"m{k}",
                end_use=draw(st.sampled_from(["a", "b", "c"])),
                saving_rate=draw(st.sampled_from([0.05, 0.1, 0.2, 0.3, 0.5])),
                capex_yuan=float(draw(st.integers(0, 2000))),
                annual_opex_change_yuan=float(draw(st.integers(-100, 200))),
                lifetime_years=draw(st.integers(1, 3)),
                group=draw(st.sampled_from([None, None, "g1", "g2"])),
                requires=(f"m{draw(st.integers(0, k - 1))}",) if k and draw(st.booleans()) else (),
                earliest_year=draw(st.sampled_from([None, None, 2027])),
                effect=draw(st.sampled_from(["energy", "energy", "emissions"])),
            )
        )
    year = draw(st.sampled_from(YEARS))
    cap = float(draw(st.integers(300, 620)))
    target = draw(
        st.sampled_from([Target(year, cap), Target(year, None, cap / 1000), Target(year, cap, 0.5)])
    )
    return PlanInput(
        start_year=2026,
        end_year=2027,
        discount_rate=draw(st.sampled_from([0.0, 0.05, 0.1])),
        end_uses=end_uses,
        growth=draw(st.sampled_from([0.0, 0.03])),
        targets=(target,),
        measures=tuple(measures),
        budget_yuan=draw(st.sampled_from([None, 1500.0, 4000.0])),
        carbon_price_yuan_per_t=draw(st.sampled_from([0.0, 5.0])),
        energy_price_yuan_per_tce=draw(st.sampled_from([None, 8.0])),
        output_wan_yuan=1000.0,
        grid_factor_index=draw(
            st.sampled_from([(), ((2027, 0.6),), ((2026, 1.0), (2028, 0.5)), ((2026, 0.9),)])
        ),
        annual_budget_yuan=draw(st.sampled_from([None, None, 800.0, 2000.0])),
        max_adoptions_per_year=draw(st.sampled_from([None, None, 1, 2])),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans())
def test_optimiser_matches_brute_force(p: PlanInput) -> None:
    matches_brute_force(p)


# Ten measures: 3^10 = 59,049 plans enumerated (about 2 s each example).
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(min_measures=10))
def test_optimiser_matches_brute_force_on_ten_measures(p: PlanInput) -> None:
    assert len(p.measures) == 10
    matches_brute_force(p)


def matches_brute_force(p: PlanInput) -> None:
    gap = 1e-4
    result = optimise(p, mip_rel_gap=gap)
    short, cost = brute_force(p)
    assert sum(result.shortfall_t.values()) == pytest.approx(short, abs=1e-5)
    # The reported cost is the true cost of the reported plan...
    chosen = dict(result.adoptions)
    assert feasible(p, chosen)
    assert result.npv_yuan == pytest.approx(brute_cost(p, chosen), abs=1e-6)
    # ... which is no better than the enumerated optimum and within the gap of it.
    assert result.npv_yuan >= cost - 1e-6
    assert result.npv_yuan <= cost + gap * max(1.0, abs(cost)) + 1e-6
    # The heuristic's plan, costed in the optimiser's accounting, is the same true cost.
    greedy = greedy_pathway(p)
    assert feasible(p, dict(greedy.adoptions))
    assert greedy.npv_yuan == pytest.approx(brute_cost(p, dict(greedy.adoptions)), abs=1e-6)
    assert greedy.npv_yuan >= cost - 1e-6 or sum(greedy.shortfall_t.values()) > short + 1e-6
