"""The baseline split by end use: carriers and shares worked out by hand; bad shares refused
with the carrier, the end use and the field named."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenledger.core.errors import InputError
from greenledger.core.planning.baseline import (
    END_USES,
    PROCESS_EMISSIONS,
    CarrierUse,
    split_baseline,
)
from greenledger.core.planning.catalogue import load_catalogue
from greenledger.core.planning.model import EndUse

ELECTRICITY = CarrierUse("electricity", 1229.0, 5306.0, True)
GAS = CarrierUse("natural_gas", 1330.0, 2162.0, False)


def test_shares_split_each_carrier_and_end_uses_fed_by_two_carriers_add_up() -> None:
    end_uses = split_baseline(
        [ELECTRICITY, GAS],
        {
            "electricity": {"motors_drives": 0.6, "compressed_air": 0.25, "hvac": 0.15},
            "natural_gas": {"boilers_steam": 0.8, "hvac": 0.2},
        },
        non_energy_emissions_t=410.0,
    )
    by_name = {e.name: e for e in end_uses}
    assert [e.name for e in end_uses] == [
        "motors_drives",
        "compressed_air",
        "hvac",
        "boilers_steam",
        PROCESS_EMISSIONS,
    ]
    # 0.6 x 1229 tce, 0.6 x 5306 t, all of it from purchased electricity
    assert by_name["motors_drives"].energy_tce == pytest.approx(737.4)
    assert by_name["motors_drives"].emissions_t == pytest.approx(3183.6)
    assert by_name["motors_drives"].electricity_emissions_t == pytest.approx(3183.6)
    # hvac: 0.15 x 1229 + 0.2 x 1330 = 184.35 + 266 tce; 0.15 x 5306 + 0.2 x 2162 t, of which
    # only the electricity part 795.9 t follows the grid
    assert by_name["hvac"].energy_tce == pytest.approx(450.35)
    assert by_name["hvac"].emissions_t == pytest.approx(795.9 + 432.4)
    assert by_name["hvac"].electricity_emissions_t == pytest.approx(795.9)
    boilers = by_name["boilers_steam"]
    assert (boilers.energy_tce, boilers.emissions_t) == pytest.approx((1064.0, 1729.6))
    assert boilers.electricity_emissions_t == 0.0
    assert by_name[PROCESS_EMISSIONS] == EndUse(PROCESS_EMISSIONS, 0.0, 410.0, 0.0)
    assert sum(e.energy_tce for e in end_uses) == pytest.approx(1229.0 + 1330.0)
    assert sum(e.emissions_t for e in end_uses) == pytest.approx(5306.0 + 2162.0 + 410.0)


def test_a_carrier_without_shares_is_an_end_use_named_after_it() -> None:
    end_uses = split_baseline([ELECTRICITY, GAS], {"natural_gas": {"boilers_steam": 1.0}})
    assert end_uses == (
        EndUse("electricity", 1229.0, 5306.0, 5306.0),
        EndUse("boilers_steam", 1330.0, 2162.0, 0.0),
    )


def test_shares_summing_to_one_within_the_tolerance_are_accepted() -> None:
    end_uses = split_baseline([GAS], {"natural_gas": {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}})
    assert [e.energy_tce for e in end_uses] == pytest.approx([1330 / 3] * 3)


def test_a_zero_share_adds_no_end_use_and_no_process_line_without_process_emissions() -> None:
    end_uses = split_baseline([GAS], {"natural_gas": {"boilers_steam": 1.0, "hvac": 0.0}})
    assert [e.name for e in end_uses] == ["boilers_steam"]


def test_bad_shares_are_refused_all_at_once_naming_carrier_end_use_and_field() -> None:
    with pytest.raises(InputError) as caught:
        split_baseline(
            [ELECTRICITY, GAS, CarrierUse("coal", -1.0, 10.0, False)],
            {
                "electricity": {"motors_drives": 0.6, "hvac": 0.3},
                "natural_gas": {"boilers_steam": 1.2, "hvac": -0.2},
                "steam": {"boilers_steam": 1.0},
            },
            non_energy_emissions_t=-5.0,
        )
    reasons = [(p.column, p.reason) for p in caught.value.problems]
    assert reasons == [
        ("coal.energy_tce", "carrier coal: energy_tce -1.0 is not a number of zero or more"),
        (
            "shares.electricity",
            "carrier electricity: the shares over end uses add up to 0.9, not 1",
        ),
        (
            "shares.natural_gas.boilers_steam",
            "carrier natural_gas, end use boilers_steam: the share 1.2 is outside 0..1 "
            "(0.25 means 25 %)",
        ),
        (
            "shares.natural_gas.hvac",
            "carrier natural_gas, end use hvac: the share -0.2 is outside 0..1 (0.25 means 25 %)",
        ),
        (
            "shares.steam",
            "shares are given for carrier steam, which the baseline lacks "
            "(its carriers: coal, electricity, natural_gas)",
        ),
        ("non_energy_emissions_t", "non_energy_emissions_t -5.0 is not a number of zero or more"),
    ]


def test_duplicate_carriers_and_the_reserved_end_use_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        split_baseline([GAS, GAS], {"natural_gas": {PROCESS_EMISSIONS: 1.0}})
    assert [p.reason for p in caught.value.problems] == [
        "carrier natural_gas is given more than once",
        "carrier natural_gas: the end use name process_emissions is reserved for non-energy "
        "(process) emissions",
    ]


def test_the_end_use_vocabulary_is_the_catalogues() -> None:
    assert {t.end_use for t in load_catalogue().technologies} <= set(END_USES)
    assert "motors_drives" in END_USES and PROCESS_EMISSIONS not in END_USES


amounts = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def carriers_and_shares(
    draw: st.DrawFn,
) -> tuple[list[CarrierUse], dict[str, dict[str, float]]]:
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, unique=True))
    carriers = [CarrierUse(n, draw(amounts), draw(amounts), draw(st.booleans())) for n in names]
    shares: dict[str, dict[str, float]] = {}
    for name in names:
        if draw(st.booleans()):
            targets = draw(st.lists(st.sampled_from(END_USES[:5]), min_size=1, unique=True))
            weights = [draw(st.integers(1, 10)) for _ in targets]
            shares[name] = {t: w / sum(weights) for t, w in zip(targets, weights, strict=True)}
    return carriers, shares


@settings(max_examples=200, deadline=None)
@given(carriers_and_shares(), amounts)
def test_a_split_keeps_every_tonne_and_tce_and_the_electricity_part(
    data: tuple[list[CarrierUse], dict[str, dict[str, float]]], process: float
) -> None:
    carriers, shares = data
    end_uses = split_baseline(carriers, shares, non_energy_emissions_t=process)
    assert len({e.name for e in end_uses}) == len(end_uses)
    total_energy = sum(c.energy_tce for c in carriers)
    total_emissions = sum(c.emissions_t for c in carriers) + process
    electricity = sum(c.emissions_t for c in carriers if c.electricity)
    assert sum(e.energy_tce for e in end_uses) == pytest.approx(total_energy, rel=1e-9, abs=1e-6)
    assert sum(e.emissions_t for e in end_uses) == pytest.approx(
        total_emissions, rel=1e-9, abs=1e-6
    )
    assert sum(e.electricity_emissions_t for e in end_uses) == pytest.approx(
        electricity, rel=1e-9, abs=1e-6
    )
    assert all(0 <= e.electricity_emissions_t <= e.emissions_t for e in end_uses)
