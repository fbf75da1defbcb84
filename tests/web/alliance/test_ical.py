"""iCalendar files: one per event and the calendar of upcoming events, read back with the
icalendar library: a stable UID, SEQUENCE following the published changes, times in UTC,
LOCATION, URL, and STATUS:CANCELLED once cancelled. Drafts have no file."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from greenledger.web.alliance.services import events as services
from tests.web.alliance.events_support import conference, day
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def vevents(content: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    return list(calendar.walk("VEVENT"))


def test_an_events_file(world: World, settings: object) -> None:
    settings.GREENLEDGER_PUBLIC_URL = "https://alliance.example.org"  # type: ignore[attr-defined]
    event = conference(world)
    response = world.client("anonymous").get(f"/alliance/events/{event.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (first,) = vevents(response.content)
    assert str(first["UID"]) == f"alliance-event-{event.pk}@alliance.example.org"
    assert int(first["SEQUENCE"]) == 0
    assert str(first["STATUS"]) == "CONFIRMED"
    starts = first.decoded("DTSTART")
    # 09:00 in Shanghai is 01:00 UTC, written in UTC
    assert starts.tzinfo is not None and starts.utcoffset() == dt.timedelta(0)
    assert starts == day(30, 9) and starts.hour == 1
    assert first.to_ical().decode().count("DTSTART:") == 1  # "...T010000Z", no TZID
    assert "Z" in first["DTSTART"].to_ical().decode()
    assert first.decoded("DTEND") == day(30, 17)
    assert str(first["SUMMARY"]) == "首届绿色低碳产业大会"
    assert str(first["LOCATION"]) == "示范区会议中心, 1 Example Road"
    assert str(first["URL"]) == f"https://alliance.example.org/alliance/events/{event.pk}/"
    assert "以科技创新实现双碳目标" in str(first["DESCRIPTION"])  # the agenda
    english = vevents(
        world.client("anonymous").get(f"/alliance/events/{event.pk}.ics?lang=en").content
    )[0]
    assert str(english["SUMMARY"]) == "Inaugural Green Low-Carbon Industry Conference"
    assert str(english["LOCATION"]) == "District Conference Centre, 1 Example Road"

    # a published change: same UID, next SEQUENCE; cancelled: STATUS CANCELLED
    staff = world.users["secretariat"]
    services.event_update(actor=staff, event=event, venue_zh="示范区会议中心二号厅")
    services.event_cancel(actor=staff, event=event)
    (last,) = vevents(world.client("anonymous").get(f"/alliance/events/{event.pk}.ics").content)
    assert str(last["UID"]) == str(first["UID"])
    assert int(last["SEQUENCE"]) == 2
    assert str(last["STATUS"]) == "CANCELLED"
    assert str(last["LOCATION"]).startswith("示范区会议中心二号厅")


def test_drafts_have_no_file(world: World) -> None:
    draft = conference(world, publish=False)
    for persona in ("anonymous", "secretariat"):
        assert world.client(persona).get(f"/alliance/events/{draft.pk}.ics").status_code == 404


def test_the_calendar_of_upcoming_events(world: World) -> None:
    staff = world.users["secretariat"]
    upcoming = conference(world)
    later = services.event_create(
        actor=staff,
        kind="training",
        title_zh="碳核算培训",
        title_en="Carbon accounting training",
        starts_at=day(40, 14),
        ends_at=day(40, 17),
        venue_zh="培训中心",
    )
    services.event_publish(actor=staff, event=later)
    cancelled = services.event_create(
        actor=staff,
        kind="forum",
        title_zh="取消的论坛",
        title_en="Cancelled forum",
        starts_at=day(20, 9),
        ends_at=day(20, 12),
        venue_zh="会场",
    )
    services.event_publish(actor=staff, event=cancelled)
    services.event_cancel(actor=staff, event=cancelled)
    past = services.event_create(
        actor=staff,
        kind="forum",
        title_zh="往期论坛",
        title_en="Past forum",
        starts_at=day(-3, 9),
        ends_at=day(-3, 12),
        venue_zh="会场",
    )
    services.event_publish(actor=staff, event=past)
    conference(world, publish=False)  # a draft
    response = world.client("anonymous").get("/alliance/events/upcoming.ics")
    assert response.status_code == 200
    found = [(str(e["UID"]).split("@")[0], str(e["STATUS"])) for e in vevents(response.content)]
    assert found == [
        (f"alliance-event-{cancelled.pk}", "CANCELLED"),
        (f"alliance-event-{upcoming.pk}", "CONFIRMED"),
        (f"alliance-event-{later.pk}", "CONFIRMED"),
    ]
