"""Activity-file imports: the bilingual template, the upload, the job's progress (polled by
htmx), confirming a replacement, and the user's file with its bad cells marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from greenledger.core.errors import InputError, Problem
from greenledger.web.accounts import permissions
from greenledger.web.reporting import page_selectors as pages
from greenledger.web.reporting import services
from greenledger.web.reporting.forms import ImportForm
from greenledger.web.reporting.models import ImportJob, ImportStatus
from greenledger.web.reporting.services._common import library
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.reporting.views._common import XLSX, download, error_text, is_htmx, page

FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED, ImportStatus.NEEDS_CONFIRMATION)


@require_safe
def activity_template(request: HttpRequest, language: str) -> HttpResponse:
    """The bilingual activity-data template (``zh`` or ``en`` instructions first)."""
    from greenledger.workbooks import LANGUAGES
    from greenledger.workbooks import activity_template as template

    if language not in LANGUAGES:
        raise Http404
    return download(template(library(), language), f"activity-template-{language}.xlsx", XLSX)


def _job_context(job: ImportJob | None, **extra: Any) -> dict[str, Any]:
    return {
        "job": job,
        "polling": job is not None and job.status not in FINISHED,
        **extra,
    }


def _job_response(request: HttpRequest, job: ImportJob | None, **extra: Any) -> HttpResponse:
    """The job panel for htmx (it polls itself while the job runs), else the job's page."""
    context = _job_context(job, **extra)
    if is_htmx(request):
        response = page(request, "reporting/partials/import_job.html", context)
        if job is not None and job.status == ImportStatus.SUCCEEDED:
            response["HX-Trigger"] = "importSucceeded"
        return response
    if job is None:
        submission = extra["submission"]
        return page(request, "reporting/import_job.html", {**context, "submission": submission})
    return redirect(reverse("reporting:import_job", args=[job.pk]))


@require_POST
def import_upload(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = pages.submission_or_404(request.user, submission_id)
    if not permissions.can_enter_activity_data(request.user, submission):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _job_response(request, None, submission=submission, import_form=form)
    upload = form.cleaned_data["file"]
    try:
        job = services.import_job_create(
            actor=request.user, submission=submission, upload=upload, filename=upload.name
        )
    except InputError as error:
        return _job_response(request, None, submission=submission, import_form=form, refused=error)
    except ValidationError as error:
        form.add_error(None, error_text(error))
        return _job_response(request, None, submission=submission, import_form=form)
    services.import_job_enqueue(job)
    job.refresh_from_db()
    return _job_response(request, job)


@require_safe
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = pages.job_or_404(request.user, job_id)
    context = _job_context(job, submission=job.submission)
    if is_htmx(request):
        return _job_response(request, job)
    return page(request, "reporting/import_job.html", context)


@require_POST
def import_replace(request: HttpRequest, job_id: int) -> HttpResponse:
    """The user confirms that the file replaces the overlapping stored records."""
    job = pages.job_or_404(request.user, job_id)
    try:
        job = services.import_job_confirm_replace(actor=request.user, job=job)
    except ValidationError as error:
        job.refresh_from_db()
        return _job_response(request, job, refused_text=error_text(error))
    services.import_job_enqueue(job)
    job.refresh_from_db()
    return _job_response(request, job)


@require_safe
def import_error_report(request: HttpRequest, job_id: int) -> HttpResponse:
    """The user's file with every bad cell filled and commented, and a Problems sheet."""
    from greenledger.workbooks import mark_problems

    job = pages.job_or_404(request.user, job_id)
    if not job.problems:
        raise Http404
    problems = [  # the reasons in the reader's language
        Problem(
            problem_text(p),
            file=p.get("file"),
            row=p.get("row"),
            column=p.get("column"),
            sheet=p.get("sheet"),
        )
        for p in job.problems
    ]
    content = mark_problems(Path(job.stored_path), problems)
    return download(content, Path(job.original_filename).stem + "-problems.xlsx", XLSX)
