"""Template filters of the planning pages: end uses and carriers in the page's language."""

from __future__ import annotations

from typing import Any

from django import template

from greenledger.web.planning.end_uses import carrier_label as _carrier_label
from greenledger.web.planning.end_uses import end_use_label as _end_use_label

register = template.Library()


@register.filter
def end_use_label(value: Any) -> str:
    """``{{ measure.end_use|end_use_label }}``: "Motors and drives" / "电机及拖动系统"."""
    return _end_use_label(str(value)) if value not in (None, "") else ""


@register.filter
def carrier_label(value: Any) -> str:
    """``{{ carrier|carrier_label }}``: the factor library's name of the carrier."""
    return _carrier_label(str(value)) if value not in (None, "") else ""
