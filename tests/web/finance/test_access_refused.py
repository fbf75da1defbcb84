"""An analyst's read refused because the grant that covered the data was revoked or has expired
answers 404 and is logged as a refused attempt (``DataAccess.refused``) on that grant, for
inventories (reporting pages and API), plans (planning pages and API), projects (finance page
and API) and meter series (reporting page and API); the enterprise sees the attempts marked on
its access log (page and API). Attempts on data no grant ever covered are not logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.finance.models import Project
from greenledger.web.planning.models import Plan
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World
from tests.web.planning.matrix_plans import a_plan

pytestmark = pytest.mark.django_db


def grant_of_a(world: World) -> DataSharing:
    return DataSharing.objects.get(organisation=world.company_a, institution=world.bank)


def revoke(world: World) -> DataSharing:
    return accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant_of_a(world))


def expire(world: World) -> DataSharing:
    grant = grant_of_a(world)
    DataSharing.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return grant


def verified_of_a(world: World) -> Submission:
    a_plan(world)
    return Submission.objects.get(organisation=world.company_a, year=2023)


def committed_plan_of_a(world: World) -> Plan:
    plan = a_plan(world)
    Plan.objects.filter(pk=plan.pk).update(status="committed")
    return plan


def project_of_a(world: World) -> Project:
    plan = a_plan(world)
    return Project.objects.create(
        organisation=world.company_a,
        plan=plan,
        name="甲公司节能改造",
        kind="green",
        measure_ids=[],
        capex_yuan=100_000.0,
        start_year=2026,
        end_year=2026,
        created_by=world.users["enterprise_a"],
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )


def refused_rows() -> list[tuple[str, str, str, int]]:
    return [
        (a.scope, a.object_type, a.path, a.grant_id)
        for a in DataAccess.objects.filter(refused=True).order_by("id")
    ]


def target(world: World, kind: str) -> tuple[str, str, str, str]:
    """(scope, object type, page URL, API URL) of one of company A's shared objects."""
    if kind == "inventories":
        pk = verified_of_a(world).pk
        return (
            kind,
            "reporting.submission",
            f"/reporting/submissions/{pk}/inventory/",
            (f"/api/reporting/submissions/{pk}"),
        )
    if kind == "plans":
        pk = committed_plan_of_a(world).pk
        return kind, "planning.plan", f"/planning/plans/{pk}/", f"/api/planning/plans/{pk}"
    if kind == "projects":
        pk = project_of_a(world).pk
        return kind, "finance.project", f"/finance/projects/{pk}/", f"/api/finance/projects/{pk}"
    pk = world.site_a.pk
    return (
        kind,
        "members.site",
        f"/reporting/sites/{pk}/meters/",
        (f"/api/reporting/sites/{pk}/meter-series"),
    )


@pytest.mark.parametrize("kind", ["inventories", "plans", "projects", "meters"])
@pytest.mark.parametrize("end", [revoke, expire], ids=["revoked", "expired"])
def test_a_read_after_the_grant_ended_is_404_and_logged_as_refused(
    world: World, kind: str, end: object
) -> None:
    scope, object_type, page, api = target(world, kind)
    analyst, client = world.client("analyst"), world.client("anonymous")
    headers = world.api_headers("analyst")
    assert analyst.get(page).status_code == 200
    assert client.get(api, **headers).status_code == 200
    assert DataAccess.objects.filter(refused=False, scope=scope).count() == 2
    grant = end(world)  # type: ignore[operator]
    assert analyst.get(page).status_code == 404
    assert client.get(api, **headers).status_code == 404
    assert refused_rows() == [
        (scope, object_type, page, grant.pk),
        (scope, object_type, api, grant.pk),
    ]
    assert DataAccess.objects.filter(refused=False).count() == 2
    refused = DataAccess.objects.filter(refused=True).first()
    assert refused is not None
    assert refused.user_id == world.users["analyst"].pk
    assert refused.organisation_id == world.company_a.pk


def test_no_refused_row_for_data_never_shared_or_for_other_readers(world: World) -> None:
    plan = a_plan(world)  # a draft plan: no grant ever let the bank read it
    assert world.client("analyst").get(f"/planning/plans/{plan.pk}/").status_code == 404
    # company B's data: the bank never held a grant of B
    revoke(world)
    submission = verified_of_a(world)
    for persona in ("enterprise_b", "evaluator", "public"):
        world.client(persona).get(f"/reporting/submissions/{submission.pk}/inventory/")
    assert not DataAccess.objects.exists()
    # a refused write (POST) is not a read: not logged either
    world.client("analyst").post(f"/reporting/sites/{world.site_a.pk}/meters/", {})
    assert not DataAccess.objects.exists()


def test_a_grant_in_force_for_other_data_does_not_hide_the_refused_attempt(world: World) -> None:
    plan = committed_plan_of_a(world)
    revoke(world)
    accounts.grant_create(
        actor=world.users["enterprise_a"], organisation=world.company_a, institution=world.bank,
        purpose="portfolio_accounting", inventories=True, plans=False, projects=False,
        meters=False,
    )  # fmt: skip
    assert world.client("analyst").get(f"/planning/plans/{plan.pk}/").status_code == 404
    (access,) = DataAccess.objects.all()
    assert access.refused and access.scope == "plans"
    assert access.grant.purpose == "general" and access.grant.revoked_at is not None


def test_the_enterprise_sees_refused_attempts_on_its_access_log(world: World) -> None:
    _scope, _type, page, _api = target(world, "inventories")
    assert world.client("analyst").get(page).status_code == 200
    revoke(world)
    assert world.client("analyst").get(page).status_code == 404
    html = (
        world.client("enterprise_a")
        .get("/finance/access-log/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    refused = DataAccess.objects.get(refused=True)
    read = DataAccess.objects.get(refused=False)
    assert f'<tr id="access-{refused.pk}" class="refused">' in html
    assert f'<tr id="access-{read.pk}">' in html
    assert html.count("Refused: the grant had ended") == 1
    listed = world.client("anonymous").get(
        "/api/finance/accesses", **world.api_headers("enterprise_a")
    )
    assert listed.status_code == 200
    assert sorted((a["id"], a["refused"]) for a in listed.json()["items"]) == [
        (read.pk, False),
        (refused.pk, True),
    ]


def test_the_access_log_in_chinese_names_refused_attempts(world: World) -> None:
    _scope, _type, page, _api = target(world, "inventories")
    revoke(world)
    assert world.client("analyst").get(page).status_code == 404
    client = world.client("enterprise_a")
    html = client.get("/finance/access-log/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已拒绝：授权已结束" in html
    assert "Refused" not in html
