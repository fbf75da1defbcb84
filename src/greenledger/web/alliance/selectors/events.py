"""Reading alliance events: the public list (upcoming and past, by kind and theme), one event
with its agenda, speakers, themes, attachments and recognitions, and the seats left.

Published and cancelled events are public; drafts exist for the secretariat only (anybody
else gets None, which the pages and the API answer with 404). Seats left count the
registrations in force: ``Registration`` rows with status confirmed (the registrations part
keeps them at or under the capacity; the rest wait in line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import (
    Event,
    EventStatus,
    RegistrationStatus,
    Session,
    Speaker,
)

__all__ = [
    "EventPage",
    "confirmed_count",
    "event_list",
    "event_page",
    "listed_events",
    "registration_open",
    "seats_left",
    "upcoming_events",
    "visible_event",
    "visible_events",
    "with_agenda",
]

LISTED = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


def listed_events() -> QuerySet[Event]:
    """Events with a public page: published and cancelled ones."""
    return Event.objects.filter(status__in=LISTED)


def visible_events(user: Any) -> QuerySet[Event]:
    """Every event for the secretariat, the listed ones for anybody else."""
    if permissions.can_manage_events(user):
        return Event.objects.all()
    return listed_events()


def visible_event(user: Any, pk: int) -> Event | None:
    return visible_events(user).filter(pk=pk).first()


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    ).prefetch_related("themes")


def event_list(
    user: Any,
    *,
    when: str = "upcoming",
    kind: str | None = None,
    theme: str | None = None,
) -> QuerySet[Event]:
    """Upcoming events (not yet ended; soonest first) or past ones (latest first), of one
    kind and one theme if asked, each annotated with ``confirmed``. "drafts" lists the
    secretariat's drafts (nothing for anybody else)."""
    at = timezone.now()
    if when == "drafts":
        if not permissions.can_manage_events(user):
            return Event.objects.none()
        events = Event.objects.filter(status=EventStatus.DRAFT).order_by("starts_at", "id")
    elif when == "past":
        events = listed_events().filter(ends_at__lt=at).order_by("-starts_at", "-id")
    else:
        events = listed_events().filter(ends_at__gte=at).order_by("starts_at", "id")
    if kind:
        events = events.filter(kind=kind)
    if theme:
        events = events.filter(themes__theme=theme)
    return _with_counts(events)


def upcoming_events(*, include_cancelled: bool = True) -> QuerySet[Event]:
    """Listed events that have not ended yet, soonest first (the calendar and the feed)."""
    events = listed_events().filter(ends_at__gte=timezone.now())
    if not include_cancelled:
        events = events.filter(status=EventStatus.PUBLISHED)
    return events.order_by("starts_at", "id")


def with_agenda(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` with their sessions (in order) and speakers fetched in three queries."""
    return events.prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.order_by("order", "id").prefetch_related(
                Prefetch("speakers", queryset=Speaker.objects.order_by("order", "id"))
            ),
        )
    )


def confirmed_count(event: Event) -> int:
    confirmed = getattr(event, "confirmed", None)
    if confirmed is not None:
        return int(confirmed)
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def seats_left(event: Event) -> int | None:
    """Seats not yet taken by a confirmed registration; None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_count(event), 0)


@dataclass(frozen=True)
class EventPage:
    event: Event
    themes: list[str]
    sessions: list[Session]
    attachments: list[Any]
    recognitions: list[Any]
    confirmed: int
    waitlisted: int
    seats_left: int | None
    registration_open: bool


def registration_open(event: Event) -> bool:
    """Published, not started and not past its closing time."""
    at = timezone.now()
    if event.status != EventStatus.PUBLISHED or event.starts_at <= at:
        return False
    return event.registration_closes_at is None or at < event.registration_closes_at


def event_page(event: Event) -> EventPage:
    """Everything the event's page shows, in a fixed number of queries."""
    sessions = list(
        event.sessions.order_by("order", "id").prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.order_by("order", "id"))
        )
    )
    counts = {
        row["status"]: row["n"]
        for row in event.registrations.values("status").annotate(n=Count("id"))
    }
    confirmed = counts.get(RegistrationStatus.CONFIRMED, 0)
    return EventPage(
        event=event,
        themes=list(event.themes.order_by("id").values_list("theme", flat=True)),
        sessions=sessions,
        attachments=list(event.attachments.select_related("session").order_by("kind", "id")),
        recognitions=list(event.recognitions.select_related("call", "session").order_by("id")),
        confirmed=confirmed,
        waitlisted=counts.get(RegistrationStatus.WAITLISTED, 0),
        seats_left=None if event.capacity is None else max(event.capacity - confirmed, 0),
        registration_open=registration_open(event),
    )
