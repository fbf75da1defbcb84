"""Hourly CFE matching worked out by hand: a 24-hour day, storage moving a surplus to later hours,
certificates raising the annual share but not the hourly score, pooling a park, the heat map,
the duration curve and the vectorised scores."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from greenledger.core.ecology.cfe import (
    JSON_KEYS,
    Certificates,
    Site,
    Storage,
    SupplySeries,
    cfe,
    cfe_many,
    duration_curve,
    heatmap,
    load_certificate_rules,
    pooled,
    to_json,
)
from greenledger.core.errors import InputError

DAY = dt.datetime(2025, 1, 1)  # China Standard Time
HOURS = np.arange(24)

# A day by hand: the load is 2 MWh every hour (48 MWh). A wind contract gives 1 MWh in hours
# 0-7 (8 MWh); on-site solar 5 MWh in hours 8-15 (40 MWh). Clean supply 48 MWh = the load.
LOAD = np.full(24, 2.0)
WIND = np.where(HOURS < 8, 1.0, 0.0)
SOLAR = np.where((HOURS >= 8) & (HOURS < 16), 5.0, 0.0)


def day_supplies() -> list[SupplySeries]:
    return [SupplySeries("wind PPA", "contract", WIND), SupplySeries("roof PV", "onsite", SOLAR)]


def test_cfe_score_and_annual_share_of_one_day_by_hand() -> None:
    result = cfe(LOAD, day_supplies(), grid_factor_t_per_mwh=0.5, start=DAY)
    # matched: hours 0-7 min(2, 1) = 1 (8 MWh), hours 8-15 min(2, 5) = 2 (16), hours 16-23 0
    assert result.hours == 24
    assert result.load_mwh == 48.0
    assert result.clean_supply_mwh == 48.0
    assert result.matched_mwh == 24.0
    assert result.cfe_score == 0.5  # 24 / 48
    assert result.annual_match_share == 1.0  # min(48, 48) / 48: the annual view hides the nights
    assert result.unmatched_mwh == 24.0
    assert result.surplus_mwh == 24.0  # 3 MWh x 8 solar hours, lost to the hourly match
    assert result.by_hour_of_day == (1.0,) * 8 + (0.0,) * 8 + (2.0,) * 8
    assert result.by_month == (24.0,) + (0.0,) * 11
    assert result.unmatched_emissions_t == 12.0  # 24 MWh x 0.5 t/MWh (a test factor)
    assert result.emission_factor == "grid"
    assert result.flags == ()
    assert result.matched.tolist() == [1.0] * 8 + [2.0] * 8 + [0.0] * 8


def test_storage_shifts_the_solar_surplus_into_the_evening() -> None:
    storage = Storage(capacity_mwh=10, power_mw=4, round_trip_efficiency=0.8)
    result = cfe(LOAD, day_supplies(), storage=storage, start=DAY)
    # surplus 3 MWh in hours 8-15; charging stores 0.8 of what it takes:
    # hours 8-11 take 3 each (stored 2.4 each, 9.6), hour 12 takes 0.5 (stored 0.4, full: 10)
    # then 10 MWh are given back at 2 MWh an hour in hours 16-20 (hour 20 takes the last 2).
    assert result.storage_charged_mwh == pytest.approx(12.5)
    assert result.storage_discharged_mwh == pytest.approx(10.0)
    assert result.storage_losses_mwh == pytest.approx(2.5)
    assert result.discharged.tolist() == [0.0] * 16 + [2.0] * 5 + [0.0] * 3
    assert result.matched_mwh == pytest.approx(34.0)  # 24 + 10
    assert result.cfe_score == pytest.approx(34 / 48)
    assert result.surplus_mwh == pytest.approx(11.5)  # 24 - 12.5
    assert result.unmatched_mwh == pytest.approx(14.0)
    # hours 0-7 come before any surplus: storage never covers an earlier hour
    assert result.by_hour_of_day == pytest.approx((1.0,) * 8 + (0.0,) * 13 + (2.0,) * 3)
    assert result.annual_match_share == 1.0


def test_storage_power_limits_charge_and_discharge() -> None:
    storage = Storage(capacity_mwh=100, power_mw=1, round_trip_efficiency=1.0, initial_mwh=0.5)
    result = cfe(LOAD, day_supplies(), storage=storage, start=DAY)
    # the initial 0.5 MWh covers half of hour 0's deficit of 1 MWh; then 1 MWh per solar hour
    # is stored (8 MWh) and given back 1 MWh an hour in hours 16-23.
    assert result.discharged[0] == 0.5
    assert result.storage_charged_mwh == 8.0
    assert result.discharged[16:].tolist() == [1.0] * 8
    assert result.matched_mwh == 24.0 + 0.5 + 8.0


def test_certificates_raise_the_annual_share_but_not_the_hourly_score() -> None:
    wind_only = [SupplySeries("wind PPA", "contract", WIND)]
    without = cfe(LOAD, wind_only, start=DAY)
    certificates = Certificates(2025, (10.0,) + (0.0,) * 11)
    with_gec = cfe(LOAD, wind_only, certificates, start=DAY)
    assert without.cfe_score == with_gec.cfe_score == pytest.approx(8 / 48)
    assert without.annual_match_share == pytest.approx(8 / 48)
    assert with_gec.annual_match_share == pytest.approx(18 / 48)  # (8 + 10) / 48
    assert with_gec.certificates_mwh == 10.0
    plenty = cfe(LOAD, wind_only, Certificates(2025, (100.0,) * 12), start=DAY)
    assert plenty.annual_match_share == 1.0  # capped at the load
    assert plenty.cfe_score == pytest.approx(8 / 48)


def test_certificates_of_another_year_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        cfe(LOAD, (), Certificates(2024, (1.0,) * 12), start=DAY)
    assert caught.value.problems[0].message.code == "cfe.certificates_other_year"


def test_one_certificate_is_one_mwh_and_cites_its_primary_document() -> None:
    rules = load_certificate_rules()
    assert rules["mwh_per_certificate"] == 1.0
    assert "发改能源〔2023〕1044号" in rules["source"]
    assert rules["confirmed"] is False


def test_hourly_factor_weighs_each_unmatched_hour() -> None:
    factor = np.where(HOURS < 12, 0.8, 0.4)
    result = cfe(LOAD, day_supplies(), grid_factor_t_per_mwh=0.5, hourly_factor=factor, start=DAY)
    # unmatched: 1 MWh in hours 0-7 at 0.8, 2 MWh in hours 16-23 at 0.4: 6.4 + 6.4
    assert result.unmatched_emissions_t == pytest.approx(12.8)
    assert result.emission_factor == "hourly"
    assert cfe(LOAD, day_supplies(), start=DAY).unmatched_emissions_t is None


def test_a_contract_known_only_by_volume_is_spread_flat_and_flagged() -> None:
    contract = SupplySeries.flat_contract("PPA 2025", 12.0, 24)
    assert contract.mwh.tolist() == [0.5] * 24
    assert contract.flat and contract.kind == "contract_flat"
    result = cfe(LOAD, [contract], start=DAY)
    assert result.cfe_score == pytest.approx(12 / 48)
    assert [flag.code for flag in result.flags] == ["cfe.flag.flat"]
    assert "PPA 2025" in result.flags[0].english()
    daytime = SupplySeries.flat_contract("day PPA", 8.0, 24, active=(HOURS >= 8) & (HOURS < 16))
    assert daytime.mwh.tolist() == [0.0] * 8 + [1.0] * 8 + [0.0] * 8
    with pytest.raises(InputError):
        SupplySeries("PPA", "contract", WIND, flat=True)  # flat but not of the flat kind


def test_a_park_pools_its_sites_in_the_same_hour() -> None:
    a = Site("A", np.ones(24), [SupplySeries("PV", "onsite", np.where(SOLAR > 0, 2.0, 0.0))])
    b = Site("B", np.ones(24))
    alone_a = cfe(a.load_mwh, a.supplies, start=DAY)
    assert alone_a.matched_mwh == 8.0  # 1 MWh in each of the 8 solar hours, 8 MWh spilled
    park = pooled([a, b], start=DAY)
    assert park.load_mwh == 48.0
    assert park.matched_mwh == 16.0  # A's surplus covers B in the same hours
    assert park.cfe_score == pytest.approx(1 / 3)
    assert [s.source for s in park.supplies] == ["A: PV"]


def test_heatmap_and_duration_curve() -> None:
    year = np.ones(8784)  # 2024 is a leap year
    solar = np.tile(SOLAR, 366) / 5.0
    result = cfe(year, [SupplySeries("PV", "onsite", solar)], start=dt.datetime(2024, 1, 1))
    grid = heatmap(result)
    assert grid.shape == (366, 24)
    assert grid[100].tolist() == [1.0] * 8 + [0.0] * 8 + [1.0] * 8
    assert result.by_month[1] == 29 * 16.0  # February 2024: 29 days x 16 unmatched hours
    curve = duration_curve(result)
    assert curve.load_mwh.tolist() == [1.0] * 8784
    assert curve.clean_supply_mwh[: 366 * 8].tolist() == [1.0] * (366 * 8)
    assert curve.clean_supply_mwh[366 * 8 :].sum() == 0.0
    # a series starting at 05:00 leaves the first five hours of its first day empty
    late = cfe(LOAD, day_supplies(), start=dt.datetime(2025, 1, 1, 5))
    shifted = heatmap(late, "cfe")
    assert shifted.shape == (2, 24)
    assert np.isnan(shifted[0, :5]).all() and np.isnan(shifted[1, 5:]).all()
    assert shifted[0, 5] == 0.5  # hour 0 of the series: 1 of 2 MWh matched
    assert late.by_hour_of_day[5] == 1.0 and late.by_hour_of_day[4] == 2.0


def test_json_has_the_issues_keys_first() -> None:
    answer = to_json(cfe(LOAD, day_supplies(), start=DAY))
    assert tuple(answer)[: len(JSON_KEYS)] == JSON_KEYS
    assert answer["by_hour_of_day"] == [1.0] * 8 + [0.0] * 8 + [2.0] * 8
    assert (answer["cfe_score"], answer["annual_match_share"]) == (0.5, 1.0)


def test_cfe_many_matches_the_single_site_score() -> None:
    rng = np.random.default_rng(7)
    loads = rng.uniform(0, 3, (5, 48))
    clean = rng.uniform(0, 3, (5, 48))
    loads[3] = 0.0
    scores = cfe_many(loads, clean, chunk=2)
    for site in (0, 1, 2, 4):
        one = cfe(loads[site], [SupplySeries("s", "onsite", clean[site])], start=DAY)
        assert scores[site] == pytest.approx(one.cfe_score)
    assert np.isnan(scores[3])
    with pytest.raises(ValueError):
        cfe_many(loads, clean[:, :10])


@pytest.mark.parametrize(
    ("storage", "column"),
    [
        ({"capacity_mwh": 0, "power_mw": 1, "round_trip_efficiency": 0.9}, "capacity_mwh"),
        ({"capacity_mwh": 5, "power_mw": -1, "round_trip_efficiency": 0.9}, "power_mw"),
        ({"capacity_mwh": 5, "power_mw": 1, "round_trip_efficiency": 1.2}, "round_trip_efficiency"),
        (
            {"capacity_mwh": 5, "power_mw": 1, "round_trip_efficiency": 0.9, "initial_mwh": 6},
            "initial_mwh",
        ),
    ],
)
def test_invalid_storage_is_refused_with_its_field(storage: dict[str, float], column: str) -> None:
    with pytest.raises(InputError) as caught:
        Storage(**storage)
    assert [p.column for p in caught.value.problems] == [column]


def test_bad_series_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        cfe(LOAD, [SupplySeries("PV", "onsite", np.ones(23))], start=DAY)
    assert caught.value.problems[0].message.code == "cfe.length_mismatch"
    with pytest.raises(InputError) as caught:
        cfe(np.r_[LOAD[:-1], -1.0], start=DAY)
    assert "position 23" in caught.value.problems[0].reason
    with pytest.raises(InputError) as caught:
        cfe(np.zeros(24), start=DAY)
    assert caught.value.problems[0].message.code == "cfe.zero_load"
    with pytest.raises(InputError):
        cfe(LOAD, start=dt.datetime(2025, 1, 1, 0, 30))
    with pytest.raises(InputError):
        SupplySeries("PV", "battery", np.ones(24))  # type: ignore[arg-type]
