"""URL patterns of the assessment pages (mounted under /assessments/)."""

from __future__ import annotations

from django.urls import path

from greenledger.web.assessments.views import (
    applications,
    calls,
    certificates,
    relations,
    reviews,
)

app_name = "assessments"

urlpatterns: list = [
    # calls for applications
    path("", calls.index, name="index"),
    path("calls/new/", calls.call_new, name="call_new"),
    path("calls/<int:call_id>/", calls.call_detail, name="call"),
    path("calls/<int:call_id>/apply/", calls.call_apply, name="apply"),
    path("calls/<int:call_id>/close/", calls.call_close, name="call_close"),
    # applications and their evidence
    path(
        "applications/<int:application_id>/",
        applications.application_detail,
        name="application",
    ),
    path(
        "applications/<int:application_id>/inputs/",
        applications.application_inputs,
        name="application_inputs",
    ),
    path(
        "applications/<int:application_id>/evidence/",
        applications.evidence_add,
        name="evidence_add",
    ),
    path(
        "applications/<int:application_id>/submit/",
        applications.application_submit,
        name="application_submit",
    ),
    path("evidence/<int:evidence_id>/", applications.evidence_download, name="evidence"),
    path(
        "evidence/<int:evidence_id>/delete/",
        applications.evidence_delete,
        name="evidence_delete",
    ),
    # declared relations between organisations (conflict of interest)
    path("relations/", relations.relations, name="relations"),
    path(
        "relations/<int:relation_id>/delete/",
        relations.relation_delete,
        name="relation_delete",
    ),
    # reviews, the decision and certificates
    path(
        "applications/<int:application_id>/assign/",
        reviews.review_assign,
        name="review_assign",
    ),
    path("reviews/<int:review_id>/", reviews.review, name="review"),
    path(
        "applications/<int:application_id>/decide/",
        reviews.application_decide,
        name="application_decide",
    ),
    path("certificates/<int:certificate_id>/", certificates.certificate, name="certificate"),
    path(
        "certificates/<int:certificate_id>/certificate.pdf",
        certificates.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path(
        "certificates/<int:certificate_id>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
]
