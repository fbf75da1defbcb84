"""Authorization-matrix rows of the monthly-records pages and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The exchange is ``matrix_exchanges``' (A's 120 °C offer, B's 80 °C need, proposed by B) made
active by A's confirmation. Its records are seen by both parties and the staff (others 404; an
anonymous visitor asking for a page is sent to sign in); a month is recorded by either party
(302 / 201), the staff 403, the others 404. The file page is for enterprise users (a post
without a file gets the page back: 422); the others 403.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.ecology.models import Exchange, ExchangeStatus
from greenledger.web.ecology.services.exchanges import exchange_confirm
from tests.web.conftest import World
from tests.web.ecology.matrix_exchanges import an_exchange
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

MONTH = "2026-03"


def an_active_exchange(world: World) -> Exchange:
    def build() -> Exchange:
        exchange = an_exchange(world)
        if exchange.status == ExchangeStatus.PROPOSED:
            exchange = exchange_confirm(actor=world.users["enterprise_a"], exchange=exchange)
        return exchange

    return _cached(world, "ecology_active_exchange", build)  # type: ignore[no-any-return]


def month_form(world: World) -> dict[str, Any]:
    an_active_exchange(world)
    return {"month": MONTH, "quantity": "100"}


def month_body(world: World) -> dict[str, Any]:
    return {"records": [{"exchange": an_active_exchange(world).pk, "month": MONTH,
                         "quantity": 100}]}  # fmt: skip


ACTIVE = {"pk": lambda w: an_active_exchange(w).pk}
API_ACTIVE = {"exchange_id": lambda w: an_active_exchange(w).pk}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/exchanges/<int:pk>/records/": [
        Row(expect(200, 200, 404, 200, 200, 404, 404, 302), params=ACTIVE),
        Row(expect(302, 302, 404, 403, 403, 404, 404, 404), method="post", writes=True,
            params=ACTIVE, body=month_form),
    ],
    "ecology/records/import/": [
        Row(expect(200, 200, 403, 403, 403, 403, 403, 302)),
        Row(expect(422, 422, 403, 403, 403, 403, 403, 404), method="post"),  # no file
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/ecology/exchanges/{exchange_id}/records"):
        Row(expect(200, 200, 404, 200, 200, 404, 404, 404), params=API_ACTIVE),
    ("POST", "/api/ecology/records"):
        Row(expect(201, 201, 404, 403, 403, 404, 404, 404), body=month_body),
    ("POST", "/api/ecology/records/imports"):  # no file
        Row(expect(422, 422, 404, 403, 403, 404, 404, 404)),
}  # fmt: skip
