"""The workflow through the pages: open a year, add, edit and delete records, submit, assign,
comment, request changes, correct with a reason, compare versions, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenledger.web.reporting.models import (
    ActivityRecord,
    RecordComment,
    Submission,
    SubmissionStatus,
)
from tests.web.conftest import World
from tests.web.reporting.conftest import draft, run_import, write_csv

pytestmark = pytest.mark.django_db

RECORD = {"site": "甲工厂", "period": "2024-01", "activity": "raw_coal", "quantity": "1,000"}


def body(response: Any) -> str:
    return response.content.decode()


def follow(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, follow=True)


def test_the_manager_opens_a_year_from_the_organisation_page(world: World) -> None:
    client = world.client("enterprise_a")
    page = client.get(f"/reporting/organisations/{world.company_a.pk}/")
    assert page.status_code == 200 and 'id="new-draft"' in body(page)
    response = client.post(f"/reporting/organisations/{world.company_a.pk}/", {"year": 2024})
    submission = Submission.objects.get(organisation=world.company_a, year=2024)
    assert response["Location"] == f"/reporting/submissions/{submission.pk}/"
    again = client.post(f"/reporting/organisations/{world.company_a.pk}/", {"year": 2024})
    assert again.status_code == 200 and "errorlist" in body(again)
    assert Submission.objects.count() == 1


def test_the_secretariat_sees_the_years_but_cannot_open_one(world: World) -> None:
    client = world.client("secretariat")
    page = client.get(f"/reporting/organisations/{world.company_a.pk}/")
    assert page.status_code == 200 and 'id="new-draft"' not in body(page)


def test_records_are_added_edited_and_deleted_on_a_draft(world: World) -> None:
    submission = draft(world)
    client = world.client("enterprise_a")
    response = client.post(
        f"/reporting/submissions/{submission.pk}/records/add/", {**RECORD, "unit": "t"}
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get()
    assert record.quantity == 1000.0 and record.original_quantity == "1,000"
    bad = client.post(
        f"/reporting/records/{record.pk}/edit/", {**RECORD, "quantity": "-3", "unit": "t"}
    )
    assert bad.status_code == 200 and "errorlist" in body(bad)
    client.post(
        f"/reporting/records/{record.pk}/edit/", {**RECORD, "quantity": "2000", "unit": "t"}
    )
    record.refresh_from_db()
    assert record.quantity == 2000.0
    page = body(client.get(f"/reporting/submissions/{submission.pk}/"))
    assert f'id="record-{record.pk}"' in page and f"/reporting/records/{record.pk}/edit/" in page
    client.post(f"/reporting/records/{record.pk}/delete/")
    assert not ActivityRecord.objects.exists()


def test_the_records_table_filters_and_answers_htmx_with_the_table_only(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    rows = [("甲公司", "甲工厂", f"2024-{m:02d}", "原煤", 10, "t") for m in range(1, 13)]
    run_import(world, submission, write_csv(tmp_path / "coal.csv", rows))
    client = world.client("enterprise_a")
    url = f"/reporting/submissions/{submission.pk}/"
    partial = client.get(
        url, {"period": "2024-03"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="records"
    )
    text = body(partial)
    assert "<html" not in text and text.count('<tr id="record-') == 1 and "2024-03" in text
    assert "<html" in body(client.get(url, {"period": "2024-03"}))


def test_submit_assign_comment_request_changes_correct_and_verify(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    run_import(
        world,
        submission,
        write_csv(tmp_path / "c.csv", [("甲公司", "甲工厂", "2024-01", "原煤", 1000, "t")]),
    )
    manager, secretariat, evaluator = (
        world.client("enterprise_a"),
        world.client("secretariat"),
        world.client("evaluator"),
    )
    url = f"/reporting/submissions/{submission.pk}/"
    page = body(follow(manager, url + "submit/"))
    assert 'data-status="submitted"' in page and 'id="correct-form"' in page
    assert 'id="submit-button"' not in page

    page = body(secretariat.get(url))
    assert 'id="assign-form"' in page and "evaluator" in page
    page = body(follow(secretariat, url + "assign/", {"evaluator": world.users["evaluator"].pk}))
    assert 'data-status="under_verification"' in page

    page = body(evaluator.get(url))
    assert 'id="verify-button"' in page and 'id="changes-form"' in page
    record = ActivityRecord.objects.get()
    follow(evaluator, f"/reporting/records/{record.pk}/comment/", {"text": "请附上入库单"})
    assert RecordComment.objects.get().text == "请附上入库单"
    assert "请附上入库单" in body(manager.get(url))
    page = body(follow(evaluator, url + "request-changes/", {"comment": "1月原煤偏高"}))
    assert 'data-status="changes_requested"' in page

    empty = body(follow(manager, url + "correct/", {"reason": ""}))
    assert 'class="error"' in empty and submission.versions.count() == 1
    follow(manager, url + "correct/", {"reason": "1月原煤按入库单更正为900吨"})
    version = submission.versions.get(number=2)
    record2 = ActivityRecord.objects.get(version=version)
    manager.post(
        f"/reporting/records/{record2.pk}/edit/", {**RECORD, "quantity": "900", "unit": "t"}
    )
    diff = body(manager.get(url + "diff/", {"old": 1, "new": 2}))
    assert "1月原煤按入库单更正为900吨" in diff
    assert '<span class="value" id="changed-count">1</span>' in diff
    assert "1,000.000 t" in diff and "900.000 t" in diff

    follow(manager, url + "submit/")
    follow(secretariat, url + "assign/", {"evaluator": world.users["evaluator"].pk})
    page = body(follow(evaluator, url + "verify/"))
    assert 'data-status="verified"' in page
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED


def test_a_step_the_viewer_may_not_take_is_refused_with_403(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    response = world.client("secretariat").post(f"/reporting/submissions/{submission.pk}/submit/")
    assert response.status_code == 403


def test_submitting_an_empty_draft_says_why_it_cannot(world: World) -> None:
    submission = draft(world)
    page = follow(world.client("enterprise_a"), f"/reporting/submissions/{submission.pk}/submit/")
    assert '<li class="error">' in body(page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
