"""Matches of a listing through the core matcher, figures by hand: the 120 °C offer and the
80 °C need of the ecology world, a lift by heat pump, a temperature refusal with its numbers,
a hazardous-waste refusal for a receiver not licensed for the code, and anonymity."""

from __future__ import annotations

import math

import pytest

from greenledger.web.ecology.selectors.matching import (
    data_versions,
    listing_matches,
    pair_match,
)
from greenledger.web.ecology.services import listings
from tests.web.ecology.conftest import A_LATLON, B_LATLON, PERIOD, EcologyWorld

# the gas boiler heat a delivered MWh replaces: GB/T 32150-2015 Table B.1 natural gas,
# 15.3 tC/TJ x 0.99 x 44/12 x 3.6 GJ/MWh / 1000 / boiler efficiency 0.9
GAS_T_PER_MWH = 15.3 * 0.99 * 44 / 12 * 3.6 / 1000 / 0.9


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_the_80_degree_need_finds_the_120_degree_offer_explained(
    ecology_world: EcologyWorld,
) -> None:
    found = listing_matches(ecology_world.users["b"], ecology_world.heat_need)
    assert len(found["matches"]) == 1
    first = found["matches"][0]
    assert first["counterpart"]["id"] == ecology_world.heat_offer.pk
    assert first["counterpart"]["organisation"] == "甲公司"
    m = first["match"]
    km = haversine(A_LATLON, B_LATLON)
    assert m["parts"]["distance_km"] == pytest.approx(km, rel=1e-9)
    assert km == pytest.approx(1.1016, abs=1e-4)
    assert m["parts"]["quantity_overlap"] == pytest.approx(6000 / 8000)
    assert m["parts"]["time_overlap"] == pytest.approx(1.0)
    assert m["parts"]["compatibility"] == 1.0
    # matching.yaml weights 0.4 / 0.3 / 0.3, max 30 km
    assert m["score"] == pytest.approx(0.4 * (1 - km / 30) + 0.3 * 0.75 + 0.3 * 1.0)
    assert (m["quantity"], m["unit"], m["heat_pump_cop"]) == (6000.0, "MWh", None)
    assert round(GAS_T_PER_MWH, 6) == 0.222156
    assert m["benefit"]["t_co2e_avoided"] == pytest.approx(6000 * GAS_T_PER_MWH)
    line = m["benefit"]["lines"][0]
    assert "6,000 MWh" in line["arithmetic"]
    assert "GB/T 32150-2015" in line["source"]
    assert m["versions"] == data_versions()
    assert set(m["versions"]) >= {"acceptance.yaml", "avoided.yaml", "heat.yaml"}


def test_a_hotter_need_is_lifted_by_a_heat_pump_or_refused_with_the_numbers(
    ecology_world: EcologyWorld,
) -> None:
    d, site_d = ecology_world.users["d"], ecology_world.site_d
    lifted = listings.need_create(
        actor=d, site=site_d, kind="heat", name="高温用热", process="process_heat",
        min_temp_c=130, quantity=1000, **PERIOD,
    )  # fmt: skip
    too_hot = listings.need_create(
        actor=d, site=site_d, kind="heat", name="蒸汽", process="process_heat",
        min_temp_c=180, quantity=1000, **PERIOD,
    )  # fmt: skip
    found = listing_matches(ecology_world.users["a"], ecology_world.heat_offer)
    by_need = {row["counterpart"]["id"]: row["match"] for row in found["matches"]}
    assert set(by_need) == {ecology_world.heat_need.pk, lifted.pk}
    # lift: sink 130 + 10 K approach = 140 °C condenser, source 120 - 10 = 110 °C evaporator
    cop = 0.5 * (140 + 273.15) / (140 - 110)
    assert by_need[lifted.pk]["heat_pump_cop"] == pytest.approx(cop)
    assert by_need[lifted.pk]["parts"]["compatibility"] == pytest.approx(1 - 1 / cop)
    # the direct exchange ranks before the lifted one
    assert [row["counterpart"]["id"] for row in found["matches"]][0] == ecology_world.heat_need.pk
    (refused,) = found["refusals"]
    assert refused["counterpart"]["id"] == too_hot.pk
    english = refused["reason"].english()
    assert "120" in english and "180" in english and "60" in english


def test_hazardous_waste_goes_only_to_a_receiver_licensed_for_the_code(
    ecology_world: EcologyWorld,
) -> None:
    b, site_b = ecology_world.users["b"], ecology_world.site_b
    unlicensed = listings.need_create(
        actor=b, site=site_b, kind="hazardous_waste", name="废油再生", quantity=80,
        process="waste_oil_regeneration", permit_codes="900-214-08", **PERIOD,
    )  # fmt: skip
    outcome = pair_match(ecology_world.oil_offer, unlicensed)
    assert outcome.match is None and outcome.refusal is not None
    assert "900-249-08" in outcome.refusal.reason.english()
    assert "900-214-08" in outcome.refusal.reason.english()
    licensed = listings.need_create(
        actor=b, site=site_b, kind="hazardous_waste", name="废油再生二", quantity=80,
        process="waste_oil_regeneration", permit_codes="900-214-08;900-249-08", **PERIOD,
    )  # fmt: skip
    outcome = pair_match(ecology_world.oil_offer, licensed)
    assert outcome.match is not None
    assert outcome.match.quantity == 50.0


def test_an_anonymous_counterpart_shows_its_park_and_resource_only(
    ecology_world: EcologyWorld,
) -> None:
    b, site_b = ecology_world.users["b"], ecology_world.site_b
    need = listings.need_create(
        actor=b, site=site_b, kind="hazardous_waste", name="废油再生", quantity=80,
        process="waste_oil_regeneration", permit_codes="900-249-08", **PERIOD,
    )  # fmt: skip
    found = listing_matches(b, need)
    (row,) = found["matches"]
    other = row["counterpart"]
    assert (other["company_shown"], other["organisation"], other["site"], other["name"]) == (
        False, None, None, None,
    )  # fmt: skip
    assert other["park"] == "丙园区"
    assert other["kind"] == "hazardous_waste" and other["code"] == "900-249-08"
    # its own enterprise sees it whole
    mine = listing_matches(ecology_world.users["d"], ecology_world.oil_offer)
    assert mine["matches"][0]["counterpart"]["organisation"] == "乙公司"
