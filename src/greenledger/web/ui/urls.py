"""URL patterns of the pages."""

from __future__ import annotations

urlpatterns: list = []
