"""iCalendar (RFC 5545) files of alliance events, written with the ``icalendar`` library.

Each event is one VEVENT whose UID never changes (``alliance-event-<id>@<public host>``), whose
SEQUENCE is the event's ``sequence`` (bumped on every published change, so calendar programs
replace their copy) and whose times are in UTC. LOCATION is the venue and address, URL the
public page, DESCRIPTION the summary and the agenda; a cancelled event says STATUS:CANCELLED.
Texts are in the reader's language (English or Chinese), falling back to Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from greenledger.web.alliance.models import Event, EventStatus

__all__ = ["calendar_bytes", "event_uid"]

PRODID = "-//GreenLedger//Green Low-Carbon Industry Alliance//EN"


def event_uid(event: Event) -> str:
    host = urlsplit(settings.GREENLEDGER_PUBLIC_URL).hostname or "greenledger"
    return f"alliance-event-{event.pk}@{host}"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _pick(english: bool, zh: str, en: str) -> str:
    return (en or zh) if english else (zh or en)


def _description(event: Event, english: bool) -> str:
    lines = [_pick(english, event.summary_zh, event.summary_en)]
    local = timezone.get_default_timezone()
    # the caller fetched the agenda (``selectors.events.with_agenda``): sessions and speakers
    # in their order
    for session in event.sessions.all():
        when = session.starts_at.astimezone(local).strftime("%H:%M ") if session.starts_at else ""
        line = f"{when}{_pick(english, session.title_zh, session.title_en)}"
        names = ", ".join(
            f"{s.name} ({s.affiliation})" if s.affiliation else s.name
            for s in session.speakers.all()
        )
        lines.append(f"{line} - {names}" if names else line)
    return "\n".join(line for line in lines if line)


def _component(event: Event, url: str, english: bool) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", _utc(event.updated_at))
    component.add("last-modified", _utc(event.updated_at))
    component.add("created", _utc(event.created_at))
    component.add("sequence", event.sequence)
    component.add("dtstart", _utc(event.starts_at))
    component.add("dtend", _utc(event.ends_at))
    component.add("summary", _pick(english, event.title_zh, event.title_en))
    venue = _pick(english, event.venue_zh, event.venue_en)
    component.add("location", f"{venue}, {event.address}" if event.address else venue)
    component.add("url", url)
    description = _description(event, english)
    if description:
        component.add("description", f"{description}\n{url}")
    component.add("categories", [event.kind])
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return component


def calendar_bytes(
    events: Iterable[Event], *, url_of: Callable[[Event], str], english: bool, name: str
) -> bytes:
    """A VCALENDAR holding one VEVENT per event (``url_of`` gives its absolute page URL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event, url_of(event), english))
    return calendar.to_ical()
