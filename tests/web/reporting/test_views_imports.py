"""Imports through the pages: the upload answers htmx with the job's panel (a progress bar that
polls the job), failures list their problems and offer the marked file, overlaps ask before
replacing, outliers are shown after success; the template downloads in both languages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from greenledger.web.reporting.models import ActivityRecord, ImportJob, ImportStatus
from tests.web.conftest import World
from tests.web.reporting.conftest import draft, monthly_rows, write_csv, write_xlsx

# Transactions commit as in production, so an enqueued import runs (the immediate backend) before
# the upload answers.
pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "import-job"}


def upload(world: World, submission: Any, path: Path, **headers: str) -> Any:
    client = world.client("enterprise_a")
    file = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(
        f"/reporting/submissions/{submission.pk}/imports/", {"file": file}, **headers
    )


def test_the_upload_answers_htmx_with_the_finished_jobs_panel(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    response = upload(world, submission, write_csv(tmp_path / "a.csv", monthly_rows()), **HTMX)
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert 'data-status="succeeded"' in text and 'aria-valuenow="100"' in text
    assert 'style="width: 100%"' in text and "every 1s" not in text  # done: no more polling
    assert response["HX-Trigger"] == "importSucceeded"
    assert ActivityRecord.objects.count() == 36


def test_a_queued_job_polls_itself_every_second(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    submission = draft(world)
    response = upload(world, submission, write_csv(tmp_path / "a.csv", monthly_rows()), **HTMX)
    text = response.content.decode()
    job = ImportJob.objects.get()
    assert 'data-status="queued"' in text and 'aria-valuenow="0"' in text
    assert f'hx-get="/reporting/imports/{job.pk}/"' in text and 'hx-trigger="every 1s"' in text
    poll = world.client("enterprise_a").get(f"/reporting/imports/{job.pk}/", **HTMX)
    assert 'hx-trigger="every 1s"' in poll.content.decode()
    # Without htmx the upload leads to the job's own page, which polls too.
    plain = upload(world, submission, write_csv(tmp_path / "b.csv", monthly_rows(year=2024)))
    assert plain.status_code == 302 and plain["Location"].startswith("/reporting/imports/")
    # the submission page shows the unfinished job with its bar
    page = world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/")
    assert 'id="import-progress"' in page.content.decode()


def test_a_failed_import_lists_sheet_row_column_and_reason_and_offers_the_marked_file(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    rows = monthly_rows()
    rows[3] = ("甲公司", "甲工厂", "2024-02", "神秘燃料", 5, "t")
    rows[4] = ("甲公司", "甲工厂", "2024-02", "外购电力", -5, "万kWh")
    response = upload(world, submission, write_xlsx(tmp_path / "bad.xlsx", rows), **HTMX)
    text = response.content.decode()
    assert 'data-status="failed"' in text and 'id="problem-table"' in text
    assert '<td>活动数据</td><td class="num">5</td>' in text
    assert '<td>活动数据</td><td class="num">6</td>' in text
    job = ImportJob.objects.get()
    marked = world.client("enterprise_a").get(f"/reporting/imports/{job.pk}/error-report/")
    assert marked.status_code == 200
    assert marked["Content-Disposition"] == 'attachment; filename="bad-problems.xlsx"'
    assert len(load_workbook(io.BytesIO(marked.content)).sheetnames) == 2
    assert not ActivityRecord.objects.exists()


def test_the_same_file_again_asks_before_replacing(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    path = write_csv(tmp_path / "a.csv", monthly_rows())
    upload(world, submission, path, **HTMX)
    second = upload(world, submission, path, **HTMX).content.decode()
    assert 'data-status="needs_confirmation"' in second and 'id="replace-button"' in second
    assert 'id="cancel-button"' in second and "36" in second
    job = ImportJob.objects.get(status=ImportStatus.NEEDS_CONFIRMATION)
    # "Cancel" goes back to the submission page, which links the waiting job instead of asking
    page = world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/")
    assert 'id="last-import"' in page.content.decode()
    assert 'id="replace-button"' not in page.content.decode()
    replaced = world.client("enterprise_a").post(f"/reporting/imports/{job.pk}/replace/", **HTMX)
    assert 'data-status="succeeded"' in replaced.content.decode()
    assert ActivityRecord.objects.count() == 36


def test_outliers_against_earlier_years_are_shown_after_success(
    world: World, tmp_path: Path
) -> None:
    from greenledger.web.reporting import services

    earlier = draft(world, year=2023)
    upload(world, earlier, write_csv(tmp_path / "2023.csv", monthly_rows(year=2023)), **HTMX)
    services.submission_submit(actor=world.users["enterprise_a"], submission=earlier)
    submission = draft(world, year=2024)
    rows = monthly_rows()
    rows[0] = ("甲公司", "甲工厂", "2024-01", "原煤", 50_000, "t")
    text = upload(world, submission, write_csv(tmp_path / "2024.csv", rows), **HTMX)
    assert 'id="import-warnings"' in text.content.decode()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_template_downloads_in_both_languages(world: World, language: str) -> None:
    response = world.client("enterprise_a").get(f"/reporting/template/{language}/")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames
