"""The pool API: /api/finance/pool (browse with filters, one project, interest), the interests
of each side and their decision, and the enterprise's listing consent."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from greenledger.web.finance.models import Interest, Project
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project


def _call(world: World, persona: str, method: str, path: str, body: Any = None) -> Any:
    client = Client()
    kwargs: dict[str, Any] = dict(world.api_headers(persona))
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/finance{path}", **kwargs)


def _checked(world: World, **fields: Any) -> Project:
    project = a_project(world, **fields)
    a_check(project, category="4.1", status="borderline")
    return project


def test_listing_then_browsing_then_interest_then_decision(world: World) -> None:
    project = _checked(world)
    assert _call(world, "analyst", "get", "/pool").json() == {"items": [], "count": 0}
    # only the manager lists; another enterprise does not even see the project
    assert _call(world, "enterprise_b", "put", f"/pool/listings/{project.pk}").status_code == 404
    assert _call(world, "secretariat", "put", f"/pool/listings/{project.pk}").status_code == 403
    listed = _call(world, "enterprise_a", "put", f"/pool/listings/{project.pk}")
    assert listed.status_code == 200, listed.content
    assert (listed.json()["listed"], listed.json()["status"]) == (True, "listed")

    page = _call(world, "analyst", "get", f"/pool?category=4&park_id={world.park.pk}").json()
    assert page["count"] == 1
    item = page["items"][0]
    assert (item["id"], item["capex_yuan"], item["cost_per_t"]) == (project.pk, 550_000.0, 85.0)
    assert item["park_id"] == world.park.pk
    assert [(c["catalogue"], c["status"], c["category"]) for c in item["eligibility"]] == [
        ("green_finance_2025", "borderline", "4.1")
    ]
    assert _call(world, "analyst", "get", "/pool?status=eligible").json()["count"] == 0
    assert _call(world, "analyst", "get", "/pool?cost_max=84.9").json()["count"] == 0
    assert _call(world, "analyst", "get", "/pool?status=maybe").status_code == 422
    for persona in ("enterprise_a", "secretariat", "public", "anonymous"):
        assert _call(world, persona, "get", "/pool").status_code == 403, persona
    assert _call(world, "analyst", "get", f"/pool/{project.pk}").json()["name"] == project.name

    made = _call(
        world, "analyst", "post", f"/pool/{project.pk}/interests", {"message": "拟提供贷款"}
    )
    assert made.status_code == 201, made.content
    interest_id = made.json()["id"]
    assert made.json()["status"] == "pending"
    again = _call(world, "analyst", "post", f"/pool/{project.pk}/interests", {})
    assert again.status_code == 422
    assert "project" in json.dumps(again.json())

    received = _call(world, "enterprise_a", "get", "/pool/interests").json()
    assert [i["id"] for i in received["items"]] == [interest_id]
    assert _call(world, "enterprise_b", "get", "/pool/interests").json()["count"] == 0
    path = f"/pool/interests/{interest_id}/decision"
    assert _call(world, "enterprise_b", "post", path, {"accept": True}).status_code == 404
    assert _call(world, "analyst", "post", path, {"accept": True}).status_code == 403
    decided = _call(world, "enterprise_a", "post", path, {"accept": True, "note": "欢迎洽谈"})
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["decision_note"]) == ("accepted", "欢迎洽谈")
    assert _call(world, "enterprise_a", "post", path, {"accept": False}).status_code == 422
    assert Interest.objects.get(pk=interest_id).status == "accepted"

    unlisted = _call(world, "enterprise_a", "delete", f"/pool/listings/{project.pk}")
    assert (unlisted.status_code, unlisted.json()["listed"]) == (200, False)
    assert _call(world, "analyst", "get", f"/pool/{project.pk}").status_code == 404
    assert _call(world, "analyst", "post", f"/pool/{project.pk}/interests", {}).status_code == 404


def test_listing_before_a_check_is_refused_with_the_field(world: World) -> None:
    project = a_project(world)
    answer = _call(world, "enterprise_a", "put", f"/pool/listings/{project.pk}")
    assert answer.status_code == 422
    assert "eligibility" in json.dumps(answer.json())
