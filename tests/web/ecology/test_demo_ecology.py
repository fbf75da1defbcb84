"""The demo district's ecology story (ecology/demo.py): coordinates inside Pudong, the park's
heat exchange with its 2025 records (waste-heat utilisation 5,400 / 8,000 = 0.675), the fly ash
proposal, the anonymous waste oil and its licensed recycler as a candidate match, the data
centre's green power and CFE run (checked against the core on the same inputs), every ecology
page with content, and a second load writing nothing. The demo is loaded once for the module."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.test import Client

from greenledger.core.ecology import cfe as core
from greenledger.core.ecology.symbiosis_files import load_district
from greenledger.web.accounts.models import User
from greenledger.web.ecology import demo
from greenledger.web.ecology.models import (
    CfeRun,
    Exchange,
    ExchangeRecord,
    ExchangeStatus,
    GreenSupply,
    Need,
    Offer,
)
from greenledger.web.ecology.selectors.map import map_data
from greenledger.web.ecology.selectors.rates import park_figures
from greenledger.web.members.demo import DISTRICT
from greenledger.web.members.models import Site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def loaded(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def user(username: str) -> User:
    return User.objects.get(username=username)


def client(username: str) -> Client:
    browser = Client()
    browser.force_login(user(username))
    return browser


def test_every_district_site_is_placed_inside_pudong(loaded: None) -> None:
    box = load_district()
    sites = Site.objects.filter(district=DISTRICT)
    assert sites.count() > 250 and not sites.filter(latitude=None).exists()
    for lat, lon in sites.values_list("latitude", "longitude"):
        assert box.lat_min <= lat <= box.lat_max and box.lon_min <= lon <= box.lon_max
    park, factories = demo.story_park()  # type: ignore[misc]
    assert (park.latitude, park.longitude) in demo.PARK_POINTS
    for factory in factories:  # within 1.3 km of the park (0.6 to 1.3 km rings)
        dlat = (factory.latitude - park.latitude) * 111.2
        dlon = (factory.longitude - park.longitude) * 111.2 * np.cos(np.radians(park.latitude))
        assert 0.59 <= float(np.hypot(dlat, dlon)) <= 1.31


def test_the_heat_exchange_is_active_with_its_records_and_the_park_rate(loaded: None) -> None:
    heat = Offer.objects.get(name=demo.HEAT_OFFER)
    need = Need.objects.get(name=demo.HEAT_NEED)
    assert (heat.supply_temp_c, heat.return_temp_c, need.min_temp_c) == (120, 70, 80)
    exchange = Exchange.objects.get(offer=heat, need=need)
    assert exchange.status == ExchangeStatus.ACTIVE
    assert exchange.proposed_by == user("eco_neighbour")
    assert exchange.offer_confirmed_by == user("eco_heat")
    months = list(
        ExchangeRecord.objects.filter(exchange=exchange).values_list("quantity", flat=True)
    )
    assert months == [450.0] * 12
    park, _ = demo.story_park()  # type: ignore[misc]
    figures = park_figures(park=park, year=2025)
    assert figures.generated["waste_heat_utilisation"] == pytest.approx(8000.0)
    assert figures.utilised["waste_heat_utilisation"] == pytest.approx(5400.0)
    assert figures.rates.waste_heat_utilisation == pytest.approx(0.675)
    assert figures.avoided_tco2e > 0


def test_the_ash_waits_for_its_owner_and_the_oil_is_a_candidate_at_the_park(
    loaded: None,
) -> None:
    ash = Exchange.objects.get(offer__name=demo.ASH_OFFER)
    assert ash.status == ExchangeStatus.PROPOSED and ash.offer_confirmed_at is None
    assert ash.match["benefit"]["t_co2e_avoided"] > 0
    oil = Offer.objects.get(name=demo.OIL_OFFER)
    assert oil.anonymous and not Exchange.objects.filter(offer=oil).exists()
    park, _ = demo.story_park()  # type: ignore[misc]
    data = map_data(user("eco_recycler"), kind="hazardous_waste")
    (candidate,) = data.candidates
    assert candidate.offer_point == f"park:{park.pk}"
    assert candidate.offer["organisation"] is None
    heat_map = map_data(user("eco_heat"), kind="heat")
    assert [line.status for line in heat_map.exchanges] == [ExchangeStatus.ACTIVE]


def test_the_data_centre_run_is_the_core_on_its_inputs(loaded: None) -> None:
    site = user("eco_datacentre").organisation
    run = CfeRun.objects.get(site__organisation=site, year=2025)
    supplies = {s.kind: s for s in GreenSupply.objects.filter(site=run.site, year=2025)}
    assert supplies["contract_flat"].annual_mwh == demo.CONTRACT_MWH
    it_load = float(run.site.it_load_kw or 1200)
    hours = demo._hours()
    load = np.array([demo.load_kwh(it_load, h) for _, h in hours]) / 1000
    solar = np.array([demo.solar_kwh(h) for _, h in hours]) / 1000
    flat = np.full(len(hours), demo.CONTRACT_MWH / len(hours))
    expected = core.cfe(
        load,
        supplies=(
            core.SupplySeries("solar", "onsite", solar),
            core.SupplySeries("contract", "contract_flat", flat, flat=True),
        ),
        certificates=core.Certificates(2025, (demo.CERTIFICATES_MWH,) * 12),
        storage=core.Storage(capacity_mwh=2.0, power_mw=1.0, round_trip_efficiency=0.85),
        start=dt.datetime(2025, 1, 1),
    )
    assert run.cfe_score == pytest.approx(expected.cfe_score, rel=1e-6)
    assert run.result["matched_mwh"] == pytest.approx(expected.matched_mwh, rel=1e-6)
    result = run.result
    assert result["hours"] == 8760
    assert result["load_mwh"] == pytest.approx(float(load.sum()), rel=1e-9)
    clean = float(solar.sum() + flat.sum())
    assert result["clean_supply_mwh"] == pytest.approx(clean, rel=1e-6)
    assert 0 < run.cfe_score < run.annual_match_share < 1
    share = min(clean + 12 * demo.CERTIFICATES_MWH, float(load.sum())) / float(load.sum())
    assert run.annual_match_share == pytest.approx(share, rel=1e-6)
    assert result["flags"]


def test_the_park_pooled_run_is_the_core_on_its_tenants(loaded: None) -> None:
    park, factories = demo.story_park()  # type: ignore[misc]
    run = CfeRun.objects.get(site=park, year=2025, pooled=True)
    hours = demo._hours()
    loads = {
        who: np.array([demo.factory_kwh(kw, h) for _, h in hours]) / 1000
        for who, kw in demo.FACTORY_KW.items()
    }
    solar = np.array([demo.solar_kwh(h, demo.PARK_SOLAR_PEAK_KW) for _, h in hours]) / 1000
    expected = core.pooled(
        [
            core.Site("park", np.zeros(len(hours)), (core.SupplySeries("s", "onsite", solar),)),
            *(core.Site(who, load) for who, load in loads.items()),
        ],
        start=dt.datetime(2025, 1, 1),
    )
    assert run.cfe_score == pytest.approx(expected.cfe_score, rel=1e-6)
    assert run.result["load_mwh"] == pytest.approx(sum(v.sum() for v in loads.values()), rel=1e-9)
    # pooling matters: the park's solar covers both factories' daytime load in the same hours
    assert 0 < run.cfe_score < 1
    assert {s["site"] for s in run.provenance["sites"]} == {park.pk, *(f.pk for f in factories[:2])}
    assert len(run.provenance["left_out"]) >= 4
    page = client("eco_park").get(f"/ecology/parks/{park.pk}/?year=2025").content.decode()
    assert 'id="park-cfe-score"' in page


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("eco_heat", ["/ecology/", "/ecology/map/", "/ecology/offers/", "/ecology/needs/",
                      "/ecology/exchanges/", "/ecology/parks/", "/ecology/green-power/"]),
        ("secretariat", ["/ecology/", "/ecology/map/", "/ecology/exchanges/", "/ecology/parks/",
                         "/ecology/green-power/"]),
        ("researcher", ["/ecology/", "/ecology/map/", "/ecology/offers/", "/ecology/needs/"]),
    ],
)  # fmt: skip
def test_every_ecology_page_has_content(loaded: None, username: str, paths: list[str]) -> None:
    browser = client(username)
    for path in paths:
        response = browser.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "Nothing matches the filters." not in page, path


def test_the_story_pages_show_the_figures(loaded: None) -> None:
    park, _ = demo.story_park()  # type: ignore[misc]
    page = client("eco_heat").get(f"/ecology/parks/{park.pk}/?year=2025").content.decode()
    assert "67.5" in page
    site = CfeRun.objects.get(year=2025, pooled=False).site
    page = client("eco_datacentre").get(f"/ecology/green-power/{site.pk}/2025/").content.decode()
    assert 'data-chart="chart-heatmap"' in page
    need = Need.objects.get(name=demo.HEAT_NEED)
    page = client("eco_neighbour").get(f"/ecology/needs/{need.pk}/matches/").content.decode()
    assert demo.HEAT_OFFER in page
