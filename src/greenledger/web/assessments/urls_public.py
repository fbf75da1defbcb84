"""Public pages of the assessments app: certificate verification and recognition lists
(mounted at the site root)."""

from __future__ import annotations

urlpatterns: list = []
