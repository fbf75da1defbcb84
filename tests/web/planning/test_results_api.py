"""The results API: runs (list, solve: 201 new, 200 unchanged), the curve in both views, the
pathway, the comparison, the commitment; who may read and who may write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.planning.models import PlanRun
from greenledger.web.planning.services import plans as plan_services
from tests.web.planning.conftest import PlanningWorld

API = "/api/planning/plans"


def call(pw: PlanningWorld, persona: str, method: str, path: str, body: Any = None,
         language: str = "en") -> Any:  # fmt: skip
    client = Client()
    headers = {**pw.world.api_headers(persona), "HTTP_ACCEPT_LANGUAGE": language}
    if method == "get":
        return client.get(path, **headers)
    return client.post(path, body or {}, content_type="application/json", **headers)


def test_solving_then_reading_the_curve_pathway_and_comparison(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    plan = pw.plan
    baseline = plan.scenarios.get(kind="baseline")
    base = f"{API}/{plan.pk}"
    assert call(pw, "enterprise_a", "get", f"{base}/macc").status_code == 404  # not solved yet
    created = call(pw, "enterprise_a", "post", f"{base}/runs", {"scenario_id": baseline.pk})
    assert created.status_code == 201, created.content
    run = PlanRun.objects.get(plan=plan)
    assert created.json()["id"] == run.pk and created.json()["current"] is True
    assert created.json()["provenance"]["grid_path"]["key"] == "flat"
    again = call(pw, "enterprise_a", "post", f"{base}/runs", {"scenario_id": baseline.pk})
    assert again.status_code == 200 and again.json()["id"] == run.pk
    listed = call(pw, "enterprise_a", "get", f"{base}/runs").json()
    assert listed["count"] == 1 and listed["items"][0]["scenario"] == baseline.name

    curve = call(pw, "enterprise_a", "get", f"{base}/macc").json()
    assert curve["view"] == "private" and curve["rate"] == pytest.approx(0.08)
    assert [s["id"] for s in curve["steps"]] == [s["id"] for s in run.result["macc"]]
    assert curve["notes"][0].startswith("private view")
    social = call(pw, "enterprise_a", "get", f"{base}/macc?view=social").json()
    assert social["rate"] == pytest.approx(plan.social_rate)
    assert social["steps"] == run.result["macc_social"]
    zh = call(pw, "enterprise_a", "get", f"{base}/macc", language="zh-hans").json()
    assert zh["notes"][0] != curve["notes"][0]

    pathway = call(pw, "enterprise_a", "get", f"{base}/pathway?scenario_id={baseline.pk}").json()
    assert pathway["status"] == run.status and pathway["current"] is True
    assert pathway["emissions_t"] == run.result["pathway"]["emissions_t"]
    assert pathway["baseline_t"]["2026"] == pytest.approx(run.result["baseline_t"]["2026"])

    rows = call(pw, "enterprise_a", "get", f"{base}/compare").json()
    assert [r["name"] for r in rows] == [s.name for s in plan.scenarios.order_by("id")]
    solved = next(r for r in rows if r["scenario_id"] == baseline.pk)
    assert solved["npv_yuan"] == pytest.approx(run.npv_yuan) and solved["run_id"] == run.pk
    assert all(r["run_id"] is None for r in rows if r["scenario_id"] != baseline.pk)


def test_a_scenario_of_another_plan_and_a_plan_the_core_refuses_name_the_field(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    other = plan_services.plan_create(
        actor=pw.manager, organisation=pw.enterprise, name="另一个规划", end_year=2040
    )
    answer = call(pw, "enterprise_a", "post", f"{API}/{pw.plan.pk}/runs",
                  {"scenario_id": other.scenarios.first().pk})  # fmt: skip
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["scenario_id"]


def test_committing_through_the_api(planning_world: PlanningWorld) -> None:
    pw = planning_world
    base = f"{API}/{pw.plan.pk}"
    assert call(pw, "enterprise_a", "get", f"{base}/commitment").status_code == 404
    policy = pw.plan.scenarios.get(kind="policy")
    run_id = call(pw, "enterprise_a", "post", f"{base}/runs", {"scenario_id": policy.pk}).json()[
        "id"
    ]
    assert call(pw, "secretariat", "post", f"{base}/commitment", {"run_id": run_id}).status_code \
        == 403  # fmt: skip
    answer = call(pw, "enterprise_a", "post", f"{base}/commitment", {"run_id": run_id})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["run_id"] == run_id and body["scenario_id"] == policy.pk
    assert len(body["years"]) == 35 and body["years"][0]["status"] == "no_inventory"
    assert call(pw, "analyst", "get", f"{base}/commitment").json()["run_id"] == run_id
    missing = call(pw, "enterprise_a", "post", f"{base}/commitment", {"run_id": 10**9})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["run_id"]


def test_hidden_plans_answer_404_and_readers_may_not_write(planning_world: PlanningWorld) -> None:
    pw = planning_world
    base = f"{API}/{pw.plan.pk}"
    scenario_id = pw.plan.scenarios.first().pk
    for persona in ("enterprise_b", "evaluator", "analyst", "public"):
        assert call(pw, persona, "get", f"{base}/runs").status_code == 404, persona
        assert call(pw, persona, "get", f"{base}/compare").status_code == 404, persona
        answer = call(pw, persona, "post", f"{base}/runs", {"scenario_id": scenario_id})
        assert answer.status_code == 404, persona
    assert call(pw, "secretariat", "get", f"{base}/compare").status_code == 200
    refused = call(pw, "secretariat", "post", f"{base}/runs", {"scenario_id": scenario_id})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert not PlanRun.objects.exists()
