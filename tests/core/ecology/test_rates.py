"""Park rates: utilised / generated, None when nothing was generated, refusals."""

from __future__ import annotations

import pytest

from greenledger.core.ecology.rates import park_rates
from greenledger.core.errors import InputError


def test_rates_by_hand() -> None:
    rates = park_rates(
        solid_waste_generated_t=1000,
        solid_waste_utilised_t=800,
        waste_heat_generated_mwh=5000,
        waste_heat_utilised_mwh=1250,
    )
    assert rates.solid_waste_utilisation == pytest.approx(0.8)
    assert rates.waste_heat_utilisation == pytest.approx(0.25)
    assert rates.water_reuse is None
    assert "910" in rates.source and rates.confirmed is False


def test_utilised_above_generated_is_refused() -> None:
    with pytest.raises(InputError, match="120 utilised is more than the 100 generated"):
        park_rates(water_used_m3=100, water_reused_m3=120)


def test_negative_is_refused() -> None:
    with pytest.raises(InputError, match="zero or more"):
        park_rates(solid_waste_generated_t=-1)
