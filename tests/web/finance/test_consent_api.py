"""/api/finance/grants and /api/finance/accesses: an enterprise's grants and its access log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from greenledger.web.accounts.models import DataSharing
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World
from tests.web.planning.matrix_plans import a_plan

pytestmark = pytest.mark.django_db


def call(world: World, persona: str, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    client = world.client("anonymous")
    return client.generic(
        method,
        "/api/finance" + url,
        data=b"" if body is None else json.dumps(body),
        content_type="application/json",
        **world.api_headers(persona),
        **extra,
    )


def body(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "institution_id": world.bank.pk,
        "purpose": "portfolio_accounting",
        "data": ["inventories"],
        "expires_on": (timezone.localdate() + dt.timedelta(days=365)).isoformat(),
    }
    values.update(overrides)
    return values


def test_the_manager_grants_lists_and_revokes(world: World) -> None:
    created = call(world, "enterprise_b", "POST", "/grants", body(world))
    assert created.status_code == 201, created.content
    grant = created.json()
    assert (grant["institution_id"], grant["purpose"], grant["data"], grant["state"]) == (
        world.bank.pk, "portfolio_accounting", ["inventories"], "in_force",
    )  # fmt: skip
    assert grant["organisation_id"] == world.company_b.pk and grant["revoked_at"] is None
    listed = call(world, "enterprise_b", "GET", "/grants").json()
    assert [g["id"] for g in listed["items"]] == [grant["id"]]
    revoked = call(world, "enterprise_b", "POST", f"/grants/{grant['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert DataSharing.objects.get(pk=grant["id"]).revoked_at is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"data": []}, "data"),
        ({"data": ["bank_statements"]}, "data"),
        ({"purpose": "general"}, "purpose"),
        ({"institution_id": 999_999}, "institution"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"project_id": 999_999}, "project"),
    ],
)
def test_a_refused_grant_answers_422_naming_the_field(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    response = call(world, "enterprise_b", "POST", "/grants", body(world, **overrides),
                    HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not DataSharing.objects.filter(organisation=world.company_b).exists()


def test_the_access_log_shows_each_read_and_another_s_grant_is_not_found(world: World) -> None:
    a_plan(world)
    submission = Submission.objects.get(organisation=world.company_a, year=2023)
    path = f"/api/reporting/submissions/{submission.pk}"
    assert world.client("anonymous").get(path, **world.api_headers("analyst")).status_code == 200
    log = call(world, "enterprise_a", "GET", "/accesses").json()["items"]
    assert [(a["reader"], a["scope"], a["object_id"], a["path"]) for a in log] == [
        ("analyst", "inventories", str(submission.pk), path)
    ]
    assert log[0]["institution_id"] == world.bank.pk and log[0]["purpose"] == "general"
    assert call(world, "enterprise_b", "GET", "/accesses").json()["items"] == []
    grant = DataSharing.objects.get(organisation=world.company_a)
    assert call(world, "enterprise_b", "POST", f"/grants/{grant.pk}/revoke").status_code == 404
    assert call(world, "analyst", "GET", "/accesses").status_code == 403


def test_an_analyst_lists_the_grants_its_institution_holds(world: World) -> None:
    listed = call(world, "analyst", "GET", "/grants").json()["items"]
    assert [(g["organisation_id"], g["organisation"], g["state"]) for g in listed] == [
        (world.company_a.pk, "甲公司", "in_force")
    ]
    assert call(world, "enterprise_b", "GET", "/grants").json()["items"] == []
