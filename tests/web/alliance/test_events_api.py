"""The events API: the public list and an event with its agenda and seats left, drafts
404 for all but the staff, and the secretariat's writes (create, change, publish, sessions,
speakers, recognitions, cancel) with refusals naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.alliance.models import Event, EventStatus
from tests.web.alliance.events_support import WAITLISTED, conference, day, published_call, register
from tests.web.api_support import field_messages
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def api(world: World, persona: str) -> Any:
    client = world.client("anonymous")
    headers = world.api_headers(persona)

    class Caller:
        def get(self, url: str) -> Any:
            return client.get(url, **headers)

        def post(self, url: str, body: dict[str, Any] | None = None) -> Any:
            return client.post(url, body or {}, content_type="application/json", **headers)

        def patch(self, url: str, body: dict[str, Any]) -> Any:
            return client.patch(url, body, content_type="application/json", **headers)

        def delete(self, url: str) -> Any:
            return client.delete(url, **headers)

    return Caller()


def test_the_public_reads(world: World) -> None:
    event = conference(world, capacity=5)
    register(event, world, "one@example.com")
    register(event, world, "two@example.com", WAITLISTED)
    draft = conference(world, publish=False)
    listed = api(world, "anonymous").get("/api/alliance/events")
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()["items"]] == [event.pk]
    assert listed.json()["items"][0]["seats_left"] == 4
    detail = api(world, "anonymous").get(f"/api/alliance/events/{event.pk}").json()
    assert (detail["confirmed"], detail["waitlisted"], detail["seats_left"]) == (1, 1, 4)
    assert detail["registration_open"] is True
    assert [s["kind"] for s in detail["sessions"]] == ["keynote", "panel"]
    assert detail["sessions"][0]["speakers"][0]["name"] == "王明"
    assert sorted(detail["themes"]) == ["coordinated_reduction", "industry_ecology", "technology"]
    assert api(world, "anonymous").get(f"/api/alliance/events/{draft.pk}").status_code == 404
    assert api(world, "enterprise_a").get(f"/api/alliance/events/{draft.pk}").status_code == 404
    assert api(world, "secretariat").get(f"/api/alliance/events/{draft.pk}").status_code == 200
    drafts = api(world, "secretariat").get("/api/alliance/events?when=drafts").json()["items"]
    assert [e["id"] for e in drafts] == [draft.pk]
    assert api(world, "public").get("/api/alliance/events?when=drafts").json()["items"] == []
    refused = api(world, "anonymous").get("/api/alliance/events?when=soon")
    assert refused.status_code == 422 and field_messages(refused, "when")


def test_the_secretariat_writes(world: World, sent_mail: Any) -> None:
    staff = api(world, "secretariat")
    body = {
        "kind": "forum",
        "title_zh": "协同减排论坛",
        "title_en": "Coordinated Reduction Forum",
        "starts_at": day(12, 9).isoformat(),
        "ends_at": day(12, 12).isoformat(),
        "venue_zh": "论坛会场",
        "capacity": 50,
        "themes": ["coordinated_reduction"],
    }
    bad = staff.post("/api/alliance/events", {**body, "ends_at": day(12, 8).isoformat()})
    assert bad.status_code == 422 and field_messages(bad, "ends_at")
    created = staff.post("/api/alliance/events", body)
    assert created.status_code == 201
    event_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    session = staff.post(
        f"/api/alliance/events/{event_id}/sessions",
        {
            "kind": "keynote",
            "title_zh": "协同减排政策进展与挑战",
            "starts_at": day(12, 9).isoformat(),
        },
    )
    assert session.status_code == 201 and session.json()["order"] == 1
    speaker = staff.post(
        f"/api/alliance/events/sessions/{session.json()['id']}/speakers",
        {"name": "李华", "affiliation": "生态环境研究所", "topic": "Policy"},
    )
    assert speaker.status_code == 201
    session_url = f"/api/alliance/events/sessions/{session.json()['id']}"
    moved = staff.patch(session_url, {"order": 3, "title_en": "Policy progress"})
    assert moved.status_code == 200 and (moved.json()["order"], moved.json()["title_en"]) == (
        3,
        "Policy progress",
    )
    late = staff.patch(session_url, {"ends_at": day(12, 13).isoformat()})
    assert late.status_code == 422 and field_messages(late, "ends_at")
    published = staff.post(f"/api/alliance/events/{event_id}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = staff.post(f"/api/alliance/events/{event_id}/publish")
    assert again.status_code == 422 and field_messages(again, "status")
    changed = staff.patch(f"/api/alliance/events/{event_id}", {"venue_en": "Forum Hall"})
    assert changed.status_code == 200 and changed.json()["sequence"] == 1
    call = published_call(world)
    linked = staff.post(f"/api/alliance/events/{event_id}/recognitions", {"call_id": call.pk})
    assert linked.status_code == 201 and linked.json()["url"] == f"/recognition/{call.pk}/"
    assert staff.delete(f"/api/alliance/events/speakers/{speaker.json()['id']}").status_code == 204
    cancelled = staff.post(f"/api/alliance/events/{event_id}/cancel", {"reason": "场地维修"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    late = staff.delete(f"/api/alliance/events/sessions/{session.json()['id']}")
    assert late.status_code == 422 and field_messages(late, "status")


def test_nobody_else_writes(world: World) -> None:
    event = conference(world)
    for persona in ("enterprise_a", "analyst", "public", "anonymous"):
        caller = api(world, persona)
        assert caller.post(f"/api/alliance/events/{event.pk}/cancel").status_code == 403
        assert caller.patch(f"/api/alliance/events/{event.pk}", {"capacity": 9}).status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.capacity == 2
    assert Event.objects.count() == 1
