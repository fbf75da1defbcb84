"""A transition world for the transition-tracking tests: the personas' world (company A shares
everything with the analyst's bank) where company A is a steel maker (GB/T 4754 C3120, under the
transition catalogue's category C31) with three verified inventories, each of limestone (process
CO2, IPCC 2006 0.43971 t CO2 per t CaCO3) and, in 2024 and 2025, one product:

====  ============  ================  ================  ==========================  ==========
year  limestone     emissions (t)     steel (t)         KPI (tCO2e/t)               vs 2.0/1.6
====  ============  ================  ================  ==========================  ==========
2023  1,000 t       439.71            none              needs data (no product)     –
2024  2,100 t       923.391           439.71            923.391 / 439.71 = 2.1      below entry
2025  1,800 t       791.478           439.71            791.478 / 439.71 = 1.8      entry met
====  ============  ================  ================  ==========================  ==========

(with 439.71 t of product the KPI is the limestone tonnage / 1000). Gaps: 2024 0.1 to the entry
value and 0.5 to the advanced value; 2025 0 and 0.2.

The bank's book: ``T-1`` a 2025 business loan to company A financing company A's transition
project (so it is tracked), ``T-OUT`` a 2025 loan to an outside steel company under the
transition catalogue (tracked, no verified data), ``G-1`` an ordinary loan (not tracked).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from greenledger.web.finance.models import Position, Project, ProjectKind
from greenledger.web.finance.services.portfolio import position_save
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World, build_world, credit_code, kept_for_the_module
from tests.web.planning.conftest import planning_settings

INDUSTRY = "C3120"
LIMESTONE_T = {2023: 1000.0, 2024: 2100.0, 2025: 1800.0}
PRODUCT_T = {2024: 439.71, 2025: 439.71}
CO2_PER_T_LIMESTONE = 0.43971
ENTRY, ADVANCED = 2.0, 1.6
ENTRY_PATH = "categories.C31.carbon_intensity.threshold"
ADVANCED_PATH = "categories.C31.carbon_intensity.advanced"
SETTINGS = {"shanghai_transition_2024": {ENTRY_PATH: ENTRY, ADVANCED_PATH: ADVANCED}}


def transition_settings() -> Any:
    """The entry and advanced values of category C31 set as the platform's settings."""
    return override_settings(FINANCE_CATALOGUE_SETTINGS=SETTINGS)


@dataclass
class TransitionWorld:
    world: World
    submissions: dict[int, Submission]
    project: Project
    tmp: Path


def _csv(year: int) -> str:
    period = f"{year}-12"
    rows = [
        "enterprise,site,period,activity,quantity,unit,product",
        f"甲公司,甲工厂,{period},石灰石,{LIMESTONE_T[year]},t,",
    ]
    if year in PRODUCT_T:
        rows.append(f"甲公司,甲工厂,{period},product_output,{PRODUCT_T[year]},t,钢材")
    return "\n".join(rows) + "\n"


def verified(world: World, tmp: Path, year: int, text: str | None = None) -> Submission:
    """Company A's inventory of ``year`` (``text``: its CSV, else the table's) imported,
    submitted and verified."""
    manager = world.users["enterprise_a"]
    submission = reporting.submission_create_draft(
        actor=manager, organisation=world.company_a, year=year
    )
    path = tmp / f"steel-{year}.csv"
    path.write_text(text or _csv(year), encoding="utf-8")
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
    done = reporting.submission_verify(actor=world.users["evaluator"], submission=submission)
    done.refresh_from_db()
    return done


def book(world: World) -> None:
    """The bank's 2025 positions (see the module docstring)."""
    analyst = world.users["analyst"]
    common: dict[str, Any] = {"asset_class": "business_loan", "emissions_basis": "reported"}
    position_save(
        actor=analyst, institution=world.bank, year=2025, position="T-1", borrower="甲公司",
        borrower_code=credit_code(1), outstanding_yuan=30_000_000, equity_yuan=100_000_000,
        debt_yuan=50_000_000, revenue_yuan=500_000_000, sector=INDUSTRY, **common,
    )  # fmt: skip
    position_save(
        actor=analyst, institution=world.bank, year=2025, position="T-OUT", borrower="外部钢铁公司",
        outstanding_yuan=10_000_000, equity_yuan=40_000_000, debt_yuan=60_000_000,
        emissions_tco2e=5_000, sector="C3110", **common,
    )  # fmt: skip
    position_save(
        actor=analyst, institution=world.bank, year=2025, position="G-1", borrower="外部公司",
        outstanding_yuan=1_000_000, equity_yuan=4_000_000, debt_yuan=6_000_000,
        emissions_tco2e=50, sector="C26", **common,
    )  # fmt: skip


def build_transition_world(world: World, tmp: Path) -> TransitionWorld:
    tmp.mkdir(parents=True, exist_ok=True)
    company = world.company_a
    company.industry_code = INDUSTRY
    company.save(update_fields=["industry_code"])
    submissions = {year: verified(world, tmp, year) for year in LIMESTONE_T}
    moment = timezone.now()
    project = Project.objects.create(
        organisation=company, name="甲公司电炉短流程改造", kind=ProjectKind.TRANSITION,
        capex_yuan=80_000_000, start_year=2025, end_year=2027,
        created_by=world.users["enterprise_a"], created_at=moment, updated_at=moment,
    )  # fmt: skip
    book(world)
    # the loan financing the project, and the outside loan under the transition catalogue
    Position.objects.filter(institution=world.bank, position="T-1").update(project=project)
    Position.objects.filter(institution=world.bank, position="T-OUT").update(
        catalogue="shanghai_transition_2024", catalogue_code="C31"
    )
    return TransitionWorld(world=world, submissions=submissions, project=project, tmp=tmp)


@pytest.fixture(scope="module")
def kept_transition_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TransitionWorld]:
    tmp = tmp_path_factory.mktemp("transition")
    with (
        planning_settings(tmp),
        kept_for_the_module(
            django_db_blocker, lambda: build_transition_world(build_world(), tmp / "files")
        ) as data,
    ):
        yield data
