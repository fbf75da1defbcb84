"""Golden cases, computed by hand: green design product framework and two categories."""

from __future__ import annotations

import pytest

from tests.core.assessment.helpers import score

BASIC = {"legal_compliance": True, "management_systems": True, "lca_report": True}
FRAMEWORK = {
    **BASIC,
    "resource_indicators_met": True,
    "energy_indicators_met": True,
    "environment_indicators_met": True,
    "product_indicators_met": True,
}


def test_framework_passing_when_every_attribute_is_met():
    result = score("green_design_product/gbt32161-2015", FRAMEWORK)
    assert (result.total_points, result.level) == (4, "green_design_product")


def test_framework_failing_without_a_life_cycle_assessment_report():
    result = score("green_design_product/gbt32161-2015", {**FRAMEWORK, "lca_report": False})
    assert result.level is None


def test_framework_borderline_three_of_four_attributes_is_not_enough():
    result = score(
        "green_design_product/gbt32161-2015", {**FRAMEWORK, "energy_indicators_met": False}
    )
    assert (result.total_points, result.level) == (3, "not_recognised")


AC = {
    **BASIC,
    "energy_grade": 1,
    "refrigerant_gwp": 675,
    "recyclability_rate": 0.8,
    "restricted_substances_ok": True,
}


def test_room_air_conditioner_passing():
    result = score("green_design_product/room-air-conditioner", AC)
    assert (result.total_points, result.level) == (4, "green_design_product")


def test_room_air_conditioner_failing_a_basic_requirement():
    result = score("green_design_product/room-air-conditioner", {**AC, "legal_compliance": False})
    assert result.level is None


def test_room_air_conditioner_borderline_at_every_limit():
    # GWP 750 <= 750 and recyclability 0.75 >= 0.75: both met, 4 of 4
    at = score(
        "green_design_product/room-air-conditioner",
        {**AC, "refrigerant_gwp": 750, "recyclability_rate": 0.75},
    )
    assert (at.total_points, at.level) == (4, "green_design_product")
    # grade 2 is worse than the required grade 1: 3 of 4
    worse = score("green_design_product/room-air-conditioner", {**AC, "energy_grade": 2})
    assert (worse.total_points, worse.level) == (3, "not_recognised")


PAPER = {
    **BASIC,
    "water_m3_per_t": 15,
    "tce_per_product": 0.35,
    "no_fluorescent_whitening": True,
    "tco2e_per_product": 1.2,
    "quality_grade_met": True,
}


def test_tissue_paper_passing():
    result = score("green_design_product/tissue-paper-2024", PAPER)
    assert (result.total_points, result.level) == (5, "green_design_product")


def test_tissue_paper_failing_a_basic_requirement():
    result = score("green_design_product/tissue-paper-2024", {**PAPER, "management_systems": False})
    assert result.level is None


def test_tissue_paper_borderline_at_the_limits_and_just_above():
    at = score(
        "green_design_product/tissue-paper-2024",
        {**PAPER, "water_m3_per_t": 20, "tce_per_product": 0.4, "tco2e_per_product": 1.5},
    )
    assert (at.total_points, at.level) == (5, "green_design_product")
    above = score("green_design_product/tissue-paper-2024", {**PAPER, "water_m3_per_t": 20.01})
    assert above.total_points == pytest.approx(4)
    assert above.level == "not_recognised"
