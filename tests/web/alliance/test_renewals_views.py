"""The staff's renewals page: every membership with its renewal date; renewing one for a year
from it (a lapsed member becomes active again). Nobody else has the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from greenledger.web.members.models import Membership
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def test_the_staff_see_the_dates_and_renew_a_lapsed_member(world: World) -> None:
    Membership.objects.filter(pk=world.membership_a.pk).update(
        renewed_until=dt.date(2020, 12, 31), status="lapsed"
    )
    client = world.client("secretariat")
    client.cookies["django_language"] = "en"
    page = client.get("/alliance/memberships/").content.decode()
    assert f'id="membership-{world.membership_a.pk}"' in page and "2020-12-31" in page
    this_year = timezone.localdate().year
    assert f"Renew until {this_year}-12-31" in page
    response = client.post(f"/alliance/memberships/{world.membership_a.pk}/renew/", follow=True)
    assert f"The membership of 甲公司 is renewed until {this_year}-12-31." in (
        response.content.decode()
    )
    world.membership_a.refresh_from_db()
    assert world.membership_a.status == "active"
    assert world.membership_a.renewed_until == dt.date(this_year, 12, 31)


def test_a_withdrawn_member_is_refused_with_the_reason(world: World) -> None:
    Membership.objects.filter(pk=world.membership_a.pk).update(status="withdrawn")
    response = world.client("district_admin").post(
        f"/alliance/memberships/{world.membership_a.pk}/renew/", follow=True
    )
    assert "甲公司: 已退出的会籍不能续期。" in response.content.decode()


@pytest.mark.parametrize("persona", ["enterprise_a", "analyst", "public", "evaluator"])
def test_nobody_else_renews(world: World, persona: str) -> None:
    client = world.client(persona)
    assert client.get("/alliance/memberships/").status_code == 403
    assert client.post(f"/alliance/memberships/{world.membership_a.pk}/renew/").status_code == 403
    world.membership_a.refresh_from_db()
    assert world.membership_a.renewed_until is None
