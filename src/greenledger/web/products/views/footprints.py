"""Footprint pages.

- ``products:footprints`` /products/footprints/?year=YYYY: the enterprise's current footprints,
  those its suppliers share with it (in force) and the notices of their new versions; the
  manager computes the year's footprints there (``products:footprint_compute``, POST ``year``:
  refusals name the process and product). The staff see every enterprise's, read only.
- ``products:footprint`` /products/footprints/<id>/: one version: the figure per declared unit,
  the contribution chart and table (the process's direct emissions and each input: own
  product, supplier's footprint, background factor, electricity; they add up to the figure),
  biogenic carbon apart, data quality, primary-data share, the versions and the provenance. A
  member customer's read is logged on its share (the supplier sees it); after the share ended
  the page answers 404 and the attempt is logged as refused. A footprint not shared is 404.
- ``products:supply_chain`` /products/supply-chain/?year=YYYY: who supplies whom (inputs that
  link to a product), and whether the supplier's share is in force.

Anonymous visitors are sent to sign in; roles without products get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.products import charts
from greenledger.web.products.models import Footprint, Process
from greenledger.web.products.selectors import footprints as selectors
from greenledger.web.products.selectors.supply_chain import supply_chain as chain_of
from greenledger.web.products.services import footprints as services
from greenledger.web.products.services.shares import footprint_read_log, footprint_read_refused
from greenledger.web.ui.assets import plotly_version

NAV = "products"
NOTICE_ROWS = 50

__all__ = ["urlpatterns"]


def allowed(request: HttpRequest) -> HttpResponse | None:
    """Sign-in for visitors (GET), 403 for roles without products; None when let through."""
    user: Any = request.user
    if not user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        return None
    if role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None:
        return None
    raise PermissionDenied


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if 1990 <= year <= 2100 else None


def _years(organisation_id: int | None) -> list[int]:
    processes = Process.objects.all()
    if organisation_id is not None:
        processes = processes.filter(organisation_id=organisation_id)
    return sorted(set(processes.values_list("year", flat=True)), reverse=True)


def _list(request: HttpRequest, errors: list[str] | None = None) -> HttpResponse:
    user: Any = request.user
    staff = permissions.role_of(user) in permissions.STAFF_ROLES
    organisation_id = None if staff else user.organisation_id
    years = _years(organisation_id)
    year = _year(request) or (years[0] if years else timezone.localdate().year - 1)
    found = list(selectors.footprints_visible(user, year=None))
    own = [f for f in found if staff or f.product.organisation_id == organisation_id]
    shared = [f for f in found if not staff and f.product.organisation_id != organisation_id]
    notices = list(selectors.notices_for(organisation_id)[:NOTICE_ROWS]) if organisation_id else []
    can_compute = not staff and permissions.can_manage_products(user, user.organisation)
    return render(
        request,
        "products/footprints.html",
        {
            "nav": NAV,
            "own": own,
            "shared": shared,
            "notices": notices,
            "years": years or [year],
            "year": year,
            "staff": staff,
            "can_compute": can_compute,
            "errors": errors or [],
        },
    )


@require_safe
def footprints(request: HttpRequest) -> HttpResponse:
    if (response := allowed(request)) is not None:
        return response
    return _list(request)


@require_POST
def footprint_compute(request: HttpRequest) -> HttpResponse:
    if (response := allowed(request)) is not None:
        return response
    user: Any = request.user
    if permissions.role_of(user) in permissions.STAFF_ROLES:
        raise PermissionDenied
    year = _year(request)
    if year is None:
        return _list(request, [_("Choose a year.")])
    try:
        created = services.footprint_compute(actor=user, organisation=user.organisation, year=year)
    except ValidationError as error:
        return _list(request, [m for ms in error.message_dict.values() for m in ms])
    if created:
        messages.success(
            request,
            _("%(count)s new footprint version(s) of %(year)s.")
            % {"count": len(created), "year": year},
        )
    else:
        messages.info(request, _("No footprint of %(year)s changed.") % {"year": year})
    return redirect(reverse("products:footprints") + f"?year={year}")


def _visible_or_refused(request: HttpRequest, footprint_id: int) -> Footprint:
    """The footprint; 404 otherwise, a member customer's attempt after its share ended logged."""
    try:
        return selectors.footprint_get(request.user, footprint_id)
    except Http404:
        found = Footprint.objects.filter(pk=footprint_id).select_related("product").first()
        if found is not None:
            footprint_read_refused(user=request.user, footprint=found, path=request.get_full_path())
        raise


@require_safe
def footprint(request: HttpRequest, footprint_id: int) -> HttpResponse:
    if (response := allowed(request)) is not None:
        return response
    user: Any = request.user
    found = _visible_or_refused(request, footprint_id)
    footprint_read_log(user=user, footprint=found, path=request.get_full_path())
    product = found.product
    own = user.organisation_id == product.organisation_id
    rows = charts.contribution_rows(found.contributions)
    return render(
        request,
        "products/footprint.html",
        {
            "nav": NAV,
            "footprint": found,
            "product": product,
            "own": own,
            "rows": rows,
            "chart": charts.contributions(rows, product.unit),
            "total": sum(r["tco2e_per_unit"] for r in rows),
            "processes": [
                {**e, "label": charts.contribution_label(e)}
                for e in found.contributions.get("processes", [])
            ],
            "background": [
                {**e, "label": charts.contribution_label(e)}
                for e in found.contributions.get("background", [])
            ],
            "dqi_coverage": found.contributions.get("dqi_coverage"),
            "versions": list(selectors.footprint_versions(found)),
            "shares": list(product.shares.select_related("customer", "client")) if own else [],
            "plotly_version": plotly_version(),
        },
    )


@require_safe
def supply_chain(request: HttpRequest) -> HttpResponse:
    if (response := allowed(request)) is not None:
        return response
    user: Any = request.user
    year = _year(request)
    return render(
        request,
        "products/supply_chain.html",
        {
            "nav": NAV,
            "links": chain_of(user, year=year),
            "year": year,
            "years": _years(None if user.organisation_id is None else user.organisation_id),
        },
    )


urlpatterns = [
    path("footprints/", footprints, name="footprints"),
    path("footprints/compute/", footprint_compute, name="footprint_compute"),
    path("footprints/<int:footprint_id>/", footprint, name="footprint"),
    path("supply-chain/", supply_chain, name="supply_chain"),
]
