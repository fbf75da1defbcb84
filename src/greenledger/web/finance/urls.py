"""URL patterns of the finance pages (mounted under /finance/). Each views module lists its own
patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.finance.views import pool, portfolio, projects

app_name = "finance"

urlpatterns: list[URLPattern] = [
    *projects.urlpatterns,
    *portfolio.urlpatterns,
    *pool.urlpatterns,
]
