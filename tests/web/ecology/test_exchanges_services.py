"""Exchanges through the services: proposing stores the core match and confirms the
proposer's side, the other side's confirmation makes it active, declining and ending, refused
pairs and strangers, all audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.ecology.models import Exchange, ExchangeStatus
from greenledger.web.ecology.selectors.matching import data_versions
from greenledger.web.ecology.services import exchanges, listings
from tests.web.ecology.conftest import PERIOD, EcologyWorld


def test_b_proposes_a_confirms_and_the_exchange_is_active(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    assert exchange.status == ExchangeStatus.PROPOSED
    assert exchange.need_confirmed_by == w.users["b"] and exchange.offer_confirmed_at is None
    assert exchange.match["quantity"] == 6000.0
    assert exchange.match["benefit"]["t_co2e_avoided"] == pytest.approx(6000 * 0.222156, abs=0.01)
    assert exchange.match["versions"] == data_versions()
    with pytest.raises(ValidationError):  # B's side is confirmed already
        exchanges.exchange_confirm(actor=w.users["b"], exchange=exchange)
    with pytest.raises(PermissionDenied):
        exchanges.exchange_confirm(actor=w.users["d"], exchange=exchange)
    with pytest.raises(PermissionDenied):
        exchanges.exchange_confirm(actor=w.users["staff"], exchange=exchange)
    exchanges.exchange_confirm(actor=w.users["a"], exchange=exchange)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ACTIVE
    assert exchange.offer_confirmed_by == w.users["a"]
    with pytest.raises(ValidationError):
        exchanges.exchange_decline(actor=w.users["a"], exchange=exchange)
    exchanges.exchange_end(actor=w.users["b"], exchange=exchange)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ENDED and exchange.ended_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(exchange.pk), action__startswith="ecology.exchange")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "ecology.exchange.propose",
        "ecology.exchange.confirm",
        "ecology.exchange.end",
    ]


def test_a_pair_is_proposed_once_and_can_be_declined(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = exchanges.exchange_propose(actor=w.users["a"], offer=w.heat_offer, need=w.heat_need)
    with pytest.raises(ValidationError):
        exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    exchanges.exchange_decline(actor=w.users["b"], exchange=exchange)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.DECLINED
    with pytest.raises(ValidationError):
        exchanges.exchange_end(actor=w.users["a"], exchange=exchange)


def test_a_refused_pair_and_a_stranger_cannot_propose(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    too_hot = listings.need_create(
        actor=w.users["b"], site=w.site_b, kind="heat", name="蒸汽", process="process_heat",
        min_temp_c=180, quantity=1000, **PERIOD,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=too_hot)
    assert "180" in refused.value.messages[0]
    for user in ("d", "staff", "researcher"):
        with pytest.raises(PermissionDenied):
            exchanges.exchange_propose(actor=w.users[user], offer=w.heat_offer, need=w.heat_need)
    listings.listing_close(actor=w.users["a"], listing=w.heat_offer)
    w.heat_offer.refresh_from_db()
    with pytest.raises(PermissionDenied):  # a closed offer of another is out of B's sight
        exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    assert not Exchange.objects.exists()
