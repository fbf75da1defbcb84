"""Golden cases of GB/T 32150-2015 and the GHG Protocol, computed by hand from the sources."""

import pytest

from greenledger.core.context import AccountingContext
from greenledger.core.errors import FactorNotFound
from greenledger.core.ghg import gbt32150_view, ghg_protocol_view
from tests.core.helpers import account

SHANGHAI = AccountingContext(region="CN-SH", year=2023)


def test_1000_tonnes_of_raw_coal_emit_1900_3_tonnes_of_co2(library):
    # 1000 t x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12 = 1900.3 tCO2
    result = account(library, "raw_coal", 1000)
    assert result.co2_fossil_t == pytest.approx(1900.3, abs=0.05)


def test_coal_ch4_and_n2o_follow_ipcc_defaults_with_ar5_gwps(library):
    # 20.908 TJ x 10 kg CH4/TJ = 209.08 kg; x 1.5 kg N2O/TJ = 31.362 kg
    result = account(library, "raw_coal", 1000)
    assert result.ch4_t == pytest.approx(0.20908)
    assert result.n2o_t == pytest.approx(0.031362)
    expected = result.co2_fossil_t + 0.20908 * 28 + 0.031362 * 265
    assert result.scope1_co2e_t == pytest.approx(expected)


def test_ar6_changes_the_co2e_of_ch4_and_n2o_only(library):
    ar6 = account(library, "raw_coal", 1000, AccountingContext(region="CN", year=2023, gwp="AR6"))
    assert ar6.scope1_co2e_t == pytest.approx(ar6.co2_fossil_t + 0.20908 * 27.9 + 0.031362 * 273)


def test_natural_gas_and_diesel_golden_values(library):
    # 10 x 389.31 GJ x 15.3 tC/TJ x 0.99 x 44/12 = 216.22 tCO2
    assert account(library, "natural_gas", 10).co2_fossil_t == pytest.approx(216.2188, abs=1e-3)
    # 100 t x 42.652 GJ/t x 20.2 tC/TJ x 0.98 x 44/12 = 309.59 tCO2
    assert account(library, "diesel", 100).co2_fossil_t == pytest.approx(309.5913, abs=1e-3)


def test_mobile_diesel_takes_the_road_transport_ch4_and_n2o_factors(library):
    stationary = account(library, "diesel", 100)
    mobile = account(library, "diesel_mobile", 100)
    assert mobile.co2_fossil_t == stationary.co2_fossil_t
    assert mobile.ch4_t == pytest.approx(4.2652 * 3.9 / 1000)  # 4.2652 TJ x 3.9 kg/TJ
    assert mobile.ch4_t > stationary.ch4_t


def test_purchased_electricity_uses_the_national_average_of_the_year(library):
    result = account(library, "purchased_electricity", 1000, AccountingContext(year=2022))
    assert result.scope2_location_t == pytest.approx(536.6)


def test_shanghai_uses_its_local_factor_of_4_2_tonnes_per_ten_thousand_kwh(library):
    result = account(library, "purchased_electricity", 100, SHANGHAI)
    assert result.scope2_location_t == pytest.approx(42.0)
    # Shanghai publishes no residual mix: uncovered MWh take the location factor
    assert result.scope2_market_t == pytest.approx(42.0)


def test_east_china_grid_factor_of_2023(library):
    context = AccountingContext(region="CN-EAST", year=2023)
    assert account(library, "purchased_electricity", 1000, context).scope2_location_t == (
        pytest.approx(550.0)
    )


def test_certificates_zero_the_market_based_scope2_of_the_covered_mwh(library):
    uncovered = account(library, "purchased_electricity", 600)
    covered = account(library, "purchased_electricity", 400, instrument="gec")
    location = uncovered.scope2_location_t + covered.scope2_location_t
    market = uncovered.scope2_market_t + covered.scope2_market_t
    assert location == pytest.approx(1000 * 0.5306)
    assert market == pytest.approx(600 * 0.6096)  # national residual excluding traded green power


def test_green_power_contracts_zero_the_market_based_scope2_too(library):
    result = account(library, "purchased_electricity", 400, instrument="green_power")
    assert result.scope2_market_t == 0.0
    assert result.scope2_location_t == pytest.approx(400 * 0.5306)


def test_the_reporting_series_is_a_separate_choice(library):
    context = AccountingContext(region="CN", year=2022, electricity_series="reporting")
    assert account(library, "purchased_electricity", 1000, context).scope2_location_t == (
        pytest.approx(570.3)
    )


def test_purchased_heat_national_and_shanghai(library):
    assert account(library, "purchased_heat", 1000).scope2_location_t == pytest.approx(110.0)
    assert account(library, "purchased_heat", 1000, SHANGHAI).scope2_location_t == (
        pytest.approx(60.0)
    )


def test_process_and_fugitive_emissions(library):
    assert account(library, "limestone", 100).scope1_co2e_t == pytest.approx(43.971)
    assert account(library, "hfc_134a", 10).scope1_co2e_t == pytest.approx(13.0)  # AR5 1300
    # R-410A = 50 % HFC-32 (677) + 50 % HFC-125 (3170) in AR5 = 1923.5
    assert account(library, "r410a", 10).scope1_co2e_t == pytest.approx(19.235)


def test_exports_are_deducted_in_gbt32150_and_a_memo_in_the_ghg_protocol(library):
    results = [
        account(library, "raw_coal", 1000),
        account(library, "purchased_electricity", 1000),
        account(library, "exported_electricity", 200),
    ]
    gbt = gbt32150_view(results)
    ghgp = ghg_protocol_view(results)
    assert gbt.exported_electricity_tco2 == pytest.approx(200 * 0.5306)
    assert gbt.total_tco2e == pytest.approx(
        ghgp.scope1_tco2e + ghgp.scope2_location_tco2e - gbt.exported_electricity_tco2
    )
    assert ghgp.exported_energy_tco2 == pytest.approx(200 * 0.5306)
    assert ghgp.scope2_location_tco2e == pytest.approx(530.6)


def test_biomass_co2_is_reported_separately_outside_the_totals(library):
    biomass = next(a for a in library.activities.values() if a.category == "biomass_combustion")
    result = account(library, biomass.id, 100)
    assert result.co2_biogenic_t > 0
    assert result.co2_fossil_t == 0.0
    gbt = gbt32150_view([result])
    assert gbt.biomass_co2_t == result.co2_biogenic_t
    assert gbt.total_tco2e == pytest.approx(result.scope1_co2e_t)  # CH4 and N2O only
    assert ghg_protocol_view([result]).biogenic_co2_t == result.co2_biogenic_t


def test_the_two_views_come_from_the_same_lines(library):
    results = [
        account(library, "natural_gas", 12),
        account(library, "diesel_mobile", 3),
        account(library, "limestone", 50),
        account(library, "hfc_134a", 2),
        account(library, "purchased_heat", 300),
    ]
    gbt = gbt32150_view(results)
    ghgp = ghg_protocol_view(results)
    assert gbt.combustion_tco2e + gbt.process_tco2e + gbt.fugitive_tco2e == pytest.approx(
        ghgp.scope1_tco2e
    )
    assert gbt.purchased_heat_tco2 == pytest.approx(ghgp.scope2_location_tco2e)


def test_the_gbt32150_edition_is_selectable_and_a_missing_one_is_named(library):
    pinned = AccountingContext(region="CN", year=2023, ghg_edition="2015")
    assert account(library, "raw_coal", 1000, pinned).co2_fossil_t == pytest.approx(
        1900.3, abs=0.05
    )
    chosen = account(library, "raw_coal", 1000, AccountingContext(year=2023, ghg_edition="2025"))
    assert "gbt32150-2025.raw_coal.ncv" in chosen.factor_ids
    with pytest.raises(FactorNotFound, match="GB/T 32150 edition 2030"):
        account(library, "raw_coal", 1000, AccountingContext(ghg_edition="2030"))


@pytest.mark.parametrize(
    ("year", "edition"),
    [(2023, "2015"), (2025, "2015"), (2026, "2015"), (2027, "2025"), (2030, "2025")],
)
def test_the_edition_in_force_on_1_january_of_the_reporting_year_is_the_default(
    library, year, edition
):
    # GB/T 32150-2025 is in force from 2026-07-01: 2026 stays on 2015, 2027 uses 2025; its fuel
    # rows carry the 2015 values over (unconfirmed), so the figure is the same:
    # 1000 t x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12 = 1900.3 tCO2
    result = account(library, "raw_coal", 1000, AccountingContext(region="CN", year=year))
    assert {i for i in result.factor_ids if i.startswith("gbt32150-")} == {
        f"gbt32150-{edition}.raw_coal.ncv",
        f"gbt32150-{edition}.raw_coal.carbon_content",
        f"gbt32150-{edition}.raw_coal.oxidation_rate",
    }
    assert result.co2_fossil_t == pytest.approx(1900.3, abs=0.05)
    assert library.ghg_editions_used(result.factor_ids) == (edition,)


def test_biomass_keeps_its_ipcc_defaults_whatever_the_ghg_edition(library):
    # 100 t pellets x 15.6 GJ/t x 30.5 tC/TJ x 1 x 44/12 = 174.46 t biogenic CO2
    for edition in (None, "2015", "2025"):
        context = AccountingContext(region="CN", year=2027, ghg_edition=edition)
        result = account(library, "biomass_pellets", 100, context)
        assert result.co2_biogenic_t == pytest.approx(174.46, abs=0.01)
        assert library.ghg_editions_used(result.factor_ids) == ()


def test_lng_golden_value_from_the_b1_family_defaults(library):
    # 10 t x 51.498 GJ/t x 15.3 tC/TJ x 0.98 x 44/12 = 28.3126 tCO2 (not 44.2 x 17.2: 27.32)
    result = account(library, "lng", 10)
    assert result.co2_fossil_t == pytest.approx(28.31257, abs=1e-4)
