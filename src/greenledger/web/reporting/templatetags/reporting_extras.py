"""Presentation helpers of the reporting pages: numbers, statuses, activity and category names."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from greenledger.core.errors import Problem
from greenledger.core.messages import Message
from greenledger.web.reporting.models import ImportStatus, SubmissionStatus
from greenledger.web.reporting.services._common import library
from greenledger.web.reports.labels import CATEGORIES, POLLUTANTS
from greenledger.web.ui.core_messages import render

register = template.Library()

STATUS_BADGES = {
    SubmissionStatus.DRAFT: "neutral",
    SubmissionStatus.SUBMITTED: "",
    SubmissionStatus.UNDER_VERIFICATION: "warn",
    SubmissionStatus.CHANGES_REQUESTED: "bad",
    SubmissionStatus.VERIFIED: "",
    ImportStatus.QUEUED: "neutral",
    ImportStatus.RUNNING: "warn",
    ImportStatus.NEEDS_CONFIRMATION: "warn",
    ImportStatus.FAILED: "bad",
    ImportStatus.SUCCEEDED: "",
}
STATUS_LABELS = {**dict(SubmissionStatus.choices), **dict(ImportStatus.choices)}


@register.filter
def num(value: Any, digits: Any = 2) -> str:
    """A figure with thousands separators and a fixed number of decimals; "—" when missing."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return "—"
    places = int(digits)
    if round(number, places) == 0:
        number = 0.0  # no "-0.00"
    return f"{number:,.{places}f}"


@register.filter
def percent(value: Any, digits: Any = 1) -> str:
    """A signed percentage change: +3.2 %, -1.0 %; "—" when missing."""
    if value is None or value == "":
        return "—"
    return f"{float(value):+,.{int(digits)}f} %"


@register.filter
def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value))


@register.filter
def status_badge(value: str) -> str:
    return STATUS_BADGES.get(value, "neutral")


@register.filter
def activity_name(activity_id: str) -> str:
    """The activity's name in the page's language (its id when the library does not know it)."""
    activity = library().activities.get(activity_id)
    if activity is None:
        return activity_id
    english = (get_language() or "").startswith("en")
    return activity.name_en if english and activity.name_en else activity.name_zh


@register.filter
def category_name(category: str) -> str:
    label = CATEGORIES.get(category)
    return str(label) if label is not None else category


@register.filter
def pollutant_name(key: str) -> str:
    label = POLLUTANTS.get(key)
    return str(label) if label is not None else key


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    return mapping.get(key) if hasattr(mapping, "get") else None


COLUMNS = {
    "enterprise": _("Enterprise"),
    "site": _("Site"),
    "period": _("Period"),
    "activity": _("Activity"),
    "quantity": _("Quantity"),
    "unit": _("Unit"),
    "instrument": _("Green power instrument"),
    "removal_efficiency": _("Removal efficiency"),
    "sulfur_percent": _("Sulfur content (%)"),
    "technology": _("Combustion technology"),
    "product": _("Product"),
    "meter": _("Meter"),
    "timestamp": _("Timestamp"),
    "kwh": "kWh",
}


@register.filter
def column_label(column: Any) -> str:
    """A file column's name in the page's language (the column as written when unknown)."""
    if not column:
        return "—"
    label = COLUMNS.get(str(column))
    return str(label) if label is not None else str(column)


UNIT_SYMBOLS = {"wan_yuan": "万元", "wan_Nm3": "万Nm³"}


@register.filter
def unit_symbol(unit: Any) -> str:
    """A canonical unit as people write it (万元 rather than wan_yuan)."""
    return UNIT_SYMBOLS.get(str(unit), str(unit or ""))


def _message_labels() -> dict[str, Any]:
    """Parameters shown by their label in the page's language (English keeps the core's words,
    as the CLI prints them)."""
    if (get_language() or "").startswith("en"):
        return {}
    return {"column": column_label, "activity": activity_name}


@register.filter
def problem_text(problem: Any) -> str:
    """A problem's reason (or any coded core message) in the page's language.

    Takes a stored problem (a dict with ``code`` and ``params``, or an older one with only its
    English ``reason``), a core ``Problem`` or a ``Message``."""
    if problem is None or problem == "":
        return ""
    if isinstance(problem, Problem):
        return render(problem.message, labels=_message_labels())
    if isinstance(problem, Message):
        return render(problem, labels=_message_labels())
    if isinstance(problem, dict):
        if "code" in problem:
            return render(problem, labels=_message_labels())
        return str(problem.get("reason", ""))
    return str(problem)
