"""The industry-ecology story in a real browser, on the demo district (ecology/demo.py): the
heat factory's energy manager (``eco_heat``) offers a second source of 120 °C waste heat; the
neighbouring factory's manager (``eco_neighbour``), whose 80 °C need is open, finds it among its
need's matches (the core's score and distance), proposes the exchange; the heat factory
confirms it; the neighbour records the December quantity; the park's 2025 waste-heat
utilisation rises on the park page (recorded / offered, figured here from the demo's numbers)
and in the zero-carbon park pre-score (its waste-heat indicator reaches the 0.5 target). The
park map draws the new exchange.

Figures: the demo's heat offer gives 8,000 MWh in 2025 and has 5,400 MWh recorded; the new
offer adds 8,000 MWh in 2025, so before the record the rate is 5,400 / 16,000 = 0.3375 and after
recording 3,000 MWh it is 8,400 / 16,000 = 0.525.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from greenledger.core.ecology import symbiosis
from greenledger.web.ecology import demo as ecology_demo
from greenledger.web.ecology.models import Exchange, ExchangeStatus, Need, Offer
from greenledger.web.ecology.selectors.matching import core_need, core_offer
from greenledger.web.members.demo import DEMO_PASSWORD
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e

NEW_OFFER = "空压站余热热水（浏览器）"
RECORDED_MWH = 3000.0
BEFORE, AFTER = 5400 / 16000, 8400 / 16000


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def percent(page: Any, selector: str) -> float:
    text = page.locator(selector).inner_text()
    return float(text.replace("%", "").replace(",", "").strip()) / 100


def test_a_neighbour_finds_waste_heat_both_confirm_and_the_park_rate_rises(
    page: Any, demo: None
) -> None:
    from django.utils import timezone

    from greenledger.web.accounts import services as account_services
    from greenledger.web.accounts.models import Role, User
    from greenledger.web.assessments import services as assessments
    from greenledger.web.assessments.selectors import prescore_data_inputs, preview

    heat_user = User.objects.get(username="eco_heat")
    site = ecology_demo.story_park()[1][0]  # type: ignore[index]
    park = ecology_demo.story_park()[0]  # type: ignore[index]
    need = Need.objects.get(name=ecology_demo.HEAT_NEED)
    assert site.organisation_id == heat_user.organisation_id

    # -- the heat factory offers a second 120 °C source by the form
    sign_in(page, "eco_heat")
    page.goto("/ecology/")
    page.click("#ecology-link-offer_new a")
    page.wait_for_selector("#listing-form")
    form = "#listing-form"
    page.select_option(f"{form} [name=site]", str(site.pk))
    page.select_option(f"{form} [name=kind]", "heat")
    page.fill(f"{form} [name=name]", NEW_OFFER)
    page.fill(f"{form} [name=quantity]", "8000")
    page.fill(f"{form} [name=start_month]", "2025-01")
    page.fill(f"{form} [name=end_month]", "2027-12")
    page.fill(f"{form} [name=supply_temp_c]", "120")
    page.fill(f"{form} [name=return_temp_c]", "70")
    page.fill(f"{form} [name=medium]", "hot water")
    page.fill(f"{form} [name=capacity_mw]", "2")
    page.click(f"{form} button[type=submit]")
    page.wait_for_url(re.compile(r".*/ecology/offers/\d+/$"))
    offer = Offer.objects.get(name=NEW_OFFER)
    assert (offer.supply_temp_c, offer.return_temp_c, offer.quantity) == (120, 70, 8000)

    # -- the neighbour finds it among its 80 °C need's matches, as the core ranks it
    sign_in(page, "eco_neighbour")
    page.goto(f"/ecology/needs/{need.pk}/matches/")
    card = page.locator(f"#match-offer-{offer.pk}")
    card.wait_for()
    expected = symbiosis.match([core_offer(offer)], [core_need(need)]).matches[0]
    assert f"{expected.score:.3f}" in card.inner_text()
    assert f"{expected.distance_km:.2f} km" in card.inner_text()
    screenshot(page, "ecology-matches")
    card.locator("form.propose button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/ecology/exchanges/\d+/$"))
    exchange = Exchange.objects.get(offer=offer, need=need)
    assert exchange.status == ExchangeStatus.PROPOSED and exchange.need_confirmed_at is not None

    # -- the heat factory confirms its side: the exchange is active
    sign_in(page, "eco_heat")
    page.goto(f"/ecology/exchanges/{exchange.pk}/")
    page.click("#exchange-confirm button[type=submit]")
    page.wait_for_selector("#exchange-records")
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ACTIVE

    # -- the park page and the zero-carbon park pre-score before the first record
    page.goto(f"/ecology/parks/{park.pk}/?year=2025")
    assert percent(page, "#rate-waste_heat_utilisation") == pytest.approx(BEFORE, abs=5e-4)
    secretariat = User.objects.get(username="secretariat")
    call = assessments.call_open(
        actor=secretariat, ruleset_id="zero_carbon_park/2025", title="零碳园区（浏览器测试）",
        year=2025, deadline=timezone.localdate() + dt.timedelta(days=30), issuing_body="区经委",
    )  # fmt: skip
    operator = account_services.user_create(
        actor=None, username="eco_park_operator", password=DEMO_PASSWORD,
        role=Role.ENTERPRISE_MANAGER, organisation=park.organisation, check_password=False,
    )  # fmt: skip
    application = assessments.application_create(actor=operator, call=call, site=park)
    assert application.inventory_inputs["waste_heat_utilisation"] == pytest.approx(BEFORE)
    waste_heat = next(i for i in preview(application).indicators if i.id == "waste_heat")
    points_before = waste_heat.points

    # -- the neighbour records December on the exchange's records page
    sign_in(page, "eco_neighbour")
    page.goto(f"/ecology/exchanges/{exchange.pk}/")
    page.click("#exchange-records")
    page.fill("#record-form [name=month]", "2025-12")
    page.fill("#record-form [name=quantity]", f"{RECORDED_MWH:g}")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#records-table tr#record-2025-12")
    assert exchange.records.get().quantity == RECORDED_MWH

    # -- the park's waste-heat utilisation rises on the park page ...
    sign_in(page, "eco_heat")
    page.goto(f"/ecology/parks/{park.pk}/?year=2025")
    after = percent(page, "#rate-waste_heat_utilisation")
    assert after == pytest.approx(AFTER, abs=5e-4) and after > BEFORE
    screenshot(page, "ecology-park")
    # ... and in the zero-carbon park pre-score, without retyping
    inputs, _source = prescore_data_inputs(park.organisation, park, call)
    assert inputs["waste_heat_utilisation"] == pytest.approx(AFTER)
    application.inventory_inputs = inputs
    waste_heat = next(i for i in preview(application).indicators if i.id == "waste_heat")
    assert waste_heat.inputs == {"waste_heat_utilisation": pytest.approx(AFTER)}
    assert waste_heat.points > points_before

    # -- the park map draws the new exchange, confirmed by both
    page.goto("/ecology/map/?kind=heat")
    page.wait_for_selector(f"#map-exchange-{exchange.pk}")
    page.wait_for_function("document.querySelector('#park-map').dataset.drawn === 'true'")
    screenshot(page, "ecology-map")
