"""URL patterns of the pages."""

from __future__ import annotations

from django.urls import path

from greenledger.web.ui import assets, views

app_name = "ui"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("members/", views.directory, name="directory"),
    path("members/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("sites/<int:site_id>/", views.site_detail, name="site"),
    path("designations/", views.designation_list, name="designations"),
    path("assets/plotly-<str:version>.min.js", assets.plotly_js, name="plotly_js"),
]
