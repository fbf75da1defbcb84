"""An analyst's reads of an enterprise's shared data are logged (inventories: reporting pages and
API; plans: planning pages and API), and end at once when the grant is revoked or expires, also
for pages served from the per-viewer page cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.planning.models import Plan
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World
from tests.web.planning.matrix_plans import a_plan

pytestmark = pytest.mark.django_db


def a_verified_submission(world: World) -> Submission:
    a_plan(world)  # company A's verified 2023 inventory and a plan on it
    return Submission.objects.get(organisation=world.company_a, year=2023)


def a_committed_plan(world: World) -> Plan:
    plan = a_plan(world)
    Plan.objects.filter(pk=plan.pk).update(status="committed")  # what the bank may read
    plan.refresh_from_db()
    return plan


def grant_of_a(world: World) -> DataSharing:
    """The personas' world: company A shares everything with the bank (a general grant)."""
    return DataSharing.objects.get(organisation=world.company_a, institution=world.bank)


@pytest.mark.parametrize("page", ["", "inventory/", "lineage/"])
def test_each_read_of_a_shared_inventory_page_is_logged_cached_or_not(
    world: World, page: str
) -> None:
    submission = a_verified_submission(world)
    url = f"/reporting/submissions/{submission.pk}/{page}"
    analyst = world.client("analyst")
    assert analyst.get(url).status_code == 200
    assert analyst.get(url).status_code == 200  # the second answer may come from the cache
    logged = list(DataAccess.objects.order_by("id"))
    assert len(logged) == 2
    assert {(a.scope, a.object_type, a.object_id, a.path) for a in logged} == {
        ("inventories", "reporting.submission", str(submission.pk), url)
    }
    assert {a.user_id for a in logged} == {world.users["analyst"].pk}
    assert {a.grant_id for a in logged} == {grant_of_a(world).pk}
    # the enterprise's own reads are not logged
    assert world.client("enterprise_a").get(url).status_code == 200
    assert DataAccess.objects.count() == 2


def test_revocation_ends_page_access_at_once(world: World) -> None:
    submission = a_verified_submission(world)
    url = f"/reporting/submissions/{submission.pk}/inventory/"
    analyst = world.client("analyst")
    assert analyst.get(url).status_code == 200
    accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant_of_a(world))
    assert analyst.get(url).status_code == 404
    assert DataAccess.objects.filter(refused=False).count() == 1
    assert DataAccess.objects.filter(refused=True).count() == 1  # the refused attempt


def test_expiry_ends_access_even_to_a_cached_page(world: World) -> None:
    submission = a_verified_submission(world)
    url = f"/reporting/submissions/{submission.pk}/inventory/"
    analyst = world.client("analyst")
    assert analyst.get(url).status_code == 200  # cached now
    # the expiry passes: no ledger entry moves, so the page cache's key does not change
    DataSharing.objects.filter(pk=grant_of_a(world).pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert analyst.get(url).status_code == 404
    assert DataAccess.objects.filter(refused=False).count() == 1
    assert DataAccess.objects.filter(refused=True).count() == 1  # the refused attempt


def test_api_reads_of_a_shared_inventory_are_logged_and_end_on_revocation(world: World) -> None:
    submission = a_verified_submission(world)
    url = f"/api/reporting/submissions/{submission.pk}"
    client = world.client("anonymous")
    assert client.get(url, **world.api_headers("analyst")).status_code == 200
    assert client.get(url + "/inventory", **world.api_headers("analyst")).status_code == 200
    assert [(a.scope, a.path) for a in DataAccess.objects.order_by("id")] == [
        ("inventories", url), ("inventories", url + "/inventory"),
    ]  # fmt: skip
    accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant_of_a(world))
    assert client.get(url, **world.api_headers("analyst")).status_code == 404
    assert DataAccess.objects.filter(refused=False).count() == 2
    assert DataAccess.objects.get(refused=True).path == url


def test_reads_of_a_shared_plan_are_logged_pages_and_api(world: World) -> None:
    plan = a_committed_plan(world)
    page = f"/planning/plans/{plan.pk}/"
    api = f"/api/planning/plans/{plan.pk}"
    assert world.client("analyst").get(page).status_code == 200
    response = world.client("anonymous").get(api, **world.api_headers("analyst"))
    assert response.status_code == 200
    logged = [(a.scope, a.object_type, a.object_id, a.path) for a in DataAccess.objects.all()]
    assert sorted(logged) == sorted(
        [
            ("plans", "planning.plan", str(plan.pk), page),
            ("plans", "planning.plan", str(plan.pk), api),
        ]
    )
    assert world.client("enterprise_a").get(page).status_code == 200
    assert DataAccess.objects.count() == 2


def test_a_grant_without_plans_shows_no_plan(world: World) -> None:
    plan = a_committed_plan(world)
    accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant_of_a(world))
    accounts.grant_create(
        actor=world.users["enterprise_a"], organisation=world.company_a, institution=world.bank,
        purpose="portfolio_accounting", inventories=True, plans=False, projects=False,
        meters=False,
    )  # fmt: skip
    assert world.client("analyst").get(f"/planning/plans/{plan.pk}/").status_code == 404
    submission = a_verified_submission(world)
    url = f"/reporting/submissions/{submission.pk}/"
    assert world.client("analyst").get(url).status_code == 200
    reads = DataAccess.objects.filter(refused=False)
    assert [a.grant.purpose for a in reads] == ["portfolio_accounting"]
    # the plan read was refused: logged on the revoked general grant that once covered plans
    assert [(a.scope, a.grant.purpose) for a in DataAccess.objects.filter(refused=True)] == [
        ("plans", "general")
    ]
