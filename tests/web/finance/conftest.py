"""A finance world: the planning world (``tests.web.planning.conftest``: company A, industry
C3825, with a verified 2025 inventory and a plan of three measures) plus a financing project
company A's energy manager made from two of the plan's measures.

================  ===========================================================================
project           "甲公司电机与空调节能改造" (green), site 甲工厂 (``world.site_a``)
measures          ``vsd`` (变频调速, 400,000 yuan) and ``hvac-ctl`` (空调群控, 150,000 yuan)
capex             550,000 yuan (the sum of the two measures' capex)
claimed category  green_finance_2025: "1" (节能降碳产业)
timeline          2026 procurement, 2026 commissioning
================  ===========================================================================

The energy saving, abatement and cost per tonne come from the planning engine
(``services.projects.measure_figures``); their hand figures are in test_projects.py.

The bank is the ``analyst`` persona's institution (``world.bank``). The personas' world already
holds a grant of company A to the bank (``DataSharing`` with every data flag, no purpose, no
expiry: ``FinanceWorld.grant``), so the analyst sees company A's project through it; a test
about consent revokes it or makes its own.

``finance_world`` is built once per test module and rolled back after each test (as
``planning_world``): a module using it must not combine it with ``world`` or ``planning_world``
and its tests use the plain ``db`` fixture. ``build_finance_world`` builds one inside a test.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.accounts.models import DataSharing, User
from greenledger.web.finance.models import Project
from greenledger.web.finance.services import projects as project_services
from greenledger.web.members.models import Organisation
from tests.web.conftest import World, build_world, kept_for_the_module
from tests.web.planning.conftest import (
    PlanningWorld,
    build_planning_world,
    planning_settings,
)

PROJECT_NAME = "甲公司电机与空调节能改造"
PROJECT_MEASURES = ("vsd", "hvac-ctl")
PROJECT_CAPEX_YUAN = 550_000.0
PROJECT_CATEGORIES = {"green_finance_2025": "1"}
PROJECT_TIMELINE = (
    {"year": 2026, "milestone": "采购"},
    {"year": 2026, "milestone": "投运"},
)


@dataclass
class FinanceWorld:
    planning: PlanningWorld
    project: Project

    @property
    def world(self) -> World:
        return self.planning.world

    @property
    def enterprise(self) -> Organisation:
        return self.planning.world.company_a

    @property
    def manager(self) -> User:
        return self.planning.world.users["enterprise_a"]

    @property
    def bank(self) -> Organisation:
        return self.planning.world.bank

    @property
    def analyst(self) -> User:
        return self.planning.world.users["analyst"]

    @property
    def grant(self) -> DataSharing:
        """The personas' world's grant of company A to the bank (still in force)."""
        return DataSharing.objects.get(
            organisation=self.enterprise, institution=self.bank, revoked_at__isnull=True
        )

    @property
    def tmp(self) -> Path:
        return self.planning.tmp


def build_finance_world(world: World, tmp: Path) -> FinanceWorld:
    planning = build_planning_world(world, tmp)
    project = project_services.project_create(
        actor=planning.manager,
        organisation=planning.enterprise,
        plan=planning.plan,
        measure_ids=list(PROJECT_MEASURES),
        name=PROJECT_NAME,
        kind="green",
        site=world.site_a,
        timeline=PROJECT_TIMELINE,
        categories=PROJECT_CATEGORIES,
    )
    return FinanceWorld(planning=planning, project=project)


@pytest.fixture(scope="module")
def kept_finance_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FinanceWorld]:
    tmp = tmp_path_factory.mktemp("finance")
    with (
        planning_settings(tmp),
        kept_for_the_module(
            django_db_blocker, lambda: build_finance_world(build_world(), tmp / "files")
        ) as data,
    ):
        yield data


@pytest.fixture
def finance_world(kept_finance_world: FinanceWorld, db: None, tmp_path: Path) -> FinanceWorld:
    """Company A's verified inventory, plan and financing project (see the module docstring);
    each test's writes roll back with its savepoint, and it gets its own model instances."""
    copied = copy.deepcopy(kept_finance_world)
    copied.planning.world.objects = {}
    copied.planning.tmp = tmp_path
    return copied
