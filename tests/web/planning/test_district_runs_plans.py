"""The district pathway prices an enterprise that has a plan on that plan (its own end-use split
and measures), not on the catalogue conventions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from greenledger.core.planning.district import price_sweep
from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.planning.models import JobStatus
from greenledger.web.planning.selectors.plans import plan_input
from greenledger.web.planning.services import district_runs as services
from tests.web.planning.conftest import INVENTORY_YEAR, PlanningWorld

pytestmark = pytest.mark.django_db


def test_an_enterprise_with_a_plan_is_priced_on_its_plan(
    planning_world: PlanningWorld, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world, plan = planning_world.world, planning_world.plan
    fact = EnterpriseYearFact.objects.get(
        organisation=world.company_a, year=INVENTORY_YEAR, basis=FactBasis.VERIFIED
    )
    prices = [0.0, 200.0, 2000.0]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.district_run_start(
            actor=world.users["secretariat"],
            base_year=INVENTORY_YEAR,
            caps={"2030": 1e12},
            prices=prices,
        )
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    (row,) = [e for e in run.result["enterprises"] if e["organisation_id"] == fact.organisation_id]
    assert row["plan_id"] == plan.pk
    own = {m.measure_id for m in plan.measures.filter(enabled=True)}
    assert {m for m, _y in row["adoptions"]} <= own
    # the same options as the core on the plan with the run's years and prices
    core = plan_input(plan)
    expected = price_sweep(
        replace(
            core,
            start_year=INVENTORY_YEAR + 1,
            end_year=2060,
            discount_rate=services.DEFAULT_DISCOUNT_RATE,
            growth=0.0,
            energy_price_yuan_per_tce=services.DEFAULT_ENERGY_PRICE,
            targets=(),
            grid_factor_index=(),
        ),
        prices,
    )
    assert row["options"] == len(expected)
    cheapest = min(expected, key=lambda o: o.cost_yuan)
    assert row["cost_yuan"] == pytest.approx(cheapest.cost_yuan)
    steps = [s for s in run.result["macc"] if s[0] == fact.organisation_id]
    assert {s[2] for s in steps} <= own
