"""URL patterns of the assessment pages (mounted under /assessments/)."""

from __future__ import annotations

app_name = "assessments"

urlpatterns: list = []
