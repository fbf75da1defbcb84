"""URL patterns of the alliance pages (mounted under /alliance/). Each views module lists its own
patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.alliance.views import (
    activation,
    applications,
    checkin,
    colleagues,
    event_admin,
    events,
    feeds,
    invitations,
    join,
    password_reset,
    registrations,
    renewals,
)

app_name = "alliance"

urlpatterns: list[URLPattern] = [
    *join.urlpatterns,
    *applications.urlpatterns,
    *activation.urlpatterns,
    *events.urlpatterns,
    *event_admin.urlpatterns,
    *feeds.urlpatterns,
    *registrations.urlpatterns,
    *checkin.urlpatterns,
    *colleagues.urlpatterns,
    *invitations.urlpatterns,
    *password_reset.urlpatterns,
    *renewals.urlpatterns,
]
