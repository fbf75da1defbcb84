"""Sites and parks: a site may lie only in a park of its own district."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.members import services
from greenledger.web.members.models import Site, SiteKind
from tests.web.conftest import OTHER_DISTRICT, World, organisation_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_factory_in_a_park_of_another_district_is_refused_on_the_park_field(
    world: World,
) -> None:
    elsewhere = services.organisation_create(
        actor=None, **organisation_values(60, district=OTHER_DISTRICT)
    )
    sites_before, entries_before = Site.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.site_create(
            actor=None,
            organisation=elsewhere,
            kind=SiteKind.FACTORY,
            name_zh="西岭工厂",
            parent_park=world.park,
        )
    errors = caught.value.message_dict
    assert list(errors) == ["parent_park"]
    assert OTHER_DISTRICT in errors["parent_park"][0]
    assert "丙园区" in errors["parent_park"][0]
    assert (Site.objects.count(), AuditEntry.objects.count()) == (sites_before, entries_before)


def test_a_factory_in_a_park_of_its_own_district_is_accepted(world: World) -> None:
    site = services.site_create(
        actor=None,
        organisation=world.company_b,
        kind=SiteKind.FACTORY,
        name_zh="乙工厂",
        parent_park=world.park,
    )
    assert site.parent_park == world.park
    assert site.district == world.park.district


def test_only_factories_and_data_centres_lie_in_parks(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.site_create(
            actor=None,
            organisation=world.company_b,
            kind=SiteKind.OFFICE,
            name_zh="乙办公楼",
            parent_park=world.park,
        )
    assert list(caught.value.message_dict) == ["parent_park"]


def test_a_parent_park_must_be_a_park(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.site_create(
            actor=None,
            organisation=world.company_b,
            kind=SiteKind.FACTORY,
            name_zh="乙二厂",
            parent_park=world.site_a,
        )
    assert list(caught.value.message_dict) == ["parent_park"]


def test_a_data_centre_needs_a_positive_it_load_and_other_sites_have_none(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as missing:
        services.site_create(
            actor=None, organisation=world.company_a, kind=SiteKind.DATA_CENTRE, name_zh="甲机房"
        )
    assert list(missing.value.message_dict) == ["it_load_kw"]
    with pytest.raises(ValidationError) as stray:
        services.site_create(
            actor=None,
            organisation=world.company_a,
            kind=SiteKind.FACTORY,
            name_zh="甲二厂",
            it_load_kw=Decimal("10"),
        )
    assert list(stray.value.message_dict) == ["it_load_kw"]


def test_a_site_holding_a_designation_cannot_be_deleted(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.site_delete(actor=None, site=world.site_b)
    assert "site" in caught.value.message_dict
    assert Site.objects.filter(pk=world.site_b.pk).exists()
