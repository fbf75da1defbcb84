"""Projects and eligibility checks for the pool tests, built as rows (the pool reads what the
projects part stores: a project with its figures and its checks per catalogue)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.web.finance.models import EligibilityCheck, Project
from tests.web.conftest import World


def a_project(world: World, *, organisation: Any = None, **fields: Any) -> Project:
    """A draft project of company A at its factory (in the C park) unless told otherwise."""
    now = timezone.now()
    values: dict[str, Any] = {
        "organisation": organisation or world.company_a,
        "site": world.site_a if organisation is None else None,
        "name": "变频与空调群控改造",
        "kind": "green",
        "measure_ids": ["vsd", "hvac-ctl"],
        "capex_yuan": 550_000.0,
        "energy_saving_tce": 120.0,
        "abatement_t": 300.0,
        "cost_per_t": 85.0,
        "start_year": 2026,
        "end_year": 2035,
        "created_by": world.users["enterprise_a"],
        "created_at": now,
        "updated_at": now,
    }
    values.update(fields)
    return Project.objects.create(**values)


def a_check(
    project: Project, catalogue: str = "green_finance_2025", status: str = "eligible",
    category: str = "1",
) -> EligibilityCheck:  # fmt: skip
    return EligibilityCheck.objects.create(
        project=project,
        catalogue=catalogue,
        catalogue_version="2025",
        status=status,
        category=category,
        result={"status": status, "category": category},
        created_at=timezone.now(),
    )
