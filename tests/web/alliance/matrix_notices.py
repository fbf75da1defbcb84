"""Authorization-matrix rows of the alliance home, the notices (pages, feed, API) and the outbox.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Notices: a public published notice is read by everybody; one addressed to member enterprises
by the users of companies A and B (active members) and the staff, 404 for anybody else (the
bank is not a member); a draft by the staff only. The staff write (create, edit, publish,
withdraw, attach, remove an attachment); a reader of the notice gets 403, anybody who may not
read it 404, anonymous visitors are sent to sign in (a POST answers 404). The outbox is the
staff's: 403 for other users.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenledger.web.alliance.models import MailStatus, Notice, NoticeAttachment, OutgoingMail
from greenledger.web.alliance.services.notices import notice_attachment_add
from tests.web.alliance.notices_support import a_draft, a_published, for_enterprises
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached


def public_notice(world: World) -> Notice:
    return _cached(world, "alliance_public_notice", lambda: a_published(world))


def member_notice(world: World) -> Notice:
    return _cached(world, "alliance_member_notice", lambda: for_enterprises(world))


def draft_notice(world: World) -> Notice:
    return _cached(world, "alliance_draft_notice", lambda: a_draft(world, title_zh="矩阵草稿"))


def an_attachment(world: World) -> NoticeAttachment:
    def build() -> NoticeAttachment:
        return notice_attachment_add(
            actor=world.users["secretariat"], notice=public_notice(world), title="原文",
            upload=io.BytesIO(PDF_BYTES), filename="原文.pdf",
        )  # fmt: skip

    return _cached(world, "alliance_notice_attachment", build)


def a_failed_mail(world: World) -> OutgoingMail:
    """A message that failed for good (its server refused every attempt)."""

    def build() -> OutgoingMail:
        return OutgoingMail.objects.create(
            to="matrix@applicant.example", subject="矩阵邮件", body="正文\n", language="zh-hans",
            template="application_received", status=MailStatus.FAILED, attempts=3,
            last_error="ConnectionRefusedError: refused", created_at=timezone.now(),
        )  # fmt: skip

    return _cached(world, "alliance_failed_mail", build)


def notice_form(world: World) -> dict[str, Any]:
    return {"kind": "policy", "title_zh": "矩阵通知", "title_en": "Matrix notice",
            "body_zh": "正文", "body_en": "Text", "public": "on"}  # fmt: skip


def no_audience(world: World) -> dict[str, Any]:
    return {key: value for key, value in notice_form(world).items() if key != "public"}


def an_upload(world: World) -> dict[str, Any]:
    return {"title": "附件", "file": SimpleUploadedFile("附件.pdf", PDF_BYTES)}


PUBLIC = {"notice_id": lambda w: public_notice(w).pk}
MEMBERS = {"notice_id": lambda w: member_notice(w).pk}
DRAFT = {"notice_id": lambda w: draft_notice(w).pk}
ATTACHMENT = {"notice_id": lambda w: public_notice(w).pk,
              "attachment_id": lambda w: an_attachment(w).pk}  # fmt: skip
MAIL = {"mail_id": lambda w: a_failed_mail(w).pk}

EVERYBODY = expect(200, 200, 200, 200, 200, 200, 200, 200)
MEMBER_READERS = expect(200, 200, 404, 200, 200, 404, 404, 404)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
STAFF_ONLY_PAGE = expect(404, 404, 404, 200, 200, 404, 404, 302)
STAFF_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 404)
STAFF_REFUSED = expect(403, 403, 403, 422, 422, 403, 403, 404)
DRAFT_WRITE = expect(404, 404, 404, 302, 302, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "alliance/": [Row(EVERYBODY)],
    "alliance/notices/": [
        Row(EVERYBODY),
        Row(EVERYBODY, body=lambda w: {"kind": "call"}),
    ],
    "alliance/notices/feed/": [
        Row(EVERYBODY),
        Row(EVERYBODY, body=lambda w: {"lang": "en"}),
    ],
    "alliance/notices/new/": [
        Row(STAFF_PAGE),
        Row(STAFF_WRITE, method="post", writes=True, body=notice_form),
        Row(STAFF_REFUSED, method="post", body=no_audience),
    ],
    "alliance/notices/<int:notice_id>/": [
        Row(EVERYBODY, params=PUBLIC),
        Row(MEMBER_READERS, params=MEMBERS),
        Row(expect(404, 404, 404, 200, 200, 404, 404, 404), params=DRAFT),
    ],
    "alliance/notices/<int:notice_id>/edit/": [
        Row(STAFF_PAGE, params=PUBLIC),
        Row(STAFF_ONLY_PAGE, params=DRAFT),
        Row(STAFF_WRITE, method="post", writes=True, params=PUBLIC, body=notice_form),
        Row(STAFF_REFUSED, method="post", params=PUBLIC, body=no_audience),
    ],
    "alliance/notices/<int:notice_id>/publish/": [
        Row(DRAFT_WRITE, method="post", writes=True, params=DRAFT),
        Row(STAFF_REFUSED, method="post", params=PUBLIC),  # already published
    ],
    "alliance/notices/<int:notice_id>/withdraw/": [
        Row(STAFF_WRITE, method="post", writes=True, params=PUBLIC),
        Row(expect(403, 403, 404, 302, 302, 404, 404, 404), method="post", writes=True,
            params=MEMBERS),
    ],
    "alliance/notices/<int:notice_id>/attachments/": [
        Row(STAFF_WRITE, method="post", writes=True, params=PUBLIC, body=an_upload),
    ],
    "alliance/notices/<int:notice_id>/attachments/<int:attachment_id>/": [
        Row(EVERYBODY, params=ATTACHMENT),
    ],
    "alliance/notices/<int:notice_id>/attachments/<int:attachment_id>/remove/": [
        Row(STAFF_WRITE, method="post", writes=True, params=ATTACHMENT),
    ],
    "alliance/outbox/": [
        Row(STAFF_PAGE),
        Row(STAFF_PAGE, body=lambda w: {"status": "failed", "to": "applicant"}),
    ],
    "alliance/outbox/<int:mail_id>/": [Row(STAFF_PAGE, params=MAIL)],
    "alliance/outbox/<int:mail_id>/retry/": [
        Row(STAFF_WRITE, method="post", writes=True, params=MAIL),
    ],
}  # fmt: skip


def notice_body(world: World) -> dict[str, Any]:
    return {"kind": "policy", "title_zh": "矩阵通知", "title_en": "Matrix notice",
            "body_zh": "正文", "body_en": "Text", "public": True}  # fmt: skip


API = "/api/alliance"
STAFF_API = expect(403, 403, 403, 200, 200, 403, 403, 403)

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/notices"): Row(EVERYBODY),
    ("GET", f"{API}/notices/unpublished"): Row(STAFF_API),
    ("GET", f"{API}/notices/{{notice_id}}"): Row(MEMBER_READERS, params=MEMBERS),
    ("POST", f"{API}/notices"): Row(expect(403, 403, 403, 201, 201, 403, 403, 403),
                                    body=notice_body),
    ("PUT", f"{API}/notices/{{notice_id}}"): Row(STAFF_API, params=PUBLIC, body=notice_body),
    ("POST", f"{API}/notices/{{notice_id}}/publish"):
        Row(expect(404, 404, 404, 200, 200, 404, 404, 404), params=DRAFT),
    ("POST", f"{API}/notices/{{notice_id}}/withdraw"): Row(STAFF_API, params=PUBLIC),
    # a JSON body carries no file: the staff's upload answers 422
    ("POST", f"{API}/notices/{{notice_id}}/attachments"):
        Row(expect(403, 403, 403, 422, 422, 403, 403, 403), params=PUBLIC),
    ("GET", f"{API}/notices/{{notice_id}}/attachments/{{attachment_id}}"):
        Row(EVERYBODY, params=ATTACHMENT),
    ("DELETE", f"{API}/notices/{{notice_id}}/attachments/{{attachment_id}}"):
        Row(expect(403, 403, 403, 204, 204, 403, 403, 403), params=ATTACHMENT),
    ("GET", f"{API}/outbox"): Row(STAFF_API),
    ("GET", f"{API}/outbox/{{mail_id}}"): Row(STAFF_API, params=MAIL),
    ("POST", f"{API}/outbox/{{mail_id}}/retry"): Row(STAFF_API, params=MAIL),
}  # fmt: skip
