"""Small presentation helpers for the page templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def local_name(obj: Any) -> str:
    """The English name in English when there is one, otherwise the Chinese name."""
    name_en = getattr(obj, "name_en", "") or ""
    if _english() and name_en:
        return name_en
    return getattr(obj, "name_zh", "") or name_en


@register.filter
def other_name(obj: Any) -> str:
    """The name in the other language, shown beside the local one (may be empty)."""
    name_en = getattr(obj, "name_en", "") or ""
    if _english():
        return obj.name_zh if name_en else ""
    return name_en


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
