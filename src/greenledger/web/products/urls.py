"""URL patterns of the product-footprint and CBAM pages (mounted under /products/). Each views
module lists its own patterns; this module joins them."""

from __future__ import annotations

from django.urls import URLPattern

from greenledger.web.products.views import catalogue, cbam, footprints, home, pact_clients, shares

app_name = "products"

urlpatterns: list[URLPattern] = [
    *home.urlpatterns,
    *catalogue.urlpatterns,
    *cbam.urlpatterns,
    *footprints.urlpatterns,
    *shares.urlpatterns,
    *pact_clients.urlpatterns,
]
