"""Query-count regressions of the heavy pages: the number of queries a page makes does not grow
with the rows it shows (no N+1), and stays under a small bound. Counted with the page cache off
(``GREENLEDGER_PAGE_CACHE``), so the pages render from the database every time."""

from __future__ import annotations

import pytest
from django.test import Client

from greenledger.web.members import services
from greenledger.web.members.demo import organisations_bulk_create_synthetic
from greenledger.web.members.models import SiteKind
from tests.web.conftest import World
from tests.web.query_counts import queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def rows(client: Client, url: str, marker: str) -> int:
    return client.get(url).content.decode().count(marker)


def test_the_organisation_list_makes_as_many_queries_for_a_full_page_as_for_a_few_rows(
    world: World,
) -> None:
    admin = world.client("district_admin")
    few = queries(admin, "/members/")
    assert rows(admin, "/members/", 'href="/members/') - 1 < 25  # a short page (+1: the nav)
    organisations_bulk_create_synthetic(actor=None, count=60)
    full = queries(admin, "/members/")
    assert rows(admin, "/members/", 'href="/members/') - 1 >= 25
    assert full == few
    assert full <= 8
    # A later page and the search answer with the same number of queries.
    assert queries(admin, "/members/?page=3") == full
    assert queries(admin, "/members/?q=No.&kind=enterprise") == full


def test_the_organisation_list_counts_once_until_the_registry_changes(world: World) -> None:
    organisations_bulk_create_synthetic(actor=None, count=60)
    admin = world.client("district_admin")
    first = queries(admin, "/members/")
    # The count of the same list comes from the cache, for every page of it.
    again = queries(admin, "/members/?page=2", cold=False)
    assert again == first - 1
    services.organisation_update(actor=None, organisation=world.company_c, name_en="C Renamed")
    assert queries(admin, "/members/?page=2", cold=False) == first  # counted again


def test_the_designation_list_makes_as_many_queries_for_many_designations_as_for_two(
    world: World,
) -> None:
    anonymous = world.client("anonymous")
    admin = world.client("district_admin")

    def designate(years: range) -> None:
        for year in years:
            services.designation_create(
                actor=None,
                organisation=world.company_c,
                site=world.park,
                type="green_park",
                level="national",
                year=year,
                issuing_body="工业和信息化部",
                valid_from=world.designation_a.valid_from,
            )

    designate(range(2001, 2003))  # the public sees the published company C's two
    before = (queries(anonymous, "/designations/"), queries(admin, "/designations/"))
    designate(range(2003, 2031))
    after = (queries(anonymous, "/designations/"), queries(admin, "/designations/"))
    assert after == before
    assert max(after) <= 8


def test_the_organisation_and_park_pages_do_not_query_per_site_or_designation(
    world: World,
) -> None:
    admin = world.client("district_admin")
    organisation_url = f"/members/{world.company_c.pk}/"
    park_url = f"/sites/{world.park.pk}/"
    before = (queries(admin, organisation_url), queries(admin, park_url))
    for number in range(12):
        tenant = services.site_create(
            actor=None,
            organisation=world.company_c,
            kind=SiteKind.FACTORY,
            name_zh=f"丙工厂{number}",
            parent_park=world.park,
        )
        services.designation_create(
            actor=None,
            organisation=world.company_c,
            site=tenant,
            type="green_factory",
            level="national",
            year=2020,
            issuing_body="工业和信息化部",
            valid_from=world.designation_a.valid_from,
        )
    after = (queries(admin, organisation_url), queries(admin, park_url))
    assert after == before
    assert max(after) <= 10


def test_the_api_organisation_list_makes_as_many_queries_for_fifty_items_as_for_five(
    world: World,
) -> None:
    organisations_bulk_create_synthetic(actor=None, count=60)
    client = Client()
    headers = world.api_headers("district_admin")
    queries(client, "/api/organisations", **headers)  # the token's first use is recorded once
    five = queries(client, "/api/organisations?limit=5", **headers)
    fifty = queries(client, "/api/organisations?limit=50&offset=5", **headers)
    assert fifty == five
    assert fifty <= 6
