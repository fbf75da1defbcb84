"""Exchanges for the records, rates and parks tests, built through the exchange services.

- ``active_heat_exchange(w)``: B proposes A's 120 °C waste heat for its 80 °C need, A confirms.
- ``ash_offer_and_need(w)``: A offers fly ash 441-001-S02 (800 t a year from 2026-07), D needs
  it for cement blending (1,000 t a year from 2026-01); ``active_ash_exchange`` makes it active.

Hand figures: direct heat avoids 0.222156 tCO2/MWh (natural gas 15.3 tC/TJ x 0.99 x 44/12 x
3.6 / 1000 / boiler 0.9); fly ash into cement blending 0.52 tCO2e/t (core test_benefit).
"""

from __future__ import annotations

from greenledger.web.ecology.models import Exchange, Need, Offer
from greenledger.web.ecology.services import exchanges, listings
from tests.web.ecology.conftest import EcologyWorld

GAS_HEAT_T_PER_MWH = 15.3 * 0.99 * 44 / 12 * 3.6 / 1000 / 0.9  # 0.222156
ASH_T_PER_T = 0.52


def active_heat_exchange(w: EcologyWorld) -> Exchange:
    exchange = exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    return exchanges.exchange_confirm(actor=w.users["a"], exchange=exchange)


def ash_offer_and_need(w: EcologyWorld) -> tuple[Offer, Need]:
    offer = listings.offer_create(
        actor=w.users["a"], site=w.site_a, kind="solid_waste", name="粉煤灰", code="441-001-S02",
        quantity=800, start_month="2026-07", end_month="2028-12",
    )  # fmt: skip
    need = listings.need_create(
        actor=w.users["d"], site=w.site_d, kind="solid_waste", name="水泥掺合料",
        process="cement_blending", quantity=1000, start_month="2026-01", end_month="2028-12",
    )  # fmt: skip
    return offer, need


def active_ash_exchange(w: EcologyWorld) -> Exchange:
    offer, need = ash_offer_and_need(w)
    exchange = exchanges.exchange_propose(actor=w.users["d"], offer=offer, need=need)
    return exchanges.exchange_confirm(actor=w.users["a"], exchange=exchange)
