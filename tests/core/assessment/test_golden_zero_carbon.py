"""Golden cases, computed by hand: zero-carbon data centre, park and factories."""

from __future__ import annotations

import pytest

from tests.core.assessment.helpers import score

DC = {
    "pue": 1.2,
    "it_load_utilisation": 0.75,
    "actual_meets_design": True,
    "renewable_electricity_share": 1.0,
    "wue": 0.4,
    "ghg_tco2e": 5000.0,
    "offset_tco2e": 5000.0,
    "third_party_inventory": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
}


def test_zero_carbon_data_center_passing_reaches_the_benchmark_tier():
    # PUE 1.2: 80 - 20 x 1.2 = 56; IT load 0.75 >= 0.7: 3; actual vs design: 3
    # renewable 1.0 = leading: 12; WUE 0.4 = leading: 10; offsets 5000/5000 = 1: 12
    # total 56 + 3 + 3 + 12 + 10 + 12 = 96 >= 80 and fully offset: benchmark
    result = score("zero_carbon_data_center/t-seesa-013", DC)
    assert result.total_points == pytest.approx(96)
    assert result.level == "benchmark"
    pue = result.indicators[0]
    assert pue.points == pytest.approx(56)
    assert [t.confirmed for t in pue.thresholds] == [True]


@pytest.mark.parametrize(
    ("pue", "hub_node", "passed", "explanation"),
    [
        # 发改高技〔2021〕1742号 words the limits "1.3以下" and "1.25以下": 以下 includes the number
        # itself (Civil Code art. 1259), so a centre at exactly the limit meets it.
        (1.3, False, True, "pue 1.3 ≤ 1.3 (1.3以下, inclusive)"),
        (1.29, False, True, "pue 1.29 ≤ 1.3 (1.3以下, inclusive)"),
        (1.31, False, False, "pue 1.31 > 1.3 (1.3以下, inclusive)"),
        (1.25, True, True, "pue 1.25 ≤ 1.25 (1.25以下, inclusive)"),
        (1.24, True, True, "pue 1.24 ≤ 1.25 (1.25以下, inclusive)"),
        (1.26, True, False, "pue 1.26 > 1.25 (1.25以下, inclusive)"),
        (1.3, True, False, "pue 1.3 > 1.25 (1.25以下, inclusive)"),
    ],
)
def test_zero_carbon_data_center_pue_limit_at_its_boundaries(pue, hub_node, passed, explanation):
    result = score("zero_carbon_data_center/t-seesa-013", {**DC, "pue": pue, "hub_node": hub_node})
    requirement = next(r for r in result.requirements if r.id == "pue_limit")
    assert requirement.passed is passed
    assert result.basic_requirements_met is passed
    assert requirement.explanation == explanation
    if not passed:
        assert result.level is None
    assert [(t.path, t.value, t.limit, t.bound, t.wording) for t in requirement.thresholds] == [
        ("constants.pue_limit_hub", 1.25, "max", "inclusive", "1.25以下"),
        ("constants.pue_limit_large", 1.3, "max", "inclusive", "1.3以下"),
    ]


def test_zero_carbon_data_center_pue_exactly_at_the_limit_scores_and_reaches_a_tier():
    # PUE 1.3 meets "1.3以下": 80 - 20 x 1.3 = 54; + 3 + 3 + 12 + 10 + 12 = 94, fully offset
    result = score("zero_carbon_data_center/t-seesa-013", {**DC, "pue": 1.3})
    assert result.basic_requirements_met
    assert result.total_points == pytest.approx(94)
    assert result.level == "benchmark"


@pytest.mark.parametrize(
    ("utilisation", "points"),
    [(0.7, 3), (0.6999, 2), (0.7001, 3), (0.5, 2), (0.4999, 1), (0.3, 1), (0.2999, 0)],
)
def test_zero_carbon_data_center_it_load_steps_include_their_bound(utilisation, points):
    result = score(
        "zero_carbon_data_center/t-seesa-013", {**DC, "it_load_utilisation": utilisation}
    )
    it_load = next(i for i in result.indicators if i.id == "it_load")
    assert it_load.points == pytest.approx(points)


def test_zero_carbon_data_center_borderline_at_the_benchmark_mark():
    inputs = {
        **DC,
        "pue": 1.25,  # 80 - 25 = 55
        "it_load_utilisation": 0.5,  # >= 0.5: 2
        "renewable_electricity_share": 0.3,  # at the benchmark: 0
        "wue": 0.64,  # (1.6 - 0.64) / (1.6 - 0.4) = 0.8 x 10 = 8
    }
    # 55 + 2 + 3 + 0 + 8 + 12 = 80 = the benchmark tier's mark
    result = score("zero_carbon_data_center/t-seesa-013", inputs)
    assert result.total_points == pytest.approx(80)
    assert result.level == "benchmark"
    # offsets 4000/5000 = 0.8 x 12 = 9.6 -> 77.6 and not fully offset: creating only
    partial = score("zero_carbon_data_center/t-seesa-013", {**inputs, "offset_tco2e": 4000.0})
    assert partial.total_points == pytest.approx(77.6)
    assert partial.level == "creating"


PARK = {
    "tco2e_per_tce": 0.15,
    "energy_tce": 500_000.0,
    "clean_energy_share": 0.9,
    "products_at_advanced_level": True,
    "solid_waste_utilisation": 0.95,
    "waste_heat_utilisation": 0.9,
    "water_reuse_rate": 0.95,
    "construction_plan": True,
}


def test_zero_carbon_park_passing():
    # core 0.15 <= 0.2 (below the large-park band); guiding indicators all at leading: 100
    result = score("zero_carbon_park/2025", PARK)
    assert result.total_points == pytest.approx(100)
    assert result.level == "zero_carbon_park"


def test_zero_carbon_park_failing_the_core_indicator():
    result = score("zero_carbon_park/2025", {**PARK, "tco2e_per_tce": 0.25})
    assert result.level is None
    assert [r.id for r in result.requirements if not r.passed] == ["core_indicator"]


def test_zero_carbon_park_borderline_on_the_size_band():
    # 1,000,000 tce is in the large band: 0.3 <= 0.3 passes
    at = score("zero_carbon_park/2025", {**PARK, "tco2e_per_tce": 0.3, "energy_tce": 1e6})
    assert at.level == "zero_carbon_park"
    # one tce less: the 0.2 limit applies and 0.3 fails
    below = score("zero_carbon_park/2025", {**PARK, "tco2e_per_tce": 0.3, "energy_tce": 999_999})
    assert below.level is None


@pytest.mark.parametrize(
    ("intensity", "energy", "passed", "explanation"),
    [
        # the core limits' wording was not read: inclusive assumed (marked "wording not
        # confirmed"); at, just above and just below each band's limit
        (0.2, 500_000.0, True, "tco2e_per_tce 0.2 ≤ 0.2 (wording not confirmed, inclusive)"),
        (0.2001, 500_000.0, False, "tco2e_per_tce 0.2001 > 0.2 (wording not confirmed, inclusive)"),
        (0.1999, 500_000.0, True, "tco2e_per_tce 0.1999 ≤ 0.2 (wording not confirmed, inclusive)"),
        (0.3, 1e6, True, "tco2e_per_tce 0.3 ≤ 0.3 (wording not confirmed, inclusive)"),
        (0.3001, 1e6, False, "tco2e_per_tce 0.3001 > 0.3 (wording not confirmed, inclusive)"),
    ],
)
def test_zero_carbon_park_core_limit_at_its_boundaries(intensity, energy, passed, explanation):
    result = score(
        "zero_carbon_park/2025", {**PARK, "tco2e_per_tce": intensity, "energy_tce": energy}
    )
    core = next(r for r in result.requirements if r.id == "core_indicator")
    assert core.passed is passed
    assert explanation in core.explanation


def test_zero_carbon_park_guiding_indicators_inform_but_do_not_decide():
    # clean energy 0.90 meets the 90 % target: 5 x 20 = 100; 0.89 misses it: 80, still recognised
    at = score("zero_carbon_park/2025", {**PARK, "clean_energy_share": 0.9})
    assert at.total_points == pytest.approx(100)
    below = score("zero_carbon_park/2025", {**PARK, "clean_energy_share": 0.89})
    assert below.total_points == pytest.approx(80)
    assert below.level == "zero_carbon_park"


SH = {
    "registered_in_shanghai": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
    "third_party_inventory": True,
    "tco2e_per_wan_yuan": 0.1,
    "renewable_electricity_share": 0.8,
    "ghg_tco2e": 2000.0,
    "offset_tco2e": 2000.0,
    "energy_management_system": True,
}


def test_zero_carbon_factory_shanghai_passing():
    # intensity 0.1 = leading: 30; renewable 0.8 = leading: 30; offset 1: 30; system: 10
    result = score("zero_carbon_factory_shanghai/t-seesa-009", SH)
    assert result.total_points == pytest.approx(100)
    assert result.level == "benchmark"


def test_zero_carbon_factory_shanghai_failing_without_a_third_party_inventory():
    result = score(
        "zero_carbon_factory_shanghai/t-seesa-009", {**SH, "third_party_inventory": False}
    )
    assert result.level is None


def test_zero_carbon_factory_shanghai_borderline_at_the_creating_mark():
    inputs = {
        **SH,
        "tco2e_per_wan_yuan": 0.3,  # (0.5 - 0.3) / 0.4 = 0.5 x 30 = 15
        "renewable_electricity_share": 0.5,  # (0.5 - 0.2) / 0.6 = 0.5 x 30 = 15
        "energy_management_system": False,  # 0
    }
    # 15 + 15 + 30 + 0 = 60 = the creating tier's mark
    result = score("zero_carbon_factory_shanghai/t-seesa-009", inputs)
    assert result.total_points == pytest.approx(60)
    assert result.level == "creating"


CECA = {
    "third_party_inventory": True,
    "legal_compliance": True,
    "ghg_tco2e": 1000.0,
    "reduction_vs_base_year": 0.5,
    "renewable_electricity_share": 1.0,
    "offset_tco2e": 1000.0,
}


def test_zero_carbon_factory_ceca_type_i_passing():
    # reduction 0.5 = leading: 40; renewable 1.0: 40; offset 1000/1000: 20 -> 100: three stars
    result = score("zero_carbon_factory_ceca/2022-type-i", CECA)
    assert result.total_points == pytest.approx(100)
    assert result.level == "three_star"


def test_zero_carbon_factory_ceca_type_i_failing_a_basic_requirement():
    result = score("zero_carbon_factory_ceca/2022-type-i", {**CECA, "legal_compliance": False})
    assert result.level is None


def test_zero_carbon_factory_ceca_type_i_borderline_one_star():
    inputs = {**CECA, "reduction_vs_base_year": 0.25, "renewable_electricity_share": 0.6}
    # reduction 0.25/0.5 x 40 = 20; renewable (0.6-0.2)/0.8 x 40 = 20; offset 20 -> 60: one star
    result = score("zero_carbon_factory_ceca/2022-type-i", inputs)
    assert result.total_points == pytest.approx(60)
    assert result.level == "one_star"


def test_zero_carbon_factory_ceca_type_ii_counts_scope_3_in_the_boundary():
    inputs = {**CECA, "scope3_tco2e": 500.0}
    # offset 1000 of 1500: 2/3 x 20 = 13.333; total 93.333 but not fully offset: no star
    partial = score("zero_carbon_factory_ceca/2022-type-ii", inputs)
    assert partial.total_points == pytest.approx(93.3333, abs=1e-4)
    assert partial.level == "not_recognised"
    full = score("zero_carbon_factory_ceca/2022-type-ii", {**inputs, "offset_tco2e": 1500.0})
    assert full.total_points == pytest.approx(100)
    assert full.level == "three_star"
    failing = score(
        "zero_carbon_factory_ceca/2022-type-ii", {**inputs, "third_party_inventory": False}
    )
    assert failing.level is None


SH_PARK = {
    "registered_in_shanghai": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
    "third_party_inventory": True,
    "tco2e_per_tce": 0.2,
    "clean_energy_share": 0.9,
    "ghg_tco2e": 80_000.0,
    "offset_tco2e": 80_000.0,
    "energy_carbon_platform": True,
}


def test_zero_carbon_park_shanghai_passing():
    # carbon 0.2 = leading: 30; clean 0.9 = leading: 30; offsets full: 30; platform: 10 -> 100
    result = score("zero_carbon_park/t-seesa-010", SH_PARK)
    assert result.total_points == pytest.approx(100)
    assert result.level == "benchmark"


def test_zero_carbon_park_shanghai_failing_without_a_zero_carbon_plan():
    result = score("zero_carbon_park/t-seesa-010", {**SH_PARK, "zero_carbon_plan": False})
    assert result.level is None


def test_zero_carbon_park_shanghai_borderline_at_the_benchmark_mark_needs_full_offsets():
    # carbon 1.1: (2.0 - 1.1) / 1.8 = 0.5 x 30 = 15; clean 0.75: 0.45 / 0.6 = 0.75 x 30 = 22.5
    # offsets 1: 30; platform 10 -> 77.5; clean 0.8: 0.5/0.6 x 30 = 25 -> 80 = benchmark mark
    inputs = {**SH_PARK, "tco2e_per_tce": 1.1, "clean_energy_share": 0.8}
    result = score("zero_carbon_park/t-seesa-010", inputs)
    assert result.total_points == pytest.approx(80)
    assert result.level == "benchmark"
    lower = score("zero_carbon_park/t-seesa-010", {**inputs, "clean_energy_share": 0.75})
    assert lower.total_points == pytest.approx(77.5)
    assert lower.level == "creating"
