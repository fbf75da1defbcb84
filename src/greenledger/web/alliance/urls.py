"""URL patterns of the alliance pages (mounted under /alliance/). Each views module lists its own
patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.alliance.views import (
    checkin,
    colleagues,
    invitations,
    password_reset,
    registrations,
    renewals,
)

app_name = "alliance"

urlpatterns: list[URLPattern] = [
    *colleagues.urlpatterns,
    *invitations.urlpatterns,
    *password_reset.urlpatterns,
    *renewals.urlpatterns,
    *registrations.urlpatterns,
    *checkin.urlpatterns,
]
