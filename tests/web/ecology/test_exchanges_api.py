"""The exchanges API: propose (404 for an unseen listing, 422 with the core's reason),
confirm by the other side (active), decline and end answer 422 out of turn."""

from __future__ import annotations

from greenledger.web.ecology.services import listings
from tests.web.ecology.conftest import PERIOD, EcologyWorld
from tests.web.ecology.test_listings_api import _get, _post


def test_propose_confirm_end(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    pair = {"offer_id": w.heat_offer.pk, "need_id": w.heat_need.pk}
    assert _post(w, "d", "/api/ecology/exchanges", pair)[0] == 403
    assert _post(w, "b", "/api/ecology/exchanges", {**pair, "offer_id": 999999})[0] == 404
    status, made = _post(w, "b", "/api/ecology/exchanges", pair)
    assert status == 201
    assert (made["status"], made["my_side"], made["match"]["quantity"]) == (
        "proposed", "need", 6000.0,
    )  # fmt: skip
    url = f"/api/ecology/exchanges/{made['id']}"
    assert _get(w, "d", url)[0] == 404
    assert _post(w, "b", f"{url}/confirm")[0] == 422  # already confirmed by proposing
    status, active = _post(w, "a", f"{url}/confirm")
    assert (status, active["status"]) == (200, "active")
    assert _post(w, "a", f"{url}/decline")[0] == 422
    status, listed = _get(w, "staff", "/api/ecology/exchanges?status=active")
    assert [e["id"] for e in listed["items"]] == [made["id"]]
    assert _get(w, "researcher", "/api/ecology/exchanges")[0] == 403
    status, ended = _post(w, "b", f"{url}/end")
    assert (status, ended["status"]) == (200, "ended")


def test_a_refused_pair_answers_422_with_the_numbers(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    too_hot = listings.need_create(
        actor=w.users["b"], site=w.site_b, kind="heat", name="蒸汽", process="process_heat",
        min_temp_c=180, quantity=1000, **PERIOD,
    )  # fmt: skip
    pair = {"offer_id": w.heat_offer.pk, "need_id": too_hot.pk}
    status, body = _post(w, "b", "/api/ecology/exchanges", pair)
    assert status == 422
    assert "180" in str(body) and "120" in str(body)
