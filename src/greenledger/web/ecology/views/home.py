"""The industry-ecology home page ``/ecology/``: a link to every ecology page the user's role
has, each with a line saying what it is, and a few counts of the user's own (open offers and
needs, exchanges waiting for the user's side, active exchanges).

- enterprise users: offers and needs (new, import), the park map, their exchanges and the
  quantities import, their sites' green power, their parks;
- the staff: offers and needs, the map, every exchange, every park, every site's green power;
- researchers: the offers and needs (anonymised as the permissions say) and the map.

Other roles: 403; anonymous visitors are sent to sign in. A page whose URL is not installed
(another part of the app not deployed) is left out rather than linked broken.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import ExchangeStatus, ListingStatus, Need, Offer
from greenledger.web.ecology.selectors import listings as listing_selectors
from greenledger.web.ecology.views.listings import signed_in
from greenledger.web.ui.home_links import page_links

__all__ = ["urlpatterns", "links_for"]

NAV = "ecology"

# (url name, title, what it is, who: "view" = every ecology role, "enterprise", "staff")
PAGES: tuple[tuple[str, Any, Any, frozenset[str]], ...] = (
    ("ecology:map", _("Park map"),
     _("Sites, parks, exchanges and candidate matches on a map, by resource."),
     frozenset({"view"})),
    ("ecology:offers", _("Offers"),
     _("Wastes and by-products, waste heat and cold, water the district's sites offer."),
     frozenset({"view"})),
    ("ecology:needs", _("Needs"),
     _("What the district's sites need, by receiving process."), frozenset({"view"})),
    ("ecology:offer_new", _("New offer"),
     _("Declare what one of your sites offers (or import a CSV or XLSX file)."),
     frozenset({"enterprise"})),
    ("ecology:need_new", _("New need"),
     _("Declare what one of your sites needs; its matches page ranks the offers."),
     frozenset({"enterprise"})),
    ("ecology:exchanges", _("Exchanges"),
     _("Proposed and confirmed exchanges, their match and counterfactual benefit."),
     frozenset({"enterprise", "staff"})),
    ("ecology:records_import", _("Import exchanged quantities"),
     _("Monthly quantities of active exchanges from a file (exchange, month, quantity)."),
     frozenset({"enterprise"})),
    ("ecology:parks", _("Parks"),
     _("Solid-waste and waste-heat utilisation, water reuse and avoided emissions per park."),
     frozenset({"enterprise", "staff"})),
    ("ecology:green_power_index", _("Green power"),
     _("Hourly green-power matching (24/7 CFE) of a site or a park beside the annual share."),
     frozenset({"enterprise", "staff"})),
)  # fmt: skip


def _groups(user: Any) -> set[str]:
    role = permissions.role_of(user)
    groups = {"view"}
    if role in permissions.ENTERPRISE_ROLES and getattr(user, "organisation_id", None):
        groups.add("enterprise")
    if role in permissions.STAFF_ROLES:
        groups.add("staff")
    return groups


def links_for(user: Any) -> list[dict[str, Any]]:
    """The ecology pages ``user`` has, in order, as {url, title, text}."""
    return page_links(PAGES, _groups(user))


def _counts(user: Any) -> dict[str, int] | None:
    own = getattr(user, "organisation_id", None)
    if permissions.role_of(user) not in permissions.ENTERPRISE_ROLES or own is None:
        return None
    exchanges = permissions.visible_exchanges(user)
    waiting = (
        exchanges.filter(status=ExchangeStatus.PROPOSED)
        .filter(offer_confirmed_at__isnull=True, offer__organisation_id=own)
        .count()
        + exchanges.filter(status=ExchangeStatus.PROPOSED)
        .filter(need_confirmed_at__isnull=True, need__organisation_id=own)
        .count()
    )
    return {
        "offers": Offer.objects.filter(organisation_id=own, status=ListingStatus.OPEN).count(),
        "needs": Need.objects.filter(organisation_id=own, status=ListingStatus.OPEN).count(),
        "waiting": waiting,
        "active": exchanges.filter(status=ExchangeStatus.ACTIVE).count(),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    if not listing_selectors.can_view_listings(request.user):
        raise PermissionDenied
    context = {"nav": NAV, "links": links_for(request.user), "counts": _counts(request.user)}
    return render(request, "ecology/home.html", context)


urlpatterns = [path("", home, name="home")]
