from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Router

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.reporting.models import ActivityRecord, ImportJob, Submission

router = Router(tags=["reporting"])


def visible_submission(request: Any, submission_id: int) -> Submission:
    submission = (
        permissions.visible_submissions(request.auth)
        .select_related("organisation")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        refused_or_404(request, user=request.auth, scope="inventories", pk=submission_id)
    access_log_for(
        request,
        user=request.auth,
        organisation=submission.organisation_id,
        scope="inventories",
        obj=submission,
    )
    return submission


def visible_record(request: Any, record_id: int) -> ActivityRecord:
    record = (
        ActivityRecord.objects.select_related("version__submission").filter(pk=record_id).first()
    )
    if record is None or not permissions.can_view_submission(
        request.auth, record.version.submission
    ):
        raise Http404
    return record


def visible_job(request: Any, job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("submission").filter(pk=job_id).first()
    if job is None or not permissions.can_enter_activity_data(request.auth, job.submission):
        raise Http404
    return job
