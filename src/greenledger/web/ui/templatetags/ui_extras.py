"""Small presentation helpers for the page templates.

Choice labels and object URLs are looked up through per-language / per-prefix caches: Django's
``get_FOO_display`` rebuilds (and hashes) the whole choices mapping on every call and ``{% url %}``
walks the resolver, which made the long tables slow to render.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from greenledger.web.members.models import (
    DesignationLevel,
    DesignationStatus,
    DesignationType,
    MembershipStanding,
    MembershipStatus,
    OrganisationKind,
    SiteKind,
)
from greenledger.web.ui.core_messages import render

register = template.Library()

CHOICES = {
    "organisation_kind": OrganisationKind,
    "standing": MembershipStanding,
    "membership_status": MembershipStatus,
    "site_kind": SiteKind,
    "designation_type": DesignationType,
    "designation_level": DesignationLevel,
    "designation_status": DesignationStatus,
}


def _english() -> bool:
    return (get_language() or "").startswith("en")


@lru_cache(maxsize=64)
def _labels(name: str, language: str | None) -> dict[str, str]:
    return {value: str(text) for value, text in CHOICES[name].choices}


@register.filter
def label(value: Any, name: str) -> str:
    """The translated label of a choice: ``organisation.kind|label:"organisation_kind"``."""
    return _labels(name, get_language()).get(value, value)


@lru_cache(maxsize=32)
def _route(name: str, prefix: str) -> str:
    # The detail routes are "<list route><id>/": reverse once with a marker id and cut it off.
    return reverse(name, args=[0]).removesuffix("0/")


@register.filter
def organisation_url(pk: Any) -> str:
    return f"{_route('ui:organisation', get_script_prefix())}{int(pk)}/"


@register.filter
def site_url(pk: Any) -> str:
    return f"{_route('ui:site', get_script_prefix())}{int(pk)}/"


@register.filter
def local_name(obj: Any) -> str:
    """The English name in English when there is one, otherwise the Chinese name."""
    name_en = getattr(obj, "name_en", "") or ""
    if name_en and _english():
        return name_en
    return getattr(obj, "name_zh", "") or name_en


@register.filter
def other_name(obj: Any) -> str:
    """The name in the other language, shown beside the local one (may be empty)."""
    name_en = getattr(obj, "name_en", "") or ""
    if _english():
        return obj.name_zh if name_en else ""
    return name_en


@register.simple_tag
def select_field(field: Any) -> str:
    """A labelled ``<select>`` for a bound choice field, rendered in Python: Django's widget
    templates render every option through the template engine, which dominated the list pages."""
    current = "" if field.value() is None else str(field.value())
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == current else "", text)
            for value, text in field.field.choices
        ),
    )
    errors = format_html_join("", "<li>{}</li>", ((error,) for error in field.errors))
    return format_html(
        '<div class="field"><label for="{id}">{label}</label>'
        '<select name="{name}" id="{id}">{options}</select>{errors}</div>',
        id=field.id_for_label,
        label=field.label,
        name=field.html_name,
        options=options,
        errors=format_html('<ul class="errorlist">{}</ul>', errors) if field.errors else "",
    )


@register.filter
def core_message(value: Any, fallback: Any = "") -> str:
    """A coded core message (a ``Message`` or its stored dict) in the page's language;
    ``fallback`` (the stored English text) for results stored before messages had codes."""
    if not value:
        return str(fallback or "")
    return render(value)
