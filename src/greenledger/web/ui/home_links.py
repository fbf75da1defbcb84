"""The links of an app's home page: the pages a user's groups may open, in order, leaving out a
page whose URL is not installed (a part of the app not deployed) rather than linking it broken."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from django.urls import NoReverseMatch, reverse

__all__ = ["page_links"]


def page_links(
    pages: Iterable[tuple[str, Any, Any, frozenset[str]]], groups: Set[str]
) -> list[dict[str, Any]]:
    """``pages`` as (url name, title, text, groups allowed); the ones ``groups`` may open as
    {name, url, title, text}."""
    links = []
    for name, title, text, who in pages:
        if not who & groups:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"name": name.split(":")[1], "url": url, "title": title, "text": text})
    return links
