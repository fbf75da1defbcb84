"""The products home page ``/products/``: a link to every product-footprint and CBAM page the
user's role has, each with a line saying what it is, and the counts of the user's enterprise
(products, processes, shares in force with it).

- enterprise users: the product and process editor, footprints, shares, the supply chain,
  PACT clients, CBAM installations;
- the staff: the editor (every enterprise's, read only), footprints, the supply chain, CBAM;
- evaluators: the CBAM installations they verify.

Other roles: 403; anonymous visitors are sent to sign in. A page whose URL is not installed
(another part of the app not deployed) is left out rather than linked broken.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.products.models import Process, Product
from greenledger.web.ui.home_links import page_links

__all__ = ["links_for", "urlpatterns"]

NAV = "products"

# (url name, title, what it is, who: "enterprise", "staff", "evaluator")
PAGES: tuple[tuple[str, Any, Any, frozenset[str]], ...] = (
    ("products:catalogue", _("Products and processes"),
     _("Products, processes per site and year, their inputs and the attribution of the "
       "site's verified emissions."), frozenset({"enterprise", "staff"})),
    ("products:footprints", _("Product footprints"),
     _("Cradle-to-gate footprints solved over the supply graph, with contributions."),
     frozenset({"enterprise", "staff"})),
    ("products:shares", _("Footprint shares"),
     _("Footprints shared with named customers, their reads, and those shared with you."),
     frozenset({"enterprise"})),
    ("products:supply_chain", _("Supply chain"),
     _("Who supplies whom, shared or not."), frozenset({"enterprise", "staff"})),
    ("products:pact_clients", _("PACT clients"),
     _("Client credentials of outside customers' systems reading through the PACT API."),
     frozenset({"enterprise"})),
    ("products:cbam_installations", _("CBAM"),
     _("Installations and their CBAM reports: embedded emissions, the communication to the "
       "EU importer, verification."), frozenset({"enterprise", "staff", "evaluator"})),
)  # fmt: skip


def _groups(user: Any) -> set[str]:
    role = permissions.role_of(user)
    groups: set[str] = set()
    if role in permissions.ENTERPRISE_ROLES and getattr(user, "organisation_id", None):
        groups.add("enterprise")
    if role in permissions.STAFF_ROLES:
        groups.add("staff")
    if role == Role.EVALUATOR:
        groups.add("evaluator")
    return groups


def links_for(user: Any) -> list[dict[str, Any]]:
    """The product pages ``user`` has, in order, as {name, url, title, text}."""
    return page_links(PAGES, _groups(user))


def _counts(user: Any) -> dict[str, int] | None:
    own = getattr(user, "organisation_id", None)
    if permissions.role_of(user) not in permissions.ENTERPRISE_ROLES or own is None:
        return None
    return {
        "products": Product.objects.filter(organisation_id=own).count(),
        "processes": Process.objects.filter(organisation_id=own).count(),
        "shared_with_us": permissions.active_footprint_shares(own).count(),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _groups(request.user):
        raise PermissionDenied
    context = {"nav": NAV, "links": links_for(request.user), "counts": _counts(request.user)}
    return render(request, "products/home.html", context)


urlpatterns = [path("", home, name="home")]
