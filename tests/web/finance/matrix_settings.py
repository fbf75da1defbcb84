"""Authorization-matrix rows of the catalogue settings pages (and API) and of project evidence.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Evidence: company A's matrix project (``matrix_projects.a_project``) with one energy audit
report. Its documents are read by A's users, the staff and the bank's analyst (A's grant to the
bank covers projects); 404 for anybody else. A's energy manager uploads and removes them; the
other readers get 403.

Settings: the registry staff set screening values; every other signed-in user gets 403 (403 in
the API too), anonymous visitors are sent to sign in (a POST answers 404). A refused value (a
negative one) answers 422 and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World
from tests.web.finance.matrix_projects import a_project
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

NOTE = "绿色债券支持项目目录（2021年版）；矩阵筛选值"


def a_setting(world: World) -> dict[str, Any]:
    return {"catalogue": "green_bond_2021", "path": "categories.2.abatement.threshold",
            "value": "900", "source_note": NOTE, "action": "set"}  # fmt: skip


def a_negative_setting(world: World) -> dict[str, Any]:
    return {**a_setting(world), "value": "-1"}


def an_audit(world: World) -> Any:
    from greenledger.web.finance.services.evidence import project_evidence_add

    def build() -> Any:
        return project_evidence_add(
            actor=world.users["enterprise_a"], project=a_project(world), kind="energy_audit",
            title="矩阵节能审计报告", issued_by="某节能服务公司", issued_on=dt.date(2026, 1, 5),
            upload=io.BytesIO(PDF_BYTES), filename="审计.pdf",
        )  # fmt: skip

    return _cached(world, "finance_evidence", build)


def an_upload(world: World) -> dict[str, Any]:
    a_project(world)
    upload = SimpleUploadedFile("评估.pdf", PDF_BYTES)
    return {"kind": "third_party_assessment", "title": "第三方评估", "issued_by": "某评估机构",
            "issued_on": "2026-02-01", "file": upload}  # fmt: skip


PROJECT = {"pk": lambda w: a_project(w).pk}
EVIDENCE = {"evidence_id": lambda w: an_audit(w).pk}
READERS_PAGE = expect(200, 404, 404, 200, 200, 200, 404, 302)
MANAGER_WRITE = expect(302, 404, 404, 403, 403, 403, 404, 404)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/settings/": [Row(STAFF_PAGE)],
    "finance/settings/set/": [
        Row(expect(403, 403, 403, 302, 302, 403, 403, 404), method="post", writes=True,
            body=a_setting),
        Row(expect(403, 403, 403, 422, 422, 403, 403, 404), method="post",
            body=a_negative_setting),
    ],
    "finance/projects/<int:pk>/evidence/": [
        Row(READERS_PAGE, params=PROJECT),
        Row(MANAGER_WRITE, method="post", writes=True, params=PROJECT, body=an_upload),
    ],
    "finance/evidence/<int:evidence_id>/": [Row(READERS_PAGE, params=EVIDENCE)],
    "finance/evidence/<int:evidence_id>/delete/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=EVIDENCE),
    ],
}  # fmt: skip


def a_setting_body(world: World) -> dict[str, Any]:
    return {**a_setting(world), "value": 900.0}


API = "/api/finance"
READERS = expect(200, 404, 404, 200, 200, 200, 404, 404)
STAFF_API = expect(403, 403, 403, 200, 200, 403, 403, 403)

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/settings"): Row(STAFF_API),
    ("POST", f"{API}/settings"): Row(expect(403, 403, 403, 201, 201, 403, 403, 403),
                                     body=a_setting_body),
    ("GET", f"{API}/projects/{{project_id}}/evidence"):
        Row(READERS, params={"project_id": lambda w: a_project(w).pk}),
    # a JSON body carries no file: the manager's upload answers 422
    ("POST", f"{API}/projects/{{project_id}}/evidence"):
        Row(expect(422, 404, 404, 403, 403, 403, 404, 404),
            params={"project_id": lambda w: a_project(w).pk}),
    ("GET", f"{API}/evidence/{{evidence_id}}"): Row(READERS, params=EVIDENCE),
    ("DELETE", f"{API}/evidence/{{evidence_id}}"):
        Row(expect(204, 404, 404, 403, 403, 403, 404, 404), params=EVIDENCE),
}  # fmt: skip
