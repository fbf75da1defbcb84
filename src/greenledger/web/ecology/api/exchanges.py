"""Exchanges, mounted under /api/ecology/exchanges: the list (status filter), one exchange with
the match as proposed, and the parties' steps: propose (an offer and a need the caller sees, one
of them its enterprise's; the core must accept the pair, else 422 with its reason), confirm the
caller's side (active once both confirmed), decline, end.

Reads are for the parties' users and the staff (403 for anybody else on the list; an exchange
the caller may not see: 404). Steps are the parties' (403 otherwise; 422 when the state does
not allow the step). An anonymous side of another enterprise is named once both confirmed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.ecology.api._router import router
from greenledger.web.ecology.api.listings import EcologyListingOut, _message_out
from greenledger.web.ecology.models import Exchange, Need, Offer
from greenledger.web.ecology.selectors import exchanges as selectors
from greenledger.web.ecology.services import exchanges as services
from greenledger.web.ecology.views.exchanges import can_view_exchanges
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class ExchangeOut(Schema):
    id: int
    status: str = Field(description="proposed, active, declined or ended.")
    offer: EcologyListingOut
    need: EcologyListingOut
    match: dict[str, Any] = Field(
        description="The core match as proposed: score and its parts, quantity, heat pump COP, "
        "benefit with its calculation lines, versions (SHA-256 of the data files)."
    )
    proposed_at: dt.datetime
    offer_confirmed_at: dt.datetime | None
    need_confirmed_at: dt.datetime | None
    ended_at: dt.datetime | None
    my_side: str | None = Field(description="offer, need or None (not a party).")


class ExchangeQuery(Schema):
    status: str | None = Field(None, pattern="^(proposed|active|declined|ended)$")


class ProposeIn(Schema):
    offer_id: DbId
    need_id: DbId


def _side_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "flags": [_message_out(f) for f in row["flags"]]}


def exchange_out(user: Any, exchange: Exchange) -> dict[str, Any]:
    row = selectors.exchange_row(user, exchange)
    return {
        **{k: row[k] for k in ExchangeOut.model_fields if k not in ("offer", "need")},
        "offer": _side_out(row["offer"]),
        "need": _side_out(row["need"]),
    }


def _exchange(request: HttpRequest, exchange_id: int) -> tuple[Any, Exchange]:
    user = _user(request)
    found = selectors.exchange_for(user, exchange_id)
    if found is None:
        raise Http404
    return user, found


@router.get("/exchanges", response=list[ExchangeOut], summary="Exchanges")
@answers(403)
@paginated
def exchanges_list(request: HttpRequest, query: Query[ExchangeQuery]) -> Any:
    """The caller's enterprise's exchanges (the staff: all), newest first."""
    user = _user(request)
    if not can_view_exchanges(user):
        raise PermissionDenied
    return [exchange_out(user, e) for e in selectors.exchanges_of(user, status=query.status)]


@router.get("/exchanges/{int:exchange_id}", response=ExchangeOut, summary="One exchange")
def exchange_detail(request: HttpRequest, exchange_id: DbId) -> Any:
    user, found = _exchange(request, exchange_id)
    return exchange_out(user, found)


@router.post("/exchanges", response={201: ExchangeOut}, summary="Propose an exchange")
@answers(404)
def exchange_create(request: HttpRequest, payload: ProposeIn) -> Any:
    """An offer and a need the caller sees (404 otherwise), one of them its enterprise's (403);
    the core must accept the pair (422 with its reason); proposing confirms the caller's side.
    """
    user = _user(request)
    offer = permissions.visible_listings(user, Offer).filter(pk=payload.offer_id).first()
    need = permissions.visible_listings(user, Need).filter(pk=payload.need_id).first()
    if offer is None or need is None:
        raise Http404
    exchange = services.exchange_propose(actor=user, offer=offer, need=need)
    return Status(201, exchange_out(user, exchange))


@router.post(
    "/exchanges/{int:exchange_id}/confirm", response=ExchangeOut, summary="Confirm my side"
)
@answers(422)
def exchange_confirm(request: HttpRequest, exchange_id: DbId) -> Any:
    """The caller's side confirms; the exchange is active once both sides have."""
    user, found = _exchange(request, exchange_id)
    return exchange_out(user, services.exchange_confirm(actor=user, exchange=found))


@router.post(
    "/exchanges/{int:exchange_id}/decline", response=ExchangeOut, summary="Decline an exchange"
)
@answers(422)
def exchange_decline(request: HttpRequest, exchange_id: DbId) -> Any:
    """Either party declines a proposed exchange (422 for any other status)."""
    user, found = _exchange(request, exchange_id)
    return exchange_out(user, services.exchange_decline(actor=user, exchange=found))


@router.post("/exchanges/{int:exchange_id}/end", response=ExchangeOut, summary="End an exchange")
@answers(422)
def exchange_end(request: HttpRequest, exchange_id: DbId) -> Any:
    """Either party ends an active exchange (422 for any other status); records stay."""
    user, found = _exchange(request, exchange_id)
    return exchange_out(user, services.exchange_end(actor=user, exchange=found))
