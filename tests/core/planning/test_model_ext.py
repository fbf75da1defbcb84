"""The plan file's issue-11 extensions: electricity part of an end use and the grid factor
index, intensity targets on the output value, measures cutting emissions only, per-year budget
and roll-out limit; each refused with the field when wrong."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from greenledger.core.planning import EndUse, Target, load_plan
from tests.core.planning.test_model import plan_data, problems


def extended() -> dict[str, Any]:
    data = plan_data()
    data["baseline"]["output_wan_yuan"] = 5000
    data["baseline"]["end_uses"]["motors"]["electricity_emissions_t"] = 1000
    data["grid_factor_index"] = {"2030": 0.7, "2028": 0.9}
    data["annual_budget_yuan"] = 600_000
    data["max_adoptions_per_year"] = 2
    data["targets"] = [
        {"year": 2028, "max_emissions_t": 3800},
        {"year": 2030, "max_intensity_t_per_wan_yuan": 0.8},
        {"year": 2032, "max_emissions_t": 3500, "max_intensity_t_per_wan_yuan": 0.8},
    ]
    data["measures"][0]["effect"] = "emissions"
    return data


def test_the_new_keys_load() -> None:
    plan = load_plan(extended())
    assert plan.output_wan_yuan == 5000.0
    assert plan.end_use("motors") == EndUse("motors", 500.0, 1400.0, 1000.0)
    assert plan.end_use("steam").electricity_emissions_t == 0.0
    assert plan.grid_factor_index == ((2028, 0.9), (2030, 0.7))
    assert (plan.annual_budget_yuan, plan.max_adoptions_per_year) == (600_000.0, 2)
    assert plan.targets == (
        Target(2028, 3800.0),
        Target(2030, None, 0.8),
        Target(2032, 3500.0, 0.8),
    )
    assert [m.effect for m in plan.measures] == ["emissions", "energy", "energy"]


def test_defaults_leave_an_issue_plan_unchanged() -> None:
    plan = load_plan(plan_data())
    assert (plan.output_wan_yuan, plan.grid_factor_index) == (None, ())
    assert (plan.annual_budget_yuan, plan.max_adoptions_per_year) == (None, None)
    assert plan.grid_index(2050) == 1.0
    # No electricity part, no grid index: the baseline is the grown start-year emissions.
    assert plan.baseline_emissions_t(2029) == pytest.approx(4000 * 1.02**3)
    assert plan.cap_t(plan.targets[0]) == 3800.0


def test_grid_index_is_one_before_the_first_point_linear_between_and_flat_after() -> None:
    plan = load_plan(extended())
    assert [plan.grid_index(y) for y in (2026, 2027, 2028, 2030, 2035)] == [
        1.0,
        1.0,
        0.9,
        0.7,
        0.7,
    ]
    assert plan.grid_index(2029) == pytest.approx(0.8)
    # A year given twice (a step, as a caller may build it): the first value in that year,
    # the second after it.
    step = replace(plan, grid_factor_index=((2028, 0.9), (2030, 0.8), (2030, 0.6)))
    assert [step.grid_index(y) for y in (2029, 2030, 2031)] == pytest.approx([0.85, 0.8, 0.6])


def test_baseline_emissions_follow_the_grid_on_the_electricity_part_only() -> None:
    plan = load_plan(extended())
    # 2029: steam 2600 x 1.02^3; motors (400 other + 1000 electricity x 0.8) x 1.02^3.
    assert plan.baseline_emissions_t(2029) == pytest.approx((2600 + 400 + 800) * 1.061208)
    assert plan.baseline_emissions_t(2029) == pytest.approx(4032.5904)
    assert plan.baseline_emissions_t(2026) == pytest.approx(4000.0)


def test_the_cap_of_an_intensity_target_is_the_intensity_times_the_grown_output() -> None:
    plan = load_plan(extended())
    # 2030: 0.8 t per 10,000 yuan x 5000 x 1.02^4 = 4329.72864 t.
    assert plan.cap_t(plan.targets[1]) == pytest.approx(4329.72864)
    # 2032: 0.8 x 5000 x 1.02^6 = 4504.649... > 3500: the tighter is the absolute cap.
    assert plan.cap_t(plan.targets[2]) == 3500.0
    with pytest.raises(ValueError, match="no cap"):
        plan.cap_t(Target(2030))


def test_the_new_keys_are_refused_naming_the_field() -> None:
    data = extended()
    data["baseline"]["output_wan_yuan"] = 0
    data["baseline"]["end_uses"]["motors"]["electricity_emissions_t"] = 1500
    data["grid_factor_index"] = {"20x0": 1, "2030": -0.1, "2031": "low"}
    data["annual_budget_yuan"] = -1
    data["max_adoptions_per_year"] = 0
    data["targets"].append({"year": 2034})
    data["measures"][0]["effect"] = "heat"
    assert problems(data) == [
        ("annual_budget_yuan", "planning.plan.negative"),
        ("max_adoptions_per_year", "planning.plan.whole_number"),
        ("grid_factor_index.20x0", "planning.plan.year"),
        ("grid_factor_index.2030", "planning.plan.negative"),
        ("grid_factor_index.2031", "planning.plan.number"),
        ("baseline.output_wan_yuan", "planning.plan.positive"),
        ("baseline.end_uses.motors.electricity_emissions_t", "planning.end_use.electricity"),
        ("targets[4].max_emissions_t", "planning.target.no_cap"),
        ("measures[HP].effect", "planning.measure.effect"),
    ]


def test_an_intensity_target_needs_the_output_value() -> None:
    data = extended()
    del data["baseline"]["output_wan_yuan"]
    assert problems(data) == [
        ("targets[2].max_intensity_t_per_wan_yuan", "planning.target.no_output"),
        ("targets[3].max_intensity_t_per_wan_yuan", "planning.target.no_output"),
    ]
