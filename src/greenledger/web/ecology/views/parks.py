"""Park pages: ``/ecology/parks/`` lists the industrial parks the user may see
(``permissions.visible_parks``: the staff every park, an enterprise's users the parks it
operates or has a site in); ``/ecology/parks/<id>/?year=YYYY`` shows a park's solid-waste
utilisation, waste-heat utilisation and water reuse of a year with their definitions, what they
were computed from and their source (``selectors.rates``), the avoided emissions of the
recorded exchanges by resource, the exchanges (those the user may see in detail, the others
counted), and the park's pooled hourly green-power figures when a pooled run exists.

A park the user may not see answers 404; an anonymous visitor is sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from greenledger.core.ecology import rates as core_rates
from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import ExchangeStatus, ResourceKind
from greenledger.web.ecology.selectors import rates as selectors
from greenledger.web.ecology.selectors.exchanges import exchange_row
from greenledger.web.ecology.selectors.green_power import latest_cfe
from greenledger.web.members.models import Site

__all__ = ["urlpatterns"]

NAV = "ecology"

RATE_TEXTS = {
    "solid_waste_utilisation": (
        gettext_lazy("Solid-waste utilisation"),
        gettext_lazy(
            "Solid wastes and by-products recorded as exchanged in the year / what the park's "
            "tenants offer for the year (hazardous wastes are not counted)."
        ),
    ),
    "waste_heat_utilisation": (
        gettext_lazy("Waste-heat utilisation"),
        gettext_lazy(
            "Waste heat and cold recorded as exchanged in the year / what the park's tenants "
            "offer for the year."
        ),
    ),
    "water_reuse": (
        gettext_lazy("Water reuse"),
        gettext_lazy(
            "Water recorded as exchanged in the year / the water the park's tenants offer for "
            "reuse in the year."
        ),
    ),
}


def _year(request: HttpRequest, park: Site | None = None) -> int:
    raw = request.GET.get("year", "")
    if raw:
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise Http404
        return int(raw)
    today = dt.date.today().year
    return selectors.ecology_year(park, today) if park is not None else today


def _viewer(request: HttpRequest) -> HttpResponse | None:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    role = permissions.role_of(user)
    if role not in permissions.STAFF_ROLES and role not in permissions.ENTERPRISE_ROLES:
        raise PermissionDenied
    return None


@require_safe
def parks(request: HttpRequest) -> HttpResponse:
    signed_out = _viewer(request)
    if signed_out is not None:
        return signed_out
    year = _year(request)
    rows = []
    for park in permissions.visible_parks(request.user).select_related("organisation")[:200]:
        rows.append(
            {
                "park": park,
                "tenants": selectors.park_tenants(park).count() - 1,
                "exchanges": selectors.park_exchanges(park)
                .filter(status__in=[ExchangeStatus.ACTIVE, ExchangeStatus.ENDED])
                .count(),
                "avoided": selectors.avoided_tco2e(sites=selectors.park_tenants(park), year=year),
            }
        )
    return render(request, "ecology/parks.html", {"rows": rows, "year": year, "nav": NAV})


def _rate_rows(figures: selectors.ParkFigures) -> list[dict[str, Any]]:
    rows = []
    for rate, (title, definition) in RATE_TEXTS.items():
        value = getattr(figures.rates, rate)
        rows.append(
            {
                "key": rate,
                "title": title,
                "definition": definition,
                "percent": None if value is None else value * 100,
                "generated": figures.generated[rate],
                "utilised": figures.utilised[rate],
                "offers": figures.offers[rate],
                "unit": selectors.RATE_UNITS[rate],
            }
        )
    return rows


@require_safe
def park(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _viewer(request)
    if signed_out is not None:
        return signed_out
    found = permissions.visible_parks(request.user).select_related("organisation").filter(pk=pk)
    site = found.first()
    if site is None:
        raise Http404
    year = _year(request, site)
    figures = selectors.park_figures(park=site, year=year)
    visible = permissions.visible_exchanges(request.user)
    in_park = selectors.park_exchanges(site).select_related(
        "offer__site__parent_park", "offer__organisation", "need__site__parent_park",
        "need__organisation",
    )  # fmt: skip
    shown = [exchange_row(request.user, e) for e in in_park.filter(pk__in=visible)[:200]]
    by_status = {
        status: in_park.filter(status=status).count()
        for status in (ExchangeStatus.PROPOSED, ExchangeStatus.ACTIVE, ExchangeStatus.ENDED)
    }
    run = latest_cfe(site, year)
    kinds = dict(ResourceKind.choices)
    context = {
        "park": site,
        "year": year,
        "years": sorted({year - 1, year, year + 1}),
        "figures": figures,
        "rates": _rate_rows(figures),
        "rate_source": core_rates.SOURCE,
        "rate_confirmed": core_rates.CONFIRMED,
        "by_kind": [
            {**row, "label": kinds.get(row["kind"], row["kind"])} for row in figures.by_kind
        ],
        "exchanges": shown,
        "by_status": by_status,
        "run": run if run is not None and run.pooled else None,
        "can_view_green_power": permissions.can_view_green_power(request.user, site),
        "nav": NAV,
    }
    return render(request, "ecology/parks_detail.html", context)


urlpatterns = [
    path("parks/", parks, name="parks"),
    path("parks/<int:pk>/", park, name="park"),
]
