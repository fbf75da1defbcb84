"""A products world: the personas' world (``tests.web.conftest``) with a supplier and a customer,
both members with a verified 2025 inventory, and a product of each with its 2025 process.

- supplier S = company A (``enterprise_a`` its manager; ``evaluator`` assigned to it), site
  甲工厂: product "钢坯" (steel billet, t, CN 7207 11 14); its process "连铸" (continuous
  casting) makes 10,000 t a year and takes the site's verified emissions by source stream:
  natural_gas (天然气) and limestone (石灰石) wholly, purchased_electricity (外购电力) 80 %
  (the other 20 % is the site's unattributed remainder); by hand: direct 2,164.3105485 (gas)
  + 439.71 (limestone) = 2,604.0205485 tCO2e, electricity 8,000 MWh (4,244.8 of the site's
  5,306 tCO2e at 0.5306 t/MWh), remainder 1,061.2 tCO2e of the site's 7,910.0205485.
- customer C = company B (``enterprise_b``; its own evaluator ``evaluator_c`` verified its
  inventory), a new factory site 乙工厂: product "钢支架" (steel bracket, t); its process "冲压"
  (stamping) makes 2,000 t a year, takes 1.05 t of S's billet per t (a supplier input: S shares
  the billet's footprint with C, in force) and is attributed C's site emissions by a stated key
  (60 of 100 working days).
- an outside company: company C of the personas (published, no membership), ``outside``.
- the staff: ``secretariat`` and ``district_admin``.

Inventories (imported as CSV, submitted, verified):

========  ===========  ================  ============  ==========
company   site         外购电力 10^4kWh  天然气 10^4m3  石灰石 t
========  ===========  ================  ============  ==========
S (A)     甲工厂       1,000             100           1,000
C (B)     乙工厂       200               10            0
========  ===========  ================  ============  ==========

``products_world`` is built once per test module and rolled back after each test (see
``tests.web.conftest.kept_for_the_module``): a module using it must not combine it with the
``world`` fixture and its tests must use the plain ``db`` fixture. ``build_products_world``
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
from django.utils import timezone, translation

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.members import services as member_services
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.products.models import (
    AttributionBasis,
    FootprintShare,
    InputKind,
    Process,
    ProcessInput,
    Product,
)
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import InventoryResult, Submission
from greenledger.web.reporting.selectors import latest_inventory
from tests.web.conftest import World, build_world, kept_for_the_module

YEAR = 2025
S_INVENTORY = {"外购电力": (1000.0, "万kWh"), "天然气": (100.0, "万m3"), "石灰石": (1000.0, "t")}
C_INVENTORY = {"外购电力": (200.0, "万kWh"), "天然气": (10.0, "万m3")}
BILLET_OUTPUT_T = 10_000.0
BRACKET_OUTPUT_T = 2_000.0
BILLET_PER_BRACKET = 1.05
BILLET_STREAMS = [
    {"line": "natural_gas", "share": 1.0},
    {"line": "limestone", "share": 1.0},
    {"line": "purchased_electricity", "share": 0.8},
]
BRACKET_KEY = {"key": "working days", "value": 60.0, "of": 100.0}


@dataclass
class ProductsWorld:
    world: World
    site_s: Site
    site_c: Site
    inventory_s: InventoryResult
    inventory_c: InventoryResult
    billet: Product
    bracket: Product
    billet_process: Process
    bracket_process: Process
    share: FootprintShare  # billet -> C, in force
    tmp: Path

    @property
    def supplier(self) -> Organisation:
        return self.world.company_a

    @property
    def customer(self) -> Organisation:
        return self.world.company_b

    @property
    def outside(self) -> Organisation:
        return self.world.company_c

    @property
    def manager_s(self) -> User:
        return self.world.users["enterprise_a"]

    @property
    def manager_c(self) -> User:
        return self.world.users["enterprise_b"]

    @property
    def evaluator(self) -> User:
        return self.world.users["evaluator"]

    @property
    def staff(self) -> User:
        return self.world.users["secretariat"]


def inventory_csv(enterprise: str, site: str, rows: dict[str, tuple[float, str]]) -> str:
    lines = ["enterprise,site,period,activity,quantity,unit"]
    for activity, (quantity, unit) in rows.items():
        lines.append(f"{enterprise},{site},{YEAR}-12,{activity},{quantity},{unit}")
    lines.append(f"{enterprise},{site},{YEAR}-12,output_value,10000,万元")
    return "\n".join(lines) + "\n"


def verify_inventory(
    world: World, organisation: Organisation, manager: User, evaluator: User, csv: str, tmp: Path
) -> Submission:
    submission = reporting.submission_create_draft(
        actor=manager, organisation=organisation, year=YEAR
    )
    path = tmp / f"inventory-{organisation.pk}.csv"
    path.write_text(csv, encoding="utf-8")
    job = reporting.import_job_create(
        actor=manager, submission=submission, upload=path, filename=path.name
    )
    outcome = reporting.import_job_run(job.pk)
    job.refresh_from_db()
    assert outcome == "succeeded", job.problems
    reporting.submission_submit(actor=manager, submission=submission)
    reporting.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=evaluator
    )
    submission.refresh_from_db()
    verified = reporting.submission_verify(actor=evaluator, submission=submission)
    verified.refresh_from_db()
    return verified


def build_products_world(world: World, tmp: Path) -> ProductsWorld:
    with translation.override("zh-hans"):
        return _build(world, tmp)


def _build(world: World, tmp: Path) -> ProductsWorld:
    from greenledger.web.products.services.attribution import process_attribute

    tmp.mkdir(parents=True, exist_ok=True)
    site_c = member_services.site_create(
        actor=None, organisation=world.company_b, kind=SiteKind.FACTORY, name_zh="乙工厂"
    )
    evaluator_c = account_services.user_create(
        actor=None, username="evaluator-c", password="persona-password-2025", role=Role.EVALUATOR
    )
    account_services.assignment_create(
        actor=None, evaluator=evaluator_c, organisation=world.company_b
    )
    world.users["evaluator_c"] = evaluator_c
    manager_s = world.users["enterprise_a"]
    manager_c = world.users["enterprise_b"]
    submission_s = verify_inventory(
        world,
        world.company_a,
        manager_s,
        world.users["evaluator"],
        inventory_csv("甲公司", "甲工厂", S_INVENTORY),
        tmp,
    )
    submission_c = verify_inventory(
        world,
        world.company_b,
        manager_c,
        evaluator_c,
        inventory_csv("乙公司", "乙工厂", C_INVENTORY),
        tmp,
    )
    inventory_s = latest_inventory(submission_s)
    inventory_c = latest_inventory(submission_c)
    assert inventory_s is not None and inventory_c is not None
    now = timezone.now()
    billet = Product.objects.create(
        organisation=world.company_a,
        site=world.site_a,
        name="钢坯",
        name_en="steel billet",
        unit="t",
        cn_code="72071114",
        cpc_code="41231",
        created_by=manager_s,
        created_at=now,
        updated_at=now,
    )
    bracket = Product.objects.create(
        organisation=world.company_b,
        site=site_c,
        name="钢支架",
        name_en="steel bracket",
        unit="t",
        cn_code="73089098",
        created_by=manager_c,
        created_at=now,
        updated_at=now,
    )
    share = FootprintShare.objects.create(
        product=billet,
        customer=world.company_b,
        purpose="钢支架碳足迹",
        granted_by=manager_s,
        granted_at=now,
    )
    billet_process = Process.objects.create(
        organisation=world.company_a,
        site=world.site_a,
        year=YEAR,
        name="连铸",
        product=billet,
        annual_output=BILLET_OUTPUT_T,
        attribution_basis=AttributionBasis.SOURCE_STREAMS,
        attribution={"streams": BILLET_STREAMS},
        created_by=manager_s,
        created_at=now,
        updated_at=now,
    )
    bracket_process = Process.objects.create(
        organisation=world.company_b,
        site=site_c,
        year=YEAR,
        name="冲压",
        product=bracket,
        annual_output=BRACKET_OUTPUT_T,
        attribution_basis=AttributionBasis.STATED,
        attribution=BRACKET_KEY,
        created_by=manager_c,
        created_at=now,
        updated_at=now,
    )
    ProcessInput.objects.create(
        process=bracket_process,
        kind=InputKind.SUPPLIER,
        supplier_product=billet,
        amount=BILLET_PER_BRACKET,
    )
    billet_process = process_attribute(actor=manager_s, process=billet_process)
    bracket_process = process_attribute(actor=manager_c, process=bracket_process)
    return ProductsWorld(
        world=world,
        site_s=world.site_a,
        site_c=site_c,
        inventory_s=inventory_s,
        inventory_c=inventory_c,
        billet=billet,
        bracket=bracket,
        billet_process=billet_process,
        bracket_process=bracket_process,
        share=share,
        tmp=tmp,
    )


def products_settings(tmp: Path) -> Any:
    return override_settings(
        PRIVATE_MEDIA_ROOT=tmp / "private",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )


@pytest.fixture(scope="module")
def kept_products_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ProductsWorld]:
    tmp = tmp_path_factory.mktemp("products")
    with (
        products_settings(tmp),
        kept_for_the_module(
            django_db_blocker, lambda: build_products_world(build_world(), tmp / "files")
        ) as data,
    ):
        yield data


@pytest.fixture
def products_world(kept_products_world: ProductsWorld, db: None, tmp_path: Path) -> ProductsWorld:
    """The supplier and the customer with their products and processes (see the module
    docstring); each test's writes roll back with its savepoint, and it gets its own copies of
    the model instances."""
    copied = copy.deepcopy(kept_products_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied
