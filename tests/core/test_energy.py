"""Golden cases of GB/T 2589-2020, computed by hand from the standard's coefficients."""

import pytest

from greenledger.core.context import AccountingContext
from greenledger.core.energy import summarise_energy
from greenledger.core.model import ActivityLine
from tests.core.helpers import account


def test_1000_tonnes_of_raw_coal_are_714_3_tce(library):
    # 1000 t x 0.7143 kgce/kg = 714.3 tce (GB/T 2589-2020 Annex A)
    assert account(library, "raw_coal", 1000).energy_tce == pytest.approx(714.3)


def test_10_ten_thousand_cubic_metres_of_natural_gas_are_121_43_tce(library):
    # 10 x 10^4 m3 x 1.2143 kgce/m3 = 121 430 kgce
    assert account(library, "natural_gas", 10).energy_tce == pytest.approx(121.43)


def test_electricity_counts_by_calorific_value_with_the_generation_value_beside_it(library):
    result = account(library, "purchased_electricity", 1000)  # MWh, in 2023
    assert result.energy_tce == pytest.approx(122.9)  # 0.1229 kgce/kWh
    assert result.energy_tce_generation == pytest.approx(303.6)  # 0.3036 kgce/kWh in 2023


def test_purchased_heat_is_0_03412_tce_per_gigajoule(library):
    assert account(library, "purchased_heat", 1000).energy_tce == pytest.approx(34.12)


def test_exported_electricity_is_deducted_from_comprehensive_consumption(library):
    results = [
        account(library, "raw_coal", 1000),
        account(library, "exported_electricity", 100),
    ]
    summary = summarise_energy(results)
    assert summary.energy_tce == pytest.approx(714.3 - 12.29)


def test_onsite_renewable_electricity_is_consumed_energy_without_scope2(library):
    result = account(library, "purchased_electricity", 100, instrument="onsite")
    assert result.energy_tce == pytest.approx(12.29)
    assert result.scope2_location_t == 0.0
    assert result.scope2_market_t == 0.0


def test_energy_intensity_per_output_value_and_per_product(library):
    context = AccountingContext(region="CN", year=2023)
    results = [
        account(library, "raw_coal", 1000, context),
        account(library, "output_value", 2000, context),
        account(library, "product_output", 500, context, product="steel parts", product_unit="t"),
    ]
    summary = summarise_energy(results)
    assert summary.tce_per_wan_yuan == pytest.approx(714.3 / 2000)
    assert summary.tce_per_product_unit() == {"steel parts": (pytest.approx(714.3 / 500), "tce/t")}


def test_no_per_product_intensity_is_invented_for_several_products(library):
    results = [
        account(library, "raw_coal", 1000),
        account(library, "product_output", 5, product="A", product_unit="t"),
        account(library, "product_output", 5, product="B", product_unit="t"),
    ]
    assert summarise_energy(results).tce_per_product_unit() == {}


def test_a_line_records_the_factor_ids_that_produced_it(library):
    result = account(library, "raw_coal", 1000)
    assert "gbt2589-2020.raw_coal.coal_equivalent" in result.factor_ids
    assert "gbt32150-2015.raw_coal.ncv" in result.factor_ids
    for factor_id in result.factor_ids:
        assert library.by_id(factor_id).source


def test_activity_lines_know_their_year():
    assert ActivityLine("E", "2022-03", "raw_coal", 1.0).year == 2022
