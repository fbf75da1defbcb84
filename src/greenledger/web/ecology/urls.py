"""URL patterns of the industry-ecology pages (mounted under /ecology/). Each views module lists
its own patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.ecology.views import (
    exchanges,
    green_power,
    home,
    listings,
    map,
    parks,
    records,
)

app_name = "ecology"

urlpatterns: list[URLPattern] = [
    *exchanges.urlpatterns,
    *green_power.urlpatterns,
    *home.urlpatterns,
    *listings.urlpatterns,
    *map.urlpatterns,
    *parks.urlpatterns,
    *records.urlpatterns,
]
