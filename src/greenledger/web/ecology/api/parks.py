"""Industrial parks' resource-use rates, mounted under /api/ecology/parks: the parks the caller
may see with the year's avoided emissions, and one park's solid-waste utilisation, waste-heat
utilisation and water reuse of a year (``selectors.rates``: the tenants' recorded exchanges over
what their offers generate; null when nothing was generated), with what each is computed from,
its definition and source, the avoided emissions by resource, the park's exchanges counted by
status and the pooled CFE figures when a pooled run exists.

Reads: the staff every park, an enterprise's users the parks it operates or has a site in
(``permissions.visible_parks``; another park answers 404; other roles 403).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema

from greenledger.core.ecology import rates as core_rates
from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId
from greenledger.web.ecology.api._router import router
from greenledger.web.ecology.models import ExchangeStatus
from greenledger.web.ecology.selectors import rates as selectors
from greenledger.web.ecology.selectors.green_power import latest_cfe

Year = Annotated[int, Field(ge=1990, le=2100, description="A calendar year, 1990 to 2100.")]

DEFINITIONS = {
    "solid_waste_utilisation": "solid wastes and by-products (not hazardous wastes) recorded as "
    "exchanged in the year / what the park's tenants offer for the year",
    "waste_heat_utilisation": "waste heat and cold recorded as exchanged in the year / what the "
    "park's tenants offer for the year",
    "water_reuse": "water recorded as exchanged in the year / the water the park's tenants offer "
    "for reuse in the year",
}


class YearQuery(Schema):
    year: Year | None = Field(
        None,
        description="The year; by default the current one (the list) or the newest year up to "
        "it with records (a park).",
    )


class ParkRow(Schema):
    id: int
    name_zh: str
    name_en: str
    operator: int = Field(description="The operating organisation's id.")
    year: int
    avoided_tco2e: float


class RateOut(Schema):
    value: float | None = Field(description="A share 0-1; null when nothing was generated.")
    utilised: float
    generated: float
    unit: str
    offers: int = Field(description="Offers counted in the generated quantity.")
    definition: str


class EcologyParkOut(Schema):
    id: int
    name_zh: str
    name_en: str
    year: int
    rates: dict[str, RateOut]
    basis: str
    source: str
    confirmed: bool
    avoided_tco2e: float
    by_resource: list[dict[str, Any]]
    records: int
    exchanges: dict[str, int] = Field(description="The park's exchanges by status, every year.")
    cfe: dict[str, Any] | None = Field(description="The newest pooled run of the year, or null.")


BASIS = (
    "tenants = the park and the sites in it; generated = each tenant offer's quantity a year x "
    "its months in the year / 12 (open and closed offers); utilised = quantities recorded on "
    "exchanges of the tenants' offers; waste never offered on the platform is not counted"
)


def _reader(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    role = permissions.role_of(user)
    if role not in permissions.STAFF_ROLES and role not in permissions.ENTERPRISE_ROLES:
        raise PermissionDenied
    return user


@router.get("/parks", response=list[ParkRow], summary="The parks the caller may see")
@answers(403)
def parks_list(request: HttpRequest, query: Query[YearQuery]) -> Any:
    user = _reader(request)
    year = query.year or dt.date.today().year
    return [
        {
            "id": park.pk,
            "name_zh": park.name_zh,
            "name_en": park.name_en,
            "operator": park.organisation_id,
            "year": year,
            "avoided_tco2e": selectors.avoided_tco2e(sites=selectors.park_tenants(park), year=year),
        }
        for park in permissions.visible_parks(user)[:200]
    ]


@router.get(
    "/parks/{int:park_id}",
    response=EcologyParkOut,
    summary="A park's utilisation rates, avoided emissions and pooled CFE of a year",
)
@answers(403)
def park_read(request: HttpRequest, park_id: DbId, query: Query[YearQuery]) -> Any:
    user = _reader(request)
    park = permissions.visible_parks(user).filter(pk=park_id).first()
    if park is None:
        raise Http404
    year = query.year or selectors.ecology_year(park, dt.date.today().year)
    figures = selectors.park_figures(park=park, year=year)
    exchanges = selectors.park_exchanges(park)
    run = latest_cfe(park, year)
    return {
        "id": park.pk,
        "name_zh": park.name_zh,
        "name_en": park.name_en,
        "year": year,
        "rates": {
            rate: {
                "value": getattr(figures.rates, rate),
                "utilised": figures.utilised[rate],
                "generated": figures.generated[rate],
                "unit": selectors.RATE_UNITS[rate],
                "offers": figures.offers[rate],
                "definition": DEFINITIONS[rate],
            }
            for rate in selectors.RATE_KINDS
        },
        "basis": BASIS,
        "source": core_rates.SOURCE,
        "confirmed": core_rates.CONFIRMED,
        "avoided_tco2e": figures.avoided_tco2e,
        "by_resource": figures.by_kind,
        "records": figures.records,
        "exchanges": {
            status: exchanges.filter(status=status).count() for status in ExchangeStatus.values
        },
        "cfe": None
        if run is None or not run.pooled
        else {
            "run": run.pk,
            "cfe_score": run.cfe_score,
            "annual_match_share": run.annual_match_share,
            "computed_at": run.created_at.isoformat(),
        },
    }
