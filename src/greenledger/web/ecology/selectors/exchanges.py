"""Exchanges as a user may see them (``permissions.visible_exchanges``: the two parties'
users and the staff). Each side shows its listing as ``selectors.listings.listing_row`` does
(an anonymous side of another enterprise: park and resource only) until the exchange is
active: parties who both confirmed know each other."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import Exchange, ExchangeStatus
from greenledger.web.ecology.selectors.listings import listing_row

KNOWN = (ExchangeStatus.ACTIVE, ExchangeStatus.ENDED)


def exchanges_of(user: Any, *, status: str | None = None) -> QuerySet[Exchange]:
    exchanges = permissions.visible_exchanges(user).select_related(
        "offer__site__parent_park", "offer__organisation", "need__site__parent_park",
        "need__organisation",
    )  # fmt: skip
    if status:
        exchanges = exchanges.filter(status=status)
    return exchanges.order_by("-proposed_at", "-id")


def exchange_for(user: Any, pk: int) -> Exchange | None:
    found: Exchange | None = exchanges_of(user).filter(pk=pk).first()
    return found


def _side(user: Any, exchange: Exchange, listing: Any) -> dict[str, Any]:
    row = listing_row(user, listing)
    party = permissions.exchange_side(user, exchange) is not None
    if not row["company_shown"] and party and exchange.status in KNOWN:
        row.update(
            company_shown=True,
            organisation_id=listing.organisation_id,
            organisation=str(listing.organisation.name_zh),
            site_id=listing.site_id,
            site=str(listing.site.name_zh),
            name=listing.name,
        )
    return row


def exchange_row(user: Any, exchange: Exchange) -> dict[str, Any]:
    side = permissions.exchange_side(user, exchange)
    mine_confirmed = exchange.offer_confirmed_at if side == "offer" else exchange.need_confirmed_at
    proposed = exchange.status == ExchangeStatus.PROPOSED
    return {
        "id": exchange.pk,
        "status": exchange.status,
        "status_label": ExchangeStatus(exchange.status).label,
        "offer": _side(user, exchange, exchange.offer),
        "need": _side(user, exchange, exchange.need),
        "match": exchange.match,
        "proposed_at": exchange.proposed_at,
        "offer_confirmed_at": exchange.offer_confirmed_at,
        "need_confirmed_at": exchange.need_confirmed_at,
        "ended_at": exchange.ended_at,
        "my_side": side,
        "can_confirm": side is not None and proposed and mine_confirmed is None,
        "can_decline": side is not None and proposed,
        "can_end": side is not None and exchange.status == ExchangeStatus.ACTIVE,
    }
