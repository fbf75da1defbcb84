"""Authorization-matrix rows of joining the alliance: the public form and the applicant's
status page (anyone), the secretariat's queue, application, documents and decisions, the
activation page, and the applications API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Anyone applies and follows an application through its status link (the secret is the
permission). The review is the registry staff's: other signed-in users get 403, anonymous
visitors are sent to sign in (a POST from them: 404); in the API every other caller gets 403.
The activation link works for whoever holds it (it signs the holder in as the new manager).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from greenledger.web.alliance.services.application_review import (
    application_approve,
    application_request_info,
)
from greenledger.web.alliance.services.applications import (
    DocumentUpload,
    Submitted,
    application_submit,
)
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World, credit_code
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

PASSWORD = "Matrix-activation-2026"


def _values(number: int) -> dict[str, Any]:
    return {
        "kind": "enterprise", "name_zh": f"矩阵申请企业{number}号",
        "credit_code": credit_code(number),
        "address": "东江新区矩阵路1号", "district": "东江新区", "contact_name": "矩阵联系人",
        "contact_email": f"matrix{number}@apply.example", "standing": "member",
    }  # fmt: skip


def _submitted(world: World, key: str, number: int) -> Submitted:
    def build() -> Submitted:
        licence = DocumentUpload(
            kind="business_licence", upload=io.BytesIO(PDF_BYTES), filename="营业执照.pdf"
        )
        return application_submit(**_values(number), documents=[licence])

    return _cached(world, key, build)  # type: ignore[no-any-return]


def an_application(world: World) -> Submitted:
    return _submitted(world, "join_application", 950)


def an_asked_application(world: World) -> str:
    """The status key of an application the secretariat asked more about."""

    def build() -> str:
        submitted = _submitted(world, "join_asked", 951)
        application_request_info(
            actor=world.users["secretariat"], application=submitted.application, text="请补充"
        )
        from greenledger.web.alliance.models import OutgoingMail

        mail = OutgoingMail.objects.filter(template="application_more_info").latest("id")
        return mail.body.split("/alliance/join/status/")[1].split("/")[0]

    return _cached(world, "join_asked_key", build)  # type: ignore[no-any-return]


def an_approval(world: World) -> Any:
    def build() -> Any:
        return application_approve(
            actor=world.users["secretariat"],
            application=_submitted(world, "join_approved", 952).application,
        )

    return _cached(world, "join_approval", build)


def a_form(world: World) -> dict[str, Any]:
    return {**_values(953), "business_licence": SimpleUploadedFile("执照.pdf", PDF_BYTES)}


APPLICATION = {"pk": lambda w: an_application(w).application.pk}
APPROVED = {"pk": lambda w: an_approval(w).application.pk}
DOCUMENT = {"document_id": lambda w: an_application(w).application.documents.get().pk}
STATUS = {"key": lambda w: an_application(w).status_key}
ASKED = {"key": an_asked_application}
TOKEN = {"token": lambda w: an_approval(w).activation.token}
API_APPLICATION = {"application_id": lambda w: an_application(w).application.pk}
API_DOCUMENT = DOCUMENT
EVERYONE = expect(200, 200, 200, 200, 200, 200, 200, 200)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
STAFF_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 404)
STAFF_API = expect(403, 403, 403, 200, 200, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "alliance/join/": [
        Row(EVERYONE),
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post", writes=True,
            body=a_form),
        Row(expect(422, 422, 422, 422, 422, 422, 422, 422), method="post",
            body=lambda w: {**_values(954), "credit_code": w.company_a.credit_code}),
    ],
    # without a submission in the session: back to the form
    "alliance/join/received/": [Row(expect(302, 302, 302, 302, 302, 302, 302, 302))],
    "alliance/join/status/<str:key>/": [
        Row(EVERYONE, params=STATUS),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"key": lambda w: "nope"}),
        # nothing asked: the answer is refused with a message, nothing changes
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post", params=STATUS,
            body=lambda w: {"text": "补充"}),
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post", writes=True,
            params=ASKED, body=lambda w: {"text": "已补充", "document_kind": "other"}),
    ],
    "alliance/applications/": [Row(STAFF_PAGE)],
    "alliance/applications/<int:pk>/": [Row(STAFF_PAGE, params=APPLICATION)],
    "alliance/applications/<int:pk>/request/": [
        Row(STAFF_WRITE, method="post", writes=True, params=APPLICATION,
            body=lambda w: {"text": "请补充章程"}),
    ],
    "alliance/applications/<int:pk>/approve/": [
        Row(STAFF_WRITE, method="post", writes=True, params=APPLICATION,
            body=lambda w: {"note": "同意"}),
    ],
    "alliance/applications/<int:pk>/reject/": [
        Row(STAFF_WRITE, method="post", writes=True, params=APPLICATION,
            body=lambda w: {"reasons": "材料不全"}),
    ],
    "alliance/applications/<int:pk>/activation/": [
        Row(STAFF_WRITE, method="post", writes=True, params=APPROVED),
    ],
    "alliance/applications/documents/<int:document_id>/": [Row(STAFF_PAGE, params=DOCUMENT)],
    "alliance/activate/<str:token>/": [
        Row(EVERYONE, params=TOKEN),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"token": lambda w: "nope"}),
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post", writes=True,
            params=TOKEN, body=lambda w: {"password": PASSWORD, "password_again": PASSWORD}),
    ],
}  # fmt: skip

API = "/api/alliance/applications"
API_ROWS: dict[tuple[str, str], Row] = {
    # a JSON body carries neither the form's fields nor the licence
    ("POST", API): Row(expect(422, 422, 422, 422, 422, 422, 422, 422),
                       body=lambda w: {"name_zh": "JSON申请"}),
    ("GET", API): Row(STAFF_API),
    ("GET", f"{API}/{{application_id}}"): Row(STAFF_API, params=API_APPLICATION),
    ("GET", f"{API}/documents/{{document_id}}"): Row(STAFF_API, params=API_DOCUMENT),
    ("POST", f"{API}/{{application_id}}/request-info"): Row(
        STAFF_API, params=API_APPLICATION, body=lambda w: {"text": "请补充"}),
    ("POST", f"{API}/{{application_id}}/approve"): Row(
        STAFF_API, params=API_APPLICATION, body=lambda w: {"note": ""}),
    ("POST", f"{API}/{{application_id}}/reject"): Row(
        STAFF_API, params=API_APPLICATION, body=lambda w: {"reasons": "材料不全"}),
}  # fmt: skip
