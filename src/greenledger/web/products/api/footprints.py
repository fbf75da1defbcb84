"""Product footprints, mounted under /api/products (the pages' operations).

- ``GET /footprints?year=``: the current footprints the user may read (the enterprise's own,
  those shared with it and in force; every one for the staff);
- ``GET /footprints/{id}``: one version with its contributions (they add up to the figure),
  biogenic carbon, DQI, primary-data share and provenance; a member customer's read is logged on
  its share; after the share ended 404 and the attempt is logged as refused; a footprint not
  shared answers 404;
- ``POST /footprints/compute`` ``{"year"}``: the manager solves the enterprise's footprints of
  the year (201: the new versions, empty when no figure changed; 422 naming the process and
  product);
- ``GET /footprints/notices``: new versions of footprints shared with the enterprise;
- ``GET /supply-chain?year=``: who supplies whom, shared or not.

Anybody without products (evaluators, analysts, the public) gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, paginated
from greenledger.web.products.api._router import router
from greenledger.web.products.models import Footprint
from greenledger.web.products.selectors import footprints as selectors
from greenledger.web.products.selectors.supply_chain import supply_chain
from greenledger.web.products.services import footprints as services
from greenledger.web.products.services.shares import footprint_read_log, footprint_read_refused
from greenledger.web.responses import Status


def user_with_products(request: HttpRequest) -> Any:
    """The enterprise user or staff member asking; PermissionDenied for anybody else."""
    user = request.auth  # type: ignore[attr-defined]
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        return user
    if role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None:
        return user
    raise PermissionDenied


class FootprintOut(Schema):
    id: int
    pact_id: str = Field(description="The PACT ProductFootprint id of this version.")
    product_id: int
    product: str
    unit: str = Field(description="The declared unit.")
    organisation_id: int
    organisation: str
    year: int = Field(description="The reference year.")
    version: int
    status: str = Field(description="current or superseded.")
    tco2e_per_unit: float = Field(description="Cradle-to-gate, excluding biogenic carbon.")
    biogenic_tco2e_per_unit: float
    primary_data_share: float | None
    dqi: float | None = Field(description="Contribution-weighted DQI score, 1 best to 5 worst.")
    created_at: dt.datetime


class FootprintDetailOut(FootprintOut):
    contributions: dict[str, Any] = Field(
        description="total; direct (the process's own, per unit); inputs, processes, background: "
        "[{key, kind, label, tco2e_per_unit, ...}]; direct + sum(inputs) = total = "
        "sum(processes) + sum(background)."
    )
    provenance: dict[str, Any] = Field(
        description="processes (with the verified inventory behind them), suppliers' footprints "
        "(id, version), background factors, rules."
    )


class ComputeIn(Schema):
    year: Year


class NoticeOut(Schema):
    id: int
    created_at: dt.datetime
    share_id: int
    footprint_id: int
    version: int
    previous_id: int | None
    supplier: str
    product: str
    tco2e_per_unit: float
    previous_tco2e_per_unit: float | None


class LinkOut(Schema):
    year: int
    supplier_id: int
    supplier: str
    product_id: int
    product: str
    customer_id: int
    customer: str
    process_id: int
    process: str
    customer_product: str
    amount: float = Field(description="Per unit of the customer's product.")
    own: bool
    shared: bool = Field(description="The supplier's share with the customer is in force now.")


def footprint_out(footprint: Footprint) -> dict[str, Any]:
    product = footprint.product
    return {
        "id": footprint.pk,
        "pact_id": str(footprint.pact_id),
        "product_id": product.pk,
        "product": product.name,
        "unit": product.unit,
        "organisation_id": product.organisation_id,
        "organisation": product.organisation.name_zh,
        "year": footprint.year,
        "version": footprint.version,
        "status": footprint.status,
        "tco2e_per_unit": footprint.tco2e_per_unit,
        "biogenic_tco2e_per_unit": footprint.biogenic_tco2e_per_unit,
        "primary_data_share": footprint.primary_data_share,
        "dqi": footprint.dqi,
        "created_at": footprint.created_at,
    }


@router.get("/footprints", response=list[FootprintOut], summary="The footprints the user may read")
@answers(403)
@paginated
def footprint_list(request: HttpRequest, year: Query[Year | None] = None) -> Any:
    user = user_with_products(request)
    return [footprint_out(f) for f in selectors.footprints_visible(user, year=year)]


@router.post(
    "/footprints/compute",
    response={201: list[FootprintDetailOut]},
    summary="Compute the enterprise's footprints of a year",
)
@answers(403)
def footprint_compute(request: HttpRequest, payload: ComputeIn) -> Any:
    user = user_with_products(request)
    if user.organisation_id is None:
        raise PermissionDenied
    created = services.footprint_compute(
        actor=user, organisation=user.organisation, year=payload.year
    )
    return Status(
        201,
        [
            {**footprint_out(f), "contributions": f.contributions, "provenance": f.provenance}
            for f in created
        ],
    )


@router.get(
    "/footprints/notices",
    response=list[NoticeOut],
    summary="New versions of the footprints shared with the enterprise",
)
@answers(403)
@paginated
def notice_list(request: HttpRequest) -> Any:
    user = user_with_products(request)
    if user.organisation_id is None:
        return []
    return [
        {
            "id": n.pk,
            "created_at": n.created_at,
            "share_id": n.share_id,
            "footprint_id": n.footprint_id,
            "version": n.footprint.version,
            "previous_id": n.previous_id,
            "supplier": n.footprint.product.organisation.name_zh,
            "product": n.footprint.product.name,
            "tco2e_per_unit": n.footprint.tco2e_per_unit,
            "previous_tco2e_per_unit": None if n.previous is None else n.previous.tco2e_per_unit,
        }
        for n in selectors.notices_for(user.organisation_id)
    ]


@router.get(
    "/footprints/{int:footprint_id}",
    response=FootprintDetailOut,
    summary="One footprint version with its contributions",
)
@answers(403, 404)
def footprint_detail(request: HttpRequest, footprint_id: DbId) -> Any:
    user = user_with_products(request)
    try:
        found = selectors.footprint_get(user, footprint_id)
    except Http404:
        ended = Footprint.objects.filter(pk=footprint_id).select_related("product").first()
        if ended is not None:
            footprint_read_refused(user=user, footprint=ended, path=request.get_full_path())
        raise
    footprint_read_log(user=user, footprint=found, path=request.get_full_path())
    return {
        **footprint_out(found),
        "contributions": found.contributions,
        "provenance": found.provenance,
    }


@router.get("/supply-chain", response=list[LinkOut], summary="Who supplies whom, shared or not")
@answers(403)
@paginated
def supply_chain_list(request: HttpRequest, year: Query[Year | None] = None) -> Any:
    user = user_with_products(request)
    return [vars(link) for link in supply_chain(user, year=year)]
