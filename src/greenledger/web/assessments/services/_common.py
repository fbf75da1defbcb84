"""Shared helpers of the assessment services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from greenledger.web.reporting.services._common import invalid, now, refuse, require

__all__ = ["invalid", "now", "refuse", "require", "today"]


def today() -> dt.date:
    """The district's calendar day (TIME_ZONE), which deadlines and validity dates use."""
    return timezone.localdate()
