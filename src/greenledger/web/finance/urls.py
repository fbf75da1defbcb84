"""URL patterns of the finance pages (mounted under /finance/). Each views module lists its own
patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.finance.views import (
    consent,
    evidence,
    pool,
    portfolio,
    projects,
    reports,
    settings,
    transition,
)

app_name = "finance"

urlpatterns: list[URLPattern] = [
    *consent.urlpatterns,
    *projects.urlpatterns,
    *portfolio.urlpatterns,
    *pool.urlpatterns,
    *reports.urlpatterns,
    *transition.urlpatterns,
    *settings.urlpatterns,
    *evidence.urlpatterns,
]
