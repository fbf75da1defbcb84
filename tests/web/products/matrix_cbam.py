"""Authorization-matrix rows of the CBAM pages and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's site 甲工厂 is a CBAM installation with a 2025 process (a billet, CN 7207 11 14)
and a draft report of 2025 (a submitted one for the verification rows). Installations and
reports are seen by the enterprise's users, the staff and the evaluator assigned to A (others
404; an anonymous visitor asking for a page is sent to sign in); written by A's manager (the
staff and the evaluator 403); verified or returned by the assigned evaluator (A's manager and
the staff 403). Company B's manager may make one of its own sites an installation: naming A's
site, the form comes back 422.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.web.products.models import (
    AttributionBasis,
    CbamReport,
    Installation,
    Process,
    Product,
)
from greenledger.web.products.services import cbam as services
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached


def a_process(world: World) -> Process:
    def build() -> Process:
        manager = world.users["enterprise_a"]
        now = timezone.now()
        product = Product.objects.create(
            organisation=world.company_a, site=world.site_a, name="矩阵钢坯", unit="t",
            cn_code="72071114", created_by=manager, created_at=now, updated_at=now,
        )  # fmt: skip
        return Process.objects.create(
            organisation=world.company_a, site=world.site_a, year=2025, name="连铸",
            product=product, annual_output=100.0, attribution_basis=AttributionBasis.STATED,
            direct_tco2e=50.0, electricity_mwh=10.0, created_by=manager, created_at=now,
            updated_at=now,
        )  # fmt: skip

    return _cached(world, "cbam_process", build)  # type: ignore[no-any-return]


def an_installation(world: World) -> Installation:
    def build() -> Installation:
        a_process(world)
        return services.installation_save(
            actor=world.users["enterprise_a"], site=world.site_a, name_en="Jia Works"
        )

    return _cached(world, "cbam_installation", build)  # type: ignore[no-any-return]


def report_body(world: World) -> dict[str, Any]:
    return {
        "period": "2025",
        "processes": [a_process(world).pk],
        "electricity_ef_tco2_per_mwh": "0.5306",
        "electricity_ef_source": "grid",
    }


def a_report(world: World) -> CbamReport:
    def build() -> CbamReport:
        inputs = {**report_body(world), "goods": [{"process": a_process(world).pk}]}
        return services.cbam_report_save(
            actor=world.users["enterprise_a"],
            installation=an_installation(world),
            period="2025",
            inputs=inputs,
        )

    return _cached(world, "cbam_report", build)  # type: ignore[no-any-return]


def a_submitted_report(world: World) -> CbamReport:
    def build() -> CbamReport:
        return services.cbam_report_submit(
            actor=world.users["enterprise_a"], report=a_report(world)
        )

    return _cached(world, "cbam_submitted", build)  # type: ignore[no-any-return]


def api_report_body(world: World) -> dict[str, Any]:
    goods = [{"process": a_process(world).pk}]
    return {"period": "2025", "electricity_ef_tco2_per_mwh": 0.5306,
            "electricity_ef_source": "grid", "goods": goods}  # fmt: skip


INSTALLATION = {"pk": lambda w: an_installation(w).pk}
REPORT = {"pk": lambda w: a_report(w).pk}
SUBMITTED = {"pk": lambda w: a_submitted_report(w).pk}
API_INSTALLATION = {"installation_id": lambda w: an_installation(w).pk}
API_REPORT = {"report_id": lambda w: a_report(w).pk}
API_SUBMITTED = {"report_id": lambda w: a_submitted_report(w).pk}
READERS = expect(200, 404, 200, 200, 200, 404, 404, 302)
API_READERS = expect(200, 404, 200, 200, 200, 404, 404, 404)
POST_ONLY = expect(405, 405, 405, 405, 405, 405, 405, 405)

#                                                 ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "products/cbam/": [
        Row(expect(200, 200, 200, 200, 200, 403, 403, 302)),
        Row(expect(302, 422, 403, 403, 403, 403, 403, 404), method="post", writes=True,
            body=lambda w: {"site": w.site_a.pk, "name_en": "Jia Works"}),
    ],
    "products/cbam/installations/<int:pk>/": [
        Row(READERS, params=INSTALLATION),
        Row(expect(302, 404, 403, 403, 403, 404, 404, 404), method="post", writes=True,
            params=INSTALLATION, body=lambda w: {"site": w.site_a.pk, "name_en": "Jia Works 2"}),
    ],
    "products/cbam/installations/<int:pk>/reports/": [
        Row(POST_ONLY, params=INSTALLATION),
        Row(expect(302, 404, 403, 403, 403, 404, 404, 404), method="post", writes=True,
            params=INSTALLATION, body=report_body),
    ],
    "products/cbam/reports/<int:pk>/": [Row(READERS, params=REPORT)],
    "products/cbam/reports/<int:pk>/communication.xlsx": [Row(READERS, params=REPORT)],
    "products/cbam/reports/<int:pk>/communication.json": [Row(READERS, params=REPORT)],
    "products/cbam/reports/<int:pk>/submit/": [
        Row(POST_ONLY, params=REPORT),
        Row(expect(302, 404, 403, 403, 403, 404, 404, 404), method="post", writes=True,
            params=REPORT),
    ],
    "products/cbam/reports/<int:pk>/verify/": [
        Row(POST_ONLY, params=SUBMITTED),
        Row(expect(403, 404, 302, 403, 403, 404, 404, 404), method="post", writes=True,
            params=SUBMITTED),
    ],
    "products/cbam/reports/<int:pk>/return/": [
        Row(POST_ONLY, params=SUBMITTED),
        Row(expect(403, 404, 302, 403, 403, 404, 404, 404), method="post", writes=True,
            params=SUBMITTED, body=lambda w: {"note": "source?"}),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/products/cbam/installations"):
        Row(expect(200, 200, 200, 200, 200, 403, 403, 403), params=INSTALLATION),
    ("POST", "/api/products/cbam/installations"):
        Row(expect(201, 404, 404, 404, 404, 404, 404, 404),
            body=lambda w: {"site": w.site_a.pk, "name_en": "Jia Works"}),
    ("GET", "/api/products/cbam/installations/{installation_id}"):
        Row(API_READERS, params=API_INSTALLATION),
    ("POST", "/api/products/cbam/installations/{installation_id}/reports"):
        Row(expect(201, 404, 403, 403, 403, 404, 404, 404), params=API_INSTALLATION,
            body=api_report_body),
    ("GET", "/api/products/cbam/reports/{report_id}"): Row(API_READERS, params=API_REPORT),
    ("GET", "/api/products/cbam/reports/{report_id}/communication"):
        Row(API_READERS, params=API_REPORT),
    ("GET", "/api/products/cbam/reports/{report_id}/communication.xlsx"):
        Row(API_READERS, params=API_REPORT),
    ("POST", "/api/products/cbam/reports/{report_id}/submit"):
        Row(expect(200, 404, 403, 403, 403, 404, 404, 404), params=API_REPORT),
    ("POST", "/api/products/cbam/reports/{report_id}/verify"):
        Row(expect(403, 404, 200, 403, 403, 404, 404, 404), params=API_SUBMITTED,
            body=lambda w: {"note": ""}),
    ("POST", "/api/products/cbam/reports/{report_id}/return"):
        Row(expect(403, 404, 200, 403, 403, 404, 404, 404), params=API_SUBMITTED,
            body=lambda w: {"note": "source?"}),
}  # fmt: skip
