"""Writes of the green project pool: an enterprise lists a project (its consent to show it to the
financial members) or takes it out; a financial analyst expresses the institution's interest in
a listed project; the enterprise accepts or declines it.

Every write is all-or-nothing (``transaction.atomic``) and appended to the audit ledger
(``finance.project.list`` / ``unlist``, ``finance.interest.express`` / ``accept`` /
``decline`` / ``withdraw``). A caller without the right gets ``PermissionDenied`` (403); a
refused request a ``ValidationError`` naming the field and the reason in the user's language (422).

Rules:

- only the enterprise's energy manager lists or unlists its project
  (``permissions.can_manage_projects``); a project is listed only once its eligibility has been
  checked (the pool shows the current result per catalogue), and neither a financed nor a
  withdrawn project is listed;
- only a financial analyst expresses interest (``permissions.can_use_project_pool``), once per
  institution and project, in a project that is listed at that moment;
- the enterprise's energy manager decides a pending interest once; accepting it shares no data
  (a consent is a separate grant, ``accounts.DataSharing``);
- an analyst of the institution withdraws its interest while it is pending (the enterprise then
  sees it withdrawn and can no longer answer it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.finance.models import (
    EligibilityCheck,
    Interest,
    InterestStatus,
    Project,
    ProjectStatus,
)
from greenledger.web.finance.selectors.pool import listed_projects

__all__ = [
    "interest_decide",
    "interest_express",
    "interest_withdraw",
    "project_list",
    "project_unlist",
]

MESSAGE_MAX = 2000
LISTING_FIELDS = ["listed", "status", "updated_at"]
DECISION_FIELDS = ["status", "decided_by", "decided_at", "decision_note"]


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _manage(actor: Any, project: Project) -> None:
    if not permissions.can_manage_projects(actor, project.organisation):
        raise PermissionDenied(_("Only the enterprise's energy manager may do this."))


@transaction.atomic
def project_list(*, actor: Any, project: Project) -> Project:
    """List the project in the green project pool (the enterprise's consent to show it)."""
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    _manage(actor, project)
    if project.listed and project.status == ProjectStatus.LISTED:
        return project
    if project.status in (ProjectStatus.FINANCED, ProjectStatus.WITHDRAWN):
        raise _invalid(
            "status",
            _("A %(status)s project cannot be listed in the pool.")
            % {"status": project.get_status_display()},
        )
    if not EligibilityCheck.objects.filter(project=project).exists():
        raise _invalid(
            "eligibility",
            _("Run the eligibility check first: the pool shows each project's result."),
        )
    before = snapshot(project, LISTING_FIELDS)
    project.listed = True
    project.status = ProjectStatus.LISTED
    project.updated_at = timezone.now()
    project.save(update_fields=LISTING_FIELDS)
    audit_append(
        actor=actor,
        action="finance.project.list",
        obj=project,
        before=before,
        after=snapshot(project, LISTING_FIELDS),
    )
    return project


@transaction.atomic
def project_unlist(*, actor: Any, project: Project) -> Project:
    """Take the project out of the pool (the analysts no longer see it there; interests already
    expressed stay for the enterprise to answer)."""
    project = Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)
    _manage(actor, project)
    if not project.listed and project.status != ProjectStatus.LISTED:
        return project
    before = snapshot(project, LISTING_FIELDS)
    project.listed = False
    if project.status == ProjectStatus.LISTED:
        project.status = ProjectStatus.DRAFT
    project.updated_at = timezone.now()
    project.save(update_fields=LISTING_FIELDS)
    audit_append(
        actor=actor,
        action="finance.project.unlist",
        obj=project,
        before=before,
        after=snapshot(project, LISTING_FIELDS),
    )
    return project


@transaction.atomic
def interest_express(*, actor: Any, project: Project, message: str = "") -> Interest:
    """The analyst's institution is interested in a listed project."""
    if not permissions.can_use_project_pool(actor):
        raise PermissionDenied(_("Only a financial institution's analyst may express interest."))
    if not listed_projects().filter(pk=project.pk).exists():
        raise _invalid("project", _("This project is not listed in the green project pool."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise _invalid(
            "message",
            _("The message is longer than %(max)d characters.") % {"max": MESSAGE_MAX},
        )
    earlier = (
        Interest.objects.select_for_update()
        .filter(project=project, institution_id=actor.organisation_id)
        .first()
    )
    if earlier is not None and earlier.status == InterestStatus.WITHDRAWN:
        return _reopen(actor=actor, interest=earlier, message=message)
    if earlier is not None:
        raise _invalid(
            "project", _("Your institution has already expressed interest in this project.")
        )
    interest = Interest.objects.create(
        project=project,
        institution_id=actor.organisation_id,
        message=message,
        status=InterestStatus.PENDING,
        expressed_by=actor,
        expressed_at=timezone.now(),
    )
    audit_append(
        actor=actor, action="finance.interest.express", obj=interest, after=snapshot(interest)
    )
    return interest


REOPEN_FIELDS = ["message", "expressed_by", "expressed_at", *DECISION_FIELDS]


def _reopen(*, actor: Any, interest: Interest, message: str) -> Interest:
    """An interest the institution withdrew, expressed again (one row per project and
    institution): pending, with the new message and time; the withdrawal stays in the audit."""
    before = snapshot(interest, REOPEN_FIELDS)
    interest.status = InterestStatus.PENDING
    interest.message = message
    interest.expressed_by = actor
    interest.expressed_at = timezone.now()
    interest.decided_by = None
    interest.decided_at = None
    interest.decision_note = ""
    interest.save(update_fields=REOPEN_FIELDS)
    audit_append(
        actor=actor,
        action="finance.interest.reopen",
        obj=interest,
        before=before,
        after=snapshot(interest, REOPEN_FIELDS),
    )
    return interest


@transaction.atomic
def interest_decide(*, actor: Any, interest: Interest, accept: bool, note: str = "") -> Interest:
    """The enterprise accepts or declines a pending interest, once."""
    interest = (
        Interest.objects.select_for_update()
        .select_related("project__organisation")
        .get(pk=interest.pk)
    )
    _manage(actor, interest.project)
    if interest.status != InterestStatus.PENDING:
        raise _invalid(
            "status",
            _("This interest has already been answered (%(status)s).")
            % {"status": interest.get_status_display()},
        )
    note = (note or "").strip()
    if len(note) > MESSAGE_MAX:
        raise _invalid(
            "note", _("The note is longer than %(max)d characters.") % {"max": MESSAGE_MAX}
        )
    before = snapshot(interest, DECISION_FIELDS)
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.decided_by = actor
    interest.decided_at = timezone.now()
    interest.decision_note = note
    interest.save(update_fields=DECISION_FIELDS)
    audit_append(
        actor=actor,
        action="finance.interest.accept" if accept else "finance.interest.decline",
        obj=interest,
        before=before,
        after=snapshot(interest, DECISION_FIELDS),
    )
    return interest


@transaction.atomic
def interest_withdraw(*, actor: Any, interest: Interest) -> Interest:
    """The institution's analyst withdraws a pending interest (``decided_by`` / ``decided_at``
    record who withdrew it and when)."""
    interest = Interest.objects.select_for_update().select_related("project").get(pk=interest.pk)
    if not (
        permissions.can_use_project_pool(actor) and actor.organisation_id == interest.institution_id
    ):
        raise PermissionDenied(_("Only an analyst of the interested institution may withdraw it."))
    if interest.status != InterestStatus.PENDING:
        raise _invalid(
            "status",
            _("Only a pending interest can be withdrawn; this one is %(status)s.")
            % {"status": interest.get_status_display()},
        )
    before = snapshot(interest, DECISION_FIELDS)
    interest.status = InterestStatus.WITHDRAWN
    interest.decided_by = actor
    interest.decided_at = timezone.now()
    interest.save(update_fields=DECISION_FIELDS)
    audit_append(
        actor=actor,
        action="finance.interest.withdraw",
        obj=interest,
        before=before,
        after=snapshot(interest, DECISION_FIELDS),
    )
    return interest
