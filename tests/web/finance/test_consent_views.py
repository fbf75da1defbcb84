"""The enterprise's consent pages: grants (list, new with purpose, data and expiry, revoke) and
who read what and when; a revoked grant answers the analyst's next read with 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.services.consent import expiry_of
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World
from tests.web.planning.matrix_plans import a_plan

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def form(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "institution": world.bank.pk,
        "purpose": "kpi_monitoring",
        "data": ["inventories", "plans"],
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    values.update(overrides)
    return values


def test_the_manager_grants_with_purpose_data_and_expiry(world: World, english: Any) -> None:
    response = world.client("enterprise_b").post("/finance/grants/new/", form(world), **EN)
    assert response.status_code == 302 and response["Location"] == "/finance/grants/"
    grant = DataSharing.objects.get(organisation=world.company_b)
    assert (grant.institution_id, grant.purpose) == (world.bank.pk, "kpi_monitoring")
    assert (grant.inventories, grant.plans, grant.projects, grant.meters) == (
        True, True, False, False,
    )  # fmt: skip
    # in force through the whole chosen day, in the district's time zone
    assert grant.expires_at == expiry_of(timezone.localdate() + dt.timedelta(days=30))
    assert timezone.localtime(grant.expires_at).time() == dt.time(0, 0)
    page = world.client("enterprise_b").get("/finance/grants/", **EN)
    text = page.content.decode()
    assert page.status_code == 200
    assert "测试绿色银行" in text and "Annual KPI monitoring" in text
    assert "Verified inventories, Decarbonisation plans" in text and "In force" in text


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"data": []}, "data", "This field is required."),
        ({"expires_on": "2020-01-01"}, "expires_on", "The expiry must be in the future."),
        ({"purpose": "general"}, "purpose", "Select a valid choice."),
        ({"institution": 999999}, "institution", "Select a valid choice."),
    ],
)
def test_a_refused_grant_names_the_field(
    world: World, english: Any, overrides: dict[str, Any], field: str, reason: str
) -> None:
    before = AuditEntry.objects.count()
    response = world.client("enterprise_b").post(
        "/finance/grants/new/", form(world, **overrides), **EN
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and reason in errors[field][0]
    assert not DataSharing.objects.filter(organisation=world.company_b).exists()
    assert AuditEntry.objects.count() == before


def test_refusals_speak_chinese_by_default(world: World) -> None:
    response = world.client("enterprise_b").post(
        "/finance/grants/new/", form(world, expires_on="2020-01-01")
    )
    assert response.context["form"].errors["expires_on"] == ["到期日必须在将来。"]


def test_revocation_ends_the_analyst_s_access_and_the_log_shows_the_reads(
    world: World, english: Any
) -> None:
    a_plan(world)
    submission = Submission.objects.get(organisation=world.company_a, year=2023)
    url = f"/reporting/submissions/{submission.pk}/inventory/"
    analyst = world.client("analyst")
    assert analyst.get(url).status_code == 200
    log = world.client("enterprise_a").get("/finance/access-log/", **EN)
    text = log.content.decode()
    assert log.status_code == 200 and url in text and "analyst" in text
    assert "Verified inventories" in text and "测试绿色银行" in text
    grant = DataSharing.objects.get(organisation=world.company_a)
    response = world.client("enterprise_a").post(f"/finance/grants/{grant.pk}/revoke/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert analyst.get(url).status_code == 404
    assert DataAccess.objects.filter(refused=False).count() == 1
    assert DataAccess.objects.get(refused=True).grant_id == grant.pk
    assert "Revoked" in world.client("enterprise_a").get("/finance/grants/", **EN).content.decode()


def test_another_enterprise_s_grant_is_not_found(world: World) -> None:
    grant = DataSharing.objects.get(organisation=world.company_a)
    response = world.client("enterprise_b").post(f"/finance/grants/{grant.pk}/revoke/")
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert (
        "测试绿色银行"
        not in world.client("enterprise_b").get("/finance/grants/", **EN).content.decode()
    )


@pytest.mark.parametrize("persona", ["secretariat", "evaluator", "public"])
def test_the_pages_are_the_enterprise_s(world: World, persona: str) -> None:
    for url in ("/finance/grants/", "/finance/grants/new/", "/finance/access-log/"):
        assert world.client(persona).get(url).status_code == 403
    assert world.client("anonymous").get("/finance/grants/").status_code == 302


def test_the_finance_page_links_an_enterprise_s_users_to_their_grants(world: World) -> None:
    text = world.client("enterprise_a").get("/finance/projects/").content.decode()
    assert 'href="/finance/grants/"' in text and 'href="/finance/access-log/"' in text
    text = world.client("analyst").get("/finance/projects/").content.decode()
    assert 'href="/finance/grants/"' in text and 'href="/finance/access-log/"' not in text


def test_an_analyst_sees_the_grants_its_institution_holds(world: World) -> None:
    page = world.client("analyst").get("/finance/grants/", **EN)
    text = page.content.decode()
    assert page.status_code == 200
    assert "甲公司" in text and "General (granted before purposes were recorded)" in text
    assert "/revoke/" not in text and 'href="/finance/grants/new/"' not in text
    assert (
        world.client("analyst").post(f"/finance/grants/{_grant_a().pk}/revoke/").status_code == 403
    )


def _grant_a() -> DataSharing:
    return DataSharing.objects.get(organisation__name_en="Company A")
