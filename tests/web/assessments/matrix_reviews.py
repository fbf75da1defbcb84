"""Authorization-matrix rows of the assessments app: reviews, decisions, certificates.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The persona ``evaluator`` is the first of the two reviewers (``helpers.reviews_assigned``);
certificates are seen by the holder's users and the staff only, everybody verifies them.
"""

from __future__ import annotations

from typing import Any

from tests.web.assessments import helpers
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def _submitted_with_a_second_evaluator(world: World) -> int:
    # The extra evaluator is created here, before the matrix counts the audit ledger.
    helpers.evaluator(world, "evaluator-2")
    return helpers.submitted_application(world).pk


def _draft_of_first_review(world: World) -> dict[str, Any]:
    application = helpers.reviews_assigned(world)[0].application
    application.refresh_from_db()
    body: dict[str, Any] = {"action": "save", "summary": "边界与盘查报告一致"}
    for item, judged in helpers.judgements_from_prescore(application).items():
        if "passed" in judged:
            body[f"passed-{item}"] = "pass" if judged["passed"] else "fail"
        else:
            body[f"points-{item}"] = judged["points"]
        body[f"comment-{item}"] = "已核对证明材料"
    return body


FIRST_REVIEW = {"review_id": lambda w: helpers.reviews_assigned(w)[0].pk}
SECOND_REVIEW = {"review_id": lambda w: helpers.reviews_assigned(w)[1].pk}
CERTIFICATE = {"certificate_id": lambda w: helpers.certificate(w).pk}
CERTIFICATE_READERS = expect(200, 404, 404, 200, 200, 404, 404, 302)
STAFF_WRITE = expect(403, 404, 404, 302, 302, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "assessments/applications/<int:application_id>/assign/": [
        Row(STAFF_WRITE, method="post", writes=True,
            params={"application_id": _submitted_with_a_second_evaluator},
            body=lambda w: {"evaluator": helpers.evaluator(w, "evaluator-2").pk}),
    ],
    "assessments/reviews/<int:review_id>/": [
        Row(expect(403, 404, 200, 403, 403, 404, 404, 302), params=FIRST_REVIEW),
        # another evaluator's review: the persona sees the application, not this review
        Row(expect(403, 404, 403, 403, 403, 404, 404, 302), params=SECOND_REVIEW),
        Row(expect(403, 404, 302, 403, 403, 404, 404, 404), method="post", writes=True,
            params=FIRST_REVIEW, body=_draft_of_first_review),
    ],
    "assessments/applications/<int:application_id>/decide/": [
        # the persona evaluator reviewed it: sees it, may not decide
        Row(expect(403, 404, 403, 302, 302, 404, 404, 404), method="post", writes=True,
            params={"application_id": lambda w: helpers.reviewed_application(w).pk},
            body=lambda w: {"decision": "approve", "reason": "两位评审一致"}),
    ],
    "assessments/certificates/<int:certificate_id>/": [
        Row(CERTIFICATE_READERS, params=CERTIFICATE),
    ],
    "assessments/certificates/<int:certificate_id>/certificate.pdf": [
        Row(CERTIFICATE_READERS, params=CERTIFICATE),
    ],
    "assessments/certificates/<int:certificate_id>/revoke/": [
        Row(STAFF_WRITE, method="post", writes=True, params=CERTIFICATE,
            body=lambda w: {"reason": "现场核查发现能耗数据不实"}),
    ],
    "verify/<str:number>": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200),
            params={"number": lambda w: helpers.certificate(w).number}),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404),
            params={"number": lambda w: "DJ-ZCF-1999-0001"}),
    ],
}  # fmt: skip
API_ROWS: dict[tuple[str, str], Row] = {}
