"""URL patterns of the district pages (mounted under /district/). Each views module lists its
own patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.district.views import (
    budgets,
    progress,
    public,
    report,
    restatements,
    targets,
)

app_name = "district"

urlpatterns: list[URLPattern] = [
    *progress.urlpatterns,
    *public.urlpatterns,
    *report.urlpatterns,
    *restatements.urlpatterns,
    *targets.urlpatterns,
    *budgets.urlpatterns,
]
