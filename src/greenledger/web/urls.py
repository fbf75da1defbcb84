"""Root URL configuration: admin, the REST API, language switching and the pages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from greenledger.web.api import api
from greenledger.web.ui import views as ui_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Django's set_language, which also keeps a signed-in user's language of mail
    path("i18n/setlang/", ui_views.set_language, name="set_language"),
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
