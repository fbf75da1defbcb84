"""The district pathway API: the staff start a run (202, the worker runs it) and read its
progress, result and abatement cost curve; refusals name the field; others are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.planning.models import DistrictRun, JobStatus
from greenledger.web.planning.selectors import district_runs as selectors
from tests.web.conftest import World
from tests.web.planning.district_support import YEAR, add_district_facts, baseline_total

pytestmark = pytest.mark.django_db
RUNS = "/api/planning/district/runs"


@pytest.fixture(autouse=True)
def _tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def facts(world: World) -> dict[int, Any]:
    return add_district_facts(world)


def post(world: World, persona: str, body: dict[str, Any]) -> Any:
    return Client().post(
        RUNS,
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **world.api_headers(persona),
    )


def get(world: World, persona: str, url: str, **params: Any) -> Any:
    return Client().get(url, params, HTTP_ACCEPT_LANGUAGE="en", **world.api_headers(persona))


def test_a_run_through_the_api(
    world: World, facts: dict[int, Any], django_capture_on_commit_callbacks: Any
) -> None:
    cap = 0.97 * baseline_total(2030)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            world, "secretariat", {"base_year": YEAR, "caps": {"2030": cap}, "prices": [0, 300]}
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == JobStatus.QUEUED and body["result"] is None
    run = DistrictRun.objects.get(pk=body["id"])
    assert run.status == JobStatus.SUCCEEDED
    detail = get(world, "secretariat", f"{RUNS}/{run.pk}").json()
    assert detail["status"] == "succeeded" and detail["progress"] == 100
    result = detail["result"]
    assert result["status"] == "optimal"
    assert result["emissions_t"]["2030"] <= cap + 1e-6
    assert result["cost_yuan"] == pytest.approx(run.result["cost_yuan"])
    assert len(result["enterprises"]) == 3 and "macc" not in result
    listing = get(world, "secretariat", RUNS).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == run.pk
    curve = get(world, "secretariat", f"{RUNS}/{run.pk}/macc", limit=500).json()
    expected = selectors.district_macc(run)
    assert curve["count"] == len(expected)
    assert [s["measure_id"] for s in curve["items"]] == [s["measure_id"] for s in expected]
    park = get(world, "secretariat", f"{RUNS}/{run.pk}/macc", park_id=world.park.pk).json()
    assert park["count"] == len(selectors.district_macc(run, park_id=world.park.pk))
    assert {s["park_id"] for s in park["items"]} == {world.park.pk}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_year": 2019, "caps": {"2030": 1.0}}, "base_year"),
        ({"base_year": YEAR}, "target_id"),
        ({"base_year": YEAR, "target_id": 99999}, "target_id"),
        ({"base_year": YEAR, "caps": {"2099x": 1.0}}, "caps"),
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "prices": [-1]}, "prices"),
    ],
)
def test_refusals_name_the_field(
    world: World, facts: dict[int, Any], body: dict[str, Any], field: str
) -> None:
    response = post(world, "secretariat", body)
    assert response.status_code == 422, response.content
    assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}
    assert not DistrictRun.objects.exists()


def test_macc_of_an_unfinished_run_is_not_found(world: World, facts: dict[int, Any]) -> None:
    response = post(world, "secretariat", {"base_year": YEAR, "caps": {"2030": 1.0}})
    run_id = response.json()["id"]  # queued: on_commit never ran in this test
    assert get(world, "secretariat", f"{RUNS}/{run_id}").json()["status"] == "queued"
    assert get(world, "secretariat", f"{RUNS}/{run_id}/macc").status_code == 404


@pytest.mark.parametrize("persona", ["enterprise_a", "evaluator", "analyst", "public"])
def test_others_are_refused(world: World, facts: dict[int, Any], persona: str) -> None:
    run_id = post(world, "secretariat", {"base_year": YEAR, "caps": {"2030": 1.0}}).json()["id"]
    assert get(world, persona, RUNS).status_code == 403
    assert post(world, persona, {"base_year": YEAR, "caps": {"2030": 1.0}}).status_code == 403
    assert get(world, persona, f"{RUNS}/{run_id}").status_code == 404
    assert get(world, persona, f"{RUNS}/{run_id}/macc").status_code == 404
    assert DistrictRun.objects.count() == 1
