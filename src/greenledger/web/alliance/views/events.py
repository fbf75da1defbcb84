"""The public event pages: the list (upcoming or past, by kind and theme), an event's page
(agenda with speakers, themes, seats left, attachments, recognitions announced), its
iCalendar file, the calendar of upcoming events and the attachments' downloads.

Published and cancelled events are public; a draft answers 404 to anybody but the
secretariat. The calendars take ``?lang=en`` (a calendar program sends no language cookie).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.downloads import stored_file_response
from greenledger.web.alliance.ical import calendar_bytes
from greenledger.web.alliance.models import Event, EventAttachment, EventKind, Theme
from greenledger.web.alliance.selectors import events as selectors
from greenledger.web.alliance.services._common import absolute_url
from greenledger.web.alliance.services.event_agenda import attachment_path

__all__ = ["english", "urlpatterns"]

NAV = "alliance"
WHEN = ("upcoming", "past", "drafts")


def english(request: HttpRequest) -> bool:
    """English when asked by ``?lang=en`` or by the interface language."""
    asked = request.GET.get("lang", "")
    if asked:
        return asked.startswith("en")
    return (get_language() or "").startswith("en")


def event_or_404(request: HttpRequest, event_id: int) -> Event:
    event = selectors.visible_event(request.user, event_id)
    if event is None:
        raise Http404
    return event


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming (default) or past events, filtered by kind and theme; the secretariat also
    sees its drafts (``?when=drafts``)."""
    when = request.GET.get("when", "upcoming")
    if when not in WHEN:
        when = "upcoming"
    kind = request.GET.get("kind", "")
    theme = request.GET.get("theme", "")
    events = selectors.event_list(
        request.user,
        when=when,
        kind=kind if kind in EventKind.values else None,
        theme=theme if theme in Theme.values else None,
    )
    rows = [{"event": e, "seats_left": selectors.seats_left(e)} for e in events]
    context = {
        "nav": NAV,
        "english": english(request),
        "rows": rows,
        "when": when,
        "kind": kind,
        "theme": theme,
        "kinds": EventKind.choices,
        "themes": Theme.choices,
        "can_manage": permissions.can_manage_events(request.user),
    }
    return render(request, "alliance/events/list.html", context)


@require_safe
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    page = selectors.event_page(event)
    context = {
        "nav": NAV,
        "english": english(request),
        "page": page,
        "event": event,
        "theme_labels": [Theme(t).label for t in page.themes],
        "can_manage": permissions.can_manage_events(request.user),
        "can_register": permissions.can_register_for_events(request.user),
    }
    return render(request, "alliance/events/detail.html", context)


def _calendar(request: HttpRequest, events: list[Event], name: str, filename: str) -> HttpResponse:
    data = calendar_bytes(
        events,
        url_of=lambda e: absolute_url(reverse("alliance:event", args=[e.pk])),
        english=english(request),
        name=name,
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event as an iCalendar file (a draft: 404 for everybody, even the staff: a draft
    is not announced)."""
    event = selectors.with_agenda(selectors.listed_events().filter(pk=event_id)).first()
    if event is None:
        raise Http404
    title = (event.title_en or event.title_zh) if english(request) else event.title_zh
    return _calendar(request, [event], title, f"event-{event.pk}.ics")


@require_safe
def upcoming_ics(request: HttpRequest) -> HttpResponse:
    """Every listed event that has not ended, cancelled ones marked so (calendars that
    subscribe drop them)."""
    return _calendar(
        request,
        list(selectors.with_agenda(selectors.upcoming_events())),
        _("Alliance events"),
        "alliance-events.ics",
    )


@require_safe
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """An attachment of an event the visitor may see, as a download with the content type
    found when it was uploaded."""
    attachment = EventAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    event_or_404(request, attachment.event_id)
    return stored_file_response(
        attachment_path(attachment), attachment.filename, attachment.content_type
    )


urlpatterns = [
    path("events/", event_list, name="events"),
    path("events/upcoming.ics", upcoming_ics, name="events_ics"),
    path("events/<int:event_id>/", event_detail, name="event"),
    path("events/<int:event_id>.ics", event_ics, name="event_ics"),
    path(
        "events/attachments/<int:attachment_id>/",
        attachment_download,
        name="event_attachment",
    ),
]
