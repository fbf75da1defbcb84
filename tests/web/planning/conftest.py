"""A planning world: the personas' world (``tests.web.conftest``) whose company A (industry
C3825) has a verified 2025 inventory and a decarbonisation plan built from it.

Company A's 2025 inventory (imported as CSV, submitted, verified by the assigned evaluator):

==========================  ==================  ==========================================
line                        quantity            hand figures
==========================  ==================  ==========================================
外购电力 (purchased elec.)  1,000 10^4 kWh      1,229 tce; 10,000 MWh x the grid factor
天然气 (natural gas)        100 10^4 m3         1,214.3 tce (12.143 tce per 10^4 m3)
石灰石 (limestone, process)  1,000 t             439.71 t CO2 (IPCC 2006 0.43971 t/t)
output_value                50,000 10^4 yuan
==========================  ==================  ==========================================

The plan ("甲公司2026-2060减碳规划", by company A's energy manager ``enterprise_a``) starts in
2026 and ends in 2060, has the three default scenarios (named in Chinese: 基准情景, 政策情景,
强化情景), splits electricity 60 % to motors and
drives and 40 % to HVAC and natural gas wholly to boilers and steam (the process emissions are
their own end use), and has three of the enterprise's own measures:

=========  ===============  ======  ==========  =============  ========  =====================
id         end use          saving  capex yuan  opex yuan/yr   lifetime  other
=========  ===============  ======  ==========  =============  ========  =====================
vsd        motors_drives    0.20    400,000     -10,000        15
hvac-ctl   hvac             0.15    150,000     0              10
boiler     boilers_steam    0.10    600,000     5,000          20        earliest 2027
=========  ===============  ======  ==========  =============  ========  =====================

``planning_world`` is built once per test module and rolled back after each test (see
``tests.web.conftest.kept_for_the_module``): a module using it must not combine it with the
``world`` fixture and its tests must use the plain ``db`` fixture. ``build_planning_world``
builds one inside a test that wants its own.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from greenledger.web.accounts.models import User
from greenledger.web.members.models import Organisation
from greenledger.web.planning.models import Plan
from greenledger.web.planning.services import plans as plan_services
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World, build_world, kept_for_the_module

INVENTORY_YEAR = 2025
PLAN_NAME = "甲公司2026-2060减碳规划"
ELECTRICITY_WAN_KWH = 1000.0
GAS_WAN_M3 = 100.0
LIMESTONE_T = 1000.0
OUTPUT_WAN_YUAN = 50_000.0
ELECTRICITY_TCE = 1229.0  # 1.229 tce per 10^4 kWh (GB/T 2589-2020, calorific value)
GAS_TCE = 1214.3  # 1.2143 kgce/m3 (GB/T 2589-2020, gas-field natural gas)
LIMESTONE_CO2_T = 439.71  # 0.43971 t CO2 per t CaCO3 (IPCC 2006 Vol 3 Table 2.1)
SHARES = {
    "purchased_electricity": {"motors_drives": 0.6, "hvac": 0.4},
    "natural_gas": {"boilers_steam": 1.0},
}
MEASURES: dict[str, dict[str, Any]] = {
    "vsd": {"name": "变频调速", "end_use": "motors_drives", "saving_rate": 0.2,
            "capex_yuan": 400_000, "annual_opex_change_yuan": -10_000, "lifetime_years": 15},
    "hvac-ctl": {"name": "空调群控", "end_use": "hvac", "saving_rate": 0.15,
                 "capex_yuan": 150_000, "annual_opex_change_yuan": 0, "lifetime_years": 10},
    "boiler": {"name": "冷凝锅炉改造", "end_use": "boilers_steam", "saving_rate": 0.1,
               "capex_yuan": 600_000, "annual_opex_change_yuan": 5_000, "lifetime_years": 20,
               "earliest_year": 2027},
}  # fmt: skip


@dataclass
class PlanningWorld:
    world: World
    submission: Submission
    plan: Plan
    tmp: Path

    @property
    def enterprise(self) -> Organisation:
        return self.world.company_a

    @property
    def manager(self) -> User:
        return self.world.users["enterprise_a"]

    @property
    def evaluator(self) -> User:
        return self.world.users["evaluator"]

    @property
    def secretariat(self) -> User:
        return self.world.users["secretariat"]


def inventory_csv(year: int = INVENTORY_YEAR, *, scale: float = 1.0) -> str:
    period = f"{year}-12"
    rows = [
        "enterprise,site,period,activity,quantity,unit",
        f"甲公司,甲工厂,{period},外购电力,{ELECTRICITY_WAN_KWH * scale},万kWh",
        f"甲公司,甲工厂,{period},天然气,{GAS_WAN_M3 * scale},万m3",
        f"甲公司,甲工厂,{period},石灰石,{LIMESTONE_T * scale},t",
        f"甲公司,甲工厂,{period},output_value,{OUTPUT_WAN_YUAN * scale},万元",
    ]
    return "\n".join(rows) + "\n"


def verified_inventory(
    world: World, tmp: Path, year: int = INVENTORY_YEAR, *, scale: float = 1.0
) -> Submission:
    """Company A's inventory of ``year`` imported, submitted and verified."""
    manager = world.users["enterprise_a"]
    submission = reporting.submission_create_draft(
        actor=manager, organisation=world.company_a, year=year
    )
    path = tmp / f"company-a-{year}.csv"
    path.write_text(inventory_csv(year, scale=scale), encoding="utf-8")
    job = reporting.import_job_create(
        actor=manager, submission=submission, upload=path, filename=path.name
    )
    outcome = reporting.import_job_run(job.pk)
    job.refresh_from_db()
    assert outcome == "succeeded", job.problems
    reporting.submission_submit(actor=manager, submission=submission)
    reporting.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )
    submission.refresh_from_db()
    verified = reporting.submission_verify(actor=world.users["evaluator"], submission=submission)
    verified.refresh_from_db()
    return verified


def build_planning_world(world: World, tmp: Path) -> PlanningWorld:
    """Built in Chinese (the district's language): the default scenarios take Chinese names."""
    with translation.override("zh-hans"):
        return _build_planning_world(world, tmp)


def _build_planning_world(world: World, tmp: Path) -> PlanningWorld:
    tmp.mkdir(parents=True, exist_ok=True)
    submission = verified_inventory(world, tmp)
    manager = world.users["enterprise_a"]
    plan = plan_services.plan_create(
        actor=manager, organisation=world.company_a, name=PLAN_NAME, end_year=2060
    )
    plan = plan_services.plan_set_shares(actor=manager, plan=plan, shares=SHARES)
    for measure_id, fields in MEASURES.items():
        plan_services.measure_save(actor=manager, plan=plan, measure_id=measure_id, **fields)
    plan.refresh_from_db()
    return PlanningWorld(world=world, submission=submission, plan=plan, tmp=tmp)


def planning_settings(tmp: Path) -> Any:
    return override_settings(
        PRIVATE_MEDIA_ROOT=tmp / "private",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )


@pytest.fixture(scope="module")
def kept_planning_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanningWorld]:
    tmp = tmp_path_factory.mktemp("planning")
    with (
        planning_settings(tmp),
        kept_for_the_module(
            django_db_blocker, lambda: build_planning_world(build_world(), tmp / "files")
        ) as data,
    ):
        yield data


@pytest.fixture
def planning_world(kept_planning_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    """Company A's verified 2025 inventory and its plan (see the module docstring); each test's
    writes roll back with its savepoint, and it gets its own copies of the model instances."""
    copied = copy.deepcopy(kept_planning_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied
