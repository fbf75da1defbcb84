"""The published district aggregates (everybody, anonymous callers included): the rows of the
public page and its downloads, with the publication rule (``selectors.public``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from greenledger.web.district.api._router import router
from greenledger.web.district.ledger_cache import until_the_ledger_moves
from greenledger.web.district.selectors.public import MIN_ENTERPRISES, public_aggregates
from greenledger.web.district.selectors.versions import fact_versions


class PublicAggregateOut(Schema):
    year: int
    scope: str  # "district" or "park"
    park_id: int | None
    park_name_zh: str
    park_name_en: str
    enterprises: int
    published: bool
    suppressed: str  # "", "fewer_than_minimum" or "complementary"
    energy_tce: float | None
    energy_tce_generation: float | None
    gbt32150_co2e_t: float | None
    scope1_co2e_t: float | None
    scope2_location_t: float | None
    scope2_market_t: float | None
    output_value_wan_yuan: float | None
    tce_per_wan_yuan: float | None
    co2e_t_per_wan_yuan: float | None
    so2_t: float | None
    nox_t: float | None
    pm_t: float | None
    vocs_t: float | None


class YearVersionsOut(Schema):
    year: int
    factor_set_versions: list[str]
    method_versions: list[str]


class PublicAggregatesOut(Schema):
    minimum_enterprises: int
    basis: str
    output_value_basis: str
    versions: list[YearVersionsOut]  # the factor set and method versions behind each year
    rows: list[PublicAggregateOut]


@router.get("/public", response=PublicAggregatesOut, summary="Published district aggregates")
def district_public(request: HttpRequest) -> Any:
    """Sums over verified enterprise-years per year for the district and each park; an
    aggregate over fewer than ``minimum_enterprises`` enterprises (or one that would reveal
    such a group by subtraction) is withheld: ``published`` false and its figures null."""
    return until_the_ledger_moves("api-public", (), _aggregates)


def _aggregates() -> dict[str, Any]:
    return {
        "minimum_enterprises": MIN_ENTERPRISES,
        "basis": "verified",
        "output_value_basis": "reported",
        "versions": [{"year": year, **found} for year, found in sorted(fact_versions().items())],
        "rows": [row.as_dict() for row in public_aggregates()],
    }
