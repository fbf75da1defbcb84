"""The authorization matrix: every URL pattern and every API operation, asked by every persona.

The expected status of each (route, persona) pair is written out below. New routes are found
by walking Django's URL resolver and the API's operations, so a page or endpoint added without a
row here makes ``test_every_url_pattern_has_a_row_in_the_table`` (or its API twin) fail,
naming the route and showing the row to add.

Routes with parameters are asked about company A's objects (see ``tests/web/conftest.py``):
company A is unpublished, so only its own users, its assigned evaluator, the analyst at the bank
it shares data with and the registry staff may see it. Company B's manager, the public and
anonymous visitors must get 404 (not 403: a hidden object's existence is not revealed).
Refused writes must leave the audit ledger untouched.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from greenledger.web.api import api
from greenledger.web.audit.models import AuditEntry
from greenledger.web.ui.assets import plotly_version
from tests.web.alliance import matrix_applications as alliance_applications
from tests.web.alliance import matrix_colleagues as alliance_colleagues
from tests.web.alliance import matrix_events as alliance_events
from tests.web.alliance import matrix_notices as alliance_notices
from tests.web.alliance import matrix_registrations as alliance_registrations
from tests.web.assessments import matrix_api as assessment_api
from tests.web.assessments import matrix_applications as assessment_applications
from tests.web.assessments import matrix_recognition as assessment_recognition
from tests.web.assessments import matrix_reviews as assessment_reviews
from tests.web.conftest import (
    PERSONAS,
    World,
    credit_code,
    fresh_copy,
    world_kept_for_the_module,
)
from tests.web.district import matrix_progress as district_progress
from tests.web.district import matrix_restatements as district_restatements
from tests.web.district import matrix_targets as district_targets
from tests.web.ecology import matrix_exchanges as ecology_exchanges
from tests.web.ecology import matrix_green_power as ecology_green_power
from tests.web.ecology import matrix_listings as ecology_listings
from tests.web.ecology import matrix_map as ecology_map
from tests.web.ecology import matrix_parks as ecology_parks
from tests.web.ecology import matrix_records as ecology_records
from tests.web.finance import matrix_consent as finance_consent
from tests.web.finance import matrix_pool as finance_pool
from tests.web.finance import matrix_portfolio as finance_portfolio
from tests.web.finance import matrix_projects as finance_projects
from tests.web.finance import matrix_reports as finance_reports
from tests.web.finance import matrix_settings as finance_settings
from tests.web.finance import matrix_transition as finance_transition
from tests.web.matrix_support import DEFAULT_PARAMS, Row, expect
from tests.web.planning import matrix_catalogue as planning_catalogue
from tests.web.planning import matrix_district as planning_district
from tests.web.planning import matrix_plans as planning_plans
from tests.web.planning import matrix_results as planning_results
from tests.web.products import matrix_catalogue as products_catalogue
from tests.web.products import matrix_cbam as products_cbam
from tests.web.products import matrix_footprints as products_footprints
from tests.web.products import matrix_pact as products_pact
from tests.web.products import matrix_shares as products_shares

#                                  ent_a ent_b  eval  secr admin  anal  publ  anon
# --------------------------------------------------------------------------------- pages
URL_TABLE: dict[str, list[Row]] = {
    "i18n/setlang/": [
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post", body=lambda w: {
            "language": "en", "next": "/"}),
    ],
    "api/": [Row(expect(404, 404, 404, 404, 404, 404, 404, 404))],
    "api/docs": [Row(expect(200, 200, 200, 200, 200, 200, 200, 200))],
    "api/openapi.json": [Row(expect(200, 200, 200, 200, 200, 200, 200, 200))],
    # any other path under /api/ names no operation: the JSON 404 of the error contract
    "api/<rest:rest>": [
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"rest": lambda w: "no/op"}),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), method="post",
            params={"rest": lambda w: "organisations/1/nothing"}, body=lambda w: {}),
    ],
    # ------------------------------------------------------------------ the pages (ui)
    "": [Row(expect(200, 200, 200, 200, 200, 200, 200, 200))],
    "healthz": [Row(expect(200, 200, 200, 200, 200, 200, 200, 200))],
    "login/": [
        Row(expect(302, 302, 302, 302, 302, 302, 302, 200)),
        Row(expect(302, 302, 302, 302, 302, 302, 302, 200), method="post", body=lambda w: {
            "username": "enterprise-b", "password": "wrong"}),
    ],
    "logout/": [
        Row(expect(405, 405, 405, 405, 405, 405, 405, 405)),
        Row(expect(302, 302, 302, 302, 302, 302, 302, 302), method="post"),
    ],
    "members/": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), body=lambda w: {
            "q": w.company_a.credit_code, "kind": "enterprise", "standing": "member",
            "park": w.park.pk, "designation": "green_supply_chain", "page": 2}),
    ],
    "members/<int:organisation_id>/": [
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404)),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200),
            params={"organisation_id": "company_c"}),
    ],
    "sites/<int:site_id>/": [
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404)),
        Row(expect(404, 200, 404, 200, 200, 404, 404, 404), params={"site_id": "site_b"}),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), params={"site_id": "park"}),
    ],
    "designations/": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), body=lambda w: {
            "type": "green_supply_chain", "level": "national", "year": 2020,
            "status": "active"}),
    ],
    "assets/plotly-<str:version>.min.js": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200),
            params={"version": lambda w: plotly_version()}),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"version": lambda w: "0.0.0"}),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def kept_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The matrix asks ~2,000 questions of one small district: build it once for the module."""
    with world_kept_for_the_module(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(kept_world: World, db: Any) -> World:
    """Each case starts from the kept world; its writes roll back with the case's savepoint."""
    return fresh_copy(kept_world)


def new_organisation(world: World) -> dict[str, Any]:
    return {
        "kind": "enterprise",
        "name_zh": "矩阵新企业有限公司",
        "credit_code": credit_code(900),
        "district": world.company_a.district,
    }


def new_site(world: World) -> dict[str, Any]:
    return {"organisation_id": world.company_a.pk, "kind": "office", "name_zh": "甲公司新办公楼"}


def new_designation(world: World) -> dict[str, Any]:
    return {
        "organisation_id": world.company_a.pk,
        "type": "green_design_product",
        "level": "national",
        "year": 2021,
        "issuing_body": "工业和信息化部",
        "valid_from": "2021-12-01",
    }


# ---------------------------------------------------------------- reporting objects of company A
# Built on demand by the rows' params (per test, cached in world.objects), in the state each
# operation needs: a draft with one record, a submitted one, one under verification, a verified
# one, import jobs.


def _cached(world: World, key: str, build: Callable[[], Any]) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def a_draft(world: World) -> Any:
    from greenledger.web.reporting import services as reporting

    def build() -> Any:
        manager = world.users["enterprise_a"]
        submission = reporting.submission_create_draft(
            actor=manager, organisation=world.company_a, year=2024
        )
        world.objects["a_record"] = reporting.record_create(
            actor=manager,
            submission=submission,
            site="甲工厂",
            period="2024-01",
            activity="原煤",
            quantity="100",
            unit="t",
        )
        return submission

    return _cached(world, "a_draft", build)


def a_record(world: World) -> Any:
    a_draft(world)
    return world.objects["a_record"]


def a_submitted(world: World) -> Any:
    from greenledger.web.reporting import services as reporting

    def build() -> Any:
        manager = world.users["enterprise_a"]
        return reporting.submission_submit(actor=manager, submission=a_draft(world))

    return _cached(world, "a_submitted", build)


def a_under_review(world: World) -> Any:
    from greenledger.web.reporting import services as reporting

    def build() -> Any:
        return reporting.submission_assign_evaluator(
            actor=world.users["secretariat"],
            submission=a_submitted(world),
            evaluator=world.users["evaluator"],
        )

    return _cached(world, "a_under_review", build)


def a_verified(world: World) -> Any:
    from greenledger.web.reporting import services as reporting

    def build() -> Any:
        return reporting.submission_verify(
            actor=world.users["evaluator"], submission=a_under_review(world)
        )

    return _cached(world, "a_verified", build)


def a_job(world: World, status: str = "queued", problems: Any = ()) -> Any:
    import tempfile
    from pathlib import Path

    from greenledger.web.reporting import services as reporting

    def build() -> Any:
        source = Path(tempfile.mkdtemp()) / "activity.csv"
        source.write_text("enterprise,period,activity,quantity,unit\n甲公司,2024-02,原煤,1,t\n")
        job = reporting.import_job_create(
            actor=world.users["enterprise_a"],
            submission=a_draft(world),
            upload=source,
            filename=source.name,
        )
        job.status = status
        job.problems = [dict(p) for p in problems]
        job.save()
        return job

    return _cached(world, f"a_job_{status}", build)


def reporting_params(build: Callable[[World], Any], name: str = "submission_id") -> dict[str, Any]:
    return {name: lambda w: build(w).pk}


DRAFT = reporting_params(a_draft)
RECORD = reporting_params(a_record, "record_id")
NEW_RECORD = {
    "period": "2024-02",
    "activity": "原煤",
    "quantity": "10",
    "unit": "t",
    "site": "甲工厂",
}
SEEN_BY_A_AND_STAFF = expect(200, 404, 404, 200, 200, 404, 404, 404)
EDIT_BY_A = (404, 404, 403, 403, 404, 404, 404)  # the other seven personas on a draft of A
REVIEW = expect(403, 404, 200, 403, 403, 404, 404, 404)
A_ONLY_JOB = expect(200, 404, 404, 404, 404, 404, 404, 404)
VERIFIED_READERS = expect(200, 404, 200, 200, 200, 200, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
# --------------------------------------------------------------------------------- API
API_TABLE: dict[tuple[str, str], Row] = {
    ("GET", "/api/organisations"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/organisations"):
        Row(expect(403, 403, 403, 201, 201, 403, 403, 403), body=new_organisation),
    ("GET", "/api/organisations/{organisation_id}"):
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404)),
    ("PATCH", "/api/organisations/{organisation_id}"):
        Row(expect(200, 404, 403, 200, 200, 403, 404, 404),
            body=lambda w: {"address": "甲路99号"}),
    ("GET", "/api/sites"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/sites"):
        Row(expect(201, 404, 403, 201, 201, 403, 404, 404), body=new_site),
    ("GET", "/api/sites/{site_id}"):
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404)),
    ("PATCH", "/api/sites/{site_id}"):
        Row(expect(200, 404, 403, 200, 200, 403, 404, 404),
            body=lambda w: {"name_en": "Plant A"}),
    ("DELETE", "/api/sites/{site_id}"):
        Row(expect(204, 404, 403, 204, 204, 403, 404, 404)),
    ("GET", "/api/designations"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/designations"):
        Row(expect(403, 403, 403, 201, 201, 403, 403, 403), body=new_designation),
    ("GET", "/api/designations/{designation_id}"):
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404)),
    ("GET", "/api/district/summary"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/tokens"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/api/tokens"):
        Row(expect(201, 201, 201, 201, 201, 201, 201, 401), body=lambda w: {"name": "ci"}),
    ("DELETE", "/api/tokens/{token_id}"):
        Row(expect(204, 404, 404, 404, 404, 404, 404, 401)),
    # ------------------------------------------------------------------ activity reporting
    ("GET", "/api/reporting/submissions"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/reporting/submissions"):
        Row(expect(201, 404, 403, 403, 403, 403, 404, 404),
            body=lambda w: {"organisation_id": w.company_a.pk, "year": 2030}),
    ("GET", "/api/reporting/submissions/{submission_id}"):
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ("GET", "/api/reporting/submissions/{submission_id}/records"):
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ("POST", "/api/reporting/submissions/{submission_id}/records"):
        Row(expect(201, *EDIT_BY_A), params=DRAFT, body=lambda w: NEW_RECORD),
    ("PATCH", "/api/reporting/records/{record_id}"):
        Row(expect(200, *EDIT_BY_A), params=RECORD, body=lambda w: {"quantity": "20"}),
    ("DELETE", "/api/reporting/records/{record_id}"):
        Row(expect(204, *EDIT_BY_A), params=RECORD),
    ("GET", "/api/reporting/records/{record_id}/comments"):
        Row(SEEN_BY_A_AND_STAFF, params=RECORD),
    ("POST", "/api/reporting/records/{record_id}/comments"):
        Row(expect(403, 404, 201, 403, 403, 404, 404, 404),
            params={"record_id": lambda w: (a_under_review(w), a_record(w))[1].pk},
            body=lambda w: {"text": "请提供3月的电费发票"}),
    ("POST", "/api/reporting/submissions/{submission_id}/submit"):
        Row(expect(200, *EDIT_BY_A), params=DRAFT),
    ("POST", "/api/reporting/submissions/{submission_id}/assign"):
        Row(expect(403, 404, 404, 200, 200, 404, 404, 404), params=reporting_params(a_submitted),
            body=lambda w: {"evaluator_id": w.users["evaluator"].pk}),
    ("POST", "/api/reporting/submissions/{submission_id}/request-changes"):
        Row(REVIEW, params=reporting_params(a_under_review),
            body=lambda w: {"comment": "3月的外购电力偏高，请核对"}),
    ("POST", "/api/reporting/submissions/{submission_id}/verify"):
        Row(REVIEW, params=reporting_params(a_under_review)),
    ("POST", "/api/reporting/submissions/{submission_id}/correct"):
        Row(expect(201, *EDIT_BY_A), params=reporting_params(a_submitted),
            body=lambda w: {"reason": "补录3月天然气发票"}),
    ("GET", "/api/reporting/submissions/{submission_id}/versions"):
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ("GET", "/api/reporting/submissions/{submission_id}/diff"):
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ("GET", "/api/reporting/submissions/{submission_id}/inventory"):
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ("GET", "/api/reporting/organisations/{organisation_id}/trends"):
        Row(VERIFIED_READERS, params={"organisation_id": lambda w: a_verified(w).organisation_id}),
    ("GET", "/api/reporting/submissions/{submission_id}/imports"):
        Row(A_ONLY_JOB, params=DRAFT),
    ("POST", "/api/reporting/submissions/{submission_id}/imports"):
        Row(expect(422, *EDIT_BY_A), params=DRAFT),  # a JSON body carries no file
    ("GET", "/api/reporting/imports/{job_id}"):
        Row(A_ONLY_JOB, params=reporting_params(a_job, "job_id")),
    ("POST", "/api/reporting/imports/{job_id}/confirm-replace"):
        Row(expect(202, 404, 404, 404, 404, 404, 404, 404),
            params={"job_id": lambda w: a_job(w, "needs_confirmation").pk}),
    ("GET", "/api/reporting/imports/{job_id}/error-report"):
        Row(A_ONLY_JOB, params={"job_id": lambda w: a_job(w, "failed", [{
            "file": "activity.csv", "sheet": None, "row": 2, "column": "quantity",
            "reason": "not a number"}]).pk}),
    ("GET", "/api/reporting/template"):
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/reporting/submissions/{submission_id}/report.pdf"):
        Row(VERIFIED_READERS, params=reporting_params(a_verified)),
    ("GET", "/api/reporting/submissions/{submission_id}/report.xlsx"):
        Row(VERIFIED_READERS, params=reporting_params(a_verified)),
    ("GET", "/api/reporting/district/inventories.xlsx"):
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403)),
    ("POST", "/api/reporting/sites/{site_id}/meter-series"):
        Row(expect(422, 404, 403, 403, 403, 403, 404, 404)),  # no file in a JSON body
    ("GET", "/api/reporting/sites/{site_id}/meter-series"):
        Row(expect(200, 404, 404, 200, 200, 200, 404, 404)),
}  # fmt: skip

# ------------------------------------------------------------------ the reporting pages
PAGE_EDIT_BY_A = (404, 404, 403, 403, 404, 404, 404)  # the other seven personas on A's draft
PAGE_REVIEW = expect(403, 404, 302, 403, 403, 404, 404, 404)
VERIFIED = reporting_params(a_verified)
UNDER_REVIEW = reporting_params(a_under_review)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_TABLE.update({
    "reporting/": [Row(expect(200, 200, 200, 200, 200, 200, 404, 302))],
    "reporting/organisations/<int:organisation_id>/": [
        Row(expect(200, 404, 404, 200, 200, 404, 404, 404)),
        Row(expect(200, 404, 200, 200, 200, 200, 404, 404),
            params={"organisation_id": lambda w: a_verified(w).organisation_id}),
        Row(expect(302, 404, 404, 403, 403, 404, 404, 404), method="post", writes=True,
            body=lambda w: {"year": 2031}),
    ],
    "reporting/submissions/<int:submission_id>/": [
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
        Row(VERIFIED_READERS, params=VERIFIED),
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT, body=lambda w: {
            "site": w.site_a.pk, "period": "2024-01", "activity": "raw_coal", "page": 2}),
    ],
    "reporting/submissions/<int:submission_id>/submit/": [
        Row(expect(302, *PAGE_EDIT_BY_A), method="post", writes=True, params=DRAFT),
    ],
    "reporting/submissions/<int:submission_id>/assign/": [
        Row(expect(403, 404, 404, 302, 302, 404, 404, 404), method="post", writes=True,
            params=reporting_params(a_submitted),
            body=lambda w: {"evaluator": w.users["evaluator"].pk}),
    ],
    "reporting/submissions/<int:submission_id>/request-changes/": [
        Row(PAGE_REVIEW, method="post", writes=True, params=UNDER_REVIEW,
            body=lambda w: {"comment": "3月的外购电力偏高，请核对"}),
    ],
    "reporting/submissions/<int:submission_id>/verify/": [
        Row(PAGE_REVIEW, method="post", writes=True, params=UNDER_REVIEW),
    ],
    "reporting/submissions/<int:submission_id>/correct/": [
        Row(expect(302, *PAGE_EDIT_BY_A), method="post", writes=True,
            params=reporting_params(a_submitted), body=lambda w: {"reason": "补录3月天然气发票"}),
    ],
    "reporting/submissions/<int:submission_id>/records/add/": [
        Row(expect(200, *PAGE_EDIT_BY_A), params=DRAFT),
        Row(expect(302, *PAGE_EDIT_BY_A), method="post", writes=True, params=DRAFT,
            body=lambda w: {**NEW_RECORD, "activity": "raw_coal"}),
    ],
    "reporting/records/<int:record_id>/edit/": [
        Row(expect(200, *PAGE_EDIT_BY_A), params=RECORD),
        Row(expect(302, *PAGE_EDIT_BY_A), method="post", writes=True, params=RECORD,
            body=lambda w: {**NEW_RECORD, "activity": "raw_coal", "quantity": "20"}),
    ],
    "reporting/records/<int:record_id>/delete/": [
        Row(expect(302, *PAGE_EDIT_BY_A), method="post", writes=True, params=RECORD),
    ],
    "reporting/records/<int:record_id>/comment/": [
        Row(PAGE_REVIEW, method="post", writes=True,
            params={"record_id": lambda w: (a_under_review(w), a_record(w))[1].pk},
            body=lambda w: {"text": "请提供3月的电费发票"}),
    ],
    "reporting/submissions/<int:submission_id>/imports/": [
        Row(expect(200, *PAGE_EDIT_BY_A), method="post", params=DRAFT),  # no file: the form
    ],
    "reporting/imports/<int:job_id>/": [
        Row(A_ONLY_JOB, params=reporting_params(a_job, "job_id")),
    ],
    "reporting/imports/<int:job_id>/replace/": [
        Row(expect(302, 404, 404, 404, 404, 404, 404, 404), method="post", writes=True,
            params={"job_id": lambda w: a_job(w, "needs_confirmation").pk}),
    ],
    "reporting/imports/<int:job_id>/error-report/": [
        Row(A_ONLY_JOB, params={"job_id": lambda w: a_job(w, "failed", [{
            "file": "activity.csv", "sheet": None, "row": 2, "column": "quantity",
            "reason": "not a number"}]).pk}),
    ],
    "reporting/template/<str:language>/": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), params={"language": lambda w: "zh"}),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), params={"language": lambda w: "en"}),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"language": lambda w: "fr"}),
    ],
    "reporting/submissions/<int:submission_id>/diff/": [Row(SEEN_BY_A_AND_STAFF, params=DRAFT)],
    "reporting/submissions/<int:submission_id>/inventory/": [
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
        Row(VERIFIED_READERS, params=VERIFIED),
    ],
    "reporting/submissions/<int:submission_id>/lineage/": [
        Row(SEEN_BY_A_AND_STAFF, params=DRAFT),
    ],
    "reporting/submissions/<int:submission_id>/report.pdf": [
        Row(VERIFIED_READERS, params=VERIFIED),
    ],
    "reporting/submissions/<int:submission_id>/report.xlsx": [
        Row(VERIFIED_READERS, params=VERIFIED),
    ],
    "reporting/district/inventories.xlsx": [
        Row(expect(404, 404, 404, 200, 200, 404, 404, 404)),
    ],
    "reporting/sites/<int:site_id>/meters/": [  # the analyst: A's grant covers meter series
        Row(expect(200, 404, 404, 200, 200, 200, 404, 404)),
        Row(expect(200, 404, 404, 403, 403, 403, 404, 404), method="post"),  # no file: the form
    ],
})  # fmt: skip

# The assessments app's rows live beside its tests, one module per area.
_MATRIX_MODULES = (
    alliance_applications,
    alliance_colleagues,
    alliance_events,
    alliance_notices,
    alliance_registrations,
    assessment_applications,
    assessment_reviews,
    assessment_recognition,
    assessment_api,
    district_progress,
    district_restatements,
    district_targets,
    planning_catalogue,
    planning_district,
    planning_plans,
    planning_results,
    ecology_exchanges,
    ecology_green_power,
    ecology_listings,
    ecology_map,
    ecology_parks,
    ecology_records,
    finance_pool,
    finance_portfolio,
    finance_projects,
    finance_reports,
    finance_consent,
    finance_settings,
    finance_transition,
    products_cbam,
    products_catalogue,
    products_footprints,
    products_pact,
    products_shares,
)
for _module in _MATRIX_MODULES:
    URL_TABLE.update(getattr(_module, "URL_ROWS", {}))
    API_TABLE.update(getattr(_module, "API_ROWS", {}))
for _module in _MATRIX_MODULES:  # after every module's own rows, whatever the order above
    for _route, _rows in getattr(_module, "URL_MORE_ROWS", {}).items():
        URL_TABLE.setdefault(_route, []).extend(_rows)  # rows added to another module's route

ADMIN_PREFIX = "admin/"
STAFF = {"secretariat", "district_admin"}


# ----------------------------------------------------------------------------- discovery


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_operations() -> list[tuple[str, str]]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            route = re.sub(r"/+", "/", f"/api/{prefix}/{path}").rstrip("/")
            route = re.sub(r"\{\w+:(\w+)\}", r"{\1}", route)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method, route))
    return sorted(set(found))


def api_routes_in_resolver() -> set[str]:
    """API operations' routes in the resolver's spelling without converters, e.g.
    "api/sites/{site_id}" (covered by API_TABLE)."""
    return {route.removeprefix("/") for _method, route in api_operations()}


def without_converters(route: str) -> str:
    """ "api/x/<int:x_id>/<str:name>" -> "api/x/{x_id}/{name}"."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def page_routes() -> list[str]:
    api_routes = api_routes_in_resolver()
    return sorted(
        {
            route
            for route, _pattern in walk(get_resolver().url_patterns)
            if not route.startswith(ADMIN_PREFIX) and without_converters(route) not in api_routes
        }
    )


def admin_routes() -> list[str]:
    return sorted({r for r, _p in walk(get_resolver().url_patterns) if r.startswith(ADMIN_PREFIX)})


def fill(route: str, world: World, params: dict[str, Any]) -> str:
    """Turn a Django or ninja route into a URL about company A's objects."""

    def value(match: re.Match[str]) -> str:
        name = match.group("name")
        key = params.get(name) or DEFAULT_PARAMS.get(name)
        if key is None:
            pytest.fail(
                f"The route {route!r} has a parameter {name!r} that names no object of company "
                "A: give its row params={...} naming a World attribute.",
                pytrace=False,
            )
        if callable(key):
            return str(key(world))
        return str(getattr(world, key).pk)

    url = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    url = re.sub(r"\{(?P<name>\w+)\}", value, url)
    return url if url.startswith("/") else "/" + url


def missing_row_message(route: str) -> str:
    return (
        f"The URL pattern {route!r} is not in the authorization table of {__file__}. Add a row "
        "with the expected status for each persona, e.g.\n"
        f'    "{route}": [Row(expect(200, 404, 200, 200, 200, 200, 404, 404))],'
    )


# ----------------------------------------------------------------------------- the tests


def test_every_url_pattern_has_a_row_in_the_table() -> None:
    missing = [route for route in page_routes() if route not in URL_TABLE]
    assert not missing, "\n".join(missing_row_message(route) for route in missing)


def test_the_table_has_no_rows_for_routes_that_no_longer_exist() -> None:
    stale = sorted(set(URL_TABLE) - set(page_routes()))
    assert not stale, f"Remove these rows, the routes are gone: {stale}"


def test_every_api_operation_has_a_row_in_the_table() -> None:
    missing = [op for op in api_operations() if op not in API_TABLE]
    assert not missing, (
        f"API operations missing from API_TABLE in {__file__}: {missing}. Add a row with the "
        "expected status for each persona."
    )
    stale = sorted(set(API_TABLE) - set(api_operations()))
    assert not stale, f"Remove these API rows, the operations are gone: {stale}"


def page_cases() -> list[Any]:
    cases = []
    for route in page_routes():
        for index in range(len(URL_TABLE.get(route, []))):
            for persona in PERSONAS:
                cases.append(pytest.param(route, index, persona, id=f"{route}#{index}-{persona}"))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "index", "persona"), page_cases())
def test_each_page_answers_each_persona_as_the_table_says(
    world: World, route: str, index: int, persona: str
) -> None:
    row = URL_TABLE[route][index]
    url = fill(route, world, row.params)
    client = world.client(persona)
    data = row.body(world) if row.body else None
    entries_before = AuditEntry.objects.count()
    if row.method == "get":
        response = client.get(url, data)
    else:
        response = getattr(client, row.method)(url, data)
    expected = row.statuses[persona]
    assert response.status_code == expected, (
        f"{row.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if row.method != "get" and row.writes and expected == 302:
        assert AuditEntry.objects.count() > entries_before, "a write left no audit entry"
    elif row.method != "get" and expected >= 300:
        assert AuditEntry.objects.count() == entries_before, "a refused write changed state"
    if row.after is not None:
        row.after(world, persona)


def api_cases() -> list[Any]:
    return [
        pytest.param(method, route, persona, id=f"{method} {route}-{persona}")
        for method, route in api_operations()
        if (method, route) in API_TABLE
        for persona in PERSONAS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "route", "persona"), api_cases())
def test_each_api_operation_answers_each_persona_as_the_table_says(
    world: World, method: str, route: str, persona: str
) -> None:
    row = API_TABLE[(method, route)]
    url = fill(route, world, row.params)
    client = world.client("anonymous")  # the API authenticates by token only
    headers = world.api_headers(persona)
    body = row.body(world) if row.body else None
    entries_before = AuditEntry.objects.count()
    if method == "GET":
        response = client.get(url, **headers)
    else:
        response = client.generic(
            method,
            url,
            data=b"" if body is None else __import__("json").dumps(body),
            content_type="application/json",
            **headers,
        )
    expected = row.statuses[persona]
    assert response.status_code == expected, (
        f"{method} {url} as {persona}: {response.status_code} {response.content[:300]!r}, "
        f"expected {expected}"
    )
    if method != "GET" and expected >= 300:
        assert AuditEntry.objects.count() == entries_before, "a refused write changed state"
    if row.after is not None:
        row.after(world, persona)


def admin_url(route: str, world: World) -> str | None:
    """A concrete URL for an admin route, or None for routes that need values we lack."""
    values = {
        "object_id": str(world.company_a.pk),
        "app_label": "members",
        "content_type_id": "1",
        "url": "x",
        "id": str(world.users["enterprise_a"].pk),
    }
    url = re.sub(r"\^\(\?P<app_label>[\w|]+\)/\$", "members/", route)
    url = url.replace("(?P<url>.*)$", "no-such-page/")
    for name, value in values.items():
        url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
    if "<" in url or "(?P" in url or "^" in url or "$" in url:
        return None
    return "/" + url


def admin_cases() -> list[Any]:
    return [
        pytest.param(route, persona, id=f"{route}-{persona}")
        for route in admin_routes()
        for persona in PERSONAS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), admin_cases())
def test_the_admin_is_closed_to_everyone_but_registry_staff(
    world: World, route: str, persona: str
) -> None:
    """Admin rule (one row for all admin routes): only staff get in; others are sent to sign in."""
    url = admin_url(route, world)
    if url is None:
        pytest.skip(f"no concrete URL for {route}")
    client = world.client(persona)
    entries_before = AuditEntry.objects.count()
    get = client.get(url)
    post = client.post(url, {})
    if persona in STAFF:
        assert get.status_code < 500 and post.status_code < 500
        return
    login = "/admin/login/"
    if url.startswith(login) or url.startswith("/admin/logout/"):
        assert get.status_code in (200, 302, 405)
        return
    for response in (get, post):
        assert response.status_code == 302, f"{url} as {persona}: {response.status_code}"
        assert response["Location"].startswith(login)
    assert AuditEntry.objects.count() == entries_before
