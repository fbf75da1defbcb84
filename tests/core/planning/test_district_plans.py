"""The district pathway's enterprise plans from carrier figures (core.planning.district_plans):
sizing by hand, families as end uses, groups and prerequisites kept inside an end use, the
per-end-use limit, and the plan decomposing for the exact price sweep."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from greenledger.core.planning.catalogue import applicable, load_catalogue
from greenledger.core.planning.district import _decomposes, price_sweep
from greenledger.core.planning.district_plans import (
    PROCESS_END_USE,
    Sizing,
    enterprise_plan,
    load_sizing,
)
from greenledger.core.planning.model import PlanInput


@dataclass(frozen=True)
class Carrier:
    carrier: str
    energy_tce: float
    emissions_t: float
    electricity: bool = False


CATALOGUE = load_catalogue()
SIZING = load_sizing()


def _plan(
    techs: tuple[str, ...],
    carriers: list[Carrier],
    *,
    sizing: Sizing = SIZING,
    non_energy_emissions_t: float = 0.0,
) -> PlanInput:
    return enterprise_plan(
        carriers,
        [CATALOGUE.get(t) for t in techs],
        sizing=sizing,
        start_year=2026,
        end_year=2060,
        discount_rate=0.08,
        energy_price_yuan_per_tce=1000.0,
        non_energy_emissions_t=non_energy_emissions_t,
    )


def test_sizing_by_hand() -> None:
    # vsd_pumps_fans: rate 0.25 on motors (0.45 of electricity) at max penetration 0.6;
    # 4,000 h x 0.1229 kgce/kWh = 0.4916 tce per kW a year; 400 yuan/kW.
    plan = _plan(
        ("vsd_pumps_fans", "rooftop_pv"),
        [Carrier("purchased_electricity", 1000.0, 5000.0, True)],
    )
    (end_use,) = plan.end_uses
    assert (end_use.name, end_use.energy_tce, end_use.emissions_t) == ("electricity", 1000, 5000)
    assert end_use.electricity_emissions_t == 5000.0
    vsd = plan.measure("vsd_pumps_fans@electricity")
    assert vsd.saving_rate == pytest.approx(0.25 * 0.6 * 0.45)
    kw = 0.6 * 0.45 * 1000.0 / 0.4916
    assert vsd.capex_yuan == pytest.approx(400.0 * kw)
    assert vsd.earliest_year == 2026 + CATALOGUE.get("vsd_pumps_fans").lead_time_years
    # rooftop PV (absolute: 0.13 tce per kWp a year, max penetration 0.3 of all electricity)
    pv = plan.measure("rooftop_pv@electricity")
    assert pv.saving_rate == pytest.approx(0.3)
    assert pv.capex_yuan == pytest.approx(3500.0 * 0.3 * 1000.0 / 0.13)
    assert pv.annual_opex_change_yuan == pytest.approx(50.0 * 0.3 * 1000.0 / 0.13)


def test_families_other_carriers_and_process() -> None:
    plan = _plan(
        ("energy_management_system", "coal_to_gas_boiler"),
        [
            Carrier("raw_coal", 300.0, 800.0),
            Carrier("bituminous", 100.0, 260.0),
            Carrier("natural_gas", 200.0, 430.0),
            Carrier("diesel_mobile", 10.0, 30.0),
        ],
        non_energy_emissions_t=120.0,
    )
    by_name = {e.name: e for e in plan.end_uses}
    assert set(by_name) == {"coal", "natural_gas", "diesel_mobile", PROCESS_END_USE}
    assert by_name["coal"].energy_tce == 400.0 and by_name["coal"].emissions_t == 1060.0
    assert by_name[PROCESS_END_USE].energy_tce == 0.0
    assert by_name[PROCESS_END_USE].emissions_t == 120.0
    ids = {m.id for m in plan.measures}
    # the energy management system is "mixed": on every fuel family; fuel switching on coal only
    assert ids == {
        "energy_management_system@coal",
        "energy_management_system@natural_gas",
        "coal_to_gas_boiler@coal",
    }
    switch = plan.measure("coal_to_gas_boiler@coal")
    assert switch.effect == "emissions"
    assert switch.group == "boiler_fuel@coal"
    assert switch.saving_rate == pytest.approx(0.45 * 1.0 * 0.5)
    assert not any(m.end_use in ("diesel_mobile", PROCESS_END_USE) for m in plan.measures)


def test_prerequisite_missing_leaves_the_measure_out() -> None:
    carriers = [Carrier("purchased_electricity", 1000.0, 5000.0, True)]
    alone = _plan(("lighting_controls",), carriers)
    assert alone.measures == ()
    both = _plan(("lighting_controls", "led_retrofit"), carriers)
    controls = both.measure("lighting_controls@electricity")
    assert controls.requires == ("led_retrofit@electricity",)


def test_limit_keeps_the_cheapest_with_prerequisites() -> None:
    carriers = [Carrier("purchased_electricity", 1000.0, 5000.0, True)]
    techs = tuple(t.id for t in applicable(CATALOGUE, "C3011"))
    full = _plan(techs, carriers, sizing=replace(SIZING, max_measures_per_end_use=12))
    small = _plan(techs, carriers, sizing=replace(SIZING, max_measures_per_end_use=3))
    assert len(full.measures) == 12
    assert len(small.measures) <= 3
    kept = {m.id for m in small.measures}
    for m in small.measures:
        assert set(m.requires) <= kept


def test_plan_decomposes_and_sweeps_exactly() -> None:
    techs = tuple(t.id for t in applicable(CATALOGUE, "C2614"))
    plan = _plan(
        techs,
        [
            Carrier("purchased_electricity", 2000.0, 11000.0, True),
            Carrier("natural_gas", 1500.0, 3200.0),
            Carrier("purchased_heat", 800.0, 2700.0),
        ],
    )
    assert _decomposes(plan)
    options = price_sweep(plan, [0.0, 100.0, 1000.0])
    assert options[0].adoptions == ()
    assert all(o.status == "optimal" and o.gap == 0.0 for o in options)
    # a higher price never chooses an option with more emissions in 2035
    priced = sorted((o for o in options if o.prices), key=lambda o: min(o.prices))
    emissions = [o.emissions_t[2035] for o in priced]
    assert emissions == sorted(emissions, reverse=True)


def test_load_sizing_refuses_bad_values(tmp_path: Path) -> None:
    text = (
        Path(__file__)
        .parents[3]
        .joinpath("src/greenledger/core/planning/data/district_sizing.yaml")
        .read_text(encoding="utf-8")
    )
    bad = tmp_path / "sizing.yaml"
    bad.write_text(text.replace("kW motor power: 0.4916", "kW motor power: -1"), encoding="utf-8")
    with pytest.raises(ValueError, match="tce_per_unit_year.kW motor power"):
        load_sizing(bad)
    bad.write_text(text.replace("max_measures_per_end_use: 8", "max_measures_per_end_use: 13"))
    with pytest.raises(ValueError, match="max_measures_per_end_use"):
        load_sizing(bad)
