"""The pool on the finance world: company A's project made from its plan's measures gets its
real eligibility checks (every catalogue), is listed, and the bank finds it in the pool with the
planning engine's figures and the stored results; the bank's interest is accepted."""

from __future__ import annotations

import pytest

from greenledger.web.finance.models import EligibilityCheck, InterestStatus
from greenledger.web.finance.selectors.pool import PoolFilters, eligibility_of, pool_projects
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.finance.services.pool import interest_decide, interest_express, project_list
from tests.web.finance.conftest import PROJECT_CAPEX_YUAN, FinanceWorld


def test_a_planned_project_in_the_pool(finance_world: FinanceWorld, db: None) -> None:
    fw = finance_world
    project = fw.project
    checks = eligibility_run(actor=fw.manager, project=project)
    assert {c.catalogue for c in checks} == {
        "green_finance_2025", "green_bond_2021", "shanghai_transition_2024",
    }  # fmt: skip
    project_list(actor=fw.manager, project=project)

    pooled = list(pool_projects(fw.analyst))
    assert pooled == [project]
    assert pooled[0].capex_yuan == pytest.approx(PROJECT_CAPEX_YUAN)
    assert pooled[0].cost_per_t == pytest.approx(project.cost_per_t)
    current = {c.catalogue: c for c in eligibility_of(pooled)[project.pk]}
    stored = {c.catalogue: c for c in EligibilityCheck.objects.filter(project=project)}
    assert {k: (c.status, c.category) for k, c in current.items()} == {
        k: (c.status, c.category) for k, c in stored.items()
    }
    green = current["green_finance_2025"]
    # every filter that describes the project keeps it; one that does not drops it
    keep = PoolFilters(
        catalogue="green_finance_2025", status=green.status, park_id=fw.world.park.pk,
        capex_min=PROJECT_CAPEX_YUAN, capex_max=PROJECT_CAPEX_YUAN,
        category=green.category or None,
    )  # fmt: skip
    assert list(pool_projects(fw.analyst, keep)) == [project]
    assert not pool_projects(fw.analyst, PoolFilters(capex_min=PROJECT_CAPEX_YUAN + 1)).exists()

    interest = interest_express(actor=fw.analyst, project=project, message="尽调")
    accepted = interest_decide(actor=fw.manager, interest=interest, accept=True)
    assert accepted.status == InterestStatus.ACCEPTED
