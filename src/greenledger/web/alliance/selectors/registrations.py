"""Reads of event registrations: an organisation's own, an event's counts and list for the
staff at the door, and the events a member may register for.

- A user of an organisation sees the registrations their organisation made (every event);
  nobody else's (another organisation's registration answers 404).
- The staff (``permissions.can_check_in``) see every registration of an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import Event, EventStatus, Registration, RegistrationStatus

__all__ = [
    "EventCounts",
    "event_counts",
    "event_for_check_in",
    "event_for_registration",
    "event_registrations",
    "open_events",
    "organisation_registrations",
    "registration_get",
    "seats_left",
]


@dataclass(frozen=True)
class EventCounts:
    capacity: int | None
    confirmed: int
    waitlisted: int
    checked_in: int

    @property
    def seats_left(self) -> int | None:
        """None: no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)


def event_counts(event: Event) -> EventCounts:
    """Confirmed, waitlisted and checked-in registrations of ``event`` (cancelled ones left
    out), with its capacity."""
    found = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        checked_in=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False),
        ),
    )
    return EventCounts(
        capacity=event.capacity,
        confirmed=found["confirmed"],
        waitlisted=found["waitlisted"],
        checked_in=found["checked_in"],
    )


def seats_left(event: Event) -> int | None:
    """Seats still free at ``event`` (None: no limit)."""
    return event_counts(event).seats_left


def open_events() -> QuerySet[Event]:
    """Published events whose registration has not closed (their own deadline, else their
    start), soonest first."""
    moment = timezone.now()
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED)
        .filter(
            Q(registration_closes_at__gt=moment)
            | Q(registration_closes_at__isnull=True, starts_at__gt=moment)
        )
        .order_by("starts_at", "id")
    )


def _is_organisation_user(user: Any) -> bool:
    return permissions.role_of(user) is not None and user.organisation_id is not None


def organisation_registrations(user: Any) -> QuerySet[Registration]:
    """The registrations ``user``'s organisation made, latest event first (none for users
    without an organisation)."""
    if not _is_organisation_user(user):
        return Registration.objects.none()
    return (
        Registration.objects.filter(organisation_id=user.organisation_id)
        .select_related("event", "registered_by", "user")
        .order_by("-event__starts_at", "event_id", "registered_at", "id")
    )


def registration_get(*, user: Any, pk: int) -> Registration:
    """One registration of ``user``'s organisation, else 404."""
    found = organisation_registrations(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def event_for_registration(pk: int) -> Event:
    """A published event (drafts and cancelled events: 404)."""
    found = Event.objects.filter(pk=pk, status=EventStatus.PUBLISHED).first()
    if found is None:
        raise Http404
    return found


def event_for_check_in(pk: int) -> Event:
    """Any event that is not a draft: the staff check in at published events and see the
    counts of cancelled ones."""
    found = Event.objects.exclude(status=EventStatus.DRAFT).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def event_registrations(event: Event) -> QuerySet[Registration]:
    """Every registration of ``event`` for the staff, in registration order."""
    return (
        Registration.objects.filter(event=event)
        .select_related("organisation", "checked_in_by")
        .order_by("registered_at", "id")
    )
