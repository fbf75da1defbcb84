"""Authorization-matrix rows of the green project pool pages and the /api/finance/pool API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The pool is the financial analysts' (403 for everybody else; anonymous visitors asking for a
page are sent to sign in). Listing and answering interests are company A's energy manager's:
those who may see the project or the interest but not change it get 403 (the registry staff;
the bank, which company A's grant lets see A's projects, and which sees its own interest);
anybody else 404. The projects are rows of company A (a checked draft, and a listed one with
the bank's pending interest) built through ``pool_support`` and the pool services in the rows'
params, before the matrix counts the ledger.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.finance.models import Interest, Project
from greenledger.web.finance.services.pool import interest_express, project_list
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project
from tests.web.matrix_support import Row, expect


def _cached(world: World, key: str, build: Any) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def checked_project(world: World) -> Project:
    def build() -> Project:
        project = a_project(world, name="矩阵草稿项目")
        a_check(project)
        return project

    return _cached(world, "pool_checked", build)  # type: ignore[no-any-return]


def listed_project(world: World) -> Project:
    def build() -> Project:
        project = a_project(world, name="矩阵入库项目")
        a_check(project)
        return project_list(actor=world.users["enterprise_a"], project=project)

    return _cached(world, "pool_listed", build)  # type: ignore[no-any-return]


def pending_interest(world: World) -> Interest:
    def build() -> Interest:
        return interest_express(actor=world.users["analyst"], project=listed_project(world))

    return _cached(world, "pool_interest", build)  # type: ignore[no-any-return]


CHECKED = {"pk": lambda w: checked_project(w).pk}
LISTED = {"pk": lambda w: listed_project(w).pk}
INTEREST = {"pk": lambda w: pending_interest(w).pk}
API_CHECKED = {"project_id": lambda w: checked_project(w).pk}
API_LISTED = {"project_id": lambda w: listed_project(w).pk}
API_INTEREST = {"interest_id": lambda w: pending_interest(w).pk}
ANALYST_ONLY = expect(403, 403, 403, 403, 403, 200, 403, 403)
MANAGER_PAGE_WRITE = expect(302, 404, 404, 403, 403, 403, 404, 404)
MANAGER_API_WRITE = expect(200, 404, 404, 403, 403, 403, 404, 404)
ANALYST_PAGE_WRITE = expect(403, 404, 404, 403, 403, 302, 404, 404)  # its own interest
ANALYST_API_WRITE = expect(403, 404, 404, 403, 403, 200, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/pool/": [Row(expect(403, 403, 403, 403, 403, 200, 403, 302))],
    "finance/pool/<int:pk>/interest/": [
        Row(expect(403, 403, 403, 403, 403, 302, 403, 403), method="post", writes=True,
            params=LISTED, body=lambda w: {"message": "矩阵意向"}),
    ],
    "finance/pool/listing/<int:pk>/": [
        Row(MANAGER_PAGE_WRITE, method="post", writes=True, params=CHECKED,
            body=lambda w: {"listing": "list"}),
        Row(MANAGER_PAGE_WRITE, method="post", writes=True, params=LISTED,
            body=lambda w: {"listing": "unlist"}),
    ],
    "finance/interests/": [Row(expect(200, 200, 403, 200, 200, 200, 403, 302))],
    "finance/interests/<int:pk>/decide/": [
        Row(MANAGER_PAGE_WRITE, method="post", writes=True, params=INTEREST,
            body=lambda w: {"decision": "accept", "note": "矩阵"}),
    ],
    "finance/interests/<int:pk>/withdraw/": [
        Row(ANALYST_PAGE_WRITE, method="post", writes=True, params=INTEREST),
    ],
}  # fmt: skip

API = "/api/finance/pool"
API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", API): Row(ANALYST_ONLY),
    ("GET", f"{API}/{{project_id}}"): Row(ANALYST_ONLY, params=API_LISTED),
    ("POST", f"{API}/{{project_id}}/interests"): Row(
        expect(403, 403, 403, 403, 403, 201, 403, 403), params=API_LISTED,
        body=lambda w: {"message": "矩阵意向"}),
    ("GET", f"{API}/interests"): Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", f"{API}/interests/{{interest_id}}/decision"): Row(
        MANAGER_API_WRITE, params=API_INTEREST, body=lambda w: {"accept": False}),
    ("POST", f"{API}/interests/{{interest_id}}/withdraw"): Row(
        ANALYST_API_WRITE, params=API_INTEREST),
    ("PUT", f"{API}/listings/{{project_id}}"): Row(MANAGER_API_WRITE, params=API_CHECKED),
    ("DELETE", f"{API}/listings/{{project_id}}"): Row(MANAGER_API_WRITE, params=API_LISTED),
}  # fmt: skip
