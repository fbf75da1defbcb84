"""Shared helpers of the assessment services."""

from __future__ import annotations

from greenledger.web.reporting.services._common import invalid, now, refuse, require

__all__ = ["invalid", "now", "refuse", "require"]
