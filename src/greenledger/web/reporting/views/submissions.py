"""Submissions: the list, an organisation's reporting years, the submission page and its
workflow steps (submit, assign an evaluator, comment, request changes, verify, correct)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.accounts.reads import logged_read
from greenledger.web.reporting import page_selectors as pages
from greenledger.web.reporting import services
from greenledger.web.reporting.forms import (
    AssignForm,
    CommentForm,
    CorrectForm,
    DistrictForm,
    DraftForm,
    ImportForm,
    RecordFilterForm,
    RecordForm,
    RequestChangesForm,
    SubmissionFilterForm,
    apply_service_errors,
)
from greenledger.web.reporting.models import ImportStatus, Submission, SubmissionStatus
from greenledger.web.reporting.views._common import act, page, to_submission
from greenledger.web.ui.viewer_cache import cached_for_viewer

RECORDS_PER_PAGE = 50
SUBMISSIONS_PER_PAGE = 50
ASSIGNABLE = (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_VERIFICATION)
RUNNING = (ImportStatus.QUEUED, ImportStatus.RUNNING)
UNRESOLVED = (ImportStatus.FAILED, ImportStatus.NEEDS_CONFIRMATION)


@require_safe
@cached_for_viewer
def index(request: HttpRequest) -> HttpResponse:
    """Enterprise users: their organisation's years; evaluators: their assignments; the
    secretariat: every submission and the district workbook."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if permissions.role_of(user) in (None, "public"):
        raise Http404
    form = SubmissionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = pages.submissions_for(user)
    if data.get("year"):
        queryset = queryset.filter(year=data["year"])
    if data.get("status"):
        queryset = queryset.filter(status=data["status"])
    paged = Paginator(queryset, SUBMISSIONS_PER_PAGE).get_page(request.GET.get("page"))
    organisation = getattr(user, "organisation", None)
    context = {
        "form": form,
        "page_obj": paged,
        "own_organisation": organisation if permissions.is_enterprise_user(user) else None,
        "is_evaluator": permissions.role_of(user) == "evaluator",
        "district_form": DistrictForm()
        if permissions.can_download_district_inventories(user)
        else None,
        # an analyst's: the sites of enterprises whose grant in force covers meter series
        "meter_sites": pages.meter_sites_for(user)[:50]
        if permissions.is_enterprise_user(user) or permissions.role_of(user) == "financial_analyst"
        else [],
    }
    return page(
        request,
        "reporting/index.html",
        context,
        partial="reporting/partials/submission_table.html",
        target="submissions",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@cached_for_viewer
def organisation_submissions(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An organisation's reporting years with their status; its own users open a new year."""
    organisation = pages.organisation_or_404(request.user, organisation_id)
    can_create = permissions.can_create_submission(request.user, organisation)
    form = DraftForm(request.POST or None)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                submission = services.submission_create_draft(
                    actor=request.user, organisation=organisation, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return to_submission(submission.pk)
    context = {
        "organisation": organisation,
        "submissions": pages.submissions_of_organisation(request.user, organisation),
        "form": form if can_create else None,
        "sites": pages.sites_of(organisation)
        if pages.meter_sites_for(request.user).filter(organisation=organisation).exists()
        else [],
    }
    return page(request, "reporting/organisation.html", context)


def _record_context(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    current = services.current_version(submission)
    version = pages.version_or_404(submission, request.GET.get("version"))
    sites = pages.sites_of(submission.organisation)
    facets = pages.record_facets(version)
    form = RecordFilterForm(
        request.GET or None,
        sites=sites,
        periods=facets["periods"],
        activities=facets["activities"],
    )
    data = form.cleaned_data if form.is_valid() else {}
    records = pages.records_of(
        version,
        site=data.get("site") or None,
        period=data.get("period") or "",
        activity=data.get("activity") or "",
    )
    paged = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    reviewing = (
        permissions.can_review_submission(user, submission)
        and submission.status == SubmissionStatus.UNDER_VERIFICATION
        and version.pk == current.pk
    )
    return {
        "version": version,
        "is_current": version.pk == current.pk,
        "filter_form": form,
        "page_obj": paged,
        "page_numbers": paged.paginator.get_elided_page_range(paged.number),
        "record_count": paged.paginator.count,
        "can_edit": permissions.can_enter_activity_data(user, submission)
        and not version.frozen
        and version.pk == current.pk,
        "reviewing": reviewing,
        "comment_form": CommentForm() if reviewing else None,
    }


@require_safe
@logged_read("inventories", pages.submission_or_404)
@cached_for_viewer(extra=lambda request, submission_id: pages.import_state(submission_id))
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    user = request.user
    current = services.current_version(submission)
    records = _record_context(request, submission)
    status = submission.status
    can_edit = permissions.can_enter_activity_data(user, submission) and not current.frozen
    latest_job = pages.latest_import(submission, current) if can_edit else None
    context = {
        "submission": submission,
        "organisation": submission.organisation,
        "current": current,
        "versions": pages.versions_of(submission),
        "inventory": pages.inventory_of(current),
        "can_submit": permissions.can_submit_submission(user, submission)
        and status == SubmissionStatus.DRAFT
        and not current.frozen,
        "assign_form": AssignForm(evaluators=pages.assignable_evaluators(submission.organisation))
        if permissions.can_assign_evaluators(user) and status in ASSIGNABLE
        else None,
        "review": permissions.can_review_submission(user, submission)
        and status == SubmissionStatus.UNDER_VERIFICATION,
        "changes_form": RequestChangesForm(),
        "correct_form": CorrectForm()
        if permissions.can_correct_submission(user, submission) and current.frozen
        else None,
        "can_import": can_edit,
        "import_form": ImportForm(),
        # A running job keeps its polled bar across reloads; a finished one that needs the
        # user (failed, or waiting for a confirmation) is linked, so "Cancel" dismisses it.
        "job": latest_job if latest_job is not None and latest_job.status in RUNNING else None,
        "polling": latest_job is not None and latest_job.status in RUNNING,
        "last_job": latest_job
        if latest_job is not None and latest_job.status in UNRESOLVED
        else None,
        "record_form": RecordForm(sites=pages.sites_of(submission.organisation))
        if can_edit
        else None,
        **records,
    }
    return page(
        request,
        "reporting/submission.html",
        context,
        partial="reporting/partials/records.html",
        target="records",
    )


@require_POST
def submission_submit(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    act(
        request,
        lambda: services.submission_submit(actor=request.user, submission=submission),
        _("Submitted. The version is locked and its inventory computed."),
    )
    return to_submission(submission.pk)


@require_POST
def submission_assign(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    if not permissions.can_assign_evaluators(request.user):
        raise PermissionDenied
    form = AssignForm(request.POST, evaluators=pages.assignable_evaluators(submission.organisation))
    if not form.is_valid():
        act(request, lambda: _raise(_("Choose an evaluator assigned to the organisation.")), "")
        return to_submission(submission.pk)
    evaluator = User.objects.get(pk=form.cleaned_data["evaluator"])
    act(
        request,
        lambda: services.submission_assign_evaluator(
            actor=request.user, submission=submission, evaluator=evaluator
        ),
        _("The submission is with %(name)s for verification.")
        % {"name": evaluator.get_full_name() or evaluator.get_username()},
    )
    return to_submission(submission.pk)


def _raise(message: str) -> None:
    raise ValidationError(message)


@require_POST
def record_comment(request: HttpRequest, record_id: int) -> HttpResponse:
    record = pages.record_or_404(request.user, record_id)
    form = CommentForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    act(
        request,
        lambda: services.record_comment(actor=request.user, record=record, text=text),
        _("Comment added to the record."),
    )
    return to_submission(record.version.submission_id, f"record-{record.pk}")


@require_POST
def submission_request_changes(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    form = RequestChangesForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    act(
        request,
        lambda: services.submission_request_changes(
            actor=request.user, submission=submission, comment=comment
        ),
        _("Changes requested. The enterprise corrects the data in a new version."),
    )
    return to_submission(submission.pk)


@require_POST
def submission_verify(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    act(
        request,
        lambda: services.submission_verify(actor=request.user, submission=submission),
        _("Verified. The inventory of this version is final."),
    )
    return to_submission(submission.pk)


@require_POST
def submission_correct(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    form = CorrectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    act(
        request,
        lambda: services.submission_correct(
            actor=request.user, submission=submission, reason=reason
        ),
        _("A new draft version was made from the submitted one; edit it and submit again."),
    )
    return redirect(reverse("reporting:submission", args=[submission.pk]))
