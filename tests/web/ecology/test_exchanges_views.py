"""The exchange pages: B proposes from its need's matches, A confirms, the exchange is active;
who sees what."""

from __future__ import annotations

from greenledger.web.ecology.models import Exchange, ExchangeStatus
from tests.web.ecology.conftest import EcologyWorld


def test_propose_from_the_matches_then_confirm_on_the_exchange_page(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    pair = {"offer": w.heat_offer.pk, "need": w.heat_need.pk}
    assert w.client("d").post("/ecology/exchanges/propose/", pair).status_code == 403
    response = w.client("b").post("/ecology/exchanges/propose/", pair)
    exchange = Exchange.objects.get()
    assert response["Location"] == f"/ecology/exchanges/{exchange.pk}/"
    page = w.client("a").get(f"/ecology/exchanges/{exchange.pk}/").content.decode()
    assert 'id="exchange-confirm"' in page and "GB/T 32150-2015" in page
    assert w.client("d").get(f"/ecology/exchanges/{exchange.pk}/").status_code == 404
    assert w.client("researcher").get("/ecology/exchanges/").status_code == 403
    assert w.client("a").post(f"/ecology/exchanges/{exchange.pk}/confirm/").status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ACTIVE
    page = w.client("b").get(f"/ecology/exchanges/{exchange.pk}/").content.decode()
    assert f'href="/ecology/exchanges/{exchange.pk}/records/"' in page
    listed = w.client("staff").get("/ecology/exchanges/").content.decode()
    assert f'id="exchange-{exchange.pk}"' in listed
    matches = w.client("b").get(f"/ecology/needs/{w.heat_need.pk}/matches/").content.decode()
    assert f"/ecology/exchanges/{exchange.pk}/" in matches


def test_an_anonymous_party_is_named_to_the_other_once_both_confirmed(
    ecology_world: EcologyWorld,
) -> None:
    from greenledger.web.ecology.services import exchanges, listings
    from tests.web.ecology.conftest import PERIOD

    w = ecology_world
    need = listings.need_create(
        actor=w.users["b"], site=w.site_b, kind="hazardous_waste", name="废油再生", quantity=80,
        process="waste_oil_regeneration", permit_codes="900-249-08", **PERIOD,
    )  # fmt: skip
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.oil_offer, need=need)
    url = f"/ecology/exchanges/{exchange.pk}/"
    assert "丁公司" not in w.client("b").get(url).content.decode()
    w.client("d").post(f"{url}confirm/")
    assert "丁公司" in w.client("b").get(url).content.decode()
