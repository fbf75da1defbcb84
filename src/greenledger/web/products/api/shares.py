"""Footprint shares, mounted under /api/products/shares (the pages' operations).

- ``GET /shares``: the shares of the enterprise's products (``granted``) and those other
  enterprises granted to it (``held``), each with its state now;
- ``POST /shares`` ``{product_id, customer_id | client_id, purpose, expires_on?}``: the
  manager shares a product's footprint (201; 422 naming ``product_id``, ``customer``,
  ``client``, ``purpose`` or ``expires_on``);
- ``POST /shares/{id}/revoke``: ends it now (the customer's next read answers 404);
- ``GET /shares/reads``: who read which footprint of the enterprise's products and when.

Enterprise users only (others 403); another enterprise's share answers 404; a reporter's write
403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.members.models import Organisation
from greenledger.web.products.api._router import router
from greenledger.web.products.models import FootprintRead, FootprintShare, PactClient, Product
from greenledger.web.products.selectors import footprints as selectors
from greenledger.web.products.services import shares as services
from greenledger.web.products.views.shares import expiry_of
from greenledger.web.responses import Status


def _enterprise_user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        raise PermissionDenied
    return user


class ShareOut(Schema):
    id: int
    product_id: int
    product: str
    supplier_id: int
    supplier: str
    customer_id: int | None = Field(description="A member customer, or None for a PACT client.")
    customer: str | None
    client_id: int | None = Field(description="An outside customer's PACT client.")
    purpose: str
    granted_at: dt.datetime
    expires_at: dt.datetime | None = Field(description="None: until revoked.")
    revoked_at: dt.datetime | None
    state: str = Field(description="in_force, expired or revoked, now.")


class SharesOut(Schema):
    granted: list[ShareOut]
    held: list[ShareOut]


class ShareIn(Schema):
    product_id: DbId = Field(description="One of the enterprise's products.")
    customer_id: DbId | None = Field(None, description="A member enterprise.")
    client_id: DbId | None = Field(None, description="Or one of the enterprise's PACT clients.")
    purpose: str = Field(max_length=200)
    expires_on: dt.date | None = Field(
        None, description="Last day in force (the district's time zone); None: until revoked."
    )


class ReadOut(Schema):
    id: int
    at: dt.datetime
    share_id: int
    customer: str = Field(description="The member customer or the PACT client's name.")
    reader: str | None
    footprint_id: int
    product: str
    version: int
    path: str
    refused: bool = Field(description="An attempt after the share ended (answered 404).")


def share_out(share: FootprintShare) -> dict[str, Any]:
    product = share.product
    return {
        "id": share.pk,
        "product_id": product.pk,
        "product": product.name,
        "supplier_id": product.organisation_id,
        "supplier": product.organisation.name_zh,
        "customer_id": share.customer_id,
        "customer": share.customer.name_zh if share.customer is not None else None,
        "client_id": share.client_id,
        "purpose": share.purpose,
        "granted_at": share.granted_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "state": selectors.share_state(share),
    }


@router.get("/shares", response=SharesOut, summary="The enterprise's footprint shares")
@answers(403)
def share_list(request: HttpRequest) -> Any:
    user = _enterprise_user(request)
    org = user.organisation_id
    return {
        "granted": [
            share_out(s)
            for s in selectors.shares_granted(org).select_related("product__organisation")
        ],
        "held": [share_out(s) for s in selectors.shares_held(org).select_related("customer")],
    }


@router.post("/shares", response={201: ShareOut}, summary="Share a product's footprint")
@answers(403)
def share_create(request: HttpRequest, payload: ShareIn) -> Any:
    user = _enterprise_user(request)
    if not permissions.can_manage_products(user, user.organisation):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    product = Product.objects.filter(
        pk=payload.product_id, organisation_id=user.organisation_id
    ).first()
    if product is None:
        errors["product_id"] = [_("There is no product of your enterprise with this id.")]
    customer = None
    if payload.customer_id is not None:
        customer = Organisation.objects.filter(pk=payload.customer_id).first()
        if customer is None:
            errors["customer_id"] = [_("There is no member enterprise with this id.")]
    client = None
    if payload.client_id is not None:
        client = PactClient.objects.filter(
            pk=payload.client_id, organisation_id=user.organisation_id
        ).first()
        if client is None:
            errors["client_id"] = [_("There is no PACT client of your enterprise with this id.")]
    if errors:
        raise ValidationError(errors, code="invalid")
    assert product is not None
    try:
        share = services.share_grant(
            actor=user,
            product=product,
            customer=customer,
            client=client,
            purpose=payload.purpose,
            expires_at=expiry_of(payload.expires_on),
        )
    except ValidationError as error:
        renamed = {
            ("expires_on" if field == "expires_at" else field): reasons
            for field, reasons in error.message_dict.items()
        }
        raise ValidationError(renamed, code="invalid") from None
    return Status(201, share_out(share))


@router.post(
    "/shares/{int:share_id}/revoke", response=ShareOut, summary="Revoke a footprint share now"
)
@answers(403, 404)
def share_revoke(request: HttpRequest, share_id: DbId) -> Any:
    user = _enterprise_user(request)
    share = selectors.share_get(user, share_id)
    return share_out(services.share_revoke(actor=user, share=share))


@router.get(
    "/shares/reads",
    response=list[ReadOut],
    summary="Who read which footprint of the enterprise's products and when",
)
@answers(403)
@paginated
def read_list(request: HttpRequest) -> Any:
    user = _enterprise_user(request)
    return [_read_out(r) for r in selectors.reads_of(user.organisation_id)]


def _read_out(read: FootprintRead) -> dict[str, Any]:
    share = read.share
    return {
        "id": read.pk,
        "at": read.at,
        "share_id": share.pk,
        "customer": share.customer.name_zh if share.customer is not None else share.client.name,
        "reader": read.user.get_username() if read.user is not None else None,
        "footprint_id": read.footprint_id,
        "product": read.footprint.product.name,
        "version": read.footprint.version,
        "path": read.path,
        "refused": read.refused,
    }
