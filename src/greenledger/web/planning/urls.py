"""URL patterns of the planning pages (mounted under /planning/). Each views module lists its
own patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.planning.views import catalogue, district, plans, results

app_name = "planning"

urlpatterns: list[URLPattern] = [
    *catalogue.urlpatterns,
    *plans.urlpatterns,
    *results.urlpatterns,
    *district.urlpatterns,
]
