"""An analyst whose institution holds a grant in force covering meter series opens the
enterprise's sites' meter pages and API read only (no upload form, uploads refused), each read
logged; without such a grant the pages answer 404, and a grant that never covered meters logs
no refused attempt."""

from __future__ import annotations

import pytest

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataAccess, DataSharing
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def _only(world: World, *, meters: bool) -> DataSharing:
    """Replace the personas' general grant of A to the bank with one for portfolio accounting."""
    old = DataSharing.objects.get(organisation=world.company_a, institution=world.bank)
    old.delete()  # no history: as if A had never shared its meter series
    return accounts.grant_create(
        actor=world.users["enterprise_a"], organisation=world.company_a, institution=world.bank,
        purpose="kpi_monitoring", inventories=True, plans=False, projects=False, meters=meters,
    )  # fmt: skip


def test_a_grant_covering_meters_opens_the_meter_page_read_only_and_logs_it(
    world: World,
) -> None:
    grant = _only(world, meters=True)
    page = f"/reporting/sites/{world.site_a.pk}/meters/"
    analyst = world.client("analyst")
    index = analyst.get("/reporting/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="{page}"' in index
    answer = analyst.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert 'id="meter-form"' not in text and "Stored series" not in text
    assert analyst.post(page, {}).status_code == 403
    api = f"/api/reporting/sites/{world.site_a.pk}/meter-series"
    client = world.client("anonymous")
    assert client.get(api, **world.api_headers("analyst")).status_code == 200
    logged = [(a.scope, a.object_type, a.object_id, a.path, a.grant_id, a.refused) for a in
              DataAccess.objects.order_by("id")]  # fmt: skip
    site = str(world.site_a.pk)
    assert logged == [
        ("meters", "members.site", site, page, grant.pk, False),
        ("meters", "members.site", site, api, grant.pk, False),
    ]


def test_without_meters_in_the_grant_the_page_is_not_found_and_nothing_logged(
    world: World,
) -> None:
    _only(world, meters=False)
    page = f"/reporting/sites/{world.site_a.pk}/meters/"
    assert world.client("analyst").get(page).status_code == 404
    api = f"/api/reporting/sites/{world.site_a.pk}/meter-series"
    response = world.client("anonymous").get(api, **world.api_headers("analyst"))
    assert response.status_code == 404
    assert f'href="{page}"' not in world.client("analyst").get("/reporting/").content.decode()
    assert not DataAccess.objects.exists()  # never covered: no refused attempt either


def test_company_b_s_sites_stay_hidden(world: World) -> None:
    site_b = world.company_b.sites.first()
    if site_b is None:
        pytest.skip("company B has no site in the personas' world")
    assert world.client("analyst").get(f"/reporting/sites/{site_b.pk}/meters/").status_code == 404
    assert not DataAccess.objects.exists()
