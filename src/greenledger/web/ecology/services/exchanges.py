"""Exchanges between an offer and a need: proposed by one party, confirmed by both.

- ``exchange_propose``: an enterprise user proposes an exchange between an open offer and an
  open need it can see, one of them its own (``permissions.can_propose_exchange``). The core
  matcher must accept the pair (``selectors.matching.pair_match``); a refused pair is refused
  with the core's reason. The match is stored as proposed (score and its parts, quantity,
  benefit with its calculation lines, and the SHA-256 of the data files that produced it).
  Proposing confirms the proposer's side; the pair is proposed once (the unique constraint).
- ``exchange_confirm``: the other party confirms its side; with both sides confirmed the
  exchange becomes ACTIVE (quantities can then be recorded).
- ``exchange_decline``: either party declines a proposed exchange.
- ``exchange_end``: either party ends an active exchange.

Every write is audited (``ecology.exchange.propose`` / ``confirm`` / ``decline`` / ``end``).
Refusals: PermissionDenied for somebody who is neither party, ValidationError (by field)
for a state that does not allow the step.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.ecology.models import (
    Exchange,
    ExchangeStatus,
    ListingStatus,
    Need,
    Offer,
)
from greenledger.web.ecology.selectors.matching import match_json, pair_match

AUDITED = [
    "offer",
    "need",
    "status",
    "proposed_by",
    "offer_confirmed_by",
    "offer_confirmed_at",
    "need_confirmed_by",
    "need_confirmed_at",
    "ended_at",
]


def _state(exchange: Exchange) -> dict[str, Any]:
    return snapshot(exchange, AUDITED)


def exchange_propose(*, actor: Any, offer: Offer, need: Need) -> Exchange:
    if not permissions.can_propose_exchange(actor, offer, need):
        raise PermissionDenied
    visible_offer = permissions.visible_listings(actor, Offer).filter(pk=offer.pk).exists()
    visible_need = permissions.visible_listings(actor, Need).filter(pk=need.pk).exists()
    if not (visible_offer and visible_need):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if offer.status != ListingStatus.OPEN:
        errors["offer"] = [_("This offer is closed.")]
    if need.status != ListingStatus.OPEN:
        errors["need"] = [_("This need is closed.")]
    if Exchange.objects.filter(offer=offer, need=need).exists():
        errors["__all__"] = [_("This offer and this need already have an exchange.")]
    if errors:
        raise ValidationError(errors)
    outcome = pair_match(offer, need)
    if outcome.match is None:
        from greenledger.web.reporting.templatetags.reporting_extras import problem_text

        if outcome.refusal is not None:
            reason = problem_text(outcome.refusal.reason)
        else:
            reason = _("The offer and the need are not of the same resource, or not placed.")
        raise ValidationError(
            {"__all__": [_("The pair is refused: %(reason)s") % {"reason": reason}]}
        )
    now = timezone.now()
    side = permissions.exchange_side(actor, Exchange(offer=offer, need=need))
    with transaction.atomic():
        exchange = Exchange.objects.create(
            offer=offer,
            need=need,
            match=match_json(outcome.match),
            proposed_by=actor,
            proposed_at=now,
        )
        _confirm_side(exchange, side, actor, now)
        if side == "offer" and need.organisation_id == offer.organisation_id:
            _confirm_side(exchange, "need", actor, now)
        exchange.save()
        audit_append(
            actor=actor, action="ecology.exchange.propose", obj=exchange, after=_state(exchange)
        )
    return exchange


def _confirm_side(exchange: Exchange, side: str | None, actor: Any, now: Any) -> None:
    if side == "offer":
        exchange.offer_confirmed_by = actor
        exchange.offer_confirmed_at = now
    elif side == "need":
        exchange.need_confirmed_by = actor
        exchange.need_confirmed_at = now
    if exchange.offer_confirmed_at is not None and exchange.need_confirmed_at is not None:
        exchange.status = ExchangeStatus.ACTIVE


def _side(actor: Any, exchange: Exchange) -> str:
    side = permissions.exchange_side(actor, exchange)
    if side is None:
        raise PermissionDenied
    return side


def exchange_confirm(*, actor: Any, exchange: Exchange) -> Exchange:
    """Confirm the actor's side; ACTIVE when both sides have confirmed."""
    side = _side(actor, exchange)
    if exchange.status != ExchangeStatus.PROPOSED:
        raise ValidationError({"status": [_("Only a proposed exchange can be confirmed.")]})
    confirmed = exchange.offer_confirmed_at if side == "offer" else exchange.need_confirmed_at
    if confirmed is not None:
        raise ValidationError({"status": [_("Your side has already confirmed this exchange.")]})
    with transaction.atomic():
        before = _state(exchange)
        _confirm_side(exchange, side, actor, timezone.now())
        exchange.save()
        audit_append(
            actor=actor,
            action="ecology.exchange.confirm",
            obj=exchange,
            before=before,
            after=_state(exchange),
        )
    return exchange


def exchange_decline(*, actor: Any, exchange: Exchange) -> Exchange:
    """Either party declines a proposed exchange."""
    _side(actor, exchange)
    if exchange.status != ExchangeStatus.PROPOSED:
        raise ValidationError({"status": [_("Only a proposed exchange can be declined.")]})
    with transaction.atomic():
        before = _state(exchange)
        exchange.status = ExchangeStatus.DECLINED
        exchange.save(update_fields=["status"])
        audit_append(
            actor=actor,
            action="ecology.exchange.decline",
            obj=exchange,
            before=before,
            after=_state(exchange),
        )
    return exchange


def exchange_end(*, actor: Any, exchange: Exchange) -> Exchange:
    """Either party ends an active exchange (its records stay)."""
    _side(actor, exchange)
    if exchange.status != ExchangeStatus.ACTIVE:
        raise ValidationError({"status": [_("Only an active exchange can be ended.")]})
    with transaction.atomic():
        before = _state(exchange)
        exchange.status = ExchangeStatus.ENDED
        exchange.ended_at = timezone.now()
        exchange.save(update_fields=["status", "ended_at"])
        audit_append(
            actor=actor,
            action="ecology.exchange.end",
            obj=exchange,
            before=before,
            after=_state(exchange),
        )
    return exchange
