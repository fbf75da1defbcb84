"""Carbon budgets for three enterprises by hand, cap scaling and gaps, refusals, alerts, and
the key energy-consuming unit boundary."""

from __future__ import annotations

import pytest

from greenledger.core.errors import InputError
from greenledger.core.progress.budgets import (
    AllocationMethod,
    EnterpriseData,
    allocate_budgets,
    budget_alerts,
)
from greenledger.core.progress.keyunits import classify_key_unit, load_key_unit_thresholds

# Base year 2020 emissions (t CO2) and 2023 output value (10^4 yuan).
A = EnterpriseData("A Steel", 10_000.0, {2023: 16_000.0})
B = EnterpriseData("B Chemicals", 5_000.0, {2023: 12_000.0})
C = EnterpriseData("C Electronics", 2_000.0, {2023: 2_000.0})
THREE = [A, B, C]
GRANDFATHERING = AllocationMethod("grandfathering", 2020, reduction_rate=0.04)
BENCHMARK = AllocationMethod("benchmark", 2020, benchmark={2023: 0.5})
MIXED = AllocationMethod("mixed", 2020, reduction_rate=0.04, benchmark={2023: 0.5}, weight=0.5)


def test_grandfathering_by_hand() -> None:
    result = allocate_budgets(THREE, [2023], GRANDFATHERING)
    # (1 - 0.04) ** 3 = 0.96 ** 3 = 0.884736
    assert result.budget("A Steel", 2023) == pytest.approx(8_847.36)  # 10,000 x 0.884736
    assert result.budget("B Chemicals", 2023) == pytest.approx(4_423.68)  # 5,000 x 0.884736
    assert result.budget("C Electronics", 2023) == pytest.approx(1_769.472)  # 2,000 x 0.884736
    assert result.totals[2023] == pytest.approx(15_040.512)
    assert result.complete and result.gaps == {} and not result.scaled


def test_benchmark_by_hand() -> None:
    result = allocate_budgets(THREE, [2023], BENCHMARK)
    # 0.5 t per 10^4 yuan x output: 16,000 -> 8,000; 12,000 -> 6,000; 2,000 -> 1,000
    assert [b.budget_t for b in result.budgets] == [8_000.0, 6_000.0, 1_000.0]
    assert result.totals[2023] == 15_000.0


def test_weighted_mix_by_hand() -> None:
    result = allocate_budgets(THREE, [2023], MIXED)
    # 0.5 x grandfathered + 0.5 x benchmark
    assert result.budget("A Steel", 2023) == pytest.approx(8_423.68)  # (8,847.36 + 8,000) / 2
    assert result.budget("B Chemicals", 2023) == pytest.approx(5_211.84)  # (4,423.68 + 6,000) / 2
    assert result.budget("C Electronics", 2023) == pytest.approx(1_384.736)  # (1,769.472+1,000)/2
    assert result.totals[2023] == pytest.approx(15_020.256)
    # a weight of 1 is pure grandfathering
    pure = allocate_budgets(THREE, [2023], AllocationMethod("mixed", 2020, 0.04, {2023: 0.5}, 1.0))
    assert pure.totals[2023] == pytest.approx(15_040.512)


def test_budgets_above_the_cap_are_flagged_with_the_gap_when_not_scaled() -> None:
    result = allocate_budgets(THREE, [2023], GRANDFATHERING, {2023: 14_000.0})
    # gap = 14,000 - 15,040.512 = -1,040.512
    assert result.gaps[2023] == pytest.approx(-1_040.512)
    assert not result.complete
    (problem,) = result.problems
    assert problem.message.code == "budget.exceeds_cap"
    assert problem.message.params == {
        "year": 2023,
        "total": 15_040.512,
        "excess": 1_040.512,
        "cap": 14_000.0,
    }
    # under the cap: the headroom is reported, nothing flagged
    roomy = allocate_budgets(THREE, [2023], BENCHMARK, {2023: 16_000.0})
    assert roomy.gaps[2023] == 1_000.0 and roomy.complete


def test_budgets_scaled_to_the_cap_by_hand() -> None:
    result = allocate_budgets(THREE, [2023], GRANDFATHERING, {2023: 14_000.0}, scale_to_cap=True)
    factor = 14_000.0 / 15_040.512  # = 0.9308194
    assert factor == pytest.approx(0.9308194, abs=1e-7)
    assert result.budget("A Steel", 2023) == pytest.approx(8_235.29, abs=0.01)  # 8,847.36 - 612.07
    assert result.budget("B Chemicals", 2023) == pytest.approx(4_117.65, abs=0.01)
    assert result.budget("C Electronics", 2023) == pytest.approx(1_647.06, abs=0.01)
    assert result.totals[2023] == pytest.approx(14_000.0)
    assert result.gaps[2023] == pytest.approx(0.0, abs=1e-9)
    assert result.scaled and result.complete
    assert [b.scale for b in result.budgets] == pytest.approx([factor] * 3)


def test_an_enterprise_lacking_base_year_data_is_left_out_and_named() -> None:
    newcomer = EnterpriseData("D Newcomer", None, {2023: 4_000.0})
    result = allocate_budgets([*THREE, newcomer], [2023], GRANDFATHERING)
    assert result.excluded == ("D Newcomer",)
    (problem,) = result.problems
    assert problem.message.code == "budget.missing_base"
    assert problem.message.params == {
        "enterprise": "D Newcomer",
        "year": 2020,
        "method": "grandfathering",
    }
    assert "D Newcomer: no base-year (2020) emissions" in problem.reason
    assert result.totals[2023] == pytest.approx(15_040.512)  # the other three only
    # the benchmark method needs no base year, but the year's output value
    result = allocate_budgets([newcomer, EnterpriseData("E", 1.0, {})], [2023], BENCHMARK)
    assert result.excluded == ("E",)
    assert [p.message.params for p in result.problems] == [
        {"enterprise": "E", "year": 2023, "method": "benchmark"}
    ]
    assert result.budget("D Newcomer", 2023) == 2_000.0  # 0.5 x 4,000


def test_invalid_methods_are_refused_with_every_problem() -> None:
    bad = AllocationMethod("mixed", 2020, reduction_rate=1.2, benchmark={}, weight=1.5)
    with pytest.raises(InputError) as error:
        allocate_budgets(THREE, [2019, 2023], bad, {2019: 1.0})
    assert sorted(p.message.code for p in error.value.problems) == [
        "budget.bad_parameter",
        "budget.bad_parameter",
        "budget.missing_benchmark",
        "budget.missing_cap",
        "progress.target.year_before_base",
    ]
    with pytest.raises(InputError) as error:
        allocate_budgets(THREE, [2023], GRANDFATHERING, scale_to_cap=True)
    assert [p.message.code for p in error.value.problems] == ["budget.missing_cap"]


def test_alerts_over_budget_and_over_trajectory_largest_first() -> None:
    result = allocate_budgets(THREE, [2023], GRANDFATHERING)
    verified = {("A Steel", 2023): 9_000.0, ("B Chemicals", 2023): 4_000.0}
    alerts = budget_alerts(result.budgets, verified, {"A Steel": {2023: 8_900.0}})
    # A: 9,000 - 8,847.36 = 152.64 over budget; 9,000 - 8,900 = 100 over trajectory; B is under
    assert [(a.enterprise, a.kind) for a in alerts] == [
        ("A Steel", "over budget"),
        ("A Steel", "over trajectory"),
    ]
    assert alerts[0].excess_t == pytest.approx(152.64)
    assert alerts[0].excess_fraction == pytest.approx(152.64 / 8_847.36)
    assert alerts[1].excess_t == 100.0
    # exactly at the budget (8,847.36, which the float computation gives as 8,847.359999...)
    assert budget_alerts(result.budgets, {("A Steel", 2023): 8_847.36}) == ()
    assert len(budget_alerts(result.budgets, {("A Steel", 2023): 8_847.37})) == 1


def test_key_energy_unit_boundary_is_inclusive() -> None:
    limits = load_key_unit_thresholds()
    assert (limits.key_unit_min_tce, limits.designated_min_tce) == (10_000.0, 5_000.0)
    assert limits.source.title == "重点用能单位节能管理办法" and not limits.confirmed
    assert classify_key_unit("A", 2023, 10_000.0).status == "key unit"  # 以上 includes 10,000
    assert classify_key_unit("A", 2023, 9_999.99).status == "designatable"
    assert classify_key_unit("A", 2023, 9_999.99, designated=True).is_key
    assert classify_key_unit("A", 2023, 5_000.0, designated=True).status == "designated key unit"
    assert classify_key_unit("A", 2023, 4_999.99, designated=True).status == "not key"
    with pytest.raises(InputError) as error:
        classify_key_unit("A Steel", 2023, -1.0)
    assert error.value.problems[0].reason == (
        "A Steel 2023: the energy consumption -1.0 tce is negative"
    )
