"""Activity records of a draft, one at a time: add, edit, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.web.accounts import permissions
from greenledger.web.reporting import page_selectors as pages
from greenledger.web.reporting import services
from greenledger.web.reporting.forms import RecordForm, apply_service_errors
from greenledger.web.reporting.models import Submission
from greenledger.web.reporting.views._common import act, page, to_submission


def _require_editor(request: HttpRequest, submission: Submission) -> None:
    if not permissions.can_enter_activity_data(request.user, submission):
        raise PermissionDenied


def _values(form: RecordForm) -> dict[str, Any]:
    return {name: str(value) for name, value in form.cleaned_data.items()}


@require_http_methods(["GET", "HEAD", "POST"])
def record_add(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    _require_editor(request, submission)
    sites = pages.sites_of(submission.organisation)
    form = RecordForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_create(actor=request.user, submission=submission, **_values(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Record added."))
            return to_submission(submission.pk, "records")
    context = {"submission": submission, "form": form, "record": None}
    return page(request, "reporting/record_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    record = pages.record_or_404(request.user, record_id)
    submission = record.version.submission
    _require_editor(request, submission)
    sites = pages.sites_of(submission.organisation)
    form = RecordForm(request.POST or None, sites=sites, initial=RecordForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(actor=request.user, record=record, **_values(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Record saved."))
            return to_submission(submission.pk, "records")
    context = {"submission": submission, "form": form, "record": record}
    return page(request, "reporting/record_form.html", context)


@require_POST
def record_delete(request: HttpRequest, record_id: int) -> HttpResponse:
    record = pages.record_or_404(request.user, record_id)
    submission = record.version.submission
    _require_editor(request, submission)
    act(
        request,
        lambda: services.record_delete(actor=request.user, record=record),
        _("Record deleted."),
    )
    return to_submission(submission.pk, "records")
