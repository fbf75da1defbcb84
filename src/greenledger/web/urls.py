"""Root URL configuration: admin, the REST API, language switching and the pages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from greenledger.web.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reporting/", include("greenledger.web.reporting.urls")),
    path("assessments/", include("greenledger.web.assessments.urls")),
    path("district/", include("greenledger.web.district.urls")),
    path("planning/", include("greenledger.web.planning.urls")),
    path("finance/", include("greenledger.web.finance.urls")),
    path("ecology/", include("greenledger.web.ecology.urls")),
    path("products/", include("greenledger.web.products.urls")),
    path("alliance/", include("greenledger.web.alliance.urls")),
    path("pact/", include("greenledger.web.products.pact_api")),
    path("", include("greenledger.web.assessments.urls_public")),
    path("", include("greenledger.web.ui.urls")),
]
