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
    home,
    invitations,
    join,
    notice_feeds,
    notices,
    outbox,
    password_reset,
    registrations,
    renewals,
)

app_name = "alliance"

urlpatterns: list[URLPattern] = [
    *home.urlpatterns,
    *join.urlpatterns,
    *applications.urlpatterns,
    *activation.urlpatterns,
    *events.urlpatterns,
    *event_admin.urlpatterns,
    *feeds.urlpatterns,
    *registrations.urlpatterns,
    *checkin.urlpatterns,
    *notices.urlpatterns,
    *notice_feeds.urlpatterns,
    *outbox.urlpatterns,
    *colleagues.urlpatterns,
    *invitations.urlpatterns,
    *password_reset.urlpatterns,
    *renewals.urlpatterns,
]
