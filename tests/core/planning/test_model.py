"""The plan file: a valid plan loads; bad input is refused with every problem at once, each
naming the measure (or end use, target) and the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from greenledger.core.errors import InputError
from greenledger.core.planning import EndUse, Measure, PlanInput, Target, load_plan


def plan_data() -> dict[str, Any]:
    return {
        "start_year": 2026,
        "end_year": 2035,
        "discount_rate": 0.08,
        "energy_price_yuan_per_tce": 1200,
        "baseline": {
            "end_uses": {
                "steam": {"energy_tce": 1000, "emissions_t": 2600},
                "motors": {"energy_tce": 500, "emissions_t": 1400},
            },
            "growth": 0.02,
        },
        "targets": [
            {"year": 2030, "max_emissions_t": 3500},
            {"year": 2028, "max_emissions_t": 3800},
        ],
        "budget_yuan": 2_000_000,
        "measures": [
            {
                "id": "HP",
                "end_use": "steam",
                "saving_rate": 0.2,
                "capex_yuan": 500_000,
                "annual_opex_change_yuan": 10_000,
                "lifetime_years": 15,
                "group": "heat",
            },
            {
                "id": "VSD",
                "end_use": "motors",
                "saving_rate": 0.1,
                "capex_yuan": 80_000,
                "annual_opex_change_yuan": -2_000,
                "lifetime_years": 10,
                "requires": ["AUDIT"],
                "earliest_year": 2027,
            },
            {
                "id": "AUDIT",
                "end_use": "motors",
                "saving_rate": 0,
                "capex_yuan": 0,
                "annual_opex_change_yuan": 0,
                "lifetime_years": 1,
            },
        ],
    }


def problems(data: Any) -> list[tuple[str | None, str]]:
    with pytest.raises(InputError) as caught:
        load_plan(data, file="plan.json")
    assert all(p.file == "plan.json" for p in caught.value.problems)
    return [(p.column, p.message.code) for p in caught.value.problems]


def test_a_valid_plan_loads_with_every_field() -> None:
    plan = load_plan(plan_data(), file="plan.json")
    assert isinstance(plan, PlanInput)
    assert (plan.start_year, plan.end_year, plan.discount_rate, plan.growth) == (
        2026,
        2035,
        0.08,
        0.02,
    )
    assert plan.end_uses == (EndUse("steam", 1000.0, 2600.0), EndUse("motors", 500.0, 1400.0))
    assert plan.targets == (Target(2028, 3800.0), Target(2030, 3500.0))  # sorted by year
    assert plan.budget_yuan == 2_000_000
    assert plan.carbon_price_yuan_per_t == 0.0
    assert plan.energy_price_yuan_per_tce == 1200.0
    assert plan.measures[1] == Measure(
        id="VSD",
        end_use="motors",
        saving_rate=0.1,
        capex_yuan=80_000.0,
        annual_opex_change_yuan=-2_000.0,
        lifetime_years=10,
        group=None,
        requires=("AUDIT",),
        earliest_year=2027,
    )
    assert plan.measure("HP").group == "heat"
    assert plan.end_use("motors").emissions_t == 1400.0


def test_optional_fields_default() -> None:
    data = plan_data()
    for key in ("energy_price_yuan_per_tce", "budget_yuan", "targets"):
        del data["targets" if key == "targets" else key]
    del data["baseline"]["growth"]
    plan = load_plan(data)
    assert plan.energy_price_yuan_per_tce is None
    assert plan.budget_yuan is None
    assert plan.targets == ()
    assert plan.growth == 0.0


def test_every_problem_is_reported_at_once_with_measure_and_field() -> None:
    data = plan_data()
    data["targets"].append({"year": 2020, "max_emissions_t": 100})
    data["measures"][0]["saving_rate"] = 1.5
    data["measures"][0]["lifetime_years"] = -3
    data["measures"][1]["end_use"] = "lighting"
    data["measures"][2]["requires"] = ["VSD"]  # VSD requires AUDIT: a cycle
    data["measures"].append(
        {
            "id": "PV",
            "end_use": "motors",
            "saving_rate": 0.1,
            "capex_yuan": -5,
            "annual_opex_change_yuan": "cheap",
            "lifetime_years": 0,
            "requires": ["NOPE"],
        }
    )
    found = problems(data)
    assert found == [
        ("targets[3].year", "planning.target.before_start"),
        ("measures[HP].saving_rate", "planning.measure.saving_rate"),
        ("measures[HP].lifetime_years", "planning.measure.lifetime"),
        ("measures[VSD].end_use", "planning.measure.end_use"),
        ("measures[PV].annual_opex_change_yuan", "planning.measure.number"),
        ("measures[PV].capex_yuan", "planning.measure.negative"),
        ("measures[PV].lifetime_years", "planning.measure.lifetime"),
        ("measures[PV].requires", "planning.measure.requires_unknown"),
        ("measures[AUDIT].requires", "planning.measure.requires_cycle"),
    ]


def test_messages_name_the_measure_the_field_and_the_reason() -> None:
    data = plan_data()
    data["measures"][0]["saving_rate"] = 1.5
    data["measures"][2]["requires"] = ["VSD"]
    with pytest.raises(InputError) as caught:
        load_plan(data, file="plan.json")
    text = [str(p) for p in caught.value.problems]
    assert text == [
        "plan.json, column measures[HP].saving_rate: measure HP: saving_rate 1.5 lies outside "
        "0..1 (0.2 means 20 %)",
        "plan.json, column measures[AUDIT].requires: measure AUDIT: requires forms a cycle of "
        "prerequisites (AUDIT -> VSD -> AUDIT)",
    ]


def test_a_measure_requiring_itself_is_a_cycle() -> None:
    data = plan_data()
    data["measures"][0]["requires"] = ["HP"]
    assert problems(data) == [("measures[HP].requires", "planning.measure.requires_cycle")]


def test_plan_level_problems() -> None:
    data = plan_data()
    data["start_year"] = 2040
    data["discount_rate"] = 1.5
    data["budget_yuan"] = -1
    data["colour"] = "green"
    data["baseline"]["end_uses"]["steam"]["energy_tce"] = "a lot"
    del data["baseline"]["end_uses"]["motors"]["emissions_t"]
    found = problems(data)
    assert found == [
        ("colour", "planning.plan.unknown_key"),
        ("start_year", "planning.plan.years_order"),
        ("discount_rate", "planning.plan.discount_rate"),
        ("budget_yuan", "planning.plan.negative"),
        ("baseline.end_uses.steam.energy_tce", "planning.end_use.number"),
        ("baseline.end_uses.motors.emissions_t", "planning.end_use.missing"),
        ("targets[1].year", "planning.target.before_start"),
        ("targets[2].year", "planning.target.before_start"),
    ]


def test_missing_fields_duplicates_and_wrong_types() -> None:
    data = plan_data()
    del data["discount_rate"]
    del data["measures"][0]["capex_yuan"]
    data["measures"][1]["earliest_year"] = 2050
    data["measures"][2]["id"] = "HP"
    data["targets"][1]["year"] = 2030
    found = problems(data)
    assert found == [
        ("discount_rate", "planning.plan.missing"),
        ("targets[2].year", "planning.target.duplicate"),
        ("measures[HP].capex_yuan", "planning.measure.missing"),
        ("measures[VSD].earliest_year", "planning.measure.earliest_year"),
        ("measures[HP].id", "planning.measure.duplicate"),
        ("measures[VSD].requires", "planning.measure.requires_unknown"),
    ]
    assert problems([1, 2]) == [("", "planning.plan.not_object")]
    bad = copy.deepcopy(plan_data())
    bad["measures"] = {"HP": {}}
    assert problems(bad) == [("measures", "planning.plan.list")]


def test_a_boolean_is_not_a_number() -> None:
    data = plan_data()
    data["measures"][0]["saving_rate"] = True
    data["measures"][0]["lifetime_years"] = True
    assert problems(data) == [
        ("measures[HP].saving_rate", "planning.measure.number"),
        ("measures[HP].lifetime_years", "planning.measure.lifetime"),
    ]
