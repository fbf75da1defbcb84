"""Submissions, records and the verification workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, DbInt, Year, column, paginated
from greenledger.web.members.models import Site
from greenledger.web.reporting import selectors, services
from greenledger.web.reporting.api._router import router, visible_record, visible_submission
from greenledger.web.reporting.models import ActivityRecord, Submission
from greenledger.web.responses import Status


class VersionOut(Schema):
    id: int
    number: int
    reason: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    frozen: bool
    content_sha256: str


class SubmissionOut(Schema):
    id: int
    organisation_id: int
    year: int
    status: str
    evaluator_id: int | None
    current_version: int

    @staticmethod
    def resolve_current_version(obj: Submission) -> int:
        return services.current_version(obj).number


class SubmissionIn(Schema):
    organisation_id: DbId
    year: Year


class RecordOut(Schema):
    id: int
    version_id: int
    site_id: int | None
    period: str
    activity: str
    quantity: float
    unit: str
    original_quantity: str
    original_unit: str
    instrument: str
    removal_efficiency: float
    sulfur_percent: float | None
    technology: str
    product: str
    product_unit: str
    import_job_id: int | None
    source_row: int | None


class RecordIn(Schema):
    site: str = column(Site, "name_zh", "")
    period: str = column(ActivityRecord, "period")
    activity: str = column(ActivityRecord, "activity")
    quantity: str = column(ActivityRecord, "original_quantity")
    unit: str = column(ActivityRecord, "original_unit")
    instrument: str = column(ActivityRecord, "instrument", "")
    removal_efficiency: str = column(ActivityRecord, "original_quantity", "")
    sulfur_percent: str = column(ActivityRecord, "original_quantity", "")
    technology: str = column(ActivityRecord, "technology", "")
    product: str = column(ActivityRecord, "product", "")


class RecordPatch(Schema):
    site: str | None = column(Site, "name_zh", None)
    period: str | None = column(ActivityRecord, "period", None)
    activity: str | None = column(ActivityRecord, "activity", None)
    quantity: str | None = column(ActivityRecord, "original_quantity", None)
    unit: str | None = column(ActivityRecord, "original_unit", None)
    instrument: str | None = column(ActivityRecord, "instrument", None)
    removal_efficiency: str | None = column(ActivityRecord, "original_quantity", None)
    sulfur_percent: str | None = column(ActivityRecord, "original_quantity", None)
    technology: str | None = column(ActivityRecord, "technology", None)
    product: str | None = column(ActivityRecord, "product", None)


class AssignIn(Schema):
    evaluator_id: DbId


class CommentIn(Schema):
    text: str


class CommentOut(Schema):
    id: int
    record_id: int
    evaluator_id: int
    text: str
    resolved: bool
    created_at: dt.datetime


class ChangesIn(Schema):
    comment: str


class CorrectIn(Schema):
    reason: str


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/submissions", response=list[SubmissionOut], summary="List submissions")
@paginated
def submission_list(request: HttpRequest, year: Year | None = None) -> Any:
    queryset = permissions.visible_submissions(_user(request)).order_by("organisation_id", "year")
    return queryset.filter(year=year) if year else queryset


@router.post("/submissions", response={201: SubmissionOut})
@answers(404)  # the organisation named in the body is not visible
def submission_create(request: HttpRequest, payload: SubmissionIn) -> Any:
    organisation = (
        permissions.visible_organisations(_user(request)).filter(pk=payload.organisation_id).first()
    )
    if organisation is None:
        raise Http404
    submission = services.submission_create_draft(
        actor=_user(request), organisation=organisation, year=payload.year
    )
    return Status(201, submission)


@router.get("/submissions/{int:submission_id}", response=SubmissionOut)
def submission_detail(request: HttpRequest, submission_id: DbId) -> Any:
    return visible_submission(request, submission_id)


@router.get("/submissions/{int:submission_id}/records", response=list[RecordOut])
@paginated
def record_list(request: HttpRequest, submission_id: DbId, version: DbInt | None = None) -> Any:
    submission = visible_submission(request, submission_id)
    chosen = (
        submission.versions.filter(number=version).first()
        if version
        else services.current_version(submission)
    )
    if chosen is None:
        raise Http404
    return ActivityRecord.objects.filter(version=chosen).order_by("id")


@router.post("/submissions/{int:submission_id}/records", response={201: RecordOut})
def record_create(request: HttpRequest, submission_id: DbId, payload: RecordIn) -> Any:
    submission = visible_submission(request, submission_id)
    record = services.record_create(actor=_user(request), submission=submission, **payload.dict())
    return Status(201, record)


@router.patch("/records/{int:record_id}", response=RecordOut)
def record_update(request: HttpRequest, record_id: DbId, payload: RecordPatch) -> Any:
    record = visible_record(request, record_id)
    changes = payload.dict(exclude_unset=True)
    return services.record_update(actor=_user(request), record=record, **changes)


@router.delete("/records/{int:record_id}", response={204: None})
def record_delete(request: HttpRequest, record_id: DbId) -> Any:
    record = visible_record(request, record_id)
    services.record_delete(actor=_user(request), record=record)
    return Status(204, None)


@router.post("/submissions/{int:submission_id}/submit", response=SubmissionOut)
def submission_submit(request: HttpRequest, submission_id: DbId) -> Any:
    submission = visible_submission(request, submission_id)
    return services.submission_submit(actor=_user(request), submission=submission)


@router.post("/submissions/{int:submission_id}/assign", response=SubmissionOut)
def submission_assign(request: HttpRequest, submission_id: DbId, payload: AssignIn) -> Any:
    submission = visible_submission(request, submission_id)
    if not permissions.can_assign_evaluators(_user(request)):
        return services.submission_assign_evaluator(
            actor=_user(request), submission=submission, evaluator=None
        )
    evaluator = User.objects.filter(pk=payload.evaluator_id).first()
    if evaluator is None:
        raise Http404
    return services.submission_assign_evaluator(
        actor=_user(request), submission=submission, evaluator=evaluator
    )


@router.post("/records/{int:record_id}/comments", response={201: CommentOut})
def record_comment(request: HttpRequest, record_id: DbId, payload: CommentIn) -> Any:
    record = visible_record(request, record_id)
    comment = services.record_comment(actor=_user(request), record=record, text=payload.text)
    return Status(201, comment)


@router.get("/records/{int:record_id}/comments", response=list[CommentOut])
def record_comments(request: HttpRequest, record_id: DbId) -> Any:
    return list(visible_record(request, record_id).comments.all())


@router.post("/submissions/{int:submission_id}/request-changes", response=SubmissionOut)
def submission_request_changes(
    request: HttpRequest, submission_id: DbId, payload: ChangesIn
) -> Any:
    submission = visible_submission(request, submission_id)
    return services.submission_request_changes(
        actor=_user(request), submission=submission, comment=payload.comment
    )


@router.post("/submissions/{int:submission_id}/verify", response=SubmissionOut)
def submission_verify(request: HttpRequest, submission_id: DbId) -> Any:
    submission = visible_submission(request, submission_id)
    return services.submission_verify(actor=_user(request), submission=submission)


@router.post("/submissions/{int:submission_id}/correct", response={201: VersionOut})
def submission_correct(request: HttpRequest, submission_id: DbId, payload: CorrectIn) -> Any:
    submission = visible_submission(request, submission_id)
    version = services.submission_correct(
        actor=_user(request), submission=submission, reason=payload.reason
    )
    return Status(201, version)


@router.get("/submissions/{int:submission_id}/versions", response=list[VersionOut])
def version_list(request: HttpRequest, submission_id: DbId) -> Any:
    return list(visible_submission(request, submission_id).versions.order_by("number"))


@router.get("/submissions/{int:submission_id}/diff")
def version_diff(
    request: HttpRequest, submission_id: DbId, old: DbInt = 1, new: DbInt | None = None
) -> Any:
    submission = visible_submission(request, submission_id)
    newer = (
        submission.versions.filter(number=new).first()
        if new
        else services.current_version(submission)
    )
    older = submission.versions.filter(number=old).first()
    if older is None or newer is None:
        raise Http404
    return selectors.version_diff(older, newer)


@router.get("/submissions/{int:submission_id}/inventory")
def inventory(request: HttpRequest, submission_id: DbId) -> Any:
    submission = visible_submission(request, submission_id)
    result = selectors.latest_inventory(submission)
    if result is None:
        raise Http404
    return {
        "version": result.version.number,
        "computed_at": result.computed_at,
        "factor_set_version": result.factor_set_version,
        "method_version": result.method_version,
        "context": result.context,
        "line_count": result.line_count,
        "totals": result.enterprise_totals,
        "periods": result.totals,
        "by_source": result.by_source,
        "lineage": result.lineage,
    }


@router.get("/organisations/{int:organisation_id}/trends")
def trends(request: HttpRequest, organisation_id: DbId) -> Any:
    submissions = permissions.visible_submissions(_user(request)).filter(
        organisation_id=organisation_id
    )
    if not submissions.exists():
        raise Http404
    return selectors.organisation_trends(submissions)
