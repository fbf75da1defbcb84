"""Plans, curves and pathways as JSON: a plan round-trips through load_plan with every optional
key; the curve and the pathway keep the CLI's shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from greenledger.core.planning import load_plan
from greenledger.core.planning.costs import macc
from greenledger.core.planning.pathway import optimise
from greenledger.core.planning.report import macc_to_json, pathway_to_json, plan_to_json

FULL: dict[str, Any] = {
    "start_year": 2026,
    "end_year": 2032,
    "discount_rate": 0.08,
    "carbon_price_yuan_per_t": 50.0,
    "energy_price_yuan_per_tce": 1800.0,
    "baseline": {
        "end_uses": {
            "motors_drives": {
                "energy_tce": 500.0,
                "emissions_t": 2000.0,
                "electricity_emissions_t": 2000.0,
            },
            "boilers_steam": {"energy_tce": 800.0, "emissions_t": 1300.0},
            "process_emissions": {"energy_tce": 0.0, "emissions_t": 400.0},
        },
        "growth": 0.02,
        "output_wan_yuan": 12000.0,
    },
    "grid_factor_index": {"2026": 1.0, "2032": 0.9},
    "targets": [
        {"year": 2028, "max_emissions_t": 3600.0},
        {"year": 2030, "max_emissions_t": 3500.0, "max_intensity_t_per_wan_yuan": 0.27},
        {"year": 2032, "max_intensity_t_per_wan_yuan": 0.25},
    ],
    "budget_yuan": 3_000_000.0,
    "annual_budget_yuan": 1_000_000.0,
    "max_adoptions_per_year": 2,
    "measures": [
        {
            "id": "VFD",
            "end_use": "motors_drives",
            "saving_rate": 0.15,
            "capex_yuan": 300_000.0,
            "annual_opex_change_yuan": -5_000.0,
            "lifetime_years": 15,
        },
        {
            "id": "GREEN",
            "end_use": "motors_drives",
            "saving_rate": 0.5,
            "capex_yuan": 0.0,
            "annual_opex_change_yuan": 60_000.0,
            "lifetime_years": 1,
            "effect": "emissions",
            "earliest_year": 2027,
        },
        {
            "id": "ECON",
            "end_use": "boilers_steam",
            "saving_rate": 0.05,
            "capex_yuan": 120_000.0,
            "annual_opex_change_yuan": 0.0,
            "lifetime_years": 12,
            "group": "flue",
        },
        {
            "id": "HEATPUMP",
            "end_use": "boilers_steam",
            "saving_rate": 0.3,
            "capex_yuan": 900_000.0,
            "annual_opex_change_yuan": 10_000.0,
            "lifetime_years": 20,
            "group": "flue",
            "requires": ["VFD"],
        },
    ],
}


def test_a_plan_with_every_optional_key_round_trips_through_load_plan() -> None:
    plan = load_plan(FULL)
    data = plan_to_json(plan)
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert data == FULL
    assert load_plan(data) == plan


def test_a_minimal_plan_writes_only_the_required_keys() -> None:
    minimal = {
        "start_year": 2026,
        "end_year": 2030,
        "discount_rate": 0.05,
        "baseline": {"end_uses": {"steam": {"energy_tce": 10.0, "emissions_t": 26.0}}},
        "targets": [],
        "measures": [],
    }
    plan = load_plan(minimal)
    data = plan_to_json(plan)
    assert data == {
        **minimal,
        "carbon_price_yuan_per_t": 0.0,
        "baseline": {**minimal["baseline"], "growth": 0.0},
    }
    assert load_plan(data) == plan


def test_the_curve_and_the_pathway_as_json() -> None:
    plan = load_plan(
        {
            "start_year": 2026,
            "end_year": 2030,
            "discount_rate": 0.0,
            "baseline": {"end_uses": {"steam": {"energy_tce": 1000, "emissions_t": 2600}}},
            "targets": [{"year": 2028, "max_emissions_t": 2100}],
            "measures": [
                {
                    "id": "A",
                    "end_use": "steam",
                    "saving_rate": 0.2,
                    "capex_yuan": 10_000,
                    "annual_opex_change_yuan": 0,
                    "lifetime_years": 10,
                }
            ],
        }
    )
    steps = macc_to_json(macc(plan))
    assert steps == [
        {
            "id": "A",
            "end_use": "steam",
            "group": None,
            "saving_rate": 0.2,
            "remaining_share": 1.0,
            "annual_abatement_t": 520.0,
            "annual_energy_saving_tce": 200.0,
            "annualised_cost_yuan": 1000.0,
            "cost_per_t": pytest.approx(1000 / 520),
            "cumulative_abatement_t": 520.0,
        }
    ]
    pathway = pathway_to_json(optimise(plan))
    assert pathway["status"] == "optimal"
    assert pathway["adoptions"] == [{"id": "A", "year": 2028}]
    assert pathway["emissions_t"] == {
        "2026": 2600.0,
        "2027": 2600.0,
        "2028": pytest.approx(2080.0),
        "2029": pytest.approx(2080.0),
        "2030": pytest.approx(2080.0),
    }
    assert pathway["shortfall_t"] == {"2028": 0.0}
    # rate 0: 10,000 capex, less 7 of 10 years' residual value at the horizon (2031)
    assert pathway["npv_yuan"] == pytest.approx(3000.0)
    assert pathway["capex_yuan"] == pytest.approx(10_000.0)
    assert pathway["years"] == [2026, 2027, 2028, 2029, 2030]
    assert json.loads(json.dumps(pathway)) == pathway
