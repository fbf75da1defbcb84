"""Consents (issue 12, part 3): an enterprise grants a named financial institution access to
named data for a purpose until a date, revokes it at any time, and every read through a grant is
logged. Access ends at once on revocation or expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.web.accounts import permissions, selectors
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import Project
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def a_project(world: World, organisation: Any = None, **fields: Any) -> Project:
    values: dict[str, Any] = {
        "organisation": organisation or world.company_b,
        "name": "余热回收项目",
        "kind": "green",
        "capex_yuan": 1_000_000.0,
        "start_year": 2025,
        "end_year": 2027,
        "created_by": world.users["enterprise_b"],
        "created_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    values.update(fields)
    return Project.objects.create(**values)


def grant_b(world: World, **overrides: Any) -> DataSharing:
    """Company B (which shares nothing yet) grants the bank its verified inventories."""
    values: dict[str, Any] = {
        "actor": world.users["enterprise_b"],
        "organisation": world.company_b,
        "institution": world.bank,
        "purpose": "kpi_monitoring",
        "inventories": True,
        "plans": False,
        "projects": False,
        "meters": False,
        "expires_at": timezone.now() + dt.timedelta(days=30),
    }
    values.update(overrides)
    return accounts.grant_create(**values)


def shared_with_bank(world: World, scope: str) -> set[int]:
    return set(
        permissions.active_grants(world.bank.pk, scope).values_list("organisation_id", flat=True)
    )


def test_a_grant_names_the_institution_purpose_data_and_expiry_and_is_audited(
    world: World,
) -> None:
    grant = grant_b(world)
    grant.refresh_from_db()
    assert (grant.organisation_id, grant.institution_id) == (world.company_b.pk, world.bank.pk)
    assert grant.purpose == "kpi_monitoring"
    assert (grant.inventories, grant.plans, grant.projects, grant.meters) == (
        True, False, False, False,
    )  # fmt: skip
    assert grant.revoked_at is None and grant.expires_at is not None
    entry = AuditEntry.objects.filter(action="grant_create").get()
    assert entry.object_id == str(grant.pk)
    assert world.company_b.pk in shared_with_bank(world, "inventories")
    assert world.company_b.pk not in shared_with_bank(world, "plans")


def test_a_due_diligence_grant_names_one_of_the_enterprise_s_projects(world: World) -> None:
    project = a_project(world)
    grant = grant_b(world, purpose="due_diligence", projects=True, project=project)
    assert grant.project_ref == project.pk
    with pytest.raises(ValidationError) as refused:
        grant_b(world, project=a_project(world, organisation=world.company_a))
    assert set(refused.value.message_dict) == {"project"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"purpose": "general"}, "purpose"),
        ({"purpose": "lending"}, "purpose"),
        ({"inventories": False}, "data"),
        ({"expires_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "expires_at"),
    ],
)
def test_a_refused_grant_names_the_field_and_writes_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    before = (DataSharing.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        grant_b(world, **overrides)
    assert set(refused.value.message_dict) == {field}
    assert (DataSharing.objects.count(), AuditEntry.objects.count()) == before


def test_data_is_shared_only_with_a_financial_institution(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        grant_b(world, institution=world.company_c)
    assert set(refused.value.message_dict) == {"institution"}


@pytest.mark.parametrize("persona", ["enterprise_a", "analyst", "evaluator", "public"])
def test_only_the_enterprise_s_manager_or_staff_grant(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        grant_b(world, actor=world.users[persona])
    assert grant_b(world, actor=world.users["secretariat"]).organisation_id == world.company_b.pk


def test_revocation_ends_access_at_once_and_is_audited(world: World) -> None:
    grant = grant_b(world)
    with pytest.raises(PermissionDenied):
        accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant)
    accounts.grant_revoke(actor=world.users["enterprise_b"], grant=grant)
    assert grant.revoked_at is not None
    assert world.company_b.pk not in shared_with_bank(world, "inventories")
    assert AuditEntry.objects.filter(action="grant_revoke", object_id=str(grant.pk)).count() == 1
    first = grant.revoked_at
    accounts.grant_revoke(actor=world.users["enterprise_b"], grant=grant)  # no second entry
    assert grant.revoked_at == first
    assert AuditEntry.objects.filter(action="grant_revoke").count() == 1


def test_expiry_ends_access_when_it_passes(world: World, clock: Any) -> None:
    clock.set("2027-01-01 09:00")
    grant_b(world, expires_at=clock.set("2027-01-01 09:00") + dt.timedelta(hours=1))
    assert world.company_b.pk in shared_with_bank(world, "inventories")
    clock.set("2027-01-01 09:59")
    assert world.company_b.pk in shared_with_bank(world, "inventories")
    clock.set("2027-01-01 10:00")
    assert world.company_b.pk not in shared_with_bank(world, "inventories")


# ------------------------------------------------------------------------------ the access log


def test_an_analyst_s_read_through_a_grant_is_logged(world: World) -> None:
    grant = grant_b(world)
    obj = world.company_b  # any model instance the analyst read
    logged = accounts.access_log(
        user=world.users["analyst"], organisation=world.company_b, scope="inventories",
        obj=obj, path="/reporting/x/",
    )  # fmt: skip
    assert logged is not None
    logged.refresh_from_db()
    assert logged.grant_id == grant.pk
    assert (logged.user_id, logged.organisation_id, logged.institution_id) == (
        world.users["analyst"].pk, world.company_b.pk, world.bank.pk,
    )  # fmt: skip
    assert (logged.scope, logged.object_type, logged.object_id, logged.path) == (
        "inventories", "members.organisation", str(obj.pk), "/reporting/x/",
    )  # fmt: skip
    assert list(selectors.accesses_for(world.users["enterprise_b"])) == [logged]
    assert list(selectors.accesses_for(world.users["enterprise_a"])) == []
    assert list(selectors.accesses_for(world.users["analyst"])) == []


def test_reads_not_through_a_grant_in_force_are_not_logged(world: World) -> None:
    grant = grant_b(world)
    analyst = world.users["analyst"]
    args: dict[str, Any] = {"organisation": world.company_b, "obj": world.company_b}
    # data the grant does not cover
    assert accounts.access_log(user=analyst, scope="plans", **args) is None
    # somebody other than an analyst
    for persona in ("enterprise_b", "secretariat", "evaluator"):
        assert accounts.access_log(user=world.users[persona], scope="inventories", **args) is None
    # the analyst's own institution
    assert (
        accounts.access_log(
            user=analyst, organisation=world.bank, scope="inventories", obj=world.bank
        )
        is None
    )
    accounts.grant_revoke(actor=world.users["enterprise_b"], grant=grant)
    assert accounts.access_log(user=analyst, scope="inventories", **args) is None
    assert DataAccess.objects.count() == 0


def test_a_project_listed_in_the_pool_is_not_logged_and_a_project_s_grant_is_preferred(
    world: World,
) -> None:
    general = grant_b(world, projects=True)
    project = a_project(world)
    for_project = grant_b(world, purpose="due_diligence", projects=True, project=project)
    other = a_project(world, name="光伏项目")
    analyst = world.users["analyst"]
    logged = accounts.access_log(
        user=analyst, organisation=world.company_b.pk, scope="projects", obj=project
    )
    assert logged is not None and logged.grant_id == for_project.pk
    logged = accounts.access_log(
        user=analyst, organisation=world.company_b.pk, scope="projects", obj=other
    )
    assert logged is not None and logged.grant_id == general.pk
    Project.objects.filter(pk=other.pk).update(listed=True, status="listed")
    other.refresh_from_db()
    assert (
        accounts.access_log(user=analyst, organisation=world.company_b, scope="projects", obj=other)
        is None
    )
    assert DataAccess.objects.count() == 2


def test_an_enterprise_sees_its_own_grants_only(world: World) -> None:
    grant = grant_b(world)
    assert list(selectors.grants_for(world.users["enterprise_b"])) == [grant]
    assert grant not in selectors.grants_for(world.users["enterprise_a"])
    assert list(selectors.grants_for(world.users["analyst"])) == []
    assert list(selectors.grants_for(world.users["secretariat"])) == []
