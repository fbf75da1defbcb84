"""Air pollutants of the same lines as the GHG inventory (coordinated pollution and carbon)."""

import pytest

from greenledger.core.pollutants import summarise_pollutants
from tests.core.helpers import account


def test_coal_so2_follows_the_sulfur_content(library):
    # first national pollution-source census: SO2 = 16 x S kg per tonne of coal (grate boilers)
    default = account(library, "raw_coal", 1000)  # default sulfur content 1 %
    assert default.so2_t == pytest.approx(16.0)
    low_sulfur = account(library, "raw_coal", 1000, sulfur_percent=0.5)
    assert low_sulfur.so2_t == pytest.approx(8.0)


def test_the_combustion_technology_selects_its_coefficients(library):
    pulverised = account(library, "raw_coal", 1000, technology="pulverized_coal")
    assert pulverised.so2_t == pytest.approx(17.0)
    assert pulverised.nox_t > account(library, "raw_coal", 1000).nox_t


def test_end_of_pipe_removal_reduces_every_pollutant_of_the_line(library):
    raw = account(library, "raw_coal", 1000)
    treated = account(library, "raw_coal", 1000, removal_efficiency=0.9)
    assert treated.so2_t == pytest.approx(raw.so2_t * 0.1)
    assert treated.nox_t == pytest.approx(raw.nox_t * 0.1)
    assert treated.co2_fossil_t == raw.co2_fossil_t  # CO2 is not removed by desulfurisation


def test_coal_nox_per_tonne(library):
    assert account(library, "raw_coal", 1000).nox_t == pytest.approx(2.94)


def test_electricity_has_no_on_site_pollutants(library):
    result = account(library, "purchased_electricity", 1000)
    assert (result.so2_t, result.nox_t, result.pm_t, result.vocs_t) == (0.0, 0.0, 0.0, 0.0)


def test_pollutant_totals_add_up_over_lines(library):
    results = [account(library, "raw_coal", 1000), account(library, "natural_gas", 10)]
    totals = summarise_pollutants(results)
    assert totals["so2"] == pytest.approx(results[0].so2_t + results[1].so2_t)
    assert totals["nox"] > 2.94
