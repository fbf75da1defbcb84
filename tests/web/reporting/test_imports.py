"""Imports through the services: happy paths, bad input, all or nothing, overlap and replace."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest

from greenledger.core.batch import compute_batch
from greenledger.core.context import AccountingContext
from greenledger.core.factors import load_library
from greenledger.core.intake import read_activity_file
from greenledger.web.audit.models import AuditEntry
from greenledger.web.reporting import services
from greenledger.web.reporting.models import ActivityRecord, ImportStatus, InventoryResult
from tests.web.conftest import World
from tests.web.reporting.conftest import (
    draft,
    monthly_rows,
    run_import,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def test_a_gbk_csv_is_imported_and_its_inventory_computed(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    path = write_csv(tmp_path / "活动数据.csv", monthly_rows(), encoding="gbk")
    job = run_import(world, submission, path)
    assert job.status == ImportStatus.SUCCEEDED, job.problems
    assert job.progress == 100 and job.rows_total == 36
    assert ActivityRecord.objects.filter(version__submission=submission).count() == 36
    record = ActivityRecord.objects.filter(activity="purchased_electricity").first()
    assert record.quantity == pytest.approx(500.0)  # 50 万kWh = 500 MWh
    assert (record.original_quantity, record.original_unit) == ("50", "万kWh")
    assert record.site_id == world.site_a.pk and record.source_row is not None
    inventory = InventoryResult.objects.get(version__submission=submission)
    # 1,000 t raw coal x 0.7143 tce/t = 714.3 tce, plus 6,000 MWh x 0.1229 tce/MWh = 737.4 tce
    assert inventory.enterprise_totals["energy_tce"] == pytest.approx(714.3 + 737.4)
    assert inventory.line_count == 36 and len(inventory.totals) == 12
    assert inventory.lineage and inventory.factor_set_version
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"import_job.create", "import_job.succeed"} <= actions


def test_stored_inventory_equals_compute_batch_on_the_same_lines(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    path = write_csv(tmp_path / "data.csv", monthly_rows())
    run_import(world, submission, path)
    library = load_library()
    frame = read_activity_file(path, library)
    expected = compute_batch(frame, library, AccountingContext(year=2024)).enterprise_totals()
    stored = InventoryResult.objects.get(version__submission=submission).enterprise_totals
    for name in ("energy_tce", "gbt32150_co2e_t", "scope1_co2e_t", "scope2_location_t", "so2_t"):
        assert stored[name] == pytest.approx(expected[name][0], rel=1e-12), name


def test_an_xlsx_workbook_is_imported(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    job = run_import(world, submission, write_xlsx(tmp_path / "data.xlsx", monthly_rows()))
    assert job.status == ImportStatus.SUCCEEDED, job.problems
    assert ActivityRecord.objects.count() == 36


def test_every_problem_is_listed_with_sheet_row_column_and_reason_and_nothing_is_stored(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    rows = monthly_rows()
    rows[0] = ("乙公司", "甲工厂", "2024-01", "原煤", 10, "t")  # another enterprise
    rows[1] = ("甲公司", "无此厂", "2024-01", "外购电力", 10, "万kWh")  # unknown site
    rows[2] = ("甲公司", "甲工厂", "2023-12", "原煤", 10, "t")  # outside the year
    job = run_import(world, submission, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert job.status == ImportStatus.FAILED
    located = {(p["sheet"], p["row"], p["column"]) for p in job.problems}
    assert located == {
        ("活动数据", 2, "enterprise"),
        ("活动数据", 3, "site"),
        ("活动数据", 4, "period"),
    }
    assert ActivityRecord.objects.count() == 0
    assert not InventoryResult.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (("甲公司", "甲工厂", "2024-01", "原煤", "abc", "t"), "quantity", "not a number"),
        (("甲公司", "甲工厂", "2024-01", "原煤", -5, "t"), "quantity", "negative"),
        (("甲公司", "甲工厂", "2024-01", "原煤", 5e12, "t"), "quantity", "not plausible"),
        (("甲公司", "甲工厂", "2024-01", "unobtainium", 5, "t"), "activity", "unknown activity"),
        (("甲公司", "甲工厂", "2024-01", "原煤", 5, "parsecs"), "unit", ""),
        (("甲公司", "甲工厂", "2024-13", "原煤", 5, "t"), "period", "not a period"),
    ],
)
def test_bad_values_are_refused_with_their_row_and_column(
    world: World, tmp_path: Path, row: tuple[object, ...], column: str, fragment: str
) -> None:
    submission = draft(world)
    job = run_import(world, submission, write_csv(tmp_path / "bad.csv", [*monthly_rows(), row]))
    assert job.status == ImportStatus.FAILED
    assert any(
        p["row"] == 38 and p["column"] == column and fragment in p["reason"] for p in job.problems
    ), job.problems
    assert ActivityRecord.objects.count() == 0


def test_a_wrong_header_is_named_with_a_suggestion(world: World, tmp_path: Path) -> None:
    header = ("enterprise", "site", "period", "activty", "quantity", "unit")
    path = write_csv(tmp_path / "h.csv", monthly_rows(), header=header)
    job = run_import(world, draft(world), path)
    assert job.status == ImportStatus.FAILED
    assert "did you mean 'activty'" in job.problems[0]["reason"]


def test_merged_cells_and_formulas_are_refused(world: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "m.xlsx", monthly_rows())
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.merge_cells("A2:A3")
    sheet["E5"] = "=1+1"
    workbook.save(path)
    job = run_import(world, draft(world), path)
    assert job.status == ImportStatus.FAILED
    reasons = " ".join(p["reason"] for p in job.problems).lower()
    assert "merged" in reasons and "formula" in reasons
    assert ActivityRecord.objects.count() == 0


@pytest.mark.parametrize("kind", ["macro", "encrypted", "zip_bomb", "too_large"])
def test_unsafe_uploads_are_refused_and_nothing_is_stored(
    world: World, tmp_path: Path, settings: object, kind: str
) -> None:
    submission = draft(world)
    if kind == "macro":
        path = write_xlsx(tmp_path / "data.xlsx", monthly_rows()).rename(tmp_path / "data.xlsm")
    elif kind == "encrypted":
        path = tmp_path / "data.xlsx"
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    elif kind == "zip_bomb":
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    else:
        settings.GREENLEDGER_MAX_UPLOAD_BYTES = 100  # type: ignore[attr-defined]
        path = write_csv(tmp_path / "big.csv", monthly_rows())
    if kind == "too_large":
        from greenledger.core.errors import InputError

        with pytest.raises(InputError, match="larger than the limit"):
            run_import(world, submission, path)
        assert not list((tmp_path / "private").rglob("big.csv"))
    else:
        job = run_import(world, submission, path)
        assert job.status == ImportStatus.FAILED, kind
        assert job.problems and job.problems[0]["file"] in (path.name, "data.xlsx")
    assert ActivityRecord.objects.count() == 0


def test_the_same_file_twice_asks_before_replacing_and_never_duplicates(
    world: World, tmp_path: Path
) -> None:
    submission = draft(world)
    path = write_csv(tmp_path / "data.csv", monthly_rows())
    assert run_import(world, submission, path).status == ImportStatus.SUCCEEDED
    again = run_import(world, submission, path)
    assert again.status == ImportStatus.NEEDS_CONFIRMATION
    assert again.overlap["records"] == 36 and again.overlap["same_file_job"]
    assert ActivityRecord.objects.count() == 36
    services.import_job_confirm_replace(actor=world.users["enterprise_a"], job=again)
    services.import_job_run(again.pk)
    again.refresh_from_db()
    assert again.status == ImportStatus.SUCCEEDED
    assert ActivityRecord.objects.count() == 36
    assert set(ActivityRecord.objects.values_list("import_job_id", flat=True)) == {again.pk}


def test_an_overlapping_period_replaces_only_the_overlap(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    run_import(world, submission, write_csv(tmp_path / "year.csv", monthly_rows()))
    march = [r for r in monthly_rows(coal_t=2400.0) if r[2] == "2024-03"]
    job = run_import(world, submission, write_csv(tmp_path / "march.csv", march))
    assert job.status == ImportStatus.NEEDS_CONFIRMATION and job.overlap["periods"] == ["2024-03"]
    services.import_job_confirm_replace(actor=world.users["enterprise_a"], job=job)
    services.import_job_run(job.pk)
    coal = ActivityRecord.objects.filter(activity="raw_coal", period="2024-03")
    assert [r.quantity for r in coal] == [200.0]
    assert ActivityRecord.objects.count() == 36
    inventory = InventoryResult.objects.get(version__submission=submission)
    assert inventory.line_count == 36


def test_outliers_against_the_enterprises_history_are_warnings(
    world: World, tmp_path: Path
) -> None:
    manager = world.users["enterprise_a"]
    last_year = draft(world, 2023)
    run_import(world, last_year, write_csv(tmp_path / "2023.csv", monthly_rows(year=2023)))
    services.submission_submit(actor=manager, submission=last_year)
    rows = monthly_rows()
    rows[0] = ("甲公司", "甲工厂", "2024-01", "原煤", 5000, "t")  # 60x the usual month
    job = run_import(world, draft(world), write_csv(tmp_path / "2024.csv", rows))
    assert job.status == ImportStatus.SUCCEEDED
    assert [w["row"] for w in job.warnings] == [2]
    assert job.warnings[0]["activity"] == "raw_coal"


def test_a_stale_running_job_is_requeued_and_can_run_again(world: World, tmp_path: Path) -> None:
    import datetime as dt

    submission = draft(world)
    job = services.import_job_create(
        actor=world.users["enterprise_a"],
        submission=submission,
        upload=write_csv(tmp_path / "d.csv", monthly_rows()),
        filename="d.csv",
    )
    job.status = ImportStatus.RUNNING
    job.heartbeat_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    job.save()
    assert services.import_job_requeue_stale() == [job.pk]
    assert services.import_job_run(job.pk) == ImportStatus.SUCCEEDED
    assert ActivityRecord.objects.count() == 36


def test_a_file_cannot_be_imported_into_a_submitted_version(world: World, tmp_path: Path) -> None:
    from django.core.exceptions import ValidationError

    submission = draft(world)
    run_import(world, submission, write_csv(tmp_path / "d.csv", monthly_rows()))
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    with pytest.raises(ValidationError):
        run_import(world, submission, write_csv(tmp_path / "e.csv", monthly_rows()))


def test_lines_stored_as_parquet_match_the_records(world: World, tmp_path: Path) -> None:
    submission = draft(world)
    run_import(world, submission, write_csv(tmp_path / "d.csv", monthly_rows()))
    inventory = InventoryResult.objects.get()
    lines = pl.read_parquet(inventory.lines_path)
    assert lines.height == 36 and "gbt32150_co2e_t" in lines.columns
