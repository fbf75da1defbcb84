"""Alliance events, written by the secretariat (``permissions.can_manage_events``).

An event starts as a draft (seen by the staff only), is published (a public page, an
iCalendar file, the feeds) and may be cancelled (its registered participants are told by mail:
template ``event_cancelled``). Every change of a published event bumps its ``sequence``, the
iCalendar SEQUENCE that tells calendar programs their copy is out of date; a cancelled event
is no longer changed. The agenda (sessions in order, each with its speakers), the attachments
(slides, summaries, photos: PDF or images, checked by content) and the recognitions announced
(a recognition call whose list is published) live in ``event_agenda``. Everything is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import (
    Event,
    EventKind,
    EventStatus,
    EventTheme,
    Registration,
    RegistrationStatus,
    Theme,
)
from greenledger.web.alliance.services._common import absolute_url, invalid, now, require
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.alliance.services.registrations import participant_language
from greenledger.web.audit.services import audit_append, snapshot

__all__ = [
    "EVENT_FIELDS",
    "event_cancel",
    "event_changed",
    "event_create",
    "event_publish",
    "event_update",
    "require_manager",
    "require_open",
]

# what the secretariat types; the ``themes`` are rows of their own
EVENT_FIELDS = [
    "kind",
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "starts_at",
    "ends_at",
    "venue_zh",
    "venue_en",
    "address",
    "capacity",
    "waitlist_limit",
    "registration_closes_at",
]
AUDITED = [*EVENT_FIELDS, "status", "sequence", "published_at", "cancelled_at"]
LIMITS = {"title_zh": 200, "title_en": 200, "venue_zh": 200, "venue_en": 200, "address": 300}
REQUIRED = ("title_zh", "title_en", "venue_zh")


def require_manager(actor: Any) -> None:
    require(
        permissions.can_manage_events(actor),
        _("Only the alliance secretariat manages events."),
    )


def require_open(event: Event) -> None:
    """A cancelled event is kept as it was announced."""
    if event.status == EventStatus.CANCELLED:
        raise invalid("status", _("The event is cancelled: it can no longer be changed."))


def event_changed(event: Event) -> None:
    """A published event changed: its iCalendar copies are out of date."""
    event.updated_at = now()
    if event.status == EventStatus.PUBLISHED:
        event.sequence += 1


def _confirmed(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _clean(values: dict[str, Any], event: Event | None) -> dict[str, Any]:
    """The event's fields checked one by one; a ValidationError names the field and why."""
    data = dict(values)
    if data["kind"] not in EventKind.values:
        raise invalid("kind", _("Choose a conference, a forum, a training or a site visit."))
    for field, limit in LIMITS.items():
        data[field] = (data.get(field) or "").strip()
        if len(data[field]) > limit:
            raise invalid(field, _("At most %(n)s characters.") % {"n": limit})
    for field in ("summary_zh", "summary_en"):
        data[field] = (data.get(field) or "").strip()
    for field in REQUIRED:
        if not data[field]:
            raise invalid(field, _("This field is required."))
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if not isinstance(starts, dt.datetime):
        raise invalid("starts_at", _("This field is required."))
    if not isinstance(ends, dt.datetime):
        raise invalid("ends_at", _("This field is required."))
    if ends <= starts:
        raise invalid("ends_at", _("The event must end after it starts."))
    closes = data.get("registration_closes_at")
    if closes is not None and closes > ends:
        raise invalid(
            "registration_closes_at", _("Registration cannot close after the event has ended.")
        )
    capacity = data.get("capacity")
    if capacity is not None:
        if capacity < 1:
            raise invalid("capacity", _("At least one seat, or leave it empty for no limit."))
        if event is not None and (confirmed := _confirmed(event)) > capacity:
            raise invalid(
                "capacity",
                _("%(n)s participants are already confirmed: the capacity cannot be lower.")
                % {"n": confirmed},
            )
    waitlist = data.get("waitlist_limit")
    if waitlist is not None and waitlist < 0:
        raise invalid(
            "waitlist_limit",
            _("No places is 0; leave it empty for a waiting list without limit."),
        )
    return data


def _themes(themes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(themes))
    unknown = [t for t in chosen if t not in Theme.values]
    if unknown:
        raise invalid("themes", _("Unknown theme: %(theme)s.") % {"theme": ", ".join(unknown)})
    return chosen


def _set_themes(event: Event, themes: list[str]) -> bool:
    current = list(event.themes.values_list("theme", flat=True))
    if sorted(current) == sorted(themes):
        return False
    event.themes.exclude(theme__in=themes).delete()
    for theme in themes:
        if theme not in current:
            EventTheme.objects.create(event=event, theme=theme)
    return True


@transaction.atomic
def event_create(
    *,
    actor: Any,
    kind: str,
    title_zh: str,
    title_en: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue_zh: str,
    venue_en: str = "",
    summary_zh: str = "",
    summary_en: str = "",
    address: str = "",
    capacity: int | None = None,
    waitlist_limit: int | None = None,
    registration_closes_at: dt.datetime | None = None,
    themes: Iterable[str] = (),
) -> Event:
    """A draft event (the staff see it; nobody else until it is published)."""
    require_manager(actor)
    values = _clean(
        {
            "kind": kind,
            "title_zh": title_zh,
            "title_en": title_en,
            "summary_zh": summary_zh,
            "summary_en": summary_en,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue_zh": venue_zh,
            "venue_en": venue_en,
            "address": address,
            "capacity": capacity,
            "waitlist_limit": waitlist_limit,
            "registration_closes_at": registration_closes_at,
        },
        None,
    )
    chosen = _themes(themes)
    at = now()
    event = Event.objects.create(**values, created_by=actor, created_at=at, updated_at=at)
    _set_themes(event, chosen)
    audit_append(
        actor=actor,
        action="alliance.event.create",
        obj=event,
        after={**snapshot(event, AUDITED), "themes": chosen},
    )
    return event


@transaction.atomic
def event_update(
    *, actor: Any, event: Event, themes: Iterable[str] | None = None, **changes: Any
) -> Event:
    """Change some of the event's fields (keyword arguments named as ``EVENT_FIELDS``) and,
    when given, its themes. A published event's ``sequence`` goes up when anything changed."""
    require_manager(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_open(event)
    unknown = sorted(set(changes) - set(EVENT_FIELDS))
    if unknown:
        raise invalid(unknown[0], _("This field cannot be changed."))
    before = {
        **snapshot(event, AUDITED),
        "themes": sorted(event.themes.values_list("theme", flat=True)),
    }
    values = _clean({f: changes.get(f, getattr(event, f)) for f in EVENT_FIELDS}, event)
    changed = [f for f in EVENT_FIELDS if values[f] != getattr(event, f)]
    for field in changed:
        setattr(event, field, values[field])
    if themes is not None and _set_themes(event, _themes(themes)):
        changed.append("themes")
    if not changed:
        return event
    event_changed(event)
    event.save()
    audit_append(
        actor=actor,
        action="alliance.event.update",
        obj=event,
        before=before,
        after={
            **snapshot(event, AUDITED),
            "themes": sorted(event.themes.values_list("theme", flat=True)),
        },
    )
    return event


@transaction.atomic
def event_publish(*, actor: Any, event: Event) -> Event:
    """A draft becomes public: its page, its iCalendar file, the feeds, registration."""
    require_manager(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise invalid(
            "status",
            _("Only a draft is published; this event is %(status)s.")
            % {"status": event.get_status_display()},
        )
    before = snapshot(event, AUDITED)
    at = now()
    event.status = EventStatus.PUBLISHED
    event.published_at = at
    event.updated_at = at
    event.save()
    audit_append(
        actor=actor,
        action="alliance.event.publish",
        obj=event,
        before=before,
        after=snapshot(event, AUDITED),
    )
    return event


@transaction.atomic
def event_cancel(*, actor: Any, event: Event, reason: str = "") -> Event:
    """A published event is called off: its page and iCalendar file say so (STATUS
    CANCELLED, a higher SEQUENCE) and every participant still registered (confirmed or
    waiting) gets the ``event_cancelled`` message with the reason."""
    require_manager(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise invalid(
            "status",
            _("Only a published event is cancelled; this event is %(status)s.")
            % {"status": event.get_status_display()},
        )
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise invalid("reason", _("At most %(n)s characters.") % {"n": 1000})
    before = snapshot(event, AUDITED)
    at = now()
    event.status = EventStatus.CANCELLED
    event.cancelled_at = at
    event.updated_at = at
    event.sequence += 1
    event.save()
    registered = list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("registered_at", "id")
    )
    url = absolute_url(reverse("alliance:event", args=[event.pk]))
    for registration in registered:
        language = participant_language(registration)
        title = event.title_zh
        if language.startswith("en") and event.title_en:
            title = event.title_en
        mail_queue(
            to=registration.email,
            template="event_cancelled",
            context={
                "event": event,
                "title": title,
                "registration": registration,
                "reason": reason,
                "url": url,
            },
            language=language,
        )
    audit_append(
        actor=actor,
        action="alliance.event.cancel",
        obj=event,
        before=before,
        after={**snapshot(event, AUDITED), "reason": reason, "told": len(registered)},
    )
    return event
