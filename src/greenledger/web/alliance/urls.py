"""URL patterns of the alliance pages (mounted under /alliance/). Each views module lists its own
patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "alliance"

urlpatterns: list[URLPattern] = []
