"""The reporting pages: who sees which page, and the real figures on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenledger.web.reporting import services
from greenledger.web.reporting.models import ImportStatus, Submission
from tests.web.conftest import PERSONAS, World
from tests.web.reporting.conftest import draft, run_import, write_csv

pytestmark = pytest.mark.django_db

COAL_ONLY = [("甲公司", "甲工厂", "2024-01", "原煤", "1000", "t")]


def coal_submission(world: World, tmp_path: Path) -> Submission:
    submission = draft(world)
    job = run_import(world, submission, write_csv(tmp_path / "coal.csv", COAL_ONLY))
    assert job.status == ImportStatus.SUCCEEDED, job.problems
    return submission


def text(response: Any) -> str:
    return response.content.decode()


def test_the_inventory_page_shows_the_hand_computed_coal_figures(
    world: World, tmp_path: Path
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/inventory/")
    assert response.status_code == 200
    body = text(response)
    # 1,000 t raw coal x 0.7143 tce/t; x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12
    assert '<span class="value" id="energy-tce">714.30</span>' in body
    assert '<td class="num" id="co2-fossil">1,900.30 tCO2</td>' in body
    assert "GB/T 32150" in body and 'data-chart="chart-monthly"' in body
    assert "chart-sources" in body and "chart-scopes" in body


def test_the_submission_page_shows_the_records_and_the_workflow_to_the_manager(
    world: World, tmp_path: Path
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/")
    body = text(response)
    assert response.status_code == 200
    assert 'id="record-table"' in body and "1000 t" in body
    assert 'id="submit-button"' in body and 'id="import-form"' in body
    assert 'id="pdf-zh"' in body and 'id="pdf-en"' in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_submission_page_answers_404_to_everyone_who_may_not_see_it(
    world: World, tmp_path: Path, persona: str
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client(persona).get(f"/reporting/submissions/{submission.pk}/")
    expected = 200 if persona in ("enterprise_a", "secretariat", "district_admin") else 404
    assert response.status_code == expected
