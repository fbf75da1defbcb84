"""The Atom feed of the public notices: ``/alliance/notices/feed/`` in Chinese, ``?lang=en`` in
English. It carries what anybody may read (public notices and the calls for assessment open
now), newest first; each entry links to the notice's page or the call's page and keeps one id
(``tag:`` URI of the notice or call) whatever its title becomes."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from greenledger.web.alliance.selectors.notices import NoticeItem, public_feed_items

__all__ = ["urlpatterns"]

LANGUAGES = {"en": "en", "zh": "zh-hans", "zh-hans": "zh-hans"}


class PublicNoticeFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return LANGUAGES.get(request.GET.get("lang", "zh").lower(), "zh-hans")

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        language = self.get_object(request)
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    def title(self, language: str) -> str:
        return _("GreenLedger: public notices of the alliance")

    def subtitle(self, language: str) -> str:
        return _("Policies, calls and results of the alliance secretariat, and open calls.")

    def link(self, language: str) -> str:
        return reverse("alliance:notices")

    def feed_url(self, language: str) -> str:
        suffix = "?lang=en" if language == "en" else ""
        return reverse("alliance:notice_feed") + suffix

    def items(self, language: str) -> list[NoticeItem]:
        return public_feed_items()[:50]

    def item_title(self, item: NoticeItem) -> str:
        title = item.title(translation.get_language() == "en")
        return f"{item.kind_label()}: {title}"

    def item_description(self, item: NoticeItem) -> str:
        if item.source == "notice":
            return item.body_en if translation.get_language() == "en" else item.body_zh
        assert item.deadline is not None
        return _("Call for assessment open until %(date)s.") % {"date": item.deadline.isoformat()}

    def item_link(self, item: NoticeItem) -> str:
        return item.url

    def item_guid(self, item: NoticeItem) -> str:
        return f"tag:greenledger,2026:alliance/{item.key}"

    def item_guid_is_permalink(self, item: NoticeItem) -> bool:
        return False

    def item_pubdate(self, item: NoticeItem) -> Any:
        return item.date

    def item_updateddate(self, item: NoticeItem) -> Any:
        return item.date


urlpatterns = [path("notices/feed/", PublicNoticeFeed(), name="notice_feed")]
