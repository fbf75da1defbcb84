"""Presentation helpers of the assessment pages: figures, yes/no, input origins, statuses."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from greenledger.web.assessments.models import ApplicationStatus
from greenledger.web.assessments.ruleset_texts import ruleset_text
from greenledger.web.ui.core_messages import render

register = template.Library()

ORIGINS = {
    "application": _("declared in the application"),
    "inventory": _("verified inventory"),
    "ecology": _("ecology data (exchanges, CFE)"),
    "default": _("rule set default"),
    "missing": _("missing"),
}
EVIDENCE = {
    "required": _("required"),
    "optional": _("optional"),
    "none": _("none"),
}
STATUS_BADGES = {
    ApplicationStatus.DRAFT: "neutral",
    ApplicationStatus.SUBMITTED: "warn",
    ApplicationStatus.UNDER_REVIEW: "warn",
    ApplicationStatus.REVIEWED: "warn",
    ApplicationStatus.APPROVED: "",
    ApplicationStatus.REJECTED: "bad",
}


@register.filter
def figure(value: Any) -> str:
    """A value as entered or computed: yes/no for true/false, a number with up to six
    significant digits (0.4, 12,345.7, 0.123457); "—" when missing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return "—"
    if number == 0:
        number = 0.0  # no "-0"
    return f"{number:,.6g}"


@register.filter
def unit_text(unit: Any) -> str:
    """The unit beside a value; a share ("1") has none."""
    return "" if unit in (None, "", "1") else str(unit)


@register.filter
def origin_label(origin: str) -> str:
    return str(ORIGINS.get(origin, origin))


@register.filter
def evidence_label(need: str) -> str:
    return str(EVIDENCE.get(need, need))


@register.filter
def application_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "neutral")


@register.filter
def short_hash(digest: str) -> str:
    return (digest or "")[:12]


@register.filter(name="ruleset_text")
def ruleset_text_filter(text: Any) -> str:
    """A rule set's text (a title of the rule set or one of its items) in the page's language."""
    return ruleset_text(text)


@register.filter
def assessment_problem(problem: Any) -> str:
    """A problem of an application (a core ``Problem``) in the page's language, the input it
    names by its title in that language."""
    return render(problem.message, labels={"title": ruleset_text})
