"""Annualised costs and the abatement cost curve, golden figures worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.core.planning import load_plan
from greenledger.core.planning.costs import crf, macc, macc_notes, total_abatement


def test_crf_golden_values() -> None:
    # 1.08^10 = 2.158924997; 0.08 x 2.158924997 / 1.158924997 = 0.1490294887
    assert crf(0.08, 10) == pytest.approx(0.1490294887, rel=1e-9)
    assert crf(0.0, 4) == 0.25  # no interest: capex spread evenly
    assert crf(0.05, 1) == pytest.approx(1.05)  # one year: repaid with its interest
    with pytest.raises(ValueError):
        crf(0.08, 0)


def plan(measures: list[dict[str, Any]], **extra: Any) -> Any:
    data = {
        "start_year": 2026,
        "end_year": 2035,
        "discount_rate": 0.0,
        "baseline": {
            "end_uses": {
                "steam": {"energy_tce": 1000, "emissions_t": 2600},
                "lighting": {"energy_tce": 40, "emissions_t": 100},
            }
        },
        "targets": [],
        "measures": [
            {"annual_opex_change_yuan": 0, "end_use": "steam", **measure} for measure in measures
        ],
    }
    data.update(extra)
    return load_plan(data)


def test_two_interacting_measures_save_multiplicatively_in_cost_order() -> None:
    # Energy at 1000 yuan/tce, rate 0 (CRF = 1/n). On steam (1000 tce, 2600 t):
    #   A: 20 %, capex 100,000 over 10 y -> 10,000/y; alone saves 200 tce (200,000 yuan), 520 t
    #      -> -190,000 yuan/y, -365.38 yuan/t
    #   B: 10 %, capex 500,000 over 5 y -> 100,000/y; alone saves 100 tce, 260 t -> 0 yuan/t
    # A first; B then acts on the remaining 80 %: 80 tce, 208 t, 100,000 - 80,000 = 20,000
    # yuan/y, 96.15 yuan/t. Together 728 t = 28 % of 2600 t, not 30 %.
    steps = macc(
        plan(
            [
                {"id": "B", "saving_rate": 0.1, "capex_yuan": 500_000, "lifetime_years": 5},
                {"id": "A", "saving_rate": 0.2, "capex_yuan": 100_000, "lifetime_years": 10},
            ],
            energy_price_yuan_per_tce=1000,
        )
    )
    assert [s.id for s in steps] == ["A", "B"]
    a, b = steps
    assert a.annual_energy_saving_tce == pytest.approx(200)
    assert a.annual_abatement_t == pytest.approx(520)
    assert a.annualised_cost_yuan == pytest.approx(-190_000)
    assert a.cost_per_t == pytest.approx(-190_000 / 520)  # -365.38: pays for itself
    assert a.remaining_share == 1.0
    assert b.remaining_share == pytest.approx(0.8)
    assert b.annual_energy_saving_tce == pytest.approx(80)
    assert b.annual_abatement_t == pytest.approx(208)
    assert b.annualised_cost_yuan == pytest.approx(20_000)
    assert b.cost_per_t == pytest.approx(20_000 / 208)  # 96.15
    assert total_abatement(steps) == pytest.approx(728) == pytest.approx(0.28 * 2600)


def test_cost_per_tonne_private_and_social_views_without_energy_price() -> None:
    # capex 100,000 over 10 y, opex +1,000/y, 20 % of 2600 t = 520 t, no energy price.
    # private (8 %): 100,000 x 0.1490294887 + 1,000 = 15,902.95 yuan/y -> 30.5826 yuan/t
    # social (0 %): 10,000 + 1,000 = 11,000 yuan/y -> 21.1538 yuan/t
    p = plan(
        [
            {
                "id": "HR",
                "saving_rate": 0.2,
                "capex_yuan": 100_000,
                "lifetime_years": 10,
                "annual_opex_change_yuan": 1_000,
            }
        ],
        discount_rate=0.08,
    )
    (private,) = macc(p)
    assert private.annualised_cost_yuan == pytest.approx(15_902.94887, rel=1e-9)
    assert private.cost_per_t == pytest.approx(30.58259, rel=1e-6)
    assert private.annual_energy_saving_tce == pytest.approx(200)  # saved but not priced
    (social,) = macc(p, rate=0.0)
    assert social.annualised_cost_yuan == pytest.approx(11_000)
    assert social.cost_per_t == pytest.approx(11_000 / 520)
    codes = [n.code for n in macc_notes(p)]
    assert codes == [
        "planning.macc.private",
        "planning.macc.remaining",
        "planning.macc.no_energy_price",
    ]
    assert macc_notes(p)[0].english() == (
        "private view: costs annualised at the plan's discount rate of 8 %"
    )
    assert macc_notes(p, rate=0.03)[0].english() == (
        "social view: costs annualised at a discount rate of 3 %"
    )


def test_a_negative_cost_measure_comes_first_and_shows_as_negative() -> None:
    # LED on lighting (40 tce, 100 t): 50 %, capex 10,000 over 5 y = 2,000/y, opex -3,000/y
    # -> -1,000 yuan/y for 50 t = -20 yuan/t. Boiler on steam: 10 %, 26,000 over 1 y for
    # 260 t = +100 yuan/t.
    steps = macc(
        plan(
            [
                {"id": "BOILER", "saving_rate": 0.1, "capex_yuan": 26_000, "lifetime_years": 1},
                {
                    "id": "LED",
                    "end_use": "lighting",
                    "saving_rate": 0.5,
                    "capex_yuan": 10_000,
                    "lifetime_years": 5,
                    "annual_opex_change_yuan": -3_000,
                },
            ]
        )
    )
    assert [(s.id, s.cost_per_t) for s in steps] == [
        ("LED", pytest.approx(-20.0)),
        ("BOILER", pytest.approx(100.0)),
    ]
    assert [s.cumulative_abatement_t for s in steps] == [pytest.approx(50), pytest.approx(310)]


def test_only_the_cheapest_of_an_exclusion_group_enters_and_the_curve_says_so() -> None:
    # HP1: 30 %, 78,000/1 y for 780 t = 100 yuan/t; HP2: 20 %, 104,000/1 y for 520 t = 200
    # yuan/t; both in group heat: HP1 enters, HP2 is left out. X requires HP2: left out too.
    # ZERO saves nothing: on the curve, last, without a cost per tonne.
    p = plan(
        [
            {
                "id": "HP2",
                "saving_rate": 0.2,
                "capex_yuan": 104_000,
                "lifetime_years": 1,
                "group": "heat",
            },
            {
                "id": "HP1",
                "saving_rate": 0.3,
                "capex_yuan": 78_000,
                "lifetime_years": 1,
                "group": "heat",
            },
            {
                "id": "X",
                "saving_rate": 0.05,
                "capex_yuan": 1,
                "lifetime_years": 1,
                "requires": ["HP2"],
            },
            {"id": "ZERO", "saving_rate": 0.0, "capex_yuan": 500, "lifetime_years": 1},
        ]
    )
    steps = macc(p)
    assert [(s.id, s.cost_per_t) for s in steps] == [
        ("HP1", pytest.approx(100.0)),
        ("ZERO", None),
    ]
    notes = [n.english() for n in macc_notes(p)]
    assert notes[3:] == [
        "exclusion group heat: only HP1 enters the curve (the cheapest per tonne when it "
        "entered); left out: HP2",
        "X is not on the curve: its prerequisites (HP2) are not all on it",
    ]


def test_a_prerequisite_enters_before_the_measure_that_needs_it() -> None:
    # CTRL (10 %, 260 t) costs 2,600/y = 10 yuan/t but needs METER (5 %, 130 t, 13,000/y =
    # 100 yuan/t). METER enters first; CTRL then acts on the remaining 95 %: 247 t, 10.53/t.
    steps = macc(
        plan(
            [
                {
                    "id": "CTRL",
                    "saving_rate": 0.1,
                    "capex_yuan": 2_600,
                    "lifetime_years": 1,
                    "requires": ["METER"],
                },
                {"id": "METER", "saving_rate": 0.05, "capex_yuan": 13_000, "lifetime_years": 1},
            ]
        )
    )
    assert [s.id for s in steps] == ["METER", "CTRL"]
    assert steps[1].annual_abatement_t == pytest.approx(247)
    assert steps[1].cost_per_t == pytest.approx(2_600 / 247)
