"""The reporting API: uploads with progress, confirmation, error reports, records, workflow,
reports and meter series, as company A's manager and the other personas."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase
from openpyxl import load_workbook

from greenledger.web.reporting import services
from greenledger.web.reporting.models import ActivityRecord, MeterSeries
from tests.web.api_support import field_messages
from tests.web.conftest import World
from tests.web.reporting.conftest import draft, monthly_rows, run_import, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
API = "/api/reporting"


def call(world: World, persona: str, method: str, url: str, **kwargs: Any) -> Any:
    """One API request; tasks enqueued when its transaction commits run (immediately)."""
    client = world.client("anonymous")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(f"{API}{url}", **kwargs, **world.api_headers(persona))


def upload(world: World, submission_id: int, path: Path, persona: str = "enterprise_a") -> Any:
    """POST the file (202, job queued), then GET the job as a page polling its progress does."""
    response = post_file(world, submission_id, path, persona)
    if response.status_code != 202:
        return response
    assert response.json()["status"] == "queued"
    return call(world, persona, "get", f"/imports/{response.json()['id']}")


def post_file(world: World, submission_id: int, path: Path, persona: str = "enterprise_a") -> Any:
    with path.open("rb") as handle:
        return call(
            world, persona, "post", f"/submissions/{submission_id}/imports", data={"file": handle}
        )


def test_an_uploaded_file_becomes_a_job_whose_progress_and_result_the_api_reports(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    response = post_file(
        world, submission.pk, write_csv(tmp_path / "d.csv", monthly_rows(), encoding="gbk")
    )
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["progress"]) == ("queued", 0)
    status = call(world, "enterprise_a", "get", f"/imports/{job['id']}").json()
    assert (status["status"], status["progress"], status["rows_total"]) == ("succeeded", 100, 36)
    records = call(world, "enterprise_a", "get", f"/submissions/{submission.pk}/records").json()
    assert records["count"] == 36
    inventory = call(world, "enterprise_a", "get", f"/submissions/{submission.pk}/inventory").json()
    assert inventory["totals"]["energy_tce"] == pytest.approx(1451.7)
    assert call(world, "enterprise_b", "get", f"/imports/{job['id']}").status_code == 404
    listed = call(world, "enterprise_a", "get", f"/submissions/{submission.pk}/imports").json()
    assert [j["id"] for j in listed] == [job["id"]]


def test_a_bad_file_answers_with_problems_and_a_marked_copy_to_download(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    rows = monthly_rows()
    rows[4] = ("甲公司", "甲工厂", "2024-02", "外购电力", "五十", "万kWh")
    job = upload(world, submission.pk, write_xlsx(tmp_path / "bad.xlsx", rows)).json()
    assert job["status"] == "failed"
    assert job["problems"] == [
        {
            "file": "bad.xlsx",
            "sheet": "活动数据",
            "row": 6,
            "column": "quantity",
            "reason": "'五十' is not a number",
            "code": "intake.not_a_number",
            "params": {"value": "五十"},
            "message": "“五十”不是数字",  # the request's language: the platform's default
        }
    ]
    # The same stored problem asked for in English: the same code, the reason in English.
    english = call(
        world, "enterprise_a", "get", f"/imports/{job['id']}", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["problems"][0]
    assert (english["code"], english["message"]) == (
        "intake.not_a_number",
        "'五十' is not a number",
    )
    report = call(world, "enterprise_a", "get", f"/imports/{job['id']}/error-report")
    assert report.status_code == 200
    workbook = load_workbook(io.BytesIO(report.content))
    assert workbook["活动数据"]["E6"].comment is not None
    assert ActivityRecord.objects.count() == 0


def test_an_upload_without_a_file_or_over_the_limit_is_refused_and_nothing_is_kept(
    world: World, tmp_path: Path, settings: Any
) -> None:
    submission = draft(world)
    response = call(world, "enterprise_a", "post", f"/submissions/{submission.pk}/imports")
    assert response.status_code == 422
    settings.GREENLEDGER_MAX_UPLOAD_BYTES = 200
    response = upload(world, submission.pk, write_csv(tmp_path / "big.csv", monthly_rows()))
    assert response.status_code == 422
    assert "larger than the limit" in response.json()["problems"][0]["reason"]
    assert not list((tmp_path / "private").rglob("*.csv"))


def test_an_overlapping_upload_waits_for_confirmation_then_replaces(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    path = write_csv(tmp_path / "d.csv", monthly_rows())
    upload(world, submission.pk, path)
    second = upload(world, submission.pk, path).json()
    assert second["status"] == "needs_confirmation" and second["overlap"]["records"] == 36
    confirmed = call(world, "enterprise_a", "post", f"/imports/{second['id']}/confirm-replace")
    assert confirmed.status_code == 202 and confirmed.json()["status"] == "queued"
    done = call(world, "enterprise_a", "get", f"/imports/{second['id']}").json()
    assert done["status"] == "succeeded"
    assert ActivityRecord.objects.count() == 36


def test_records_are_created_changed_and_deleted_through_the_api(world: World) -> None:
    submission = draft(world)
    created = call(
        world,
        "enterprise_a",
        "post",
        f"/submissions/{submission.pk}/records",
        data={
            "site": "甲工厂",
            "period": "2024-05",
            "activity": "柴油",
            "quantity": "1,200",
            "unit": "kg",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    record = created.json()
    assert (record["activity"], record["quantity"], record["unit"]) == ("diesel", 1.2, "t")
    patched = call(
        world,
        "enterprise_a",
        "patch",
        f"/records/{record['id']}",
        data={"quantity": "2"},
        content_type="application/json",
    )
    assert patched.json()["quantity"] == pytest.approx(0.002)  # still in kg as entered
    bad = call(
        world,
        "enterprise_a",
        "patch",
        f"/records/{record['id']}",
        data={"period": "2031-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and field_messages(bad, "period")
    assert call(world, "enterprise_a", "delete", f"/records/{record['id']}").status_code == 204
    assert ActivityRecord.objects.count() == 0


def test_the_workflow_runs_through_the_api_and_reports_follow(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    run_import(world, submission, write_csv(tmp_path / "d.csv", monthly_rows()))
    url = f"/submissions/{submission.pk}"
    assert call(world, "enterprise_a", "post", f"{url}/submit").json()["status"] == "submitted"
    assigned = call(
        world,
        "secretariat",
        "post",
        f"{url}/assign",
        data={"evaluator_id": world.users["evaluator"].pk},
        content_type="application/json",
    )
    assert assigned.json()["status"] == "under_verification"
    record = ActivityRecord.objects.filter(version__submission=submission).first()
    comment = call(
        world,
        "evaluator",
        "post",
        f"/records/{record.pk}/comments",
        data={"text": "请提供凭证"},
        content_type="application/json",
    )
    assert comment.status_code == 201
    changes = call(
        world,
        "evaluator",
        "post",
        f"{url}/request-changes",
        data={"comment": "请更正"},
        content_type="application/json",
    )
    assert changes.json()["status"] == "changes_requested"
    corrected = call(
        world,
        "enterprise_a",
        "post",
        f"{url}/correct",
        data={"reason": "按凭证更正"},
        content_type="application/json",
    )
    assert corrected.status_code == 201 and corrected.json()["number"] == 2
    versions = call(world, "enterprise_a", "get", f"{url}/versions").json()
    assert [v["number"] for v in versions] == [1, 2] and versions[0]["frozen"]
    diff = call(world, "enterprise_a", "get", f"{url}/diff?old=1&new=2").json()
    assert diff["added_count"] == diff["removed_count"] == diff["changed_count"] == 0
    call(world, "enterprise_a", "post", f"{url}/submit")
    verified = call(world, "evaluator", "post", f"{url}/verify")
    assert verified.json()["status"] == "verified"
    pdf = call(world, "analyst", "get", f"{url}/report.pdf?language=en")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = call(world, "enterprise_a", "get", f"{url}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    district = call(world, "secretariat", "get", "/district/inventories.xlsx")
    assert district.status_code == 200
    sheet = load_workbook(io.BytesIO(district.content)).worksheets[0]
    assert sheet.max_row == 2  # the header and company A's verified year
    trends = call(world, "analyst", "get", f"/organisations/{world.company_a.pk}/trends").json()
    assert trends["yearly"][0]["energy_tce"] == pytest.approx(1451.7)


def test_the_template_downloads_in_both_languages_and_imports_once_filled_in(
    world: World, tmp_path: Path
) -> None:
    for language in ("zh", "en"):
        response = call(world, "anonymous", "get", f"/template?language={language}")
        assert response.status_code == 200 and response.content.startswith(b"PK")
    assert call(world, "anonymous", "get", "/template?language=fr").status_code == 422
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    values = {
        "enterprise": "Company A",
        "site": "甲工厂",
        "period": "2024-01",
        "activity": "Raw coal",
        "quantity": 1000,
        "unit": "t",
    }
    for index, header in enumerate(headers, start=1):
        key = next((k for k in values if header and k in str(header).lower()), None)
        if key:
            sheet.cell(row=2, column=index, value=values[key])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    submission = draft(world)
    job = upload(world, submission.pk, path).json()
    assert job["status"] == "succeeded", job["problems"]
    assert ActivityRecord.objects.get().quantity == 1000.0


def _meter_csv(path: Path, year: int, meter: str, skip: int = 0) -> Path:
    start = dt.datetime(year, 1, 1)
    hours = (dt.datetime(year + 1, 1, 1) - start) // dt.timedelta(hours=1)
    lines = ["meter,timestamp,kwh"] + [
        f"{meter},{start + dt.timedelta(hours=i):%Y-%m-%d %H:%M},2.5"
        for i in range(hours)
        if not (100 <= i < 100 + skip)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_meter_series_are_stored_per_site_and_year_with_gaps_reported(
    world: World, tmp_path: Path
) -> None:
    url = f"/sites/{world.site_a.pk}/meter-series?year=2024"
    with _meter_csv(tmp_path / "m1.csv", 2024, "M1", skip=5).open("rb") as handle:
        first = call(world, "enterprise_a", "post", url, data={"file": handle})
    assert first.status_code == 201, first.content
    [series] = first.json()
    assert series["rows"] == 8784 - 5 and series["coverage"] == pytest.approx(100 * 8779 / 8784)
    assert series["report"]["meters"][0]["gaps"]
    with _meter_csv(tmp_path / "m2.csv", 2024, "M2").open("rb") as handle:
        call(world, "enterprise_a", "post", url, data={"file": handle})
    stored = MeterSeries.objects.filter(site=world.site_a, year=2024)
    assert stored.count() == 2 and len({s.sha256 for s in stored}) == 1
    listed = call(world, "enterprise_a", "get", f"/sites/{world.site_a.pk}/meter-series").json()
    assert [s["meter"] for s in listed] == ["M1", "M2"]
    bad = tmp_path / "dup.csv"
    bad.write_text("meter,timestamp,kwh\nM3,2024-01-01 00:00,1\nM3,2024-01-01 00:00,2\n")
    with bad.open("rb") as handle:
        refused = call(world, "enterprise_a", "post", url, data={"file": handle})
    assert refused.status_code == 422 and refused.json()["problems"]
    assert MeterSeries.objects.count() == 2


def test_a_submission_of_another_company_is_not_found(world: World) -> None:
    submission = services.submission_create_draft(
        actor=world.users["enterprise_b"], organisation=world.company_b, year=2024
    )
    for persona in ("enterprise_a", "evaluator", "analyst", "public", "anonymous"):
        response = call(world, persona, "get", f"/submissions/{submission.pk}")
        assert response.status_code == 404, persona
