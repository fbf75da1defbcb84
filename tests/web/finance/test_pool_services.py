"""The green project pool: listing consent, the analysts' pool and its filters, interests and the
enterprise's decision (services and selectors, on project rows built directly)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import InterestStatus, ProjectStatus
from greenledger.web.finance.selectors.pool import (
    PoolFilters,
    eligibility_of,
    pool_projects,
    visible_interests,
)
from greenledger.web.finance.services.pool import (
    interest_decide,
    interest_express,
    project_list,
    project_unlist,
)
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project


def _listed(world: World, **fields: object):  # type: ignore[no-untyped-def]
    project = a_project(world, **fields)
    a_check(project)
    return project_list(actor=world.users["enterprise_a"], project=project)


def test_the_manager_lists_a_checked_project_and_it_is_audited(world: World) -> None:
    project = a_project(world)
    with pytest.raises(ValidationError) as refused:
        project_list(actor=world.users["enterprise_a"], project=project)
    assert "eligibility" in refused.value.message_dict
    a_check(project)
    for persona in ("enterprise_b", "analyst", "secretariat"):
        with pytest.raises(PermissionDenied):
            project_list(actor=world.users[persona], project=project)
    listed = project_list(actor=world.users["enterprise_a"], project=project)
    assert (listed.listed, listed.status) == (True, ProjectStatus.LISTED)
    entry = AuditEntry.objects.get(action="finance.project.list", object_id=str(project.pk))
    assert entry.before == {
        "listed": False,
        "status": "draft",
        "updated_at": entry.before["updated_at"],
    }
    assert entry.after["listed"] is True


def test_a_financed_project_is_not_listed(world: World) -> None:
    project = a_project(world, status=ProjectStatus.FINANCED)
    a_check(project)
    with pytest.raises(ValidationError) as refused:
        project_list(actor=world.users["enterprise_a"], project=project)
    assert "status" in refused.value.message_dict


def test_only_analysts_see_the_pool_and_only_listed_projects(world: World) -> None:
    listed = _listed(world)
    a_project(world, name="未上架项目")
    assert list(pool_projects(world.users["analyst"])) == [listed]
    for persona in ("enterprise_a", "enterprise_b", "secretariat", "evaluator", "public"):
        assert not pool_projects(world.users[persona]).exists(), persona
    project_unlist(actor=world.users["enterprise_a"], project=listed)
    listed.refresh_from_db()
    assert (listed.listed, listed.status) == (False, ProjectStatus.DRAFT)
    assert not pool_projects(world.users["analyst"]).exists()
    assert AuditEntry.objects.filter(action="finance.project.unlist").count() == 1


def test_pool_filters(world: World) -> None:
    analyst = world.users["analyst"]
    small = _listed(world, name="小项目", capex_yuan=200_000.0, cost_per_t=40.0)
    big = a_project(
        world, organisation=world.company_b, name="大项目", capex_yuan=5_000_000.0,
        cost_per_t=310.0, created_by=world.users["enterprise_b"],
    )  # fmt: skip
    a_check(big, category="3.2", status="borderline")
    a_check(big, catalogue="shanghai_transition_2024", category="2", status="not_eligible")
    project_list(actor=world.users["enterprise_b"], project=big)

    def names(**filters: object) -> set[str]:
        return {p.name for p in pool_projects(analyst, PoolFilters(**filters))}  # type: ignore[arg-type]

    assert names() == {"小项目", "大项目"}
    assert names(park_id=world.park.pk) == {"小项目"}  # A's factory is a tenant of the C park
    assert names(capex_min=1_000_000) == {"大项目"}
    assert names(capex_max=200_000) == {"小项目"}  # bounds are inclusive
    assert names(cost_min=40.0, cost_max=100.0) == {"小项目"}
    assert names(category="3") == {"大项目"}  # 3.2 is under 3
    assert names(category="3.2") == {"大项目"}
    assert names(category="1") == {"小项目"}
    assert names(status="borderline") == {"大项目"}
    assert names(catalogue="shanghai_transition_2024", status="borderline") == set()
    assert names(catalogue="shanghai_transition_2024", status="not_eligible") == {"大项目"}
    assert names(catalogue="green_bond_2021") == set()
    # a re-run supersedes: the small project's newest green_finance_2025 check fails
    a_check(small, status="not_eligible")
    assert names(status="eligible") == set()
    assert names(status="not_eligible") == {"小项目", "大项目"}
    current = eligibility_of([small, big])
    assert [c.status for c in current[small.pk]] == ["not_eligible"]
    assert sorted(c.catalogue for c in current[big.pk]) == [
        "green_finance_2025", "shanghai_transition_2024",
    ]  # fmt: skip


def test_interest_is_expressed_once_in_a_listed_project(world: World) -> None:
    analyst = world.users["analyst"]
    draft = a_project(world, name="草稿")
    with pytest.raises(ValidationError) as refused:
        interest_express(actor=analyst, project=draft)
    assert "project" in refused.value.message_dict
    project = _listed(world)
    for persona in ("enterprise_a", "enterprise_b", "secretariat", "public"):
        with pytest.raises(PermissionDenied):
            interest_express(actor=world.users[persona], project=project)
    with pytest.raises(ValidationError) as too_long:
        interest_express(actor=analyst, project=project, message="x" * 2001)
    assert "message" in too_long.value.message_dict
    interest = interest_express(actor=analyst, project=project, message="  拟提供绿色贷款  ")
    assert (interest.status, interest.message) == (InterestStatus.PENDING, "拟提供绿色贷款")
    assert interest.institution == world.bank
    with pytest.raises(ValidationError):
        interest_express(actor=analyst, project=project)
    assert AuditEntry.objects.filter(
        action="finance.interest.express", object_id=str(interest.pk)
    ).exists()


def test_the_enterprise_decides_an_interest_once(world: World) -> None:
    project = _listed(world)
    interest = interest_express(actor=world.users["analyst"], project=project)
    for persona in ("enterprise_b", "analyst", "secretariat"):
        with pytest.raises(PermissionDenied):
            interest_decide(actor=world.users[persona], interest=interest, accept=True)
    decided = interest_decide(
        actor=world.users["enterprise_a"], interest=interest, accept=False, note="暂不需要"
    )
    assert (decided.status, decided.decision_note) == (InterestStatus.DECLINED, "暂不需要")
    assert decided.decided_by == world.users["enterprise_a"]
    assert decided.decided_at is not None
    with pytest.raises(ValidationError) as again:
        interest_decide(actor=world.users["enterprise_a"], interest=interest, accept=True)
    assert "status" in again.value.message_dict
    entry = AuditEntry.objects.get(action="finance.interest.decline")
    assert (entry.before["status"], entry.after["status"]) == ("pending", "declined")


def test_each_side_sees_its_interests(world: World) -> None:
    project = _listed(world)
    interest = interest_express(actor=world.users["analyst"], project=project)
    interest_decide(actor=world.users["enterprise_a"], interest=interest, accept=True)
    for persona, seen in {
        "enterprise_a": [interest], "analyst": [interest], "secretariat": [interest],
        "enterprise_b": [], "evaluator": [], "public": [],
    }.items():  # fmt: skip
        assert list(visible_interests(world.users[persona])) == seen, persona
    # unlisting keeps the interest for both sides
    project_unlist(actor=world.users["enterprise_a"], project=project)
    assert visible_interests(world.users["analyst"]).get().status == InterestStatus.ACCEPTED
