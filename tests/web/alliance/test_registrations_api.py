"""Registration API: register (201 confirmed, then waitlisted), list the organisation's
registrations, cancel (the first waiting moves up), the staff's list with counts and check-in
(422 naming the code with the reason)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from greenledger.web.alliance.models import EventStatus, Registration
from tests.web.alliance.conftest import mail_to
from tests.web.alliance.registrations_support import an_event, with_emails
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def call(world: World, persona: str, method: str, url: str, body: Any = None) -> Any:
    headers = {**world.api_headers(persona), "HTTP_ACCEPT_LANGUAGE": "en"}
    client = world.client("anonymous")
    if method == "GET":
        return client.get(url, **headers)
    return client.generic(
        method,
        url,
        data=b"" if body is None else json.dumps(body),
        content_type="application/json",
        **headers,
    )


def reasons(response: Any) -> dict[str, list[str]]:
    """The 422 answer's messages by field."""
    found: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        found.setdefault(error["field"], []).append(error["message"])
    return found


def guest_body(number: int) -> dict[str, Any]:
    return {"participant": "guest", "name": f"Guest {number}", "email": f"g{number}@example.org"}


def test_register_list_cancel_and_check_in_through_the_api(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=1)
    url = f"/api/alliance/events/{event.pk}/registrations"
    first = call(world, "enterprise_a", "POST", url, guest_body(1))
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "confirmed" and body["organisation_id"] == world.company_a.pk
    assert body["ticket_url"].startswith("/alliance/tickets/")
    assert world.client("anonymous").get(body["ticket_url"]).status_code == 200
    second = call(world, "enterprise_b", "POST", url, guest_body(2))
    assert second.status_code == 201 and second.json()["status"] == "waitlisted"

    mine = call(world, "enterprise_a", "GET", "/api/alliance/registrations")
    assert mine.status_code == 200
    assert [r["email"] for r in mine.json()["items"]] == ["g1@example.org"]

    staff = call(world, "secretariat", "GET", url)
    assert staff.status_code == 200
    assert staff.json()["counts"] == {
        "capacity": 1,
        "confirmed": 1,
        "waitlisted": 1,
        "checked_in": 0,
        "seats_left": 0,
    }

    check_in = f"/api/alliance/events/{event.pk}/check-in"
    waiting = call(world, "secretariat", "POST", check_in, {"code": second.json()["code"]})
    assert waiting.status_code == 422
    assert "Guest 2 is on the waiting list" in reasons(waiting)["code"][0]

    cancelled = call(
        world, "enterprise_a", "POST", f"/api/alliance/registrations/{body['id']}/cancel"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert mail_to("g2@example.org", "registration_promoted")
    done = call(world, "secretariat", "POST", check_in, {"code": second.json()["code"]})
    assert done.status_code == 200, done.content
    assert done.json()["checked_in_by"] == "secretariat"
    again = call(world, "district_admin", "POST", check_in, {"code": second.json()["code"]})
    assert again.status_code == 422
    assert "was already checked in at" in reasons(again)["code"][0]


def test_refusals_through_the_api(world: World, sent_mail: Any) -> None:
    with_emails(world)
    event = an_event(world)
    url = f"/api/alliance/events/{event.pk}/registrations"
    assert call(world, "analyst", "POST", url, guest_body(1)).status_code == 403
    assert call(world, "secretariat", "POST", url, guest_body(1)).status_code == 403
    assert call(world, "anonymous", "POST", url, guest_body(1)).status_code in (401, 403)
    draft = an_event(world, status=EventStatus.DRAFT, published_at=None)
    missing = call(
        world, "enterprise_a", "POST", f"/api/alliance/events/{draft.pk}/registrations",
        guest_body(1),
    )  # fmt: skip
    assert missing.status_code == 404
    colleague = call(world, "enterprise_a", "POST", url, {"participant": "colleague"})
    assert colleague.status_code == 422 and "user" in reasons(colleague)
    outsider = call(
        world, "enterprise_a", "POST", url,
        {"participant": "colleague", "user_id": world.users["enterprise_b"].pk},
    )  # fmt: skip
    assert outsider.status_code == 422
    assert "your organisation" in reasons(outsider)["user"][0]
    me = call(world, "enterprise_a", "POST", url, {"participant": "self"})
    assert me.status_code == 201 and me.json()["email"] == "enterprise-a@example.org"
    twice = call(world, "enterprise_a", "POST", url, {"participant": "self"})
    assert twice.status_code == 422 and "already registered" in reasons(twice)["user"][0]
    registration = Registration.objects.get(event=event)
    other = call(
        world, "enterprise_b", "POST", f"/api/alliance/registrations/{registration.pk}/cancel"
    )
    assert other.status_code == 404
    assert call(world, "enterprise_a", "GET", url).status_code == 403
    check_in = call(world, "enterprise_a", "POST", f"/api/alliance/events/{event.pk}/check-in",
                    {"code": registration.code})  # fmt: skip
    assert check_in.status_code == 403
    assert call(world, "public", "GET", "/api/alliance/registrations").status_code == 403
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.checked_in_at is None
