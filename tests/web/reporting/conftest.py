"""Reporting fixtures: tasks run immediately, private files under tmp_path, CSV/XLSX builders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from greenledger.web.reporting import services
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World

HEADER = ("enterprise", "site", "period", "activity", "quantity", "unit")


@pytest.fixture(autouse=True)
def _english(english: Any) -> None:
    """Messages in English (the default language is Simplified Chinese)."""


@pytest.fixture(autouse=True)
def _reporting_settings(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def monthly_rows(
    enterprise: str = "甲公司",
    site: str = "甲工厂",
    year: int = 2024,
    coal_t: float = 1000.0,
    months: int = 12,
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for month in range(1, months + 1):
        period = f"{year}-{month:02d}"
        rows.append((enterprise, site, period, "原煤", coal_t / months, "t"))
        rows.append((enterprise, site, period, "外购电力", 50, "万kWh"))
        rows.append((enterprise, site, period, "output_value", 1000, "万元"))
    return rows


def write_csv(
    path: Path,
    rows: list[tuple[Any, ...]],
    *,
    encoding: str = "utf-8",
    header: tuple[str, ...] = HEADER,
) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: list[tuple[Any, ...]],
    *,
    header: tuple[str, ...] = HEADER,
    title: str = "活动数据",
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def draft(world: World, year: int = 2024) -> Submission:
    return services.submission_create_draft(
        actor=world.users["enterprise_a"], organisation=world.company_a, year=year
    )


def run_import(
    world: World,
    submission: Submission,
    path: Path,
    persona: str = "enterprise_a",
    replace: bool = False,
) -> Any:
    job = services.import_job_create(
        actor=world.users[persona],
        submission=submission,
        upload=path,
        filename=path.name,
        replace=replace,
    )
    services.import_job_run(job.pk)
    job.refresh_from_db()
    return job
