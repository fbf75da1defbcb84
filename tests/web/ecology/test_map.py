"""The park map: sites by coordinates, anonymous listings at their park, exchanges and candidate
matches as lines (the core matcher's), the resource filter, who sees it."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest

from greenledger.core.ecology.symbiosis import haversine_km
from greenledger.web.ecology.models import ExchangeStatus
from greenledger.web.ecology.selectors.map import map_data
from greenledger.web.ecology.services import exchanges, listings
from greenledger.web.ecology.views.map import map_figure
from tests.web.ecology.conftest import (
    A_LATLON,
    B_LATLON,
    D_LATLON,
    PARK_LATLON,
    PERIOD,
    EcologyWorld,
)


def _figure(page: str) -> dict[str, Any]:
    found = re.search(r'<script id="chart-map" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def _trace(figure: dict[str, Any], meta: str) -> dict[str, Any]:
    (trace,) = [t for t in figure["data"] if t["meta"] == meta]
    return trace


def test_a_sees_its_neighbour_and_the_anonymous_oil_only_at_the_park(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    data = map_data(w.users["a"])
    assert {p.key for p in data.sites} == {f"site:{w.site_a.pk}", f"site:{w.site_b.pk}"}
    park = data.points[f"park:{w.park.pk}"]
    assert (park.lat, park.lon) == PARK_LATLON
    assert [row["kind"] for row in park.offers] == ["hazardous_waste"]
    assert park.offers[0]["organisation"] is None and park.offers[0]["site"] is None
    (candidate,) = data.candidates
    assert (candidate.offer["id"], candidate.need["id"]) == (w.heat_offer.pk, w.heat_need.pk)
    assert candidate.distance_km == pytest.approx(haversine_km(*A_LATLON, *B_LATLON), abs=1e-9)
    assert candidate.distance_km == pytest.approx(1.1016, abs=1e-4)
    assert data.exchanges == []

    page = w.client("a").get("/ecology/map/").content.decode()
    assert "丁工厂" not in page and "丁公司" not in page and str(D_LATLON[0]) not in page
    figure = _figure(page)
    sites = _trace(figure, "sites")
    assert sorted(zip(sites["y"], sites["x"], strict=True)) == sorted([A_LATLON, B_LATLON])
    lines = _trace(figure, "candidates")
    assert lines["x"] == [A_LATLON[1], B_LATLON[1], None]
    assert lines["y"] == [A_LATLON[0], B_LATLON[0], None]
    assert lines["line"]["dash"] == "dot"
    assert 'id="map-candidates"' in page and "1.10" in page


def test_the_staff_see_every_site_and_the_scale_is_true_to_latitude(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    data = map_data(w.users["staff"])
    assert f"site:{w.site_d.pk}" in data.points
    assert not data.points[f"park:{w.park.pk}"].offers  # nothing anonymous to the staff
    figure = map_figure(data)
    lats = [p.lat for p in data.points.values()]
    middle = (min(lats) + max(lats)) / 2
    assert figure["layout"]["yaxis"]["scaleanchor"] == "x"
    assert figure["layout"]["yaxis"]["scaleratio"] == pytest.approx(
        1 / math.cos(math.radians(middle)), abs=1e-4
    )
    assert figure["layout"]["yaxis"]["scaleratio"] == pytest.approx(1.1689, abs=1e-3)


def test_an_exchange_replaces_its_candidate_dashed_then_solid(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    data = map_data(w.users["a"])
    assert data.candidates == []
    (line,) = data.exchanges
    assert (line.status, line.exchange_id) == (ExchangeStatus.PROPOSED, exchange.pk)
    assert line.score == pytest.approx(exchange.match["score"])
    figure = map_figure(data)
    assert _trace(figure, "proposed")["line"]["dash"] == "dash"
    exchanges.exchange_confirm(actor=w.users["a"], exchange=exchange)
    figure = map_figure(map_data(w.users["b"]))
    assert _trace(figure, "active")["line"]["dash"] == "solid"
    page = w.client("b").get("/ecology/map/").content.decode()
    assert f'id="map-exchange-{exchange.pk}"' in page
    assert f"/ecology/exchanges/{exchange.pk}/" in page
    # D sees no exchange of others
    assert map_data(w.users["d"]).exchanges == []


def test_an_anonymous_party_moves_from_its_park_to_its_site_once_both_confirmed(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    need = listings.need_create(
        actor=w.users["b"], site=w.site_b, kind="hazardous_waste", name="废油再生", quantity=80,
        process="waste_oil_regeneration", permit_codes="900-249-08", **PERIOD,
    )  # fmt: skip
    data = map_data(w.users["b"], kind="hazardous_waste")
    (candidate,) = data.candidates
    assert candidate.offer_point == f"park:{w.park.pk}"
    assert candidate.need_point == f"site:{w.site_b.pk}"
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.oil_offer, need=need)
    (line,) = map_data(w.users["b"], kind="hazardous_waste").exchanges
    assert line.offer_point == f"park:{w.park.pk}"
    exchanges.exchange_confirm(actor=w.users["d"], exchange=exchange)
    (line,) = map_data(w.users["b"], kind="hazardous_waste").exchanges
    assert line.offer_point == f"site:{w.site_d.pk}"


def test_the_resource_filter(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    data = map_data(w.users["a"], kind="hazardous_waste")
    assert data.sites == [] and data.candidates == []
    assert len(data.points[f"park:{w.park.pk}"].offers) == 1
    page = w.client("a").get("/ecology/map/?kind=heat").content.decode()
    figure = _figure(page)
    assert {t["meta"] for t in figure["data"]} == {"parks", "sites", "candidates"}
    assert 'id="map-parks"' not in page  # no anonymous heat listing
    assert w.client("a").get("/ecology/map/?kind=nonsense").status_code == 200


def test_a_site_without_coordinates_is_counted_not_drawn(ecology_world: EcologyWorld) -> None:
    from greenledger.web.members.models import Site

    w = ecology_world
    Site.objects.filter(pk=w.site_b.pk).update(latitude=None, longitude=None)
    data = map_data(w.users["a"])
    assert data.unplaced == 1 and data.candidates == []
    page = w.client("a").get("/ecology/map/").content.decode()
    assert 'id="map-unplaced"' in page


@pytest.mark.parametrize(
    ("user", "status"),
    [("a", 200), ("researcher", 200), ("staff", 200), ("analyst", 403), ("anonymous", 302)],
)
def test_who_sees_the_map(ecology_world: EcologyWorld, user: str, status: int) -> None:
    response = ecology_world.client(user).get("/ecology/map/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/login/")


def test_the_researcher_sees_the_companies_only_where_not_anonymous(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    data = map_data(w.users["researcher"])
    # can_see_listing_company: a researcher sees no company, so every listing is at its park
    assert data.sites == []
    park = data.points[f"park:{w.park.pk}"]
    assert len(park.offers) == 2 and len(park.needs) == 1
    (candidate,) = data.candidates
    assert candidate.offer_point == candidate.need_point == f"park:{w.park.pk}"


def test_the_api_gives_the_map_as_the_page_draws_it(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    response = w.client("anonymous").get("/api/ecology/map", **w.api_headers("a"))
    assert response.status_code == 200
    body = response.json()
    points = {p["key"]: p for p in body["points"]}
    assert points[f"site:{w.site_a.pk}"]["offers"][0]["id"] == w.heat_offer.pk
    (oil,) = points[f"park:{w.park.pk}"]["offers"]
    assert (oil["kind"], oil["organisation"], oil["name"]) == ("hazardous_waste", None, None)
    assert f"site:{w.site_d.pk}" not in points
    (candidate,) = body["candidates"]
    assert (candidate["offer_id"], candidate["need_id"]) == (w.heat_offer.pk, w.heat_need.pk)
    assert candidate["distance_km"] == pytest.approx(1.1016, abs=1e-4)
    assert candidate["status"] is None and body["exchanges"] == []
    heat = w.client("anonymous").get("/api/ecology/map?kind=hazardous_waste", **w.api_headers("a"))
    assert heat.json()["candidates"] == [] and heat.json()["kind"] == "hazardous_waste"
    bad = w.client("anonymous").get("/api/ecology/map?kind=lava", **w.api_headers("a"))
    assert bad.status_code == 422
    assert (
        w.client("anonymous").get("/api/ecology/map", **w.api_headers("analyst")).status_code == 403
    )
    assert w.client("anonymous").get("/api/ecology/map").status_code == 403


def test_the_park_filter_keeps_one_park(ecology_world: EcologyWorld) -> None:
    from greenledger.web.members import services as member_services
    from tests.web.ecology.conftest import place

    w = ecology_world
    other = member_services.site_create(
        actor=None, organisation=w.world.company_c, kind="industrial_park", name_zh="另一园区",
        name_en="Other Park",
    )  # fmt: skip
    place(other, (31.1000, 121.7000))
    everything = map_data(w.users["a"])
    assert f"park:{other.pk}" in everything.points
    data = map_data(w.users["a"], park=w.park.pk)
    assert f"park:{other.pk}" not in data.points and len(data.candidates) == 1
    assert map_data(w.users["a"], park=other.pk).candidates == []
    page = w.client("a").get(f"/ecology/map/?park={other.pk}").content.decode()
    assert 'id="map-candidates"' not in page and 'id="map-legend"' in page
    api = w.client("anonymous").get(f"/api/ecology/map?park={w.park.pk}", **w.api_headers("a"))
    assert len(api.json()["candidates"]) == 1
    assert {p["key"] for p in api.json()["points"] if p["level"] == "park"} == {f"park:{w.park.pk}"}
