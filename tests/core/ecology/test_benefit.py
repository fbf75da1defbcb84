"""Counterfactual benefits worked out by hand from the data files' factors."""

from __future__ import annotations

import pytest

from greenledger.core.ecology.benefit import (
    cold_benefit,
    exchange_benefit,
    heat_benefit,
    heat_pump_cop,
    heat_pump_delivery,
    load_factors,
    material_benefit,
    water_benefit,
)
from greenledger.core.ecology.codes import load_acceptance

# natural gas, GB/T 32150-2015 Table B.1 via the factor library: 15.3 tC/TJ x 0.99 x 44/12
# = 55.539 tCO2/TJ = 0.1999404 tCO2 per MWh of fuel; / boiler efficiency 0.9
GAS_PER_MWH_HEAT = 15.3 * 0.99 * 44 / 12 * 3.6 / 1000 / 0.9  # 0.222156
GRID = 0.5500  # East China grid 2023, tCO2/MWh


def test_gas_and_grid_factors_are_the_librarys() -> None:
    factors = load_factors()
    assert factors.gas_heat.value == pytest.approx(0.222156, abs=1e-6)
    assert factors.gas_heat.value == pytest.approx(GAS_PER_MWH_HEAT)
    assert factors.grid.value == pytest.approx(GRID)
    assert "GB/T 32150-2015" in factors.gas_heat.source


def test_by_product_exchange_fly_ash_to_cement() -> None:
    # 800 t of fly ash into cement blending: 800 t diverted from landfill (0 tCO2e/t, no
    # degradable carbon), 800 t clinker substituted x 0.52 tCO2/t (IPCC 2006 Vol. 3) = 416 t
    benefit = material_benefit(800.0, load_acceptance()["cement_blending"], load_factors())
    assert benefit.diverted_t == 800.0
    assert benefit.substituted == 800.0 and benefit.substituted_what == "Portland cement clinker"
    assert benefit.t_co2e_avoided == pytest.approx(416.0)
    assert [line.arithmetic for line in benefit.lines] == [
        "800 t x 0 tCO2e/t = 0 tCO2e",
        "800 t x 1 = 800 t",
        "800 t x 0.52 tCO2e/t = 416 tCO2e",
    ]
    assert "IPCC 2006" in benefit.lines[2].source


def test_waste_oil_regeneration_avoids_incineration() -> None:
    # 20 t x 40.2 GJ/t x 73.3 kg CO2/GJ = 58.93 t CO2
    benefit = material_benefit(20.0, load_acceptance()["waste_oil_regeneration"], load_factors())
    assert benefit.t_co2e_avoided == pytest.approx(20 * 40.2 * 73.3 / 1000)
    assert benefit.substituted == 0.0


def test_heat_pump_cop_by_hand() -> None:
    # source 40 °C, sink 70 °C, approach 10 K: evaporator 30 °C = 303.15 K, condenser 80 °C =
    # 353.15 K; Carnot 353.15 / 50 = 7.063; x 0.5 = 3.5315
    cop = heat_pump_cop(40.0, 70.0, approach_k=10.0, carnot_fraction=0.5)
    assert cop == pytest.approx(3.5315)
    delivered, electricity = heat_pump_delivery(3000.0, 4000.0, cop)
    assert delivered == 4000.0  # 3000 x 3.5315 / 2.5315 = 4185 available, 4000 needed
    assert electricity == pytest.approx(1132.663, abs=1e-3)
    benefit = heat_benefit(delivered, electricity, load_factors(), cop=cop)
    # 4000 x 0.222156 = 888.624 avoided, 1132.663 x 0.55 = 622.965 used
    assert benefit.t_co2e_avoided == pytest.approx(888.624 - 622.965, abs=1e-3)
    assert benefit.electricity_mwh == pytest.approx(1132.663, abs=1e-3)


def test_cold_and_water() -> None:
    # 400 MWh of cold / chiller COP 4 = 100 MWh x 0.55 = 55 t
    assert cold_benefit(400.0, load_factors()).t_co2e_avoided == pytest.approx(55.0)
    water = water_benefit(1000.0, load_factors())
    assert water.substituted == 1000.0 and water.t_co2e_avoided is None


def test_recorded_exchange_benefit() -> None:
    from tests.core.ecology.symbiosis_cases import need, offer

    # 120 °C to 80 °C: direct, 1000 MWh x 0.222156
    direct = exchange_benefit(offer(), need(), 1000.0)
    assert direct.t_co2e_avoided == pytest.approx(222.156, abs=1e-3)
    # 40 °C to 70 °C through a pump at COP 3.5315: 1000 x 0.222156 - 1000 / 3.5315 x 0.55
    pumped = exchange_benefit(offer(supply_temp_c=40.0, return_temp_c=25.0),
                              need(min_temp_c=70.0), 1000.0)  # fmt: skip
    assert pumped.t_co2e_avoided == pytest.approx(222.156 - 1000 / 3.5315 * 0.55, abs=1e-3)
    ash = offer(kind="solid_waste", code="441-001-S02", supply_temp_c=None)
    cement = need(kind="solid_waste", process="cement_blending", min_temp_c=None)
    assert exchange_benefit(ash, cement, 100.0).t_co2e_avoided == pytest.approx(52.0)
