"""Designations expire on their own: active through their last day (valid_until), expired the
day after, by the worker's schedule; the registry, its API and the overview counts follow, and
the ledger records each change once under the scheduler's name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.members import services
from greenledger.web.members.models import Designation, DesignationStatus
from greenledger.web.ops.scheduler import tick
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
LAST_DAY = dt.date(2026, 12, 31)


def zero_carbon_factory(world: World, valid_until: dt.date | None = LAST_DAY) -> Designation:
    return services.designation_create(
        actor=world.users["secretariat"],
        organisation=world.company_a,
        site=world.site_a,
        type="zero_carbon_factory",
        level="municipal",
        year=2023,
        issuing_body="上海市经济和信息化委员会",
        valid_from=dt.date(2024, 1, 1),
        valid_until=valid_until,
    )


def expiries(designation: Designation) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(action="designation_expire", object_id=str(designation.pk))
    )


def test_a_designation_is_active_on_its_last_day_and_expired_the_day_after(world: World) -> None:
    designation = zero_carbon_factory(world)
    assert services.designations_expire_due(today=LAST_DAY) == []
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.ACTIVE

    expired = services.designations_expire_due(today=LAST_DAY + dt.timedelta(days=1))
    assert [d.pk for d in expired] == [designation.pk]
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.EXPIRED

    [entry] = expiries(designation)
    assert entry.actor_username == "system:scheduler" and entry.actor_id is None
    assert entry.before["status"] == "active" and entry.after["status"] == "expired"
    assert entry.after["expired_as_of"] == "2027-01-01"
    assert audit_verify().ok


def test_expiring_again_for_the_same_or_a_later_day_changes_nothing(world: World) -> None:
    designation = zero_carbon_factory(world)
    day_after = LAST_DAY + dt.timedelta(days=1)
    assert len(services.designations_expire_due(today=day_after)) == 1
    entries = AuditEntry.objects.count()
    assert services.designations_expire_due(today=day_after) == []
    assert services.designations_expire_due(today=day_after + dt.timedelta(days=30)) == []
    assert AuditEntry.objects.count() == entries
    assert len(expiries(designation)) == 1


def test_open_ended_and_revoked_designations_are_left_alone(world: World) -> None:
    revoked = zero_carbon_factory(world)
    services.designation_set_status(
        actor=world.users["secretariat"], designation=revoked, status="revoked"
    )
    assert world.designation_a.valid_until is None  # national designations hold indefinitely
    assert services.designations_expire_due(today=dt.date(2099, 1, 1)) == []
    revoked.refresh_from_db()
    world.designation_a.refresh_from_db()
    assert revoked.status == "revoked" and world.designation_a.status == "active"


def overview_count(client: Client, designation_type: str) -> int:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = html.split(f'data-type="{designation_type}"')[1]
    return int(card.split('<span class="value">')[1].split("</span>")[0])


def test_the_worker_tick_after_midnight_expires_it_in_the_registry_api_and_overview(
    world: World, clock: Any
) -> None:
    designation = zero_carbon_factory(world)
    client = Client()
    api = world.client("secretariat")
    headers = world.api_headers("secretariat")
    url = f"/api/designations/{designation.pk}"

    clock.set("2026-12-31 23:59")
    tick()
    assert overview_count(client, "zero_carbon_factory") == 1
    assert api.get(url, **headers).json()["status"] == "active"
    summary = api.get("/api/district/summary", **headers).json()
    assert summary["designations"]["zero_carbon_factory"] == 1

    clock.set("2027-01-01 00:04")  # before the jobs' time of day (00:05): not yet due
    assert [o.day for o in tick() if o.job == "designations.expire"] == []
    assert api.get(url, **headers).json()["status"] == "active"

    clock.set("2027-01-01 00:06")
    ran = [o for o in tick() if o.job == "designations.expire"]
    assert [(o.day, o.status, o.summary) for o in ran] == [
        (dt.date(2027, 1, 1), "ran", {"expired": [designation.pk]})
    ]
    assert api.get(url, **headers).json()["status"] == "expired"
    assert overview_count(client, "zero_carbon_factory") == 0
    summary = api.get("/api/district/summary", **headers).json()
    assert summary["designations"]["zero_carbon_factory"] == 0
    listed = api.get("/api/designations?status=active", **headers).json()
    assert designation.pk not in [row["id"] for row in listed["items"]]
    page = world.client("secretariat").get("/designations/?status=expired").content.decode()
    assert world.company_a.name_zh in page
    assert len(expiries(designation)) == 1

    assert tick() == []  # the same minute again: nothing new
    assert len(expiries(designation)) == 1
