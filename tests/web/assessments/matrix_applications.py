"""Authorization-matrix rows of the assessments app: calls, applications, evidence, relations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's objects: the open call and A's draft application (``helpers``), one evidence file
of the draft and a relation A declared with company C (built here). Anonymous visitors are
sent to sign in when they ask for a page; an anonymous POST is answered like the public's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greenledger.web.assessments import services
from tests.web.assessments import helpers
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def draft_evidence(world: World) -> Any:
    """One PDF uploaded to A's draft application, for its third-party inventory item."""

    def build() -> Any:
        return services.evidence_add(
            actor=world.users["enterprise_a"], application=helpers.draft_application(world),
            item="third_party_inventory", upload=helpers.pdf_upload(), filename="盘查报告.pdf",
        )  # fmt: skip

    return helpers.cached(world, "draft_evidence", build)


def relation_a(world: World) -> Any:
    """Company A declares company C its consultant."""

    def build() -> Any:
        return services.relation_declare(
            actor=world.users["enterprise_a"], organisation=world.company_a,
            related=world.company_c, kind="consultant", note="碳盘查咨询",
        )  # fmt: skip

    return helpers.cached(world, "relation_a", build)


def new_call(world: World, **overrides: Any) -> dict[str, Any]:
    values = {
        "ruleset_id": helpers.RULESET,
        "title": "矩阵测试零碳工厂申报",
        "year": 2026,
        "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "level": "district",
        "issuing_body": "东江新区经济和科技委员会",
        "validity_years": 3,
        "agreement_tolerance": 5,
        "threshold:indicators.renewable_share.benchmark": "0.3",
    }
    values.update(overrides)
    return values


def pdf_file(world: World) -> dict[str, Any]:
    return {
        "item": "zero_carbon_plan",
        "file": SimpleUploadedFile("零碳规划.pdf", helpers.PDF_BYTES, "application/pdf"),
    }


CALL = {"call_id": lambda w: helpers.open_call(w).pk}
DRAFT = {"application_id": lambda w: helpers.draft_application(w).pk}
COMPLETE = {"application_id": lambda w: helpers.complete_application(w).pk}
UNDER_REVIEW = {"application_id": lambda w: helpers.reviews_assigned(w)[0].application_id}
EVIDENCE = {"evidence_id": lambda w: draft_evidence(w).pk}
RELATION = {"relation_id": lambda w: relation_a(w).pk}

PARTICIPANTS = expect(200, 200, 200, 200, 200, 200, 404, 302)
A_AND_STAFF = expect(200, 404, 404, 200, 200, 404, 404, 404)
PREPARE_BY_A = expect(302, 404, 404, 403, 403, 404, 404, 404)
STAFF_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "assessments/": [Row(PARTICIPANTS)],
    "assessments/calls/new/": [
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302)),
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302),
            body=lambda w: {"ruleset_id": "green_factory/2018"}),
        Row(STAFF_WRITE, method="post", writes=True, body=new_call),
        # weights no longer adding up to the total: the form shows the service's error
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403), method="post",
            body=lambda w: new_call(w, **{"threshold:indicators.renewable_share.weight": "40"})),
    ],
    # a call is a public notice
    "assessments/calls/<int:call_id>/": [Row(expect(200, 200, 200, 200, 200, 200, 200, 200),
                                             params=CALL)],
    "assessments/calls/<int:call_id>/apply/": [
        # B's manager may not choose A's site: the form says so
        Row(expect(302, 200, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            params=CALL, body=lambda w: {"site": w.site_a.pk}),
    ],
    "assessments/calls/<int:call_id>/close/": [
        Row(expect(403, 403, 403, 302, 302, 403, 403, 403), method="post", writes=True,
            params=CALL),
    ],
    "assessments/applications/<int:application_id>/": [
        Row(A_AND_STAFF, params=DRAFT),
        Row(expect(200, 404, 200, 200, 200, 404, 404, 404), params=UNDER_REVIEW),
    ],
    "assessments/applications/<int:application_id>/inputs/": [
        Row(PREPARE_BY_A, method="post", writes=True, params=DRAFT,
            body=lambda w: {"offset_tco2e": "120.5", "zero_carbon_plan": "true"}),
        Row(expect(200, 404, 404, 403, 403, 404, 404, 404), method="post", params=DRAFT,
            body=lambda w: {"renewable_electricity_share": "1.5"}),  # over the maximum
    ],
    "assessments/applications/<int:application_id>/evidence/": [
        Row(PREPARE_BY_A, method="post", writes=True, params=DRAFT, body=pdf_file),
    ],
    "assessments/applications/<int:application_id>/submit/": [
        Row(PREPARE_BY_A, method="post", writes=True, params=COMPLETE),
        # evidence and inputs missing: refused, shown on the page
        Row(expect(200, 404, 404, 403, 403, 404, 404, 404), method="post", params=DRAFT),
    ],
    "assessments/evidence/<int:evidence_id>/": [Row(A_AND_STAFF, params=EVIDENCE)],
    "assessments/evidence/<int:evidence_id>/delete/": [
        Row(PREPARE_BY_A, method="post", writes=True, params=EVIDENCE),
    ],
    "assessments/relations/": [
        Row(expect(200, 200, 403, 200, 200, 403, 403, 302)),
        # B's manager declares only B's relations: A is not a choice
        Row(expect(302, 200, 403, 302, 302, 403, 403, 403), method="post", writes=True,
            body=lambda w: {"organisation": w.company_a.pk,
                            "related_code": w.company_c.credit_code, "kind": "consultant"}),
    ],
    "assessments/relations/<int:relation_id>/delete/": [
        Row(expect(302, 404, 404, 302, 302, 404, 404, 404), method="post", writes=True,
            params=RELATION),
    ],
}  # fmt: skip
API_ROWS: dict[tuple[str, str], Row] = {}
