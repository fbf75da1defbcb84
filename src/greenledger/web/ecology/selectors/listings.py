"""Offers and needs as a user may see them (``accounts.permissions.visible_listings``): their
own enterprise's in any status and every open one of the district; an anonymous listing of
another enterprise shows its park and resource only (no company, no site, no name:
``permissions.can_see_listing_company``), on the pages and in the API alike."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import ListingStatus, Need, Offer, ResourceKind
from greenledger.web.ecology.services.listings import outside_district
from greenledger.web.members.models import Site, SiteKind

SIDES: dict[str, type[Offer] | type[Need]] = {"offer": Offer, "need": Need}


def model_of(side: str) -> type[Offer] | type[Need]:
    return SIDES[side]


def park_of(site: Site) -> Site | None:
    """The industrial park a site lies in (a park is its own)."""
    if site.kind == SiteKind.PARK:
        return site
    return site.parent_park


def parks() -> QuerySet[Site]:
    return Site.objects.filter(kind=SiteKind.PARK).order_by("name_zh")


def can_view_listings(user: Any) -> bool:
    """Whether the user has listing pages at all (staff, enterprise users, researchers)."""
    role = permissions.role_of(user)
    return bool(
        role in permissions.STAFF_ROLES
        or role in permissions.ENTERPRISE_ROLES
        or role == permissions.Role.RESEARCHER
    )


def listings_of(
    user: Any,
    side: str,
    *,
    kind: str | None = None,
    park: int | None = None,
    status: str | None = None,
    mine: bool = False,
) -> QuerySet[Any]:
    """The visible offers or needs, filtered by resource, park (sites in it), status and own."""
    listings = permissions.visible_listings(user, model_of(side)).select_related(
        "site", "site__parent_park", "organisation"
    )
    if kind:
        listings = listings.filter(kind=kind)
    if park:
        listings = listings.filter(Q(site__parent_park_id=park) | Q(site_id=park))
    if status:
        listings = listings.filter(status=status)
    if mine:
        listings = listings.filter(organisation_id=getattr(user, "organisation_id", None))
    return listings.order_by("-updated_at", "-id")


def listing_for(user: Any, side: str, pk: int) -> Offer | Need | None:
    found: Offer | Need | None = listings_of(user, side).filter(pk=pk).first()
    return found


def listing_row(user: Any, listing: Offer | Need) -> dict[str, Any]:
    """A listing for a page or the API, without the company where the user may not see it."""
    shown = permissions.can_see_listing_company(user, listing)
    side = "offer" if isinstance(listing, Offer) else "need"
    park = park_of(listing.site)
    row: dict[str, Any] = {
        "id": listing.pk,
        "side": side,
        "kind": listing.kind,
        "kind_label": ResourceKind(listing.kind).label,
        "name": listing.name if shown else None,
        "code": listing.code,
        "quantity": listing.quantity,
        "unit": listing.unit,
        "start_month": f"{listing.period_start:%Y-%m}",
        "end_month": None if listing.period_end is None else f"{listing.period_end:%Y-%m}",
        "park_id": None if park is None else park.pk,
        "park": None if park is None else str(park.name_zh),
        "company_shown": shown,
        "organisation_id": listing.organisation_id if shown else None,
        "organisation": str(listing.organisation.name_zh) if shown else None,
        "site_id": listing.site_id if shown else None,
        "site": str(listing.site.name_zh) if shown else None,
        "anonymous": listing.anonymous,
        "status": listing.status,
        "status_label": ListingStatus(listing.status).label,
        "mine": getattr(user, "organisation_id", None) == listing.organisation_id
        and permissions.role_of(user) in permissions.ENTERPRISE_ROLES,
        "medium": listing.medium,
        "capacity_mw": listing.capacity_mw,
        "profile": list(listing.profile or []),
        "water_grade": listing.water_grade,
        "note": listing.note if shown else "",
    }
    if isinstance(listing, Offer):
        row.update(
            supply_temp_c=listing.supply_temp_c,
            return_temp_c=listing.return_temp_c,
            current_route=listing.current_route,
        )
    else:
        row.update(
            process=listing.process,
            min_temp_c=listing.min_temp_c,
            licence_codes=list(listing.licence_codes or []),
            licence_number=listing.licence_number if shown else "",
            substitutes=listing.substitutes,
        )
    flag = outside_district(listing.site) if shown else None
    row["flags"] = [] if flag is None else [flag]
    return row


def anonymous_label() -> str:
    return _("Anonymous enterprise")
