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
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation
from greenledger.web.products.models import PactClient
from greenledger.web.products.selectors.pact import organisation_clients, spec_version
from greenledger.web.products.services.pact import (
    TOKEN_SECONDS,
    pact_client_create,
    pact_client_revoke,
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
]
