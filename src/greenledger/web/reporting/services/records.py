"""Activity records entered one at a time (forms, the API): drafts only.

A record goes through the same validation as a file line (the core's ``validate_frame``), so
units, activities, periods and options are checked and converted the same way.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.core.errors import InputError
from greenledger.core.intake import OPTIONAL, REQUIRED, validate_frame
from greenledger.core.outliers import check_plausible
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import ActivityRecord, Submission
from greenledger.web.reporting.services._common import invalid, library, require
from greenledger.web.reporting.services.imports import editable_version
from greenledger.web.reporting.services.inventory import inventory_compute
from greenledger.web.reporting.services.lines import check_belongs, original_columns, record_frame
from greenledger.web.ui.core_messages import render

RECORD_FIELDS = ("site", "period", "activity", "quantity", "unit", *OPTIONAL[1:])


def _errors(error: InputError) -> Any:
    from django.core.exceptions import ValidationError

    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        errors.setdefault(problem.column or "__all__", []).append(render(problem.message))
    return ValidationError(errors)


def _validated(submission: Submission, values: dict[str, Any], version_id: int) -> pl.DataFrame:
    raw = {
        name: [str(values.get(name) if values.get(name) is not None else "")]
        for name in (*REQUIRED, *OPTIONAL)
    }
    raw["enterprise"] = [submission.organisation.name_zh]
    frame = pl.DataFrame(raw, schema=dict.fromkeys(raw, pl.String))
    try:
        lines = validate_frame(frame, library(), file="record")
        check_plausible(lines, file="record")
        lines = check_belongs(lines, submission, file="record")
    except InputError as error:
        raise _errors(error) from None
    return record_frame(lines, original_columns(frame), version_id=version_id, import_job_id=None)


def _state(record: ActivityRecord) -> dict[str, Any]:
    return snapshot(record, [c.removesuffix("_id") for c in storage.RECORD_COLUMNS])


def _require_editor(actor: Any, submission: Submission) -> None:
    require(
        permissions.can_enter_activity_data(actor, submission),
        _("Only the organisation's own users enter its activity data."),
    )


@transaction.atomic
def record_create(*, actor: Any, submission: Submission, **values: Any) -> ActivityRecord:
    _require_editor(actor, submission)
    version = editable_version(submission)
    row = _validated(submission, values, version.pk).row(0, named=True)
    row.pop("version_id")
    record = ActivityRecord.objects.create(version=version, **row)
    inventory_compute(version)
    audit_append(actor=actor, action="activity_record.create", obj=record, after=_state(record))
    return record


@transaction.atomic
def record_update(*, actor: Any, record: ActivityRecord, **changes: Any) -> ActivityRecord:
    submission = record.version.submission
    _require_editor(actor, submission)
    version = editable_version(submission)
    if record.version_id != version.pk:
        raise invalid("record", _("The record belongs to an earlier version, which is locked."))
    before = _state(record)
    current = {
        "site": record.site.name_zh if record.site_id else "",
        "period": record.period,
        "activity": record.activity,
        "quantity": record.original_quantity or repr(record.quantity),
        "unit": record.original_unit or record.unit,
        "instrument": record.instrument,
        "removal_efficiency": repr(record.removal_efficiency),
        "sulfur_percent": "" if record.sulfur_percent is None else repr(record.sulfur_percent),
        "technology": record.technology,
        "product": record.product,
    }
    if "quantity" in changes and "unit" not in changes:
        current["unit"] = record.original_unit or record.unit
    current.update({k: v for k, v in changes.items() if k in RECORD_FIELDS and v is not None})
    row = _validated(submission, current, version.pk).row(0, named=True)
    row.pop("version_id")
    row["import_job_id"] = record.import_job_id
    for name, value in row.items():
        setattr(record, name, value)
    record.save()
    inventory_compute(version)
    audit_append(
        actor=actor,
        action="activity_record.update",
        obj=record,
        before=before,
        after=_state(record),
    )
    return record


@transaction.atomic
def record_delete(*, actor: Any, record: ActivityRecord) -> None:
    submission = record.version.submission
    _require_editor(actor, submission)
    version = editable_version(submission)
    if record.version_id != version.pk:
        raise invalid("record", _("The record belongs to an earlier version, which is locked."))
    before = _state(record)
    pk = record.pk
    record.delete()
    inventory_compute(version)
    audit_append(
        actor=actor,
        action="activity_record.delete",
        object_type="reporting.activityrecord",
        object_id=pk,
        before=before,
    )
