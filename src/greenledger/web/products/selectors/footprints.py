"""Reads of footprints, shares, reads and notices, filtered by who asks.

A footprint is visible to a user when its product is (``permissions.visible_footprint_products``:
the enterprise's own, those shared with it and in force, every one for the staff); anything
else answers 404 (``footprint_get``), so a footprint not shared is invisible to other members.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.products.models import (
    Footprint,
    FootprintNotice,
    FootprintRead,
    FootprintShare,
    FootprintStatus,
    Product,
)

__all__ = [
    "current_footprint",
    "footprint_get",
    "footprint_versions",
    "footprints_visible",
    "notices_for",
    "reads_of",
    "share_get",
    "share_state",
    "shares_granted",
    "shares_held",
]


def current_footprint(product: Product | int) -> Footprint | None:
    return (
        Footprint.objects.filter(product=product, status=FootprintStatus.CURRENT)
        .order_by("-version")
        .first()
    )


def footprints_visible(user: Any, *, year: int | None = None) -> QuerySet[Footprint]:
    """The current footprints ``user`` may read, own enterprise first, by product name."""
    found = Footprint.objects.filter(
        product__in=permissions.visible_footprint_products(user),
        status=FootprintStatus.CURRENT,
    ).select_related("product", "product__organisation")
    if year is not None:
        found = found.filter(year=year)
    return found.order_by("product__organisation_id", "product__name", "product_id")


def footprint_get(user: Any, pk: int) -> Footprint:
    """One footprint version ``user`` may read; Http404 otherwise."""
    footprint = (
        Footprint.objects.filter(pk=pk, product__in=permissions.visible_footprint_products(user))
        .select_related("product", "product__organisation", "created_by")
        .first()
    )
    if footprint is None:
        raise Http404
    return footprint


def footprint_versions(footprint: Footprint) -> QuerySet[Footprint]:
    return Footprint.objects.filter(product_id=footprint.product_id).order_by("-version")


def share_state(share: FootprintShare) -> str:
    """in_force, expired or revoked, now."""
    if share.revoked_at is not None:
        return "revoked"
    if share.expires_at is not None and share.expires_at <= timezone.now():
        return "expired"
    return "in_force"


def shares_granted(organisation_id: int) -> QuerySet[FootprintShare]:
    """The shares of the enterprise's products (all states), newest first."""
    return FootprintShare.objects.filter(product__organisation_id=organisation_id).select_related(
        "product", "customer", "client", "granted_by"
    )


def shares_held(organisation_id: int) -> QuerySet[FootprintShare]:
    """The shares other enterprises granted to this one (all states), newest first."""
    return FootprintShare.objects.filter(customer_id=organisation_id).select_related(
        "product", "product__organisation"
    )


def share_get(user: Any, pk: int) -> FootprintShare:
    """A share of the user's enterprise's products; Http404 otherwise."""
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        raise Http404
    share = shares_granted(user.organisation_id).filter(pk=pk).first()
    if share is None:
        raise Http404
    return share


def reads_of(organisation_id: int) -> QuerySet[FootprintRead]:
    """Who read which footprint of the enterprise's products and when (refused attempts too)."""
    return FootprintRead.objects.filter(
        share__product__organisation_id=organisation_id
    ).select_related(
        "share", "share__customer", "share__client", "footprint", "footprint__product", "user"
    )


def notices_for(organisation_id: int) -> QuerySet[FootprintNotice]:
    """New versions of footprints shared with the enterprise, newest first."""
    return FootprintNotice.objects.filter(share__customer_id=organisation_id).select_related(
        "share", "footprint", "footprint__product", "footprint__product__organisation", "previous"
    )
