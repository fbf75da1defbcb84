"""Alliance notices and the outbox under /api/alliance.

``/notices``: what the caller may read, newest first: the secretariat's published notices
(public ones for everybody, those addressed to a kind of member for that kind's active members,
all of them for the staff) and the calls for assessment and recognition open now, each with the
page it links to (``kind`` filters). ``/notices/{id}``: one notice with its attachments (a
draft: the staff only; anything the caller may not read: 404). ``/notices/unpublished``: the
staff's drafts and withdrawn notices (403 for anybody else). The staff create (201), replace
(PUT), publish and withdraw notices and attach files (multipart: PDF, PNG, JPEG, XLSX, DOCX
checked by content; 201) or remove them (204); a reader of the notice gets 403, a refusal is 422
naming the field.

``/outbox``: the outgoing mail for the staff (403 for anybody else), by ``status`` and
recipient; ``/outbox/{id}`` one message with its text; ``POST /outbox/{id}/retry`` sends a
failed message again (422 for a message that did not fail).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.alliance.api._router import router
from greenledger.web.alliance.downloads import stored_file_response
from greenledger.web.alliance.models import Notice, NoticeAttachment, NoticeKind, OutgoingMail
from greenledger.web.alliance.selectors.notices import (
    notice_attachment_for,
    notice_for,
    notice_items,
    unpublished_notices,
)
from greenledger.web.alliance.selectors.outbox import outbox_messages
from greenledger.web.alliance.services.notice_files import DOCX, XLSX
from greenledger.web.alliance.services.notices import (
    notice_attachment_add,
    notice_attachment_remove,
    notice_create,
    notice_input,
    notice_publish,
    notice_update,
    notice_withdraw,
)
from greenledger.web.alliance.services.outbox import mail_retry
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column, paginated
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    notice = notice_for(_user(request), notice_id)
    if notice is None:
        raise Http404
    return notice


def _managed(request: HttpRequest, notice_id: int) -> Notice:
    """404 when the caller may not read the notice, 403 when they only read it."""
    notice = _notice(request, notice_id)
    if not permissions.can_manage_notices(_user(request)):
        raise PermissionDenied
    return notice


class AllianceNoticeItemOut(Schema):
    source: str = Field(description="notice, call (for assessment) or recognition.")
    id: int = Field(description="The notice's or the call's id.")
    kind: str = Field(description="policy, call or result (an open call is a call).")
    title_zh: str
    title_en: str = Field(description="Empty for a call (its title is in Chinese).")
    date: dt.datetime = Field(description="Publication of a notice, opening of a call.")
    deadline: dt.date | None = Field(description="A call's deadline.")
    url: str = Field(description="The page of the notice or of the call.")


class AllianceNoticeAttachmentOut(Schema):
    id: int
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    url: str = Field(description="The download.")

    @staticmethod
    def resolve_url(attachment: NoticeAttachment) -> str:
        return reverse("alliance:notice_attachment", args=[attachment.notice_id, attachment.pk])


class AllianceNoticeOut(Schema):
    id: int
    kind: str = Field(description="policy, call or result.")
    state: str = Field(description="draft, published or withdrawn.")
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    public: bool
    for_enterprises: bool
    for_research: bool
    for_financial: bool
    for_social: bool
    published_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    updated_at: dt.datetime
    attachments: list[AllianceNoticeAttachmentOut]

    @staticmethod
    def resolve_state(notice: Notice) -> str:
        if notice.withdrawn_at is not None:
            return "withdrawn"
        return "published" if notice.published_at is not None else "draft"

    @staticmethod
    def resolve_attachments(notice: Notice) -> list[NoticeAttachment]:
        return list(notice.attachments.all())


class AllianceNoticeIn(Schema):
    kind: str = column(Notice, "kind", description="policy, call or result.")
    title_zh: str = column(Notice, "title_zh")
    title_en: str = column(Notice, "title_en")
    body_zh: str
    body_en: str
    public: bool = Field(True, description="On the public list and the Atom feed.")
    for_enterprises: bool = False
    for_research: bool = False
    for_financial: bool = False
    for_social: bool = False

    def values(self) -> dict[str, Any]:
        return notice_input(self.dict())


class AllianceMailOut(Schema):
    id: int
    to: str
    subject: str
    template: str = Field(description="What the message is about (activation, invitation...).")
    language: str
    status: str = Field(description="queued, sent or failed.")
    attempts: int
    last_error: str
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None


class AllianceMailDetailOut(AllianceMailOut):
    body: str = Field(description="The text, in the recipient's language.")


@router.get("/notices", response=list[AllianceNoticeItemOut], summary="Notices and open calls")
@answers(422)
@paginated
def notice_list(request: HttpRequest, kind: str | None = None) -> Any:
    """``kind``: policy, call or result."""
    if kind and kind not in NoticeKind.values:
        raise ValidationError({"kind": [_("Choose a policy, a call or a result.")]})
    return [
        {
            "source": item.source,
            "id": item.pk,
            "kind": item.kind,
            "title_zh": item.title_zh,
            "title_en": item.title_en,
            "date": item.date,
            "deadline": item.deadline,
            "url": item.url,
        }
        for item in notice_items(_user(request), kind=kind or None)
    ]


@router.get(
    "/notices/unpublished", response=list[AllianceNoticeOut], summary="Drafts and withdrawn"
)
@answers(403)
@paginated
def notice_unpublished(request: HttpRequest) -> Any:
    """The staff's drafts and withdrawn notices, last changed first."""
    if not permissions.can_manage_notices(_user(request)):
        raise PermissionDenied
    return unpublished_notices(_user(request))


@router.get("/notices/{int:notice_id}", response=AllianceNoticeOut, summary="One notice")
def notice_detail(request: HttpRequest, notice_id: DbId) -> Any:
    return _notice(request, notice_id)


@router.post("/notices", response={201: AllianceNoticeOut}, summary="Draft a notice")
def notice_new(request: HttpRequest, payload: AllianceNoticeIn) -> Any:
    return Status(201, notice_create(actor=_user(request), **payload.values()))


@router.put("/notices/{int:notice_id}", response=AllianceNoticeOut, summary="Change a notice")
def notice_change(request: HttpRequest, notice_id: DbId, payload: AllianceNoticeIn) -> Any:
    notice = _managed(request, notice_id)
    return notice_update(actor=_user(request), notice=notice, **payload.values())


@router.post(
    "/notices/{int:notice_id}/publish", response=AllianceNoticeOut, summary="Publish a notice"
)
@answers(422)
def notice_publish_api(request: HttpRequest, notice_id: DbId) -> Any:
    return notice_publish(actor=_user(request), notice=_managed(request, notice_id))


@router.post(
    "/notices/{int:notice_id}/withdraw", response=AllianceNoticeOut, summary="Withdraw a notice"
)
@answers(422)
def notice_withdraw_api(request: HttpRequest, notice_id: DbId) -> Any:
    return notice_withdraw(actor=_user(request), notice=_managed(request, notice_id))


@router.post(
    "/notices/{int:notice_id}/attachments",
    response={201: AllianceNoticeAttachmentOut},
    summary="Attach a file to a notice",
)
@answers(
    multipart={
        "title": {"type": "string", "maxLength": 200},
        "file": {"type": "string", "format": "binary"},
    },
    required=["title", "file"],
)
def notice_attachment_upload(request: HttpRequest, notice_id: DbId) -> Any:
    """Multipart: ``title`` and ``file`` (PDF, PNG, JPEG, XLSX or DOCX, checked by content)."""
    notice = _managed(request, notice_id)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Attach the file as the 'file' field.")]})
    attachment = notice_attachment_add(
        actor=_user(request),
        notice=notice,
        title=request.POST.get("title", ""),
        upload=upload,
        filename=upload.name or "attachment",
    )
    return Status(201, attachment)


@router.get(
    "/notices/{int:notice_id}/attachments/{int:attachment_id}",
    summary="Download a notice's attachment",
)
@answers(download=("application/pdf", "image/png", "image/jpeg", XLSX, DOCX))
def notice_attachment_download(request: HttpRequest, notice_id: DbId, attachment_id: DbId) -> Any:
    attachment = notice_attachment_for(_user(request), notice_id, attachment_id)
    if attachment is None:
        raise Http404
    return stored_file_response(
        Path(settings.PRIVATE_MEDIA_ROOT, attachment.stored_path),
        attachment.filename,
        attachment.content_type,
    )


@router.delete(
    "/notices/{int:notice_id}/attachments/{int:attachment_id}",
    response={204: None},
    summary="Remove a notice's attachment",
)
@answers(422)
def notice_attachment_delete(request: HttpRequest, notice_id: DbId, attachment_id: DbId) -> Any:
    notice = _managed(request, notice_id)
    attachment = notice.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    notice_attachment_remove(actor=_user(request), attachment=attachment)
    return Status(204, None)


def _mail(request: HttpRequest, mail_id: int) -> OutgoingMail:
    if not permissions.can_read_outgoing_mail(_user(request)):
        raise PermissionDenied
    found = outbox_messages(_user(request)).filter(pk=mail_id).first()
    if found is None:
        raise Http404
    return found


@router.get("/outbox", response=list[AllianceMailOut], summary="Outgoing mail")
@answers(403)
@paginated
def outbox_list(request: HttpRequest, status: str | None = None, to: str | None = None) -> Any:
    """Newest first; ``status``: queued, sent or failed; ``to``: part of the address."""
    if not permissions.can_read_outgoing_mail(_user(request)):
        raise PermissionDenied
    return outbox_messages(_user(request), status=status or "", to=(to or "")[:254])


@router.get("/outbox/{int:mail_id}", response=AllianceMailDetailOut, summary="One message")
@answers(403)
def outbox_detail(request: HttpRequest, mail_id: DbId) -> Any:
    return _mail(request, mail_id)


@router.post(
    "/outbox/{int:mail_id}/retry", response=AllianceMailDetailOut, summary="Send a message again"
)
@answers(422)
def outbox_retry(request: HttpRequest, mail_id: DbId) -> Any:
    """Only a message that failed is queued again (its attempts counted from zero)."""
    mail = mail_retry(actor=_user(request), mail=_mail(request, mail_id))
    mail.refresh_from_db()
    return mail
