"""The submission workflow: draft -> submitted (frozen) -> under verification -> verified,
with change requests and corrections as new versions. Every step is audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Assignment, Role
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import (
    ActivityRecord,
    RecordComment,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from greenledger.web.reporting.services._common import invalid, now, require
from greenledger.web.reporting.services.inventory import inventory_compute

REVIEWABLE = (SubmissionStatus.UNDER_VERIFICATION,)


def current_version(submission: Submission) -> SubmissionVersion:
    return submission.versions.order_by("-number").first()  # type: ignore[return-value]


def _state(submission: Submission) -> dict[str, Any]:
    return snapshot(submission, ["status", "evaluator"])


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


@transaction.atomic
def submission_create_draft(*, actor: Any, organisation: Organisation, year: int) -> Submission:
    """Open the reporting year of an organisation: a submission with an empty version 1."""
    require(
        permissions.can_create_submission(actor, organisation),
        _("Only the organisation's own users open its reporting years."),
    )
    if not 1990 <= int(year) <= 2100:
        raise invalid("year", _("The reporting year must lie between 1990 and 2100."))
    if Submission.objects.filter(organisation=organisation, year=year).exists():
        raise invalid("year", _("This organisation already has a submission for that year."))
    moment = now()
    submission = Submission.objects.create(
        organisation=organisation, year=year, created_at=moment, updated_at=moment
    )
    version = SubmissionVersion.objects.create(
        submission=submission, number=1, created_by=actor, created_at=moment
    )
    audit_append(actor=actor, action="submission.create", obj=submission, after=_state(submission))
    audit_append(
        actor=actor,
        action="submission_version.create",
        obj=version,
        after=snapshot(version, ["number", "reason"]),
    )
    return submission


def content_sha256(version: SubmissionVersion) -> str:
    """A digest of the version's records (keys and values, in a stable order)."""
    frame = storage.version_records(version.pk).drop("id", "version_id", "import_job_id")
    frame = frame.sort(list(frame.columns), nulls_last=True)
    digest = hashlib.sha256()
    for batch in frame.iter_slices(100_000):
        digest.update(batch.write_csv(include_header=False).encode())
    return digest.hexdigest()


@transaction.atomic
def submission_submit(*, actor: Any, submission: Submission) -> Submission:
    """Freeze the current version and compute its inventory."""
    submission = _locked(submission)
    require(
        permissions.can_submit_submission(actor, submission),
        _("Only the organisation's energy manager submits its data."),
    )
    version = current_version(submission)
    if version.frozen or submission.status not in (SubmissionStatus.DRAFT,):
        raise invalid("status", _("Only a draft can be submitted; correct it to make a new draft."))
    if not version.records.exists():
        raise invalid("records", _("The draft has no activity records to submit."))
    before = _state(submission)
    moment = now()
    version.frozen = True
    version.submitted_at = moment
    version.submitted_by = actor
    version.content_sha256 = content_sha256(version)
    version.save(update_fields=["frozen", "submitted_at", "submitted_by", "content_sha256"])
    inventory = inventory_compute(version)
    submission.status = (
        SubmissionStatus.UNDER_VERIFICATION
        if submission.evaluator_id
        else SubmissionStatus.SUBMITTED
    )
    submission.updated_at = moment
    submission.save(update_fields=["status", "updated_at"])
    audit_append(
        actor=actor,
        action="submission.submit",
        obj=submission,
        before=before,
        after={
            **_state(submission),
            "version": version.number,
            "content_sha256": version.content_sha256,
            "factor_set_version": inventory.factor_set_version if inventory else None,
        },
    )
    return submission


@transaction.atomic
def submission_assign_evaluator(
    *, actor: Any, submission: Submission, evaluator: Any
) -> Submission:
    """Give a submitted version to an evaluator assigned to the organisation (four eyes)."""
    submission = _locked(submission)
    require(
        permissions.can_assign_evaluators(actor),
        _("Only the alliance secretariat assigns evaluators."),
    )
    if evaluator.role != Role.EVALUATOR or not evaluator.is_active:
        raise invalid("evaluator", _("The user is not an active third-party evaluator."))
    if evaluator.organisation_id == submission.organisation_id:
        raise invalid(
            "evaluator",
            _("An evaluator cannot verify the organisation they belong to."),
        )
    assigned = Assignment.objects.filter(
        evaluator=evaluator, organisation_id=submission.organisation_id, ended_at__isnull=True
    ).exists()
    if not assigned:
        raise invalid(
            "evaluator",
            _("The evaluator is not assigned to this organisation; assign them first."),
        )
    if submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_VERIFICATION):
        raise invalid("status", _("Only a submitted version can be given to an evaluator."))
    before = _state(submission)
    submission.evaluator = evaluator
    submission.status = SubmissionStatus.UNDER_VERIFICATION
    submission.updated_at = now()
    submission.save(update_fields=["evaluator", "status", "updated_at"])
    audit_append(
        actor=actor,
        action="submission.assign_evaluator",
        obj=submission,
        before=before,
        after=_state(submission),
    )
    return submission


def _require_reviewer(actor: Any, submission: Submission) -> None:
    require(
        permissions.can_review_submission(actor, submission),
        _("Only the evaluator assigned to this submission reviews it."),
    )
    if submission.status not in REVIEWABLE:
        raise invalid("status", _("The submission is not under verification."))


@transaction.atomic
def record_comment(*, actor: Any, record: ActivityRecord, text: str) -> RecordComment:
    """The evaluator's comment on one line of the version under verification."""
    submission = record.version.submission
    _require_reviewer(actor, submission)
    if record.version_id != current_version(submission).pk:
        raise invalid("record", _("Comment on the lines of the version under verification."))
    text = (text or "").strip()
    if not text:
        raise invalid("text", _("The comment is empty."))
    comment = RecordComment.objects.create(
        record=record, evaluator=actor, text=text[:5000], created_at=now()
    )
    audit_append(
        actor=actor,
        action="record_comment.create",
        obj=comment,
        after=snapshot(comment, ["record", "text"]),
    )
    return comment


@transaction.atomic
def submission_request_changes(*, actor: Any, submission: Submission, comment: str) -> Submission:
    submission = _locked(submission)
    _require_reviewer(actor, submission)
    comment = (comment or "").strip()
    if not comment:
        raise invalid("comment", _("Say what has to change."))
    before = _state(submission)
    submission.status = SubmissionStatus.CHANGES_REQUESTED
    submission.updated_at = now()
    submission.save(update_fields=["status", "updated_at"])
    audit_append(
        actor=actor,
        action="submission.request_changes",
        obj=submission,
        before=before,
        after={**_state(submission), "comment": comment[:5000]},
    )
    return submission


@transaction.atomic
def submission_verify(*, actor: Any, submission: Submission) -> Submission:
    submission = _locked(submission)
    _require_reviewer(actor, submission)
    version = current_version(submission)
    require(
        version.submitted_by_id != getattr(actor, "pk", None),
        _("Nobody verifies a version they submitted themselves."),
    )
    open_comments = RecordComment.objects.filter(record__version=version, resolved=False).count()
    before = _state(submission)
    submission.status = SubmissionStatus.VERIFIED
    submission.updated_at = now()
    submission.save(update_fields=["status", "updated_at"])
    audit_append(
        actor=actor,
        action="submission.verify",
        obj=submission,
        before=before,
        after={
            **_state(submission),
            "version": version.number,
            "content_sha256": version.content_sha256,
            "open_comments": open_comments,
        },
    )
    _refresh_district_fact(actor, submission)
    return submission


def _refresh_district_fact(actor: Any, submission: Submission) -> None:
    """Bring the district's fact for this enterprise-year onto the version just verified, in
    this transaction (a failure undoes the verification too).

    Imported here, not at the top: the district app reads reporting's tables (its facts are
    copied from inventories), so reporting -> district at module level would make the two
    apps import each other. The call goes one way at run time only."""
    from greenledger.web.district.services.facts import facts_refresh

    facts_refresh(actor=actor, submission=submission)


@transaction.atomic
def submission_correct(*, actor: Any, submission: Submission, reason: str) -> SubmissionVersion:
    """A new draft version copied from the last one; earlier versions stay as they were."""
    submission = _locked(submission)
    require(
        permissions.can_correct_submission(actor, submission),
        _("Only the organisation's energy manager corrects its data."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Give the reason for the correction."))
    last = current_version(submission)
    if not last.frozen:
        raise invalid("status", _("The current version is still a draft; edit it directly."))
    before = _state(submission)
    moment = now()
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=last.number + 1,
        reason=reason[:5000],
        created_by=actor,
        created_at=moment,
    )
    copied = storage.version_records(last.pk).drop("id").with_columns(version_id=version.pk)
    storage.insert_records(copied)
    inventory_compute(version)
    # A corrected draft goes back through verification; the evaluator stays assigned.
    submission.status = SubmissionStatus.DRAFT
    submission.updated_at = moment
    submission.save(update_fields=["status", "updated_at"])
    audit_append(
        actor=actor,
        action="submission.correct",
        obj=submission,
        before=before,
        after={
            **_state(submission),
            "version": version.number,
            "from_version": last.number,
            "reason": version.reason,
        },
    )
    # The district's fact stays on the last verified version until this one is verified
    # (district.selectors.facts shows it as "correction in progress"); nothing to refresh.
    return version
