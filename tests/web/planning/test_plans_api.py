"""The plans API: read a plan (baseline by carrier and end use, targets, measures, scenarios,
the plan file the core solves), the manager's writes; 404 for hidden plans, 403 for readers'
writes, 422 naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from greenledger.core.planning.model import load_plan
from greenledger.web.audit.models import AuditEntry
from greenledger.web.planning.models import PlanMeasure, Scenario
from tests.web.planning.conftest import ELECTRICITY_TCE, GAS_TCE, PlanningWorld

pytestmark = pytest.mark.django_db


def _call(world: PlanningWorld, persona: str, method: str, url: str, body: Any = None) -> Any:
    client = Client()
    headers = world.world.api_headers(persona)
    if method == "GET":
        return client.get(url, **headers)
    data = b"" if body is None else json.dumps(body)
    return client.generic(method, url, data=data, content_type="application/json", **headers)


def _base(world: PlanningWorld) -> str:
    return f"/api/planning/plans/{world.plan.pk}"


def test_a_plan_in_full(planning_world: PlanningWorld) -> None:
    response = _call(planning_world, "enterprise_a", "GET", _base(planning_world))
    assert response.status_code == 200
    body = response.json()
    assert body["carriers"]["natural_gas"]["energy_tce"] == pytest.approx(GAS_TCE)
    uses = {e["name"]: e for e in body["end_uses"]}
    assert uses["hvac"]["energy_tce"] == pytest.approx(0.4 * ELECTRICITY_TCE)
    assert {m["measure_id"] for m in body["measures"]} == {"vsd", "hvac-ctl", "boiler"}
    assert sorted(s["kind"] for s in body["scenarios"]) == ["baseline", "policy", "stretch"]
    assert body["problems"] == [] and body["provenance"]["inventory_year"] == 2025


@pytest.mark.parametrize(
    ("persona", "status"),
    [("enterprise_a", 200), ("secretariat", 200), ("enterprise_b", 404), ("anonymous", 404)],
)
def test_who_reads_a_plan(planning_world: PlanningWorld, persona: str, status: int) -> None:
    assert _call(planning_world, persona, "GET", _base(planning_world)).status_code == status


def test_the_plan_file_round_trips_through_the_core(planning_world: PlanningWorld) -> None:
    policy = planning_world.plan.scenarios.get(kind="policy")
    response = _call(
        planning_world,
        "enterprise_a",
        "GET",
        f"{_base(planning_world)}/input?scenario_id={policy.pk}",
    )
    assert response.status_code == 200
    plan = load_plan(response.json())
    assert plan.carbon_price_yuan_per_t == pytest.approx(policy.carbon_price_yuan_per_t)
    assert plan.grid_factor_index and {m.id for m in plan.measures} == {"vsd", "hvac-ctl", "boiler"}


def test_the_manager_writes_through_the_api(planning_world: PlanningWorld) -> None:
    base = _base(planning_world)
    patch = _call(
        planning_world, "enterprise_a", "PATCH", base,
        {"targets": [{"year": 2030, "max_emissions_t": 6000}], "budget_yuan": 1e6},
    )  # fmt: skip
    assert patch.status_code == 200, patch.content
    assert patch.json()["targets"][0]["max_emissions_t"] == 6000
    added = _call(
        planning_world, "enterprise_a", "POST", f"{base}/measures/catalogue",
        {"technology_id": "chiller_plant_optimisation", "capacity": 100, "share": 0.5},
    )  # fmt: skip
    assert added.status_code == 201, added.content
    assert added.json()["saving_rate"] == pytest.approx(0.075)
    own = _call(
        planning_world, "enterprise_a", "PUT", f"{base}/measures/heat-pump",
        {"end_use": "boilers_steam", "saving_rate": 0.3, "capex_yuan": 2e6,
         "annual_opex_change_yuan": 0, "lifetime_years": 15},
    )  # fmt: skip
    assert own.status_code == 201
    changed = _call(
        planning_world, "enterprise_a", "PUT", f"{base}/measures/heat-pump", {"enabled": False}
    )
    assert changed.status_code == 200 and changed.json()["enabled"] is False
    gone = _call(planning_world, "enterprise_a", "DELETE", f"{base}/measures/heat-pump")
    assert gone.status_code == 204
    assert not PlanMeasure.objects.filter(measure_id="heat-pump").exists()
    scenario = _call(
        planning_world, "enterprise_a", "POST", f"{base}/scenarios",
        {"name": "custom", "growth": 0.01, "grid_path": "flat", "discount_rate": 0.05},
    )  # fmt: skip
    assert scenario.status_code == 201
    assert Scenario.objects.get(plan=planning_world.plan, name="custom").kind == "custom"
    shares = _call(
        planning_world, "enterprise_a", "PUT", f"{base}/shares",
        {"shares": {"purchased_electricity": {"motors_drives": 0.5, "hvac": 0.5},
                    "natural_gas": {"boilers_steam": 1}}},
    )  # fmt: skip
    assert shares.status_code == 200
    copied = _call(planning_world, "enterprise_a", "POST", f"{base}/copy")
    assert copied.status_code == 201 and copied.json()["id"] != planning_world.plan.pk


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "", {"targets": [{"year": 2030}]}, "targets.1.max_emissions_t"),
        ("PUT", "/shares", {"shares": {"natural_gas": {"boilers_steam": 0.5}}}, None),
        ("PUT", "/measures/x", {"end_use": "kilns", "saving_rate": 0.1, "capex_yuan": 1,
                                "annual_opex_change_yuan": 0, "lifetime_years": 5}, "end_use"),
        ("POST", "/measures/catalogue", {"technology_id": "nope", "capacity": 1},
         "technology_id"),
        ("POST", "/refresh", None, None),
    ],
)  # fmt: skip
def test_refusals_name_the_field(
    planning_world: PlanningWorld, method: str, path: str, body: Any, field: str | None
) -> None:
    before = AuditEntry.objects.count()
    response = _call(planning_world, "enterprise_a", method, _base(planning_world) + path, body)
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["code"] == "validation_error"
    if field is not None:
        assert field in {e["field"] for e in error["errors"]}
    assert AuditEntry.objects.count() == before


def test_a_reader_may_not_write(planning_world: PlanningWorld) -> None:
    response = _call(planning_world, "secretariat", "PATCH", _base(planning_world), {"name": "x"})
    assert response.status_code == 403


def test_create_through_the_api(planning_world: PlanningWorld) -> None:
    response = _call(
        planning_world, "enterprise_a", "POST", "/api/planning/plans", {"name": "API规划"}
    )
    assert response.status_code == 201
    assert response.json()["start_year"] == 2026 and len(response.json()["scenarios"]) == 3
    listed = _call(planning_world, "enterprise_a", "GET", "/api/planning/plans")
    assert listed.json()["count"] == 2
    other = _call(planning_world, "enterprise_b", "GET", "/api/planning/plans")
    assert other.json()["count"] == 0
