"""Authorization-matrix rows of the assessments app: API operations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Objects are company A's (unpublished): a hidden one answers 404, a visible one that the persona
may not change answers 403. Calls, rule sets, published recognition lists and certificate
verification are public. Bodies are built after the matrix counts the audit ledger, so a body
never creates audited objects (see ``helpers.unaudited_*``).
"""

from __future__ import annotations

from typing import Any

from tests.web.assessments import helpers
from tests.web.matrix_support import Row, expect


def pk_of(build: Any, name: str) -> dict[str, Any]:
    return {name: lambda w: build(w).pk}


API = "/api/assessments"
EVERYONE = expect(200, 200, 200, 200, 200, 200, 200, 200)
STAFF_ONLY_WRITE = expect(403, 403, 403, 200, 200, 403, 403, 403)
A_AND_STAFF = expect(200, 404, 404, 200, 200, 404, 404, 404)
A_PREPARES = (404, 404, 403, 403, 404, 404, 404)  # the other seven personas on A's draft
STAFF_ON_A = expect(403, 404, 404, 200, 200, 404, 404, 404)
REVIEWER = expect(404, 404, 200, 403, 403, 404, 404, 404)

DRAFT = pk_of(helpers.draft_application, "application_id")
CALL = pk_of(helpers.open_call, "call_id")
RECOGNITION = pk_of(helpers.recognition_call, "call_id")


def new_call(world: Any) -> dict[str, Any]:
    return {
        "ruleset_id": helpers.RULESET,
        "title": "2027年度零碳工厂申报",
        "year": 2027,
        "deadline": "2099-06-30",
        "issuing_body": "东江新区经济和科技委员会",
    }


def new_recognition_call(world: Any) -> dict[str, Any]:
    return {
        "type": "green_manufacturing_demo_unit",
        "title": "2027年度绿色制造示范单位评选",
        "year": 2027,
        "deadline": "2099-06-30",
        "places": 3,
        "issuing_body": "东江新区绿色低碳产业联盟",
        "panel": helpers.unaudited_panel_ids(world),
    }


# The matrix recognises resolver routes of the API by ``<int:...>`` parameters only, so the two
# operations with text parameters are listed among the pages as well: asked with a browser
# session (which the API treats as anonymous), both are public.
RULESET_PARAMS = {
    "standard": lambda w: "zero_carbon_factory_shanghai",
    "edition": lambda w: "t-seesa-009",
}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
API_ROWS: dict[tuple[str, str], Row] = {
    # ------------------------------------------------------------------ rule sets and calls
    ("GET", f"{API}/rulesets"): Row(EVERYONE),
    ("GET", f"{API}/rulesets/{{standard}}/{{edition}}"):
        Row(EVERYONE, params=RULESET_PARAMS),
    ("GET", f"{API}/calls"): Row(EVERYONE),
    ("POST", f"{API}/calls"):
        Row(expect(403, 403, 403, 201, 201, 403, 403, 403), body=new_call),
    ("GET", f"{API}/calls/{{call_id}}"): Row(EVERYONE, params=CALL),
    ("POST", f"{API}/calls/{{call_id}}/close"): Row(STAFF_ONLY_WRITE, params=CALL),
    # ------------------------------------------------------------------ applications
    ("GET", f"{API}/applications"): Row(EVERYONE),
    ("POST", f"{API}/applications"):
        Row(expect(201, 404, 403, 403, 403, 403, 404, 404), body=lambda w: {
            "call_id": helpers.unaudited_call(w).pk, "site_id": w.site_a.pk}),
    ("GET", f"{API}/applications/{{application_id}}"): Row(A_AND_STAFF, params=DRAFT),
    ("PATCH", f"{API}/applications/{{application_id}}/inputs"):
        Row(expect(200, *A_PREPARES), params=DRAFT,
            body=lambda w: {"inputs": {"zero_carbon_plan": True}}),
    ("POST", f"{API}/applications/{{application_id}}/evidence"):
        Row(expect(422, *A_PREPARES), params=DRAFT),  # a JSON body carries no file
    ("DELETE", f"{API}/evidence/{{evidence_id}}"):
        Row(expect(204, *A_PREPARES), params=pk_of(helpers.draft_evidence, "evidence_id")),
    ("POST", f"{API}/applications/{{application_id}}/submit"):
        Row(expect(200, *A_PREPARES),
            params=pk_of(helpers.complete_application, "application_id")),
    ("POST", f"{API}/applications/{{application_id}}/reviews"):
        Row(expect(403, 404, 404, 201, 201, 404, 404, 404),
            params=pk_of(helpers.submitted_application, "application_id"),
            body=lambda w: {"evaluator_id": w.users["evaluator"].pk}),
    ("POST", f"{API}/applications/{{application_id}}/decision"):
        Row(expect(403, 404, 403, 200, 200, 404, 404, 404),
            params=pk_of(helpers.reviewed_application, "application_id"),
            body=lambda w: {"approve": True, "reason": "两位评审一致认定达到零碳标杆要求"}),
    # ------------------------------------------------------------------ reviews
    ("GET", f"{API}/reviews"): Row(EVERYONE),
    ("GET", f"{API}/reviews/{{review_id}}"):
        Row(expect(404, 404, 200, 200, 200, 404, 404, 404),
            params={"review_id": lambda w: helpers.reviews_assigned(w)[0].pk}),
    ("PUT", f"{API}/reviews/{{review_id}}"):
        Row(REVIEWER, params={"review_id": lambda w: helpers.reviews_assigned(w)[0].pk},
            body=lambda w: {"judgements": {}, "summary": "资料齐全，待现场核查", "submit": False}),
    # ------------------------------------------------------------------ certificates
    ("GET", f"{API}/certificates"): Row(EVERYONE),
    ("GET", f"{API}/certificates/{{certificate_id}}"):
        Row(A_AND_STAFF, params=pk_of(helpers.certificate, "certificate_id")),
    ("POST", f"{API}/certificates/{{certificate_id}}/revoke"):
        Row(STAFF_ON_A, params=pk_of(helpers.certificate, "certificate_id"),
            body=lambda w: {"reason": "现场核查发现排放数据不实"}),
    ("GET", f"{API}/verify/{{number}}"):
        Row(EVERYONE, params={"number": lambda w: helpers.certificate(w).number}),
    # ------------------------------------------------------------------ relations
    ("GET", f"{API}/relations"): Row(EVERYONE),
    ("POST", f"{API}/relations"):
        Row(expect(201, 404, 403, 201, 201, 403, 404, 404), body=lambda w: {
            "organisation_id": w.company_a.pk, "related_id": w.company_c.pk,
            "kind": "consultant", "note": "节能诊断服务"}),
    ("DELETE", f"{API}/relations/{{relation_id}}"):
        Row(expect(204, 404, 404, 204, 204, 404, 404, 404),
            params=pk_of(helpers.relation, "relation_id")),
    # ------------------------------------------------------------------ recognition
    ("GET", f"{API}/recognition/calls"): Row(EVERYONE),
    ("POST", f"{API}/recognition/calls"):
        Row(expect(403, 403, 403, 201, 201, 403, 403, 403), body=new_recognition_call),
    ("GET", f"{API}/recognition/calls/{{call_id}}"):
        Row(expect(200, 200, 200, 200, 200, 404, 404, 404), params=RECOGNITION),
    ("POST", f"{API}/recognition/calls/{{call_id}}/nominations"):
        Row(expect(201, 404, 403, 201, 201, 404, 404, 404), params=RECOGNITION,
            body=lambda w: {"organisation_id": w.company_a.pk, "site_id": w.site_a.pk,
                            "statement": "屋顶光伏与绿电交易覆盖全部用电"}),
    ("POST", f"{API}/recognition/calls/{{call_id}}/start-scoring"):
        Row(expect(403, 403, 403, 200, 200, 404, 404, 404),
            params={"call_id": lambda w: helpers.nomination(w).call_id}),
    ("POST", f"{API}/recognition/nominations/{{nomination_id}}/scores"):
        Row(expect(404, 404, 201, 403, 403, 404, 404, 404),
            params={"nomination_id": lambda w: (
                helpers.recognition_in_scoring(w), helpers.nomination(w))[1].pk},
            body=lambda w: {"score": 88, "comment": "示范效果显著"}),
    ("POST", f"{API}/recognition/calls/{{call_id}}/publish"):
        Row(expect(404, 404, 403, 200, 200, 404, 404, 404),
            params=pk_of(helpers.recognition_scored, "call_id")),
}  # fmt: skip
