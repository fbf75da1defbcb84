"""Matching golden cases by hand: distances, gates with their numbers, heat pump lift,
ranking, benefits, the too-far refusal, anonymity, and agreement with an all-pairs check."""

from __future__ import annotations

import numpy as np
import pytest

from greenledger.core.ecology.symbiosis import (
    EARTH_RADIUS_KM,
    haversine_km,
    match,
    to_json,
)
from tests.core.ecology.symbiosis_cases import need, offer


def test_great_circle_distance_of_known_points() -> None:
    # one degree of the equator = 2 pi R / 360 = 111.1951 km; pole to equator = pi R / 2
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.19508, abs=1e-4)
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(10007.557, abs=1e-3)
    assert np.pi * EARTH_RADIUS_KM / 2 == pytest.approx(10007.557, abs=1e-3)


def test_direct_heat_120_to_80() -> None:
    result = match([offer()], [need()])
    (m,) = result.matches
    assert m.heat_pump_cop is None and m.compatibility == 1.0
    assert m.quantity == 3000.0  # min(offered 3000, needed 4000)
    assert m.quantity_overlap == pytest.approx(0.75)
    assert m.benefit.t_co2e_avoided == pytest.approx(3000 * 0.222156, abs=1e-2)
    # score = 0.4 x (1 - km / 30) + 0.3 x 0.75 + 0.3 x 1
    km = haversine_km(31.26, 121.60, 31.255, 121.605)
    assert m.distance_km == pytest.approx(km)
    assert m.score == pytest.approx(0.4 * (1 - km / 30) + 0.3 * 0.75 + 0.3)


def test_temperature_incompatible_pair_says_its_numbers() -> None:
    # 30 °C cannot serve 90 °C directly; a pump would lift (90 + 10) - (30 - 10) = 80 K > 60 K
    result = match([offer(supply_temp_c=30.0, return_temp_c=20.0)], [need(min_temp_c=90.0)])
    assert result.matches == ()
    (refusal,) = result.refusals
    assert refusal.reason.code == "symbiosis.refused.temperature"
    assert refusal.reason.english() == (
        "the heat at 30.0 °C does not exceed the 90.0 °C needed by the minimum approach of "
        "10.0 K, and a heat pump would have to lift it 80.0 K (at most 60.0 K)"
    )


def test_heat_pump_lift() -> None:
    # 40 °C to a 70 °C sink: COP 0.5 x 353.15 / 50 = 3.5315, 4000 MWh delivered with
    # 1132.66 MWh of electricity; net 888.624 - 622.965 = 265.659 tCO2
    result = match([offer(supply_temp_c=40.0, return_temp_c=25.0)], [need(min_temp_c=70.0)])
    (m,) = result.matches
    assert m.heat_pump_cop == pytest.approx(3.5315)
    assert m.quantity == 4000.0
    assert m.benefit.electricity_mwh == pytest.approx(1132.663, abs=1e-3)
    assert m.benefit.t_co2e_avoided == pytest.approx(265.659, abs=1e-3)
    assert m.compatibility == pytest.approx(1 - 1 / 3.5315)


def test_direct_heat_ranks_before_a_heat_pump() -> None:
    direct = offer(id="direct")
    pumped = offer(id="pumped", supply_temp_c=45.0, return_temp_c=30.0, quantity=4000.0)
    ranked = [m.offer.id for m in match([pumped, direct], [need()]).matches]
    assert ranked == ["direct", "pumped"]


def test_hazardous_waste_refused_without_licence() -> None:
    oil = offer(kind="hazardous_waste", code="900-214-08", quantity=20.0, supply_temp_c=None)
    regen = need(kind="hazardous_waste", process="waste_oil_regeneration", quantity=50.0,
                 min_temp_c=None, permit_codes=frozenset({"900-249-08"}))  # fmt: skip
    (refusal,) = match([oil], [regen]).refusals
    assert refusal.reason.english() == (
        "the receiver is not licensed for the hazardous waste 900-214-08 (licensed: 900-249-08)"
    )
    licensed = regen.__class__(**{**_fields(regen), "permit_codes": frozenset({"900-214-08"})})
    (m,) = match([oil], [licensed]).matches
    assert m.benefit.t_co2e_avoided == pytest.approx(20 * 40.2 * 73.3 / 1000)


def _fields(item: object) -> dict[str, object]:
    return {name: getattr(item, name) for name in item.__slots__}  # type: ignore[attr-defined]


def test_by_product_exchange_and_incompatible_material() -> None:
    ash = offer(kind="solid_waste", code="441-001-S02", quantity=1000.0, supply_temp_c=None)
    cement = need(kind="solid_waste", process="cement_blending", quantity=800.0,
                  min_temp_c=None, start_month="2026-03")  # fmt: skip
    gypsum = need(id="G", kind="solid_waste", process="gypsum_cement_retarder", quantity=10.0,
                  min_temp_c=None)  # fmt: skip
    result = match([ash], [cement, gypsum])
    (m,) = result.matches
    assert m.benefit.t_co2e_avoided == pytest.approx(416.0)  # 800 t x 0.52
    assert m.time_overlap == pytest.approx(1.0)  # the need's 10 months all covered
    (refusal,) = result.refusals
    assert refusal.reason.english() == (
        "the process gypsum_cement_retarder does not accept 441-001-S02"
    )


def test_months_without_overlap_and_too_far() -> None:
    late = need(start_month="2027-01", end_month="2027-06")
    (refusal,) = match([offer()], [late]).refusals
    assert refusal.reason.code == "symbiosis.refused.no_overlap"
    far = need(lat=31.255 + 0.5)  # about 55 km north
    (refusal,) = match([offer()], [far], max_km=30).refusals
    assert refusal.reason.code == "symbiosis.refused.too_far"
    assert refusal.distance_km == pytest.approx(haversine_km(31.26, 121.6, 31.755, 121.605))


def test_anonymous_offer_shows_park_not_company() -> None:
    answer = to_json(match([offer(anonymous=True)], [need()]))
    party = answer["matches"][0]["offer"]
    assert party == {"id": "O", "park": "Jinqiao", "site": None, "organisation": None,
                     "anonymous": True}  # fmt: skip
    assert (
        to_json(match([offer(anonymous=True)], [need()]), redact=False)["matches"][0]["offer"][
            "organisation"
        ]
        == "Acme"
    )


def test_tree_finds_the_same_pairs_as_all_pairs() -> None:
    rng = np.random.default_rng(7)
    n = 300
    lats, lons = rng.uniform(30.9, 31.35, (2, n)), rng.uniform(121.5, 121.95, (2, n))
    offers = [offer(id=f"o{i}", lat=lats[0, i], lon=lons[0, i]) for i in range(n)]
    needs = [need(id=f"n{i}", lat=lats[1, i], lon=lons[1, i]) for i in range(n)]
    result = match(offers, needs, max_km=5.0)
    found = set(zip(result.pairs["offer"].tolist(), result.pairs["need"].tolist(), strict=True))
    km = haversine_km(lats[0][:, None], lons[0][:, None], lats[1][None, :], lons[1][None, :])
    expected = {(int(i), int(j)) for i, j in zip(*np.nonzero(km <= 5.0), strict=True)}
    assert found == expected and len(expected) > 100


def test_profile_overlap_by_hand() -> None:
    # offer gives heat January-June only (1/6 a month), the need draws 1/12 every month:
    # sum of min(share offered, share needed) = 6 x 1/12 = 0.5
    half_year = offer(profile=(1 / 6,) * 6 + (0.0,) * 6)
    flat = need(profile=(1 / 12,) * 12)
    (m,) = match([half_year], [flat]).matches
    assert m.time_overlap == pytest.approx(0.5)


def test_cold_and_water_gates_with_numbers() -> None:
    chilled = offer(kind="cold", supply_temp_c=12.0, return_temp_c=17.0)
    sink = need(kind="cold", process="process_cooling", min_temp_c=None, max_temp_c=18.0)
    (refusal,) = match([chilled], [sink]).refusals  # 12 + 10 K approach > 18
    assert refusal.reason.english() == (
        "the cold at 12.0 °C is not below the 18.0 °C needed by the minimum approach of 10.0 K"
    )
    (m,) = match([chilled], [need(kind="cold", process="process_cooling", min_temp_c=None,
                                  max_temp_c=25.0)]).matches  # fmt: skip
    assert m.benefit.t_co2e_avoided == pytest.approx(3000 / 4 * 0.55)  # 3000 MWh / COP 4
    grey = offer(kind="water", quality_grade=4, supply_temp_c=None)
    strict = need(kind="water", process="industrial_water_reuse", quality_grade=3,
                  min_temp_c=None)  # fmt: skip
    (refusal,) = match([grey], [strict]).refusals
    assert refusal.reason.english() == (
        "the water is of grade 4; the need requires grade 3 or better"
    )
