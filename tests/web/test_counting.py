"""Cached list counts: right after a change, and for lists that are empty by construction."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.counting import cached_count
from greenledger.web.members.models import Organisation
from tests.web.conftest import World, credit_code

pytestmark = pytest.mark.django_db


def test_a_list_empty_by_construction_counts_zero_without_a_query(
    world: World, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert cached_count(Organisation.objects.none()) == 0


def test_the_count_follows_a_change_made_through_a_service(world: World) -> None:
    from greenledger.web.members import services

    everyone = Organisation.objects.all()
    assert cached_count(everyone) == 4
    assert cached_count(everyone, cap=2) == 2
    services.organisation_create(
        actor=None,
        kind="enterprise",
        name_zh="计数测试企业有限公司",
        credit_code=credit_code(77),
        district=world.company_a.district,
    )
    assert cached_count(everyone) == 5
