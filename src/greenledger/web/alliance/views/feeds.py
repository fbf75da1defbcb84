"""The Atom feed of upcoming alliance events (/alliance/events/feed/), in Chinese or in English
(``?lang=en``, or the interface language). Published events that have not ended, soonest
first; an entry's id is its page's address, updated when the event changes."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from greenledger.web.alliance.models import Event
from greenledger.web.alliance.selectors.events import upcoming_events
from greenledger.web.alliance.views.events import english

__all__ = ["urlpatterns"]


class UpcomingEventsFeed(Feed):  # type: ignore[type-arg]
    """One instance per request: it speaks the language the request asked for."""

    feed_type = Atom1Feed

    def __init__(self, english: bool) -> None:
        super().__init__()
        self.english = english

    def title(self) -> str:
        return _("Alliance events")

    def subtitle(self) -> str:
        return _("Upcoming events of the Green Low-Carbon Industry Alliance")

    def link(self) -> str:
        return reverse("alliance:events")

    def items(self) -> list[Event]:
        return list(upcoming_events(include_cancelled=False).prefetch_related("themes")[:50])

    def _pick(self, zh: str, en: str) -> str:
        return (en or zh) if self.english else zh

    def item_title(self, item: Event) -> str:
        local = timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{self._pick(item.title_zh, item.title_en)} ({local})"

    def item_description(self, item: Event) -> str:
        summary = self._pick(item.summary_zh, item.summary_en)
        venue = self._pick(item.venue_zh, item.venue_en)
        return f"{summary}\n{_('Venue')}: {venue}".strip()

    def item_link(self, item: Event) -> str:
        return reverse("alliance:event", args=[item.pk])

    def item_pubdate(self, item: Event) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Event) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        return [item.kind, *(t.theme for t in item.themes.all())]


@require_safe
def events_feed(request: HttpRequest) -> HttpResponse:
    """Upcoming events as Atom, in Chinese or English (``?lang=en``)."""
    in_english = english(request)
    with translation.override("en" if in_english else "zh-hans"):
        return UpcomingEventsFeed(in_english)(request)


urlpatterns = [path("events/feed/", events_feed, name="events_feed")]
