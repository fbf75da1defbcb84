"""Coverage: which member enterprises reported a year, which did not, which are estimated."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.district.selectors.facts import coverage, member_enterprises
from greenledger.web.district.services.estimates import fact_estimate
from greenledger.web.members.models import MembershipStatus
from tests.web.district.conftest import DistrictData

pytestmark = pytest.mark.django_db


def keys(data: DistrictData, organisations: list[Any]) -> list[str]:
    names = {o.pk: k for k, o in data.enterprises.items()}
    names |= {data.world.company_a.pk: "A", data.world.company_b.pk: "B"}
    return [names.get(o.pk, o.name_zh) for o in organisations]


def test_the_expected_enterprises_are_the_active_member_enterprises(
    district: DistrictData,
) -> None:
    # The personas' company C (no membership), the bank and the park developer are not expected.
    expected = keys(district, list(member_enterprises()))
    assert expected == ["A", "B", "e1", "e2", "e3", "e4", "e5"]
    membership = district.enterprises["e5"].membership
    membership.status = MembershipStatus.WITHDRAWN
    membership.save()
    assert "e5" not in keys(district, list(member_enterprises()))


def test_a_year_lists_reported_missing_and_estimated_enterprises(
    district: DistrictData, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):
        result = coverage(year=2021)
        assert keys(district, result.reported) == ["e1", "e2", "e3", "e5"]
        assert keys(district, result.missing) == ["A", "B", "e4"]
    assert result.estimated == [] and result.in_correction == []
    assert result.counts == {
        "expected": 7,
        "reported": 4,
        "missing": 3,
        "estimated": 0,
        "in_correction": 0,
    }
    assert result.share_reported == pytest.approx(4 / 7)
    fact_estimate(actor=district.secretariat, organisation=district.enterprises["e4"], year=2021)
    after = coverage(year=2021)
    assert keys(district, after.estimated) == ["e4"]
    assert keys(district, after.missing) == ["A", "B", "e4"]  # an estimate is not a report
    assert after.counts["reported"] == 4


def test_a_park_expects_its_own_tenants(district: DistrictData) -> None:
    west = coverage(year=2021, park=district.parks["west"])
    assert keys(district, west.expected) == ["e3", "e4"]
    assert keys(district, west.reported) == ["e3"] and keys(district, west.missing) == ["e4"]
    assert west.park_id == district.parks["west"].pk
    east = coverage(year=2020, park=district.parks["east"])
    assert east.counts == {
        "expected": 2,
        "reported": 2,
        "missing": 0,
        "estimated": 0,
        "in_correction": 0,
    }
    assert east.share_reported == 1.0


def test_a_year_nobody_reported(district: DistrictData) -> None:
    result = coverage(year=2019)
    assert result.reported == [] and len(result.missing) == 7 and result.share_reported == 0
