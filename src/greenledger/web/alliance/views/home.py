"""The alliance's home page ``/alliance/``, open to everybody: the upcoming events, the latest
notices the reader may read (open calls among them), and the pages of the reader's role: the
join form for anonymous visitors, "my registrations" for members' users, the colleagues page
for an organisation's colleague manager, and for the staff the number of applications waiting
with the links to the queue, new events and notices, and the outbox."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from greenledger.web.alliance.selectors.home import (
    home_links,
    latest_notices,
    open_application_count,
    upcoming_events,
)

__all__ = ["urlpatterns"]


def _event_url(event_id: int) -> str | None:
    try:
        return reverse("alliance:event", args=[event_id])
    except NoReverseMatch:  # the events pages not installed
        return None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "alliance",
        "english": (get_language() or "").startswith("en"),
        "events": [(event, _event_url(event.pk)) for event in upcoming_events()],
        "notices": latest_notices(request.user),
        "open_applications": open_application_count(request.user),
        "links": home_links(request.user),
    }
    return render(request, "alliance/home/home.html", context)


urlpatterns = [path("", home, name="home")]
