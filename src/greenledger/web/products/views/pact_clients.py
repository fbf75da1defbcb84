"""The supplier's PACT clients page: ``/products/pact/``.

An enterprise's users see its clients (outside customers reading footprints through the PACT
API at /pact/): each client's shares, the footprints it is offered (or why one cannot be served
as a conformant ProductFootprint), its reads (refused ones marked) and the events it sent. The
manager creates a client (the secret is shown once, on the answer to that request, and never
again) and revokes one. Staff and other roles: 403; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.core.products.pact import spec
from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation
from greenledger.web.products.models import PactClient, Product
from greenledger.web.products.selectors.pact import organisation_clients, spec_version
from greenledger.web.products.selectors.pact import statements as product_statements
from greenledger.web.products.services.pact import (
    LAND_USE,
    TOKEN_SECONDS,
    pact_client_create,
    pact_client_revoke,
    pact_statements_set,
)

STATEMENT_FIELDS = (
    "fossil_carbon_content",
    "biogenic_carbon_content",
    "biogenic_carbon_withdrawal",
    *LAND_USE,
    "biogenic_accounting_methodology",
    *spec().dqi_required,
)

__all__ = ["urlpatterns"]

NAV = "products"


def _organisation(request: HttpRequest) -> Organisation | HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if permissions.role_of(user) not in permissions.ENTERPRISE_ROLES or not user.organisation_id:
        raise PermissionDenied
    organisation = Organisation.objects.get(pk=user.organisation_id)
    if not permissions.can_view_products(user, organisation):
        raise PermissionDenied
    return organisation


def _page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    created: PactClient | None = None,
    secret: str = "",
    errors: dict[str, list[str]] | None = None,
    name: str = "",
    status: int = 200,
    statement_errors: tuple[int, dict[str, list[str]], dict[str, str]] | None = None,
) -> HttpResponse:
    domain = request.get_host().split(":", 1)[0]
    context = {
        "nav": NAV,
        "organisation": organisation,
        "rows": organisation_clients(organisation.pk, domain=domain),
        "can_manage": permissions.can_manage_products(request.user, organisation),
        "created": created,
        "secret": secret,
        "errors": errors or {},
        "name": name,
        "token_url": request.build_absolute_uri("/pact/auth/token"),
        "api_url": request.build_absolute_uri("/pact/2/footprints"),
        "events_url": request.build_absolute_uri("/pact/2/events"),
        "spec_version": spec_version(),
        "token_minutes": TOKEN_SECONDS // 60,
        "products": _statement_rows(organisation, statement_errors),
        "methodologies": spec().biogenic_accounting_methodologies,
    }
    response = render(request, "products/pact_clients.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def pact_clients(request: HttpRequest) -> HttpResponse:
    found = _organisation(request)
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return _page(request, found)
    if not permissions.can_manage_products(request.user, found):
        raise PermissionDenied
    name = request.POST.get("name", "")
    try:
        client, secret = pact_client_create(actor=request.user, organisation=found, name=name)
    except ValidationError as exc:
        return _page(request, found, errors=exc.message_dict, name=name, status=422)
    return _page(request, found, created=client, secret=secret)


STATEMENT_LABELS = {
    "fossil_carbon_content": gettext_lazy("Fossil carbon content (kgC per declared unit)"),
    "biogenic_carbon_content": gettext_lazy("Biogenic carbon content (kgC per declared unit)"),
    "biogenic_carbon_withdrawal": gettext_lazy(
        "Biogenic carbon withdrawal (kgCO2e per declared unit, 0 or less)"
    ),
    "dLucGhgEmissions": gettext_lazy("Direct land-use change emissions (kgCO2e per declared unit)"),
    "landManagementGhgEmissions": gettext_lazy(
        "Land-management emissions (kgCO2e per declared unit)"
    ),
    "otherBiogenicGhgEmissions": gettext_lazy(
        "Other biogenic emissions (kgCO2e per declared unit)"
    ),
    "biogenic_accounting_methodology": gettext_lazy("Biogenic accounting methodology"),
    "coveragePercent": gettext_lazy("Data-quality coverage (%)"),
    "technologicalDQR": gettext_lazy("Technological representativeness (1 to 3)"),
    "temporalDQR": gettext_lazy("Temporal representativeness (1 to 3)"),
    "geographicalDQR": gettext_lazy("Geographical representativeness (1 to 3)"),
    "completenessDQR": gettext_lazy("Completeness (1 to 3)"),
    "reliabilityDQR": gettext_lazy("Reliability (1 to 3)"),
}


def _flat(said: Any) -> dict[str, str]:
    values = {key: said.get(key) for key in STATEMENT_FIELDS}
    values.update(said.get("land_use") or {})
    values.update(said.get("dqi") or {})
    return {key: "" if value is None else str(value) for key, value in values.items()}


def _statement_rows(
    organisation: Organisation,
    failed: tuple[int, dict[str, list[str]], dict[str, str]] | None,
) -> list[dict[str, Any]]:
    rows = []
    for product in Product.objects.filter(organisation=organisation).order_by("name", "id"):
        errors: dict[str, list[str]] = {}
        values = _flat(product_statements(product))
        if failed is not None and failed[0] == product.pk:
            errors, values = failed[1], failed[2]
        fields = [
            {
                "name": key,
                "label": STATEMENT_LABELS[key],
                "value": values.get(key, ""),
                "errors": errors.get(key, []),
            }
            for key in STATEMENT_FIELDS
        ]
        rows.append({"product": product, "fields": fields, "errors": errors})
    return rows


@require_POST
def pact_statements_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    found = _organisation(request)
    if isinstance(found, HttpResponse):
        return found
    product = get_object_or_404(Product, pk=pk, organisation=found)
    if not permissions.can_manage_products(request.user, found):
        raise PermissionDenied
    posted = {key: request.POST.get(key, "").strip() for key in STATEMENT_FIELDS}
    statements: dict[str, Any] = {
        key: posted[key]
        for key in (
            "fossil_carbon_content",
            "biogenic_carbon_content",
            "biogenic_carbon_withdrawal",
            "biogenic_accounting_methodology",
        )
    }
    statements["land_use"] = {key: posted[key] for key in LAND_USE}
    statements["dqi"] = {key: posted[key] for key in spec().dqi_required if posted[key]}
    try:
        pact_statements_set(actor=request.user, product=product, statements=statements)
    except ValidationError as exc:
        return _page(
            request, found, statement_errors=(product.pk, exc.message_dict, posted), status=422
        )
    return redirect(reverse("products:pact_clients") + f"#statements-{product.pk}")


@require_POST
def pact_client_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404  # a write from nobody: nothing to sign in for
    found = _organisation(request)
    if isinstance(found, HttpResponse):
        return found
    client = get_object_or_404(PactClient, pk=pk, organisation=found)
    if not permissions.can_manage_products(request.user, found):
        raise PermissionDenied
    try:
        pact_client_revoke(actor=request.user, client=client)
    except ValidationError:
        raise Http404 from None
    return redirect(reverse("products:pact_clients") + f"#client-{client.pk}")


urlpatterns = [
    path("pact/", pact_clients, name="pact_clients"),
    path("pact/<int:pk>/revoke/", pact_client_revoke_view, name="pact_client_revoke"),
    path("pact/products/<int:pk>/statements/", pact_statements_view, name="pact_statements"),
]
