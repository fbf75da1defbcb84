"""Activity-file imports: upload -> background job -> safety checks, validation -> one
transaction that replaces confirmed overlaps, bulk-inserts the lines and computes the inventory.

All or nothing: a job that fails, or a process killed in the middle, leaves the records as they
were; the job can be run again. Progress is committed to the job row between stages.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.intake import read_table, validate_frame
from greenledger.core.messages import Message, message
from greenledger.core.outliers import find_outliers
from greenledger.core.workbook_safety import inspect_sheet, inspect_upload
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import (
    ActivityRecord,
    ImportJob,
    ImportStatus,
    Submission,
    SubmissionVersion,
)
from greenledger.web.reporting.services._common import (
    invalid,
    library,
    now,
    problem_dicts,
    require,
)
from greenledger.web.reporting.services.heartbeat import job_heartbeat, orphaned_tasks_fail
from greenledger.web.reporting.services.inventory import canonical_frame, inventory_store
from greenledger.web.reporting.services.lines import check_belongs, original_columns, record_frame
from greenledger.web.reporting.services.submissions import current_version
from greenledger.web.reporting.services.uploads import (
    max_upload_bytes,
    may_hold_merged_cells_or_formulas,
    named_copy,
    store_upload,
    too_large,
)

logger = logging.getLogger("greenledger.reporting")
FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED)


def _job_state(job: ImportJob) -> dict[str, Any]:
    return snapshot(job, ["status", "stage", "rows_total", "replace", "sha256", "version"])


def editable_version(submission: Submission) -> SubmissionVersion:
    """The draft version data goes into, or a field error if the submission is locked."""
    version = current_version(submission)
    if version.frozen:
        raise invalid(
            "status",
            _("Version %(number)s is submitted and locked; correct it to make a new version.")
            % {"number": version.number},
        )
    return version


@transaction.atomic
def import_job_create(
    *, actor: Any, submission: Submission, upload: Any, filename: str, replace: bool = False
) -> ImportJob:
    """Store an uploaded activity file and queue its import into the current draft.

    ``upload`` is a Django UploadedFile or a filesystem path. Enqueue the job after the
    transaction commits (``import_job_enqueue``).
    """
    require(
        permissions.can_enter_activity_data(actor, submission),
        _("Only the organisation's own users import its activity data."),
    )
    version = editable_version(submission)
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_upload_bytes():
        raise InputError([too_large(filename, declared)])  # nothing stored
    path, sha256, size = store_upload(upload, filename)
    job = ImportJob.objects.create(
        organisation_id=submission.organisation_id,
        submission=submission,
        version=version,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_filename=Path(filename).name[:255],
        stored_path=str(path),
        sha256=sha256,
        size=size,
        replace=replace,
        created_at=now(),
    )
    audit_append(actor=actor, action="import_job.create", obj=job, after=_job_state(job))
    return job


def import_job_enqueue(job: ImportJob) -> None:
    """Hand the job to the task queue once the surrounding transaction has committed."""
    from greenledger.web.reporting.tasks import run_import_job

    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.enqueue(job_id))


@transaction.atomic
def import_job_confirm_replace(*, actor: Any, job: ImportJob) -> ImportJob:
    """The user confirms that the file replaces the overlapping stored lines; re-run the job."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    require(
        permissions.can_enter_activity_data(actor, job.submission),
        _("Only the organisation's own users import its activity data."),
    )
    if job.status != ImportStatus.NEEDS_CONFIRMATION:
        raise invalid("status", _("This import is not waiting for a confirmation."))
    editable_version(job.submission)
    before = _job_state(job)
    job.replace = True
    job.status = ImportStatus.QUEUED
    job.stage = ""
    job.progress = 0
    job.save(update_fields=["replace", "status", "stage", "progress"])
    audit_append(
        actor=actor,
        action="import_job.confirm_replace",
        obj=job,
        before=before,
        after=_job_state(job),
    )
    return job


@transaction.atomic
def import_job_requeue_stale(*, older_than: dt.timedelta | None = None) -> list[int]:
    """Running jobs whose heartbeat stopped (their process died) go back to the queue.

    Safe on any number of hosts at once: rows are locked and re-checked, and a row another
    transaction holds (a live worker storing the job, or another host re-queueing it) is skipped.
    """
    limit = (
        older_than
        if older_than is not None
        else dt.timedelta(seconds=settings.GREENLEDGER_IMPORT_STALE_SECONDS)
    )
    cutoff = now() - limit
    stale = list(
        ImportJob.objects.select_for_update(skip_locked=True).filter(
            status=ImportStatus.RUNNING, heartbeat_at__lte=cutoff
        )
    )
    for job in stale:
        before = _job_state(job)
        job.status = ImportStatus.QUEUED
        job.stage = ""
        job.progress = 0
        job.save(update_fields=["status", "stage", "progress"])
        audit_append(
            actor=None,
            action="import_job.requeue_stale",
            obj=job,
            before=before,
            after=_job_state(job),
        )
        orphaned_tasks_fail(job.pk)
        import_job_enqueue(job)
    return [job.pk for job in stale]


# -- running a job ------------------------------------------------------------------------------


def _progress(job: ImportJob, stage: str, progress: int, **fields: Any) -> None:
    """Commit the job's stage and progress (outside any data transaction)."""
    job.stage = stage
    job.progress = progress
    job.heartbeat_at = now()
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["stage", "progress", "heartbeat_at", *fields])


def _claim(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportStatus.QUEUED:
            return None
        moment = now()
        job.status = ImportStatus.RUNNING
        job.started_at = moment
        job.heartbeat_at = moment
        job.attempts += 1
        job.stage = "safety"
        job.progress = 5
        job.problems = []
        job.save()
    return job


def import_job_run(job_id: int) -> str:
    """The task body: run one import job to its end; return its final status."""
    job = _claim(job_id)
    if job is None:
        current = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return current or "missing"
    with job_heartbeat(job):
        return _run(job)


def _run(job: ImportJob) -> str:
    try:
        prepared = _prepare(job)
        if prepared is None:
            return job.status
        _progress(job, "store", 70)
        _store(job, *prepared)
    except _Superseded:
        job.refresh_from_db()
        return job.status
    except _Overlapped as overlapped:
        _ask_confirmation(job, overlapped.overlap, job.warnings)
    except InputError as error:
        problems = problem_dicts(error.problems, sheet=_sheet_name(job))
        _fail(job, problems, error.headline_message)
    except Exception as error:  # an unexpected failure still ends the job, never half-stored
        logger.exception("import job %s failed", job.pk)
        reason = message("import.internal_error", error=type(error).__name__)
        _fail(job, problem_dicts([Problem(reason, file=job.original_filename)]), reason)
    return job.status


def _sheet_name(job: ImportJob) -> str | None:
    if not job.original_filename.lower().endswith(".xlsx"):
        return None
    try:
        from python_calamine import CalamineWorkbook

        return str(CalamineWorkbook.from_path(job.stored_path).sheet_names[0])
    except Exception:
        return None


def _fail(job: ImportJob, problems: list[dict[str, Any]], headline: Message) -> None:
    """The job failed: its problems stored, the ledger records the headline's code and
    parameters (language-neutral, as the problems are)."""
    with transaction.atomic():
        before = _job_state(job)
        job.status = ImportStatus.FAILED
        job.problems = problems
        job.finished_at = now()
        job.heartbeat_at = job.finished_at
        job.save(update_fields=["status", "problems", "finished_at", "heartbeat_at"])
        audit_append(
            actor=None,
            action="import_job.fail",
            obj=job,
            before=before,
            after={**_job_state(job), "headline": headline.as_dict(), "problems": len(problems)},
        )


def _prepare(job: ImportJob) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """Stages 1 (safety, read, validate) and the overlap check; None if it needs confirmation."""
    path = Path(job.stored_path)
    display = path.with_name(job.original_filename) if job.original_filename else path
    inspect_upload(named_copy(path, display), max_bytes=max_upload_bytes())
    if path.suffix.lower() == ".xlsx" and may_hold_merged_cells_or_formulas(path):
        inspect_sheet(named_copy(path, display))
    _progress(job, "read", 15)
    raw = read_table(named_copy(path, display))
    _progress(job, "validate", 35, rows_total=raw.height)
    sheet = _sheet_name(job)
    try:
        lines = validate_frame(raw, library(), file=job.original_filename)
    except InputError as error:
        raise InputError(
            [_with_sheet(p, sheet) for p in error.problems], headline=error.headline_message
        ) from None
    lines = check_belongs(lines, job.submission, file=job.original_filename, sheet=sheet)
    records = record_frame(
        lines, original_columns(raw), version_id=job.version_id, import_job_id=job.pk
    )
    _progress(job, "outliers", 55)
    warnings = _outlier_warnings(job, lines)
    overlap = _overlap(job, records)
    if overlap and not job.replace:
        _ask_confirmation(job, overlap, warnings)
        return None
    job.overlap = overlap
    job.warnings = warnings
    return lines, records


class _Superseded(Exception):
    """The job was claimed again (re-queued as stale) while this run was working on it."""


class _Overlapped(Exception):
    """Stored lines that overlap the file appeared while it was being checked."""

    def __init__(self, overlap: dict[str, Any]) -> None:
        super().__init__("overlap")
        self.overlap = overlap


def _ask_confirmation(job: ImportJob, overlap: dict[str, Any], warnings: list[Any]) -> None:
    with transaction.atomic():
        before = _job_state(job)
        job.status = ImportStatus.NEEDS_CONFIRMATION
        job.overlap = overlap
        job.warnings = warnings
        job.heartbeat_at = now()
        job.save(update_fields=["status", "overlap", "warnings", "heartbeat_at"])
        audit_append(
            actor=None,
            action="import_job.needs_confirmation",
            obj=job,
            before=before,
            after={**_job_state(job), "overlap": overlap},
        )


def _with_sheet(problem: Problem, sheet: str | None) -> Problem:
    if sheet is None or problem.sheet:
        return problem
    return Problem(
        problem.message, file=problem.file, row=problem.row, column=problem.column, sheet=sheet
    )


def _outlier_warnings(job: ImportJob, lines: pl.DataFrame) -> list[dict[str, Any]]:
    """Months that break with the enterprise's own stored history (frozen earlier versions)."""
    from greenledger.web.reporting.services.inventory import version_frame

    history_versions = SubmissionVersion.objects.filter(
        submission__organisation_id=job.organisation_id, frozen=True
    ).exclude(submission_id=job.submission_id)
    latest: dict[int, SubmissionVersion] = {}
    for version in history_versions.select_related("submission__organisation"):
        kept = latest.get(version.submission_id)
        if kept is None or version.number > kept.number:
            latest[version.submission_id] = version
    frames = [version_frame(v) for v in latest.values()]
    history = pl.concat(frames) if frames else lines.clear()
    organisation = job.submission.organisation
    month = lines.with_columns(pl.lit(organisation.name_zh).alias("enterprise"))
    outliers = find_outliers(month, history, library=library())
    return [
        {
            "row": o.row,
            "column": "quantity",
            "period": o.period,
            "activity": o.activity,
            "site": o.site,
            "quantity": o.quantity,
            "median": o.median,
            "ratio": o.ratio if math.isfinite(o.ratio) else None,  # JSON has no infinity
            "reason": o.explanation,
            **o.message.as_dict(),
        }
        for o in outliers
    ]


def _overlap(job: ImportJob, records: pl.DataFrame) -> dict[str, Any]:
    same_file = (
        ImportJob.objects.filter(
            version_id=job.version_id, sha256=job.sha256, status=ImportStatus.SUCCEEDED
        )
        .exclude(pk=job.pk)
        .values_list("pk", flat=True)
        .first()
    )
    overlapping = storage.overlapping_ids(job.version_id, records)
    if same_file is None and overlapping.is_empty():
        return {}
    periods = sorted(overlapping["period"].unique().to_list()) if overlapping.height else []
    return {
        "same_file_job": same_file,
        "records": overlapping.height,
        "periods": periods,
        "activities": sorted(overlapping["activity"].unique().to_list())[:50],
    }


def _store(job: ImportJob, lines: pl.DataFrame, records: pl.DataFrame) -> None:
    """Stage 2: one transaction. Killing the process anywhere in here rolls all of it back."""
    with transaction.atomic():
        version = SubmissionVersion.objects.select_for_update().get(pk=job.version_id)
        if version.frozen:
            raise InputError(
                [
                    Problem(
                        message("import.version_frozen", number=version.number),
                        file=job.original_filename,
                    )
                ]
            )
        claimed = ImportJob.objects.select_for_update().get(pk=job.pk)
        if claimed.status != ImportStatus.RUNNING or claimed.attempts != job.attempts:
            raise _Superseded
        replaced = 0
        had_records = ActivityRecord.objects.filter(version=version).exists()
        if had_records and not job.replace:
            overlap = _overlap(job, records)  # again, under the lock: another import may have
            if overlap:  # stored overlapping lines since the check before this transaction
                raise _Overlapped(overlap)
        if job.replace and had_records:
            ids = storage.overlapping_ids(version.pk, records)["id"].to_list()
            for start in range(0, len(ids), 10_000):
                ActivityRecord.objects.filter(pk__in=ids[start : start + 10_000]).delete()
            replaced = len(ids)
        storage.insert_records(records)
        _progress(job, "compute", 85)
        if had_records:
            from greenledger.web.reporting.services.inventory import version_frame

            frame = version_frame(version)
        else:
            names = dict(zip(lines["site_id"].to_list(), lines["site"].to_list(), strict=True))
            frame = canonical_frame(
                records,
                enterprise=job.submission.organisation.name_zh,
                site_names={k: v for k, v in names.items() if k is not None},
            )
        inventory_store(version, frame)
        before = _job_state(job)
        job.status = ImportStatus.SUCCEEDED
        job.stage = "done"
        job.progress = 100
        job.finished_at = now()
        job.heartbeat_at = job.finished_at
        job.save()
        audit_append(
            actor=job.uploaded_by,
            action="import_job.succeed",
            obj=job,
            before=before,
            after={
                **_job_state(job),
                "inserted": records.height,
                "replaced": replaced,
                "warnings": len(job.warnings),
            },
        )
