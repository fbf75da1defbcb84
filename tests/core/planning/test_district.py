"""The district level (issue 11, item 4): each enterprise's options from a carbon-price sweep,
the least-cost selection under the district caps, its shortfall and its shadow carbon price;
cases worked out by hand and brute-force enumeration on random districts."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenledger.core.planning.district import (
    EnterpriseOption,
    district_selection,
    price_sweep,
)
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.pathway import discount_factor, optimise


def option(cost: float, *emissions: float, years: tuple[int, ...] = (2030,)) -> EnterpriseOption:
    return EnterpriseOption(cost_yuan=cost, emissions_t=dict(zip(years, emissions, strict=True)))


def test_cheapest_combination_meeting_the_cap() -> None:
    # A: do nothing (0 yuan, 100 t) or A1 (500 yuan, 60 t); B: do nothing (0, 100) or B1 (300, 70).
    # Combinations: none 200 t / 0 yuan; A1 160 t / 500; B1 170 t / 300; both 130 t / 800.
    options = {
        "A": (option(0, 100), option(500, 60)),
        "B": (option(0, 100), option(300, 70)),
    }
    # Cap 175: B1 alone (170 t, 300 yuan) is the cheapest that fits; A1 alone costs 500.
    loose = district_selection(options, {2030: 175.0})
    assert loose.status == "optimal"
    assert loose.chosen == {"A": 0, "B": 1}
    assert loose.cost_yuan == pytest.approx(300.0)
    assert loose.emissions_t == {2030: pytest.approx(170.0)}
    assert loose.shortfall_t == {2030: 0.0}
    # Cap 165: B1 alone (170 t) is over; A1 alone (160 t, 500) beats both (130 t, 800).
    tight = district_selection(options, {2030: 165.0})
    assert tight.chosen == {"A": 1, "B": 0}
    assert tight.cost_yuan == pytest.approx(500.0)
    assert tight.options["A"].cost_yuan == 500.0
    # Cap 200: nobody needs to do anything.
    free = district_selection(options, {2030: 200.0})
    assert free.chosen == {"A": 0, "B": 0}
    assert free.cost_yuan == 0.0
    assert free.shadow_price_yuan_per_t == {2030: 0.0}


def test_infeasible_cap_gives_the_exact_shortfall_and_the_cheapest_closest_selection() -> None:
    years = (2030, 2035)
    # 2030 cap 100: the least the district can emit is A1/A2 (60) + B1 (70) = 130 -> 30 t short.
    # A2 emits as little as A1 in 2030 but costs more (900 > 500): the tie is broken by cost.
    # 2035 cap 200 is met by everything (at most 100 + 100).
    options = {
        "A": (
            option(0, 100, 100, years=years),
            option(500, 60, 50, years=years),
            option(900, 60, 40, years=years),
        ),
        "B": (option(0, 100, 100, years=years), option(300, 70, 80, years=years)),
    }
    result = district_selection(options, {2030: 100.0, 2035: 200.0})
    assert result.status == "infeasible"
    assert result.shortfall_t == {2030: pytest.approx(30.0), 2035: 0.0}
    assert result.chosen == {"A": 1, "B": 1}
    assert result.cost_yuan == pytest.approx(800.0)
    assert result.emissions_t == {2030: pytest.approx(130.0), 2035: pytest.approx(130.0)}


def test_shadow_price_is_the_marginal_options_cost_per_tonne_when_the_relaxation_is_exact() -> None:
    # B's options lie on one line at 30 yuan/t: (0, 100), (300, 90), (600, 80); A's only step
    # costs 50 yuan/t: (0, 100), (1000, 80). Cap 190: B1 (300 yuan) is optimal; one tonne more
    # or less moves B along its line at 30 yuan/t either way, so the relaxation is exact (300)
    # and the cap's dual is 30 yuan/t: the cost per tonne of the marginal option, B's.
    options = {
        "A": (option(0, 100), option(1000, 80)),
        "B": (option(0, 100), option(300, 90), option(600, 80)),
    }
    result = district_selection(options, {2030: 190.0})
    assert result.chosen == {"A": 0, "B": 1}
    assert result.relaxation_cost_yuan == pytest.approx(300.0)
    assert result.shadow_price_yuan_per_t == {2030: pytest.approx(30.0)}
    # Past B's cleanest option (cap 170: B2 + A half-way in the relaxation), A is marginal.
    deeper = district_selection(options, {2030: 170.0})
    assert deeper.chosen == {"A": 1, "B": 1}  # 80 + 90 = 170 t for 1300 yuan
    assert deeper.shadow_price_yuan_per_t[2030] == pytest.approx(50.0)


def test_selection_refuses_an_enterprise_without_options_or_cap_year() -> None:
    with pytest.raises(ValueError, match="no option"):
        district_selection({"A": ()}, {2030: 1.0})
    with pytest.raises(ValueError, match="2031"):
        district_selection({"A": (option(0, 1),)}, {2031: 1.0})


def sweep_plan() -> PlanInput:
    # One end use of 1,000 t; one measure saving 10 % (100 t/year) for 3,000 yuan, lifetime 10.
    # 2026-2028 at 0 %: adopted in 2026 it costs 3,000 less the residual 3,000 x 7/10 at 2029
    # = 900 yuan for 300 t (3 yuan/t); in 2027, 600 for 200 t; in 2028, 300 for 100 t: the same
    # 3 yuan/t, so above 3 yuan/t adopting at once saves most. The target (0 t) is ignored.
    return PlanInput(
        start_year=2026,
        end_year=2028,
        discount_rate=0.0,
        end_uses=(EndUse("motors", 100.0, 1000.0),),
        growth=0.0,
        targets=(Target(2028, 0.0),),
        measures=(Measure("vfd", "motors", 0.1, 3000.0, 0.0, 10),),
    )


def test_price_sweep_prices_the_options_without_targets_and_merges_duplicates() -> None:
    options = price_sweep(sweep_plan(), [10.0, 0.0, 2.0, 5.0], time_limit_s=5, mip_rel_gap=0)
    assert len(options) == 2
    nothing, vfd = options
    assert nothing.adoptions == () and nothing.prices == (0.0, 2.0)
    assert nothing.cost_yuan == 0.0
    assert nothing.emissions_t == {2026: 1000.0, 2027: 1000.0, 2028: 1000.0}
    assert vfd.adoptions == (("vfd", 2026),) and vfd.prices == (5.0, 10.0)
    assert vfd.cost_yuan == pytest.approx(900.0)
    assert vfd.emissions_t == {y: pytest.approx(900.0) for y in (2026, 2027, 2028)}


def test_option_cost_is_the_pathway_npv_without_the_carbon_payment() -> None:
    plan = PlanInput(
        start_year=2026,
        end_year=2040,
        discount_rate=0.06,
        end_uses=(EndUse("motors", 400.0, 1200.0), EndUse("steam", 300.0, 800.0)),
        growth=0.02,
        targets=(),
        measures=(
            Measure("vfd", "motors", 0.15, 90_000.0, 1_000.0, 12),
            Measure("ies", "motors", 0.08, 40_000.0, 0.0, 15, earliest_year=2029),
            Measure("hr", "steam", 0.2, 150_000.0, 2_000.0, 8),
            Measure("hp", "steam", 0.5, 600_000.0, 5_000.0, 20, requires=("hr",)),
        ),
        energy_price_yuan_per_tce=60.0,
    )
    options = price_sweep(plan, [0.0, 50.0, 200.0, 1000.0], time_limit_s=10, mip_rel_gap=0)
    assert len(options) >= 3  # more measures as the price rises
    assert_option_costs_are_the_pathway_npv(plan, options)
    # A prerequisite across end uses couples them: the sweep then runs the MILP, same answer.
    coupled = replace(
        plan, measures=(*plan.measures, Measure("meter", "motors", 0.01, 5_000.0, 0.0, 10))
    )
    coupled = replace(
        coupled,
        measures=tuple(
            replace(m, requires=("meter",)) if m.id == "hr" else m for m in coupled.measures
        ),
    )
    coupled_options = price_sweep(coupled, [0.0, 200.0], time_limit_s=10, mip_rel_gap=0)
    assert_option_costs_are_the_pathway_npv(coupled, coupled_options)


def assert_option_costs_are_the_pathway_npv(
    plan: PlanInput, options: tuple[EnterpriseOption, ...]
) -> None:
    """An option's cost less the carbon price x discounted tonnes avoided is the pathway's
    optimal npv at that price (no targets)."""
    base = options[0].emissions_t
    assert options[0].adoptions == ()
    for opt in options:
        for price in opt.prices:
            avoided = sum(
                discount_factor(plan.discount_rate, plan.start_year, y)
                * (base[y] - opt.emissions_t[y])
                for y in base
            )
            npv = optimise(
                replace(plan, carbon_price_yuan_per_t=price, targets=()),
                time_limit_s=10,
                mip_rel_gap=0,
            ).npv_yuan
            assert opt.cost_yuan - price * avoided == pytest.approx(npv, rel=1e-9, abs=1e-6)


@st.composite
def decomposable_plans(draw: st.DrawFn) -> PlanInput:
    electricity = draw(st.sampled_from([0.0, 600.0, 1200.0]))
    end_uses = (EndUse("motors", 400.0, 1200.0, electricity), EndUse("steam", 300.0, 800.0))
    measures: list[Measure] = []
    for i in range(draw(st.integers(1, 6))):
        end_use = draw(st.sampled_from(["motors", "steam"]))
        same = [m.id for m in measures if m.end_use == end_use]
        measures.append(
            Measure(
                f"m{i}",
                end_use,
                draw(st.sampled_from([0.05, 0.1, 0.2, 0.4])),
                float(draw(st.integers(0, 400_000))),
                float(draw(st.integers(-5_000, 5_000))),
                draw(st.integers(1, 12)),
                group=draw(st.sampled_from([None, f"g-{end_use}"])),
                requires=tuple(draw(st.lists(st.sampled_from(same), max_size=1))) if same else (),
                earliest_year=draw(st.sampled_from([None, 2028, 2031])),
                effect=draw(st.sampled_from(["energy", "energy", "emissions"])),
            )
        )
    return PlanInput(
        start_year=2026,
        end_year=draw(st.sampled_from([2030, 2038])),
        discount_rate=draw(st.sampled_from([0.0, 0.05])),
        end_uses=end_uses,
        growth=draw(st.sampled_from([0.0, 0.03])),
        targets=(),
        measures=tuple(measures),
        energy_price_yuan_per_tce=draw(st.sampled_from([None, 500.0])),
        grid_factor_index=draw(st.sampled_from([(), ((2027, 0.9), (2035, 0.5))])),
    )


@settings(max_examples=40, deadline=None)
@given(decomposable_plans())
def test_sweep_by_end_use_matches_the_pathway_milp(plan: PlanInput) -> None:
    options = price_sweep(plan, [0.0, 100.0, 1000.0], time_limit_s=10, mip_rel_gap=0)
    assert_option_costs_are_the_pathway_npv(plan, options)
    assert len({o.adoptions for o in options}) == len(options)


@st.composite
def districts(draw: st.DrawFn) -> tuple[dict[str, list[EnterpriseOption]], dict[int, float]]:
    years = draw(st.sampled_from([(2030,), (2030, 2035)]))
    options: dict[str, list[EnterpriseOption]] = {}
    for e in range(draw(st.integers(1, 4))):
        base = [draw(st.integers(0, 100)) for _ in years]
        mine = [EnterpriseOption(0.0, dict(zip(years, map(float, base), strict=True)))]
        for _ in range(draw(st.integers(0, 2))):
            cost = float(draw(st.integers(-50, 200)))
            em = [float(draw(st.integers(0, 100))) for _ in years]
            mine.append(EnterpriseOption(cost, dict(zip(years, em, strict=True))))
        options[f"E{e}"] = mine
    caps = {y: float(draw(st.integers(0, 300))) for y in years}
    return options, caps


@settings(max_examples=80, deadline=None)
@given(districts())
def test_selection_matches_brute_force(
    case: tuple[dict[str, list[EnterpriseOption]], dict[int, float]],
) -> None:
    options, caps = case
    names = list(options)
    best: tuple[float, float] | None = None
    for pick in itertools.product(*(range(len(options[n])) for n in names)):
        chosen = [options[n][k] for n, k in zip(names, pick, strict=True)]
        short = sum(
            max(0.0, sum(o.emissions_t[y] for o in chosen) - cap) for y, cap in caps.items()
        )
        key = (short, sum(o.cost_yuan for o in chosen))
        best = key if best is None or key < best else best
    assert best is not None
    result = district_selection(options, caps, mip_rel_gap=0.0)
    chosen = [options[n][result.chosen[n]] for n in names]
    assert sum(result.shortfall_t.values()) == pytest.approx(best[0], abs=1e-6)
    assert result.cost_yuan == pytest.approx(best[1], abs=1e-6)
    assert result.cost_yuan == pytest.approx(sum(o.cost_yuan for o in chosen), abs=1e-9)
    assert result.status == ("infeasible" if best[0] > 0 else "optimal")
    for y in caps:
        assert result.emissions_t[y] == pytest.approx(sum(o.emissions_t[y] for o in chosen))
        assert result.relaxation_cost_yuan <= result.cost_yuan + 1e-6
        assert result.shadow_price_yuan_per_t[y] >= 0.0
