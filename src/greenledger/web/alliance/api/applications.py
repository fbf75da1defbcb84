"""Applications to join under /api/alliance/applications.

Anyone (no token needed) submits an application as a multipart form: the fields of the
application and the files ``business_licence`` (required), ``application_letter`` and
``profile`` (PDF, PNG or JPEG, checked by content); the answer is the reference, the status link
goes to the contact's e-mail only. A refusal is 422 naming each field and the reason; nothing
is stored then. The secretariat (``permissions.can_review_applications``) reads the queue, one
application with its documents and exchange, downloads a document, asks for more, approves or
rejects; anybody else gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.alliance.api._router import router
from greenledger.web.alliance.downloads import stored_file_response
from greenledger.web.alliance.models import ApplicationDocumentKind, JoinApplication
from greenledger.web.alliance.selectors.applications import (
    application_for_review,
    applications_for_review,
    document_for_review,
)
from greenledger.web.alliance.services.application_review import (
    application_approve,
    application_reject,
    application_request_info,
)
from greenledger.web.alliance.services.applications import (
    DocumentUpload,
    application_submit,
    document_path,
    language_of,
)
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.members.models import MembershipStanding, OrganisationKind
from greenledger.web.responses import Status

BINARY = {"type": "string", "format": "binary"}
TEXT = {"type": "string"}
FIELDS = {
    "kind": {"type": "string", "enum": list(OrganisationKind.values)},
    "name_zh": {"type": "string", "maxLength": 200},
    "name_en": {"type": "string", "maxLength": 200},
    "credit_code": {"type": "string", "description": "Unified Social Credit Code, 18 characters"},
    "industry_code": {"type": "string", "description": "GB/T 4754-2017, e.g. C2611"},
    "address": {"type": "string", "maxLength": 300},
    "district": {"type": "string", "maxLength": 100},
    "contact_name": {"type": "string", "maxLength": 100},
    "contact_phone": {"type": "string", "maxLength": 40},
    "contact_email": {"type": "string", "format": "email"},
    "standing": {"type": "string", "enum": list(MembershipStanding.values)},
    "statement": {"type": "string", "maxLength": 4000},
    "language": {"type": "string", "enum": ["zh-hans", "en"]},
}
DOCUMENTS = (
    ApplicationDocumentKind.BUSINESS_LICENCE,
    ApplicationDocumentKind.LETTER,
    ApplicationDocumentKind.PROFILE,
)
TEXT_FIELDS = [name for name in FIELDS if name != "language"]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _reviewer(request: HttpRequest) -> Any:
    user = _user(request)
    if not permissions.can_review_applications(user):
        raise PermissionDenied
    return user


def _application(request: HttpRequest, application_id: int) -> JoinApplication:
    application = application_for_review(_reviewer(request), application_id)
    if application is None:
        raise Http404
    return application


class JoinReceiptOut(Schema):
    reference: str = Field(description="JA-<year>-<sequence>.")
    status: str
    submitted_at: dt.datetime


class JoinApplicationOut(Schema):
    id: int
    reference: str
    kind: str
    name_zh: str
    name_en: str
    credit_code: str
    industry_code: str
    address: str
    district: str
    contact_name: str
    contact_phone: str
    contact_email: str
    standing: str
    statement: str
    language: str
    status: str = Field(description="submitted, more_info, approved, rejected or withdrawn.")
    submitted_at: dt.datetime
    updated_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    organisation_id: int | None
    manager_id: int | None


class JoinDocumentOut(Schema):
    id: int
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class JoinMessageOut(Schema):
    kind: str = Field(description="request, reply or decision.")
    author_id: int | None = Field(description="Null for the applicant.")
    text: str
    at: dt.datetime


class JoinApplicationDetailOut(JoinApplicationOut):
    documents: list[JoinDocumentOut]
    messages: list[JoinMessageOut] = Field(description="The exchange, oldest first.")

    @staticmethod
    def resolve_documents(obj: JoinApplication) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_messages(obj: JoinApplication) -> list[Any]:
        return list(obj.messages.all())


class JoinRequestIn(Schema):
    text: str = Field(description="What the applicant should add or explain (mailed).")


class JoinApproveIn(Schema):
    note: str = ""


class JoinRejectIn(Schema):
    reasons: str = Field(description="Mailed to the applicant.")


class JoinApprovalOut(Schema):
    application: JoinApplicationOut
    organisation_id: int
    membership_id: int
    manager_username: str = Field(description="Inactive until the mailed link is used.")


@router.post("/applications", response={201: JoinReceiptOut}, summary="Apply to join")
@answers(
    multipart={**FIELDS, **{kind: BINARY for kind in DOCUMENTS}},
    required=[
        "kind",
        "name_zh",
        "credit_code",
        "address",
        "district",
        "contact_name",
        "contact_email",
        "standing",
        "business_licence",
    ],
)
def application_create(request: HttpRequest) -> Any:
    """Submit an application (anyone): fields and files in a multipart form. The status link
    is mailed to ``contact_email``; 422 names every refused field."""
    values = {name: request.POST.get(name, "") for name in TEXT_FIELDS}
    documents = [
        DocumentUpload(kind=kind, upload=request.FILES[kind], filename=request.FILES[kind].name)
        for kind in DOCUMENTS
        if kind in request.FILES
    ]
    submitted = application_submit(
        **values,
        documents=documents,
        language=language_of(request.POST.get("language") or getattr(request, "LANGUAGE_CODE", "")),
    )
    return Status(201, submitted.application)


@router.get(
    "/applications", response=list[JoinApplicationOut], summary="Applications to join (staff)"
)
@answers(403)
@paginated
def application_list(request: HttpRequest, status: str = "") -> Any:
    """Oldest first; ``status``: one status or ``open`` (submitted or more_info)."""
    return applications_for_review(_reviewer(request), status=status)


@router.get(
    "/applications/{int:application_id}",
    response=JoinApplicationDetailOut,
    summary="One application to join (staff)",
)
@answers(403)
def application_get(request: HttpRequest, application_id: DbId) -> Any:
    return _application(request, application_id)


@router.get(
    "/applications/documents/{int:document_id}",
    summary="Download a supporting document (staff)",
)
@answers(403, download=("application/pdf", "image/png", "image/jpeg"))
def application_document(request: HttpRequest, document_id: DbId) -> Any:
    document = document_for_review(_reviewer(request), document_id)
    if document is None:
        raise Http404
    return stored_file_response(document_path(document), document.filename, document.content_type)


@router.post(
    "/applications/{int:application_id}/request-info",
    response=JoinApplicationOut,
    summary="Ask the applicant for more",
)
def application_ask(request: HttpRequest, application_id: DbId, payload: JoinRequestIn) -> Any:
    """The question is mailed with a new status link; 422 when the application is decided."""
    return application_request_info(
        actor=_user(request),
        application=_application(request, application_id),
        text=payload.text,
    )


@router.post(
    "/applications/{int:application_id}/approve",
    response=JoinApprovalOut,
    summary="Approve an application to join",
)
def application_admit(request: HttpRequest, application_id: DbId, payload: JoinApproveIn) -> Any:
    """Registers the organisation and its membership and makes the manager account, whose
    activation link is mailed; 422 when decided or the credit code was registered meanwhile."""
    approved = application_approve(
        actor=_user(request),
        application=_application(request, application_id),
        note=payload.note,
    )
    return {
        "application": approved.application,
        "organisation_id": approved.organisation.pk,
        "membership_id": approved.membership.pk,
        "manager_username": approved.manager.username,
    }


@router.post(
    "/applications/{int:application_id}/reject",
    response=JoinApplicationOut,
    summary="Reject an application to join",
)
def application_refuse(request: HttpRequest, application_id: DbId, payload: JoinRejectIn) -> Any:
    """With reasons (required, mailed)."""
    return application_reject(
        actor=_user(request),
        application=_application(request, application_id),
        reasons=payload.reasons,
    )
