"""Authorization-matrix rows of the registration and check-in pages and their API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous.

Users of an organisation see its registrations (the bank, not a member, sees an empty page);
only users of active members (companies A and B) register, for published events (a draft
answers them 404); a registration is cancelled by its organisation's users (another
organisation's answers 404). Check-in is the staff's (a draft event answers them 404). The
ticket page opens for whoever holds the signed link (a forged one answers 404). Anybody else
gets 403; anonymous visitors asking for a page are sent to sign in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.web.alliance.registrations_support import an_event
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def _cached(world: World, key: str, build: Callable[[], Any]) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def published(world: World) -> Any:
    return _cached(world, "registrations_event", lambda: an_event(world, capacity=10))


def draft(world: World) -> Any:
    return _cached(
        world,
        "registrations_draft",
        lambda: an_event(world, status="draft", published_at=None, title_zh="草稿活动"),
    )


def a_registration(world: World) -> Any:
    """Company A's registration of a named person for the published event."""
    from greenledger.web.alliance.services.registrations import registration_create

    return _cached(world, "registrations_a", lambda: registration_create(
        actor=world.users["enterprise_a"], event=published(world), name="矩阵参会人",
        email="matrix-guest@example.org",
    ))  # fmt: skip


def a_ticket(world: World) -> str:
    from greenledger.web.alliance.services.registrations import ticket_of

    return ticket_of(a_registration(world))


EVENT = {"event_id": lambda w: published(w).pk}
DRAFT = {"event_id": lambda w: draft(w).pk}
REGISTRATION = {"registration_id": lambda w: a_registration(w).pk}


def guest(world: World) -> dict[str, Any]:
    return {"participant": "guest", "name": "新参会人", "email": "new-guest@example.org"}


def code_of_a(world: World) -> dict[str, Any]:
    return {"code": a_registration(world).code}


#                                  ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "alliance/registrations/": [Row(expect(200, 200, 403, 403, 403, 200, 403, 302))],
    "alliance/events/<int:event_id>/register/": [
        Row(expect(200, 200, 403, 403, 403, 403, 403, 302), params=EVENT),
        Row(expect(404, 404, 403, 403, 403, 403, 403, 302), params=DRAFT),
        Row(expect(302, 302, 403, 403, 403, 403, 403, 403), method="post", params=EVENT,
            body=guest, writes=True),
    ],
    "alliance/registrations/<int:registration_id>/cancel/": [
        Row(expect(405, 405, 405, 405, 405, 405, 405, 405), params=REGISTRATION),
        Row(expect(302, 404, 403, 403, 403, 404, 403, 403), method="post", params=REGISTRATION,
            writes=True),
    ],
    "alliance/tickets/<str:ticket>/": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), params={"ticket": a_ticket}),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404),
            params={"ticket": lambda w: a_ticket(w)[:-2] + "xx"}),
    ],
    "alliance/events/<int:event_id>/check-in/": [
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302), params=EVENT),
        Row(expect(403, 403, 403, 404, 404, 403, 403, 302), params=DRAFT),
        Row(expect(403, 403, 403, 302, 302, 403, 403, 403), method="post", params=EVENT,
            body=code_of_a, writes=True),
        # an unknown code: the form again with the reason, nothing written
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403), method="post", params=EVENT,
            body=lambda w: {"code": "NOSUCHCODE"}),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/alliance/registrations"): Row(expect(200, 200, 403, 403, 403, 200, 403, 403)),
    ("POST", "/api/alliance/events/{event_id}/registrations"):
        Row(expect(201, 201, 403, 403, 403, 403, 403, 403), params=EVENT, body=guest),
    ("POST", "/api/alliance/registrations/{registration_id}/cancel"):
        Row(expect(200, 404, 403, 403, 403, 404, 403, 403), params=REGISTRATION),
    ("GET", "/api/alliance/events/{event_id}/registrations"):
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403), params=EVENT),
    ("POST", "/api/alliance/events/{event_id}/check-in"):
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403), params=EVENT, body=code_of_a),
}  # fmt: skip
