"""URL patterns of the industry-ecology pages (mounted under /ecology/). Each views module lists
its own patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.ecology.views import exchanges, listings

app_name = "ecology"

urlpatterns: list[URLPattern] = [
    *exchanges.urlpatterns,
    *listings.urlpatterns,
]
