"""Project pages and API as company A's manager and the bank's analyst see them: a project from
the plan's measures, its page with the figures and the eligibility per catalogue, the analyst's
reads logged through A's grant, and a revoked grant ending the analyst's access at once."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.utils import translation

from greenledger.web.accounts.models import DataAccess
from greenledger.web.accounts.services import data_sharing_revoke
from greenledger.web.finance.models import EligibilityCheck, Project
from greenledger.web.finance.services.eligibility import eligibility_run
from tests.web.finance.conftest import PROJECT_NAME, FinanceWorld

pytestmark = pytest.mark.django_db

BOND = {"green_bond_2021": {"categories.2.abatement.threshold": 900.0}}


def test_the_manager_makes_a_project_from_the_plan(finance_world: FinanceWorld) -> None:
    client = finance_world.world.client("enterprise_a")
    form = client.get("/finance/projects/new/")
    assert form.status_code == 200
    assert "变频调速" in form.content.decode()
    response = client.post(
        "/finance/projects/new/",
        {"plan": finance_world.planning.plan.pk, "name": "空调群控项目", "kind": "green",
         "measure_ids": ["hvac-ctl"], "timeline": "2026 投运", "category__green_bond_2021": "2"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(name="空调群控项目")
    assert project.capex_yuan == 150_000
    assert project.abatement_t == pytest.approx(318.36)
    assert project.timeline == [{"year": 2026, "milestone": "投运"}]
    assert EligibilityCheck.objects.filter(project=project).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "318.36" in page and "check-green_bond_2021" in page


def test_a_refused_form_names_the_field(finance_world: FinanceWorld) -> None:
    client = finance_world.world.client("enterprise_a")
    response = client.post(
        "/finance/projects/new/",
        {"plan": finance_world.planning.plan.pk, "name": "x", "kind": "green",
         "measure_ids": ["vsd"], "category__green_bond_2021": "99"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "99" in response.content.decode()
    assert not Project.objects.filter(name="x").exists()


def test_the_analyst_reads_eligibility_until_the_grant_is_revoked(
    finance_world: FinanceWorld,
) -> None:
    project = finance_world.project
    project.categories = {"green_bond_2021": "2"}
    project.save()
    with override_settings(FINANCE_CATALOGUE_SETTINGS=BOND):
        eligibility_run(actor=finance_world.manager, project=project)
    analyst = finance_world.world.client("analyst")
    with translation.override("en"):
        page = analyst.get(f"/finance/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert PROJECT_NAME in body and 'data-status="eligible"' in body
    headers = finance_world.world.api_headers("analyst")
    api = analyst.get(f"/api/finance/projects/{project.pk}/eligibility", **headers)
    assert api.status_code == 200
    bond = next(c for c in json.loads(api.content) if c["catalogue"] == "green_bond_2021")
    assert bond["status"] == "eligible"
    assert bond["result"]["criteria"][0]["value"] == pytest.approx(955.08)
    logged = DataAccess.objects.filter(user=finance_world.analyst, scope="projects")
    assert logged.count() == 2
    assert set(logged.values_list("object_id", flat=True)) == {str(project.pk)}
    # an analyst cannot run the check
    assert analyst.post(f"/finance/projects/{project.pk}/check/").status_code == 403
    data_sharing_revoke(actor=finance_world.manager, grant=finance_world.grant)
    assert analyst.get(f"/finance/projects/{project.pk}/").status_code == 404
    assert analyst.get(f"/api/finance/projects/{project.pk}", **headers).status_code == 404
    assert logged.filter(refused=False).count() == 2  # a refused read is no read of the data
    assert logged.filter(refused=True).count() == 2  # but each attempt is logged as refused


def test_the_api_creates_and_changes_a_project(finance_world: FinanceWorld) -> None:
    client = finance_world.world.client("anonymous")
    headers = finance_world.world.api_headers("enterprise_a")
    created = client.post(
        "/api/finance/projects",
        data={"plan_id": finance_world.planning.plan.pk, "measure_ids": ["vsd", "boiler"],
              "name": "电机与锅炉", "kind": "green", "site_id": finance_world.world.site_a.pk},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = json.loads(created.content)
    assert body["capex_yuan"] == 1_000_000
    assert body["energy_saving_tce"] == pytest.approx(147.48 + 121.43)
    assert body["start_year"] == 2027
    patched = client.patch(
        f"/api/finance/projects/{body['id']}", data={"measure_ids": ["nothing"]},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert patched.status_code == 422
    assert [e["field"] for e in json.loads(patched.content)["errors"]] == ["measure_ids"]
    other = client.post(
        "/api/finance/projects",
        data={"plan_id": finance_world.planning.plan.pk, "measure_ids": ["vsd"], "name": "y",
              "kind": "green"},
        content_type="application/json", **finance_world.world.api_headers("enterprise_b"),
    )  # fmt: skip
    assert other.status_code == 422
    assert [e["field"] for e in json.loads(other.content)["errors"]] == ["plan_id"]


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("enterprise_a", True), ("analyst", True), ("evaluator", False), ("secretariat", True),
     ("district_admin", True), ("public", False)],
)  # fmt: skip
def test_the_finance_link(finance_world: FinanceWorld, persona: str, shown: bool) -> None:
    page = finance_world.world.client(persona).get("/finance/projects/")
    assert page.status_code == 200
    assert ('id="nav-finance"' in page.content.decode()) is shown


def test_the_project_page_in_chinese(finance_world: FinanceWorld) -> None:
    eligibility_run(actor=finance_world.manager, project=finance_world.project)
    client = finance_world.world.client("enterprise_a")
    page = client.get(
        f"/finance/projects/{finance_world.project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "合格性预审" in page and "运行合格性预审" in page
    # green finance 2025, category 1: the saving from the verified inventory, the audit missing
    assert "energy_audit (缺失)<br>规划引擎基于已核查的 2025 年度清单" in page
    assert "缺少数据" in page and "缺失" in page
    refused = client.post(
        "/finance/projects/new/",
        {"plan": finance_world.planning.plan.pk, "name": "x", "kind": "green",
         "measure_ids": ["vsd"], "timeline": "明年 投运"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert refused.status_code == 422
    assert "第 1 行：请先写年份，再写里程碑。" in refused.content.decode()


def test_the_manager_changes_the_project(finance_world: FinanceWorld) -> None:
    client = finance_world.world.client("enterprise_a")
    url = f"/finance/projects/{finance_world.project.pk}/edit/"
    form = client.get(url).content.decode()
    assert "2026 采购" in form
    refused = client.post(url, {"name": "x", "kind": "green", "measure_ids": ["vsd"],
                                "kpis": "carbon_intensity 1.8"})  # fmt: skip
    assert refused.status_code == 422
    response = client.post(
        url,
        {"name": "变频改造", "kind": "transition", "measure_ids": ["vsd"],
         "kpis": "carbon_intensity: 1.8", "timeline": "2026 投运"},
    )  # fmt: skip
    assert response.status_code == 302
    project = Project.objects.get(pk=finance_world.project.pk)
    assert (project.name, project.kind, project.capex_yuan) == ("变频改造", "transition", 400_000)
    assert project.kpis == {"carbon_intensity": 1.8}
    assert project.checks.count() == 3
    assert finance_world.world.client("analyst").get(url).status_code == 403
