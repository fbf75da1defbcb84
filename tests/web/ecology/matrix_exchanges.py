"""Authorization-matrix rows of the exchange pages and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The exchange is between A's 120 °C offer and B's 80 °C need (``matrix_listings``), proposed by
B (proposing confirms B's side). The parties' users and the staff see it (the evaluator, the
analyst and the public: 403 on the list, 404 on the exchange). A confirms (302; B has already
confirmed: 422); either party declines; ending a proposed exchange is 422 for both. The staff
see everything and change nothing (403).
"""

from __future__ import annotations

from typing import Any

from greenledger.web.ecology.models import Exchange
from greenledger.web.ecology.services.exchanges import exchange_propose
from tests.web.conftest import World
from tests.web.ecology.matrix_listings import a_need, an_offer
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached


def an_exchange(world: World) -> Exchange:
    def build() -> Exchange:
        return exchange_propose(
            actor=world.users["enterprise_b"], offer=an_offer(world), need=a_need(world)
        )

    return _cached(world, "ecology_exchange", build)  # type: ignore[no-any-return]


def pair_form(world: World) -> dict[str, Any]:
    return {"offer": an_offer(world).pk, "need": a_need(world).pk}


def pair_body(world: World) -> dict[str, Any]:
    return {"offer_id": an_offer(world).pk, "need_id": a_need(world).pk}


EXCHANGE = {"pk": lambda w: an_exchange(w).pk}
API_EXCHANGE = {"exchange_id": lambda w: an_exchange(w).pk}
API = "/api/ecology/exchanges/{exchange_id}"
PARTIES_WRITE = expect(302, 302, 404, 403, 403, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/exchanges/": [Row(expect(200, 200, 403, 200, 200, 403, 403, 302))],
    "ecology/exchanges/propose/": [
        Row(PARTIES_WRITE, method="post", writes=True, body=pair_form),
    ],
    "ecology/exchanges/<int:pk>/": [
        Row(expect(200, 200, 404, 200, 200, 404, 404, 302), params=EXCHANGE),
    ],
    "ecology/exchanges/<int:pk>/confirm/": [
        Row(expect(302, 422, 404, 403, 403, 404, 404, 404), method="post", writes=True,
            params=EXCHANGE),
    ],
    "ecology/exchanges/<int:pk>/decline/": [
        Row(PARTIES_WRITE, method="post", writes=True, params=EXCHANGE),
    ],
    "ecology/exchanges/<int:pk>/end/": [
        Row(expect(422, 422, 404, 403, 403, 404, 404, 404), method="post", params=EXCHANGE),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/ecology/exchanges"): Row(expect(200, 200, 403, 200, 200, 403, 403, 403)),
    ("POST", "/api/ecology/exchanges"): Row(expect(201, 201, 404, 403, 403, 404, 404, 404),
                                            body=pair_body),
    ("GET", API): Row(expect(200, 200, 404, 200, 200, 404, 404, 404), params=API_EXCHANGE),
    ("POST", f"{API}/confirm"): Row(expect(200, 422, 404, 403, 403, 404, 404, 404),
                                    params=API_EXCHANGE),
    ("POST", f"{API}/decline"): Row(expect(200, 200, 404, 403, 403, 404, 404, 404),
                                    params=API_EXCHANGE),
    ("POST", f"{API}/end"): Row(expect(422, 422, 404, 403, 403, 404, 404, 404),
                                params=API_EXCHANGE),
}  # fmt: skip
