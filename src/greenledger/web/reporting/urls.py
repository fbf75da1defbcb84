"""URL patterns of the reporting pages (mounted under /reporting/)."""

from __future__ import annotations

from django.urls import path

from greenledger.web.reporting.views import imports, inventory, meters, records, submissions

app_name = "reporting"

urlpatterns = [
    path("", submissions.index, name="index"),
    path(
        "organisations/<int:organisation_id>/",
        submissions.organisation_submissions,
        name="organisation",
    ),
    path("submissions/<int:submission_id>/", submissions.submission_detail, name="submission"),
    path("submissions/<int:submission_id>/submit/", submissions.submission_submit, name="submit"),
    path("submissions/<int:submission_id>/assign/", submissions.submission_assign, name="assign"),
    path(
        "submissions/<int:submission_id>/request-changes/",
        submissions.submission_request_changes,
        name="request_changes",
    ),
    path("submissions/<int:submission_id>/verify/", submissions.submission_verify, name="verify"),
    path(
        "submissions/<int:submission_id>/correct/", submissions.submission_correct, name="correct"
    ),
    path("submissions/<int:submission_id>/records/add/", records.record_add, name="record_add"),
    path("records/<int:record_id>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:record_id>/delete/", records.record_delete, name="record_delete"),
    path("records/<int:record_id>/comment/", submissions.record_comment, name="record_comment"),
    path("submissions/<int:submission_id>/imports/", imports.import_upload, name="import_upload"),
    path("imports/<int:job_id>/", imports.import_job, name="import_job"),
    path("imports/<int:job_id>/replace/", imports.import_replace, name="import_replace"),
    path(
        "imports/<int:job_id>/error-report/",
        imports.import_error_report,
        name="import_error_report",
    ),
    path("template/<str:language>/", imports.activity_template, name="template"),
    path("submissions/<int:submission_id>/diff/", inventory.version_diff, name="diff"),
    path("submissions/<int:submission_id>/inventory/", inventory.inventory, name="inventory"),
    path("submissions/<int:submission_id>/lineage/", inventory.lineage, name="lineage"),
    path("submissions/<int:submission_id>/report.pdf", inventory.report_pdf, name="report_pdf"),
    path("submissions/<int:submission_id>/report.xlsx", inventory.report_xlsx, name="report_xlsx"),
    path("district/inventories.xlsx", inventory.district_inventories, name="district_xlsx"),
    path("sites/<int:site_id>/meters/", meters.meter_series, name="meters"),
]
