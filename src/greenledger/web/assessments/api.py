"""The assessments API (mounted under /api/assessments)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["assessments"])
