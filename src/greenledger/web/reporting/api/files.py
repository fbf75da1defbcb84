"""Files in and out: imports and their jobs, the template, error reports, annual reports, the
district workbook and meter series."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from greenledger.core.errors import InputError, Problem
from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.contract.errors import error_response
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year
from greenledger.web.members.models import Site
from greenledger.web.reporting import selectors, services
from greenledger.web.reporting.api._router import router, visible_job, visible_submission
from greenledger.web.reporting.models import MeterSeries, SubmissionStatus
from greenledger.web.reporting.services._common import library, problem_dicts
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.responses import Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"type": "string", "format": "binary"}


class JobOut(Schema):
    id: int
    submission_id: int
    version_id: int
    original_filename: str
    sha256: str
    size: int
    status: str
    stage: str
    progress: int
    rows_total: int
    problems: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    overlap: dict[str, Any]
    replace: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_problems(job: Any) -> list[dict[str, Any]]:
        return shown(job.problems)

    @staticmethod
    def resolve_warnings(job: Any) -> list[dict[str, Any]]:
        return shown(job.warnings)


class MeterSeriesOut(Schema):
    id: int
    site_id: int
    year: int
    meter: str
    sha256: str
    rows: int
    coverage: float
    total_kwh: float
    report: dict[str, Any]

    @staticmethod
    def resolve_report(series: Any) -> dict[str, Any]:
        report = dict(series.report or {})
        if "problems" in report:
            report["problems"] = shown(report["problems"])
        return report


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _refused(request: HttpRequest, error: InputError) -> Any:
    """A file refused for its content: 422 with the located problems."""
    return error_response(
        request,
        422,
        problem_text(error.headline_message),
        problems=shown(problem_dicts(error.problems)),
    )


def shown(problems: Any) -> list[dict[str, Any]]:
    """Stored problems (or warnings) with their reason in the request's language as
    ``message`` beside the stable ``code``."""
    return [{**p, "message": problem_text(p)} for p in problems or ()]


def _uploaded(request: HttpRequest) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        raise ValidationError({"file": [ValidationError(message, code="required")]})
    return upload


def _language(language: str, choices: Any) -> None:
    if language not in choices:
        message = _("Choose one of: %(expected)s.") % {"expected": ", ".join(choices)}
        raise ValidationError({"language": [ValidationError(message, code="invalid_choice")]})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/submissions/{int:submission_id}/imports", response={202: JobOut})
@answers(multipart={"file": BINARY}, required=["file"])
def import_upload(request: HttpRequest, submission_id: DbId, replace: bool = False) -> Any:
    """Upload an activity file (multipart field ``file``); it is imported in the background."""
    submission = visible_submission(request, submission_id)
    if not permissions.can_enter_activity_data(_user(request), submission):
        raise PermissionDenied
    upload = _uploaded(request)
    try:
        job = services.import_job_create(
            actor=_user(request),
            submission=submission,
            upload=upload,
            filename=upload.name or "upload",
            replace=replace,
        )
    except InputError as error:
        return _refused(request, error)
    services.import_job_enqueue(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/submissions/{int:submission_id}/imports", response=list[JobOut])
def import_list(request: HttpRequest, submission_id: DbId) -> Any:
    """The submission's imports, newest first (its own organisation's users only)."""
    submission = visible_submission(request, submission_id)
    if not permissions.can_enter_activity_data(_user(request), submission):
        raise Http404
    return list(submission.import_jobs.order_by("-id")[:100])


@router.get("/imports/{int:job_id}", response=JobOut)
def import_status(request: HttpRequest, job_id: DbId) -> Any:
    return visible_job(request, job_id)


@router.post("/imports/{int:job_id}/confirm-replace", response={202: JobOut})
def import_confirm_replace(request: HttpRequest, job_id: DbId) -> Any:
    job = services.import_job_confirm_replace(
        actor=_user(request), job=visible_job(request, job_id)
    )
    services.import_job_enqueue(job)
    job.refresh_from_db()
    return Status(202, job)


@router.get("/imports/{int:job_id}/error-report")
@answers(download=XLSX)
def import_error_report(request: HttpRequest, job_id: DbId) -> Any:
    """The user's file with every bad cell marked, and a sheet listing the problems."""
    from greenledger.workbooks import mark_problems

    job = visible_job(request, job_id)
    if not job.problems:
        raise Http404
    problems = [
        Problem(
            p["reason"],
            file=p.get("file"),
            row=p.get("row"),
            column=p.get("column"),
            sheet=p.get("sheet"),
        )
        for p in job.problems
    ]
    content = mark_problems(Path(job.stored_path), problems)
    name = Path(job.original_filename).stem + "-problems.xlsx"
    return _download(content, name, XLSX)


@router.get("/template")
@answers(422, download=XLSX)
def activity_template(request: HttpRequest, language: str = "zh") -> Any:
    from greenledger.workbooks import LANGUAGES
    from greenledger.workbooks import activity_template as template

    _language(language, LANGUAGES)
    return _download(template(library(), language), f"activity-template-{language}.xlsx", XLSX)


def _report_inventory(request: HttpRequest, submission_id: int) -> Any:
    submission = visible_submission(request, submission_id)
    inventory = selectors.latest_inventory(submission)
    if inventory is None:
        raise Http404
    return submission, inventory


@router.get("/submissions/{int:submission_id}/report.pdf")
@answers(download="application/pdf")
def report_pdf(request: HttpRequest, submission_id: DbId, language: str = "zh-hans") -> Any:
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.rendering import LANGUAGES, annual_report_pdf

    _language(language, LANGUAGES)
    submission, inventory = _report_inventory(request, submission_id)
    content = annual_report_pdf(report_input(inventory), language=language)
    name = f"ghg-report-{submission.year}-{submission.organisation_id}-{language}.pdf"
    return _download(content, name, "application/pdf")


@router.get("/submissions/{int:submission_id}/report.xlsx")
@answers(download=XLSX)
def report_xlsx(request: HttpRequest, submission_id: DbId) -> Any:
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.workbooks import annual_report_xlsx

    submission, inventory = _report_inventory(request, submission_id)
    content = annual_report_xlsx(report_input(inventory))
    return _download(
        content, f"ghg-report-{submission.year}-{submission.organisation_id}.xlsx", XLSX
    )


@router.get("/district/inventories.xlsx")
@answers(403, download=XLSX)
def district_inventories(request: HttpRequest, year: Year | None = None) -> Any:
    """Every verified inventory of the district (the secretariat's workbook)."""
    from greenledger.web.reporting.models import Submission
    from greenledger.web.reporting.report_inputs import report_input
    from greenledger.web.reports.district import district_inventories_xlsx

    if not permissions.can_download_district_inventories(_user(request)):
        raise PermissionDenied
    verified = Submission.objects.filter(status=SubmissionStatus.VERIFIED)
    if year:
        verified = verified.filter(year=year)
    pairs = selectors.submission_inventories(verified.order_by("organisation_id", "year"))
    content = district_inventories_xlsx(report_input(inventory) for _s, inventory in pairs)
    return _download(content, f"district-inventories{f'-{year}' if year else ''}.xlsx", XLSX)


def _meter_site(request: HttpRequest, site_id: int) -> Site:
    site = permissions.visible_sites(_user(request)).filter(pk=site_id).first()
    if site is None:
        raise Http404
    return site


@router.post("/sites/{int:site_id}/meter-series", response={201: list[MeterSeriesOut]})
@answers(multipart={"file": BINARY}, required=["file"])
def meter_series_upload(request: HttpRequest, site_id: DbId, year: Year | None = None) -> Any:
    """Upload an hourly series file (multipart ``file``, CSV or Parquet) for a year."""
    site = _meter_site(request, site_id)
    if not permissions.can_upload_meter_series(_user(request), site):
        raise PermissionDenied
    if year is None:
        message = _("Give the year of the series.")
        raise ValidationError({"year": [ValidationError(message, code="required")]})
    upload = _uploaded(request)
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"meters{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        path = path.rename(Path(directory) / Path(upload.name or path.name).name)
        try:
            series = services.meter_series_upload(
                actor=_user(request), site=site, year=year, path=path
            )
        except InputError as error:
            return _refused(request, error)
    return Status(201, series)


@router.get("/sites/{int:site_id}/meter-series", response=list[MeterSeriesOut])
def meter_series_list(request: HttpRequest, site_id: DbId) -> Any:
    user = _user(request)
    site = permissions.visible_meter_sites(user).filter(pk=site_id).first()
    if site is None:
        refused_or_404(request, user=user, scope="meters", pk=site_id)
    access_log_for(request, user=user, organisation=site.organisation_id, scope="meters", obj=site)
    return list(MeterSeries.objects.filter(site=site).order_by("year", "meter"))
