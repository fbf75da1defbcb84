"""Golden cases, computed by hand: green factory (2025, 2018), green park, green supply chain.

Each rule set has a passing application, one failing a basic requirement, and a borderline one
at a level boundary. The thresholds are the shipped values (most unconfirmed and configurable).
"""

from __future__ import annotations

import pytest

from greenledger.core.assessment import load_ruleset
from tests.core.assessment.helpers import score

FACTORY_2025 = {
    "tce_per_wan_yuan": 0.3,
    "tco2e_per_wan_yuan": 0.6,
    "renewable_electricity_share": 0.3,
    "water_reuse_rate": 0.9,
    "solid_waste_utilisation": 0.95,
    "land_output_wan_yuan_per_ha": 9000,
    "legal_compliance": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "energy_metering": True,
    "cleaner_production_audit": True,
    "pollutants_within_limits": True,
    "green_design_products": True,
}


def test_green_factory_2025_passing():
    result = score("green_factory/2025", FACTORY_2025)
    # energy 0.3 between 0.5 and 0.1: (0.5-0.3)/(0.5-0.1) = 0.5 x 15 = 7.5
    # carbon 0.6 between 1.0 and 0.2: 0.5 x 15 = 7.5; renewable 0.3 in 0.1..0.5: 0.5 x 10 = 5
    # water 0.9 in 0.8..0.95: 2/3 x 10 = 6.667; waste 0.95 = leading: 10
    # cleaner production 15, green products 15; land 9000 in 3000..15000: 0.5 x 10 = 5
    # total 7.5 + 7.5 + 5 + 6.667 + 10 + 15 + 15 + 5 = 71.667 >= 60: green factory
    assert result.total_points == pytest.approx(71.6667, abs=1e-4)
    assert result.level == "green_factory"
    energy = result.indicators[0]
    assert (energy.value, energy.points, energy.weight) == (0.3, 7.5, 15)
    assert energy.input_sources == {"tce_per_wan_yuan": "application"}
    assert {t.path for t in energy.thresholds} >= {"indicators.energy_intensity.benchmark"}
    assert all(not t.confirmed for t in energy.thresholds)


def test_green_factory_2025_failing_a_basic_requirement_has_no_level():
    result = score("green_factory/2025", {**FACTORY_2025, "legal_compliance": False})
    # the indicators still score 71.667, but a failed basic requirement blocks every level
    assert result.total_points == pytest.approx(71.6667, abs=1e-4)
    assert not result.basic_requirements_met
    assert result.level is None
    assert [r.id for r in result.requirements if not r.passed] == ["legal_compliance"]


def test_green_factory_2025_required_evidence_missing_fails_the_requirement():
    result = score("green_factory/2025", FACTORY_2025, without_evidence=("no_major_incident",))
    failed = [r for r in result.requirements if not r.passed]
    assert [(r.id, r.note) for r in failed] == [
        ("no_major_incident", "the required evidence was not provided")
    ]
    assert result.level is None


def test_green_factory_2025_borderline_exactly_at_the_pass_mark():
    inputs = {
        **FACTORY_2025,
        "water_reuse_rate": 0.8,  # at the benchmark: 0
        "solid_waste_utilisation": 0.7,  # at the benchmark: 0
        "land_output_wan_yuan_per_ha": 15000,  # at the leading value: 10
    }
    # 7.5 + 7.5 + 5 + 0 + 0 + 15 + 15 + 10 = 60 = the pass mark
    result = score("green_factory/2025", inputs)
    assert result.total_points == pytest.approx(60)
    assert result.level == "green_factory"
    # renewable 0.29: (0.29-0.1)/0.4 x 10 = 4.75 -> 59.75, just below
    below = score("green_factory/2025", {**inputs, "renewable_electricity_share": 0.29})
    assert below.total_points == pytest.approx(59.75)
    assert below.level == "not_recognised"


def test_green_factory_2025_a_call_may_override_a_configurable_pass_mark():
    result = score(
        "green_factory/2025", FACTORY_2025, thresholds={"levels.green_factory.min": 75.0}
    )
    assert result.level == "not_recognised"
    assert result.overridden_thresholds == ("levels.green_factory.min",)


FACTORY_2018 = {
    "legal_compliance": True,
    "no_major_incident_3y": True,
    "management_responsibility": True,
    **{
        f"{aspect}_percent": 80.0
        for aspect in (
            "infrastructure",
            "management_system",
            "energy_resource_input",
            "products",
            "environmental_emissions",
            "performance",
        )
    },
}


def test_green_factory_2018_passing():
    # every aspect at 80 %: 0.8 x (20 + 15 + 15 + 10 + 10 + 30) = 80
    result = score("green_factory/2018", FACTORY_2018)
    assert result.total_points == pytest.approx(80)
    assert result.level == "green_factory"
    assert result.status == "superseded"


def test_green_factory_2018_failing_a_basic_requirement():
    result = score("green_factory/2018", {**FACTORY_2018, "no_major_incident_3y": False})
    assert result.level is None


def test_green_factory_2018_borderline_at_sixty():
    inputs = {k: (60.0 if k.endswith("_percent") else v) for k, v in FACTORY_2018.items()}
    # 0.6 x 100 = 60 = the pass mark
    result = score("green_factory/2018", inputs)
    assert result.total_points == pytest.approx(60)
    assert result.level == "green_factory"
    # performance 59 %: 60 - 0.01 x 30 = 59.7
    below = score("green_factory/2018", {**inputs, "performance_percent": 59.0})
    assert below.total_points == pytest.approx(59.7)
    assert below.level == "not_recognised"


PARK_BASIC = {
    "laws_applied": True,
    "no_major_pollution_3y": True,
    "environment_quality_met": True,
    "key_enterprises_audited": True,
    "no_obsolete_technology": True,
    "dedicated_body": True,
}
PARK_AT_LEADING = {
    **PARK_BASIC,
    "tce_per_wan_yuan": 0.5,  # energy output 1 / 0.5 = 2 = leading
    "renewable_energy_share": 0.15,
    "clean_energy_share": 0.75,
    "water_output_yuan_per_m3": 1500,
    "land_output_yi_yuan_per_km2": 150,
    "solid_waste_utilisation": 0.95,
    "water_reuse_rate": 0.9,
    "reclaimed_water_rate": 0.3,
    "infrastructure_rating": 1.0,
    "industry_rating": 1.0,
    "ecology_rating": 1.0,
    "management_rating": 1.0,
}


def test_green_park_passing_at_every_leading_value():
    # every index 1 (capped at 1): the green index is the sum of the weights, 100
    result = score("green_park/2016", {**PARK_AT_LEADING, "renewable_energy_share": 0.3})
    assert result.total_points == pytest.approx(100)
    assert result.level == "green_park"
    renewable = next(i for i in result.indicators if i.id == "eg2_renewable_share")
    assert "capped at 1" in renewable.explanation


def test_green_park_failing_a_basic_requirement():
    result = score("green_park/2016", {**PARK_AT_LEADING, "dedicated_body": False})
    assert result.level is None


def test_green_park_borderline_every_index_at_four_fifths():
    inputs = {
        **PARK_BASIC,
        "tce_per_wan_yuan": 0.625,  # 1 / 0.625 = 1.6 = 0.8 x 2
        "renewable_energy_share": 0.12,
        "clean_energy_share": 0.6,
        "water_output_yuan_per_m3": 1200,
        "land_output_yi_yuan_per_km2": 120,
        "solid_waste_utilisation": 0.76,
        "water_reuse_rate": 0.72,
        "reclaimed_water_rate": 0.24,
        "infrastructure_rating": 0.8,
        "industry_rating": 0.8,
        "ecology_rating": 0.8,
        "management_rating": 0.8,
    }
    # every index 0.8: 0.8 x 100 = 80 = the pass mark
    result = score("green_park/2016", inputs)
    assert result.total_points == pytest.approx(80)
    assert result.level == "green_park"
    # management 0.7: 80 - 0.1 x 7 = 79.3
    below = score("green_park/2016", {**inputs, "management_rating": 0.7})
    assert below.total_points == pytest.approx(79.3)
    assert below.level == "not_recognised"


def supply_chain(share: float) -> dict[str, float | bool]:
    ruleset = load_ruleset("green_supply_chain/2016")
    inputs: dict[str, float | bool] = {
        name: share for name, spec in ruleset.inputs.items() if spec.kind == "number"
    }
    inputs["legal_compliance"] = True
    return inputs


def test_green_supply_chain_passing():
    # every item at its maximum: 8+6+6 + 4+3+3+3+3+4 + 10+10 + 5+5+5+5 + 10 + 4 x 2.5 = 100
    result = score("green_supply_chain/2016", supply_chain(1.0))
    assert result.total_points == pytest.approx(100)
    assert result.points_by_group == pytest.approx(
        {
            "strategy": 20,
            "suppliers": 20,
            "production": 20,
            "recycling": 20,
            "platform": 10,
            "disclosure": 10,
        }
    )
    assert result.level == "green_supply_chain"


def test_green_supply_chain_failing_a_basic_requirement():
    result = score("green_supply_chain/2016", {**supply_chain(1.0), "legal_compliance": False})
    assert result.level is None


def test_green_supply_chain_borderline_at_sixty_and_quantitative_items_need_evidence():
    # every item at 60 % of its maximum: 0.6 x 100 = 60 = the pass mark
    result = score("green_supply_chain/2016", supply_chain(0.6))
    assert result.total_points == pytest.approx(60)
    assert result.level == "green_supply_chain"
    # without evidence the product recovery rate (X41, 5 points) earns 0: 60 - 0.6 x 5 = 57
    below = score(
        "green_supply_chain/2016", supply_chain(0.6), without_evidence=("product_recovery_rate",)
    )
    assert below.total_points == pytest.approx(57)
    assert below.level == "not_recognised"
