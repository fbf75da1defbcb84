"""Authorization-matrix rows of the financing project pages (list, new, project, pre-check)
and the projects API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's project (from the planning matrix's plan and its coal measure) is seen by A's users,
the registry staff and the bank's analyst (the personas' world holds A's grant to the bank,
covering projects); anybody else gets 404, anonymous visitors asking for a page are sent to
sign in. Writes are A's energy manager's: the staff and the analyst get 403. Company B's manager
may open the new-project form, but B has no plan (nothing to make a project from; 422 in the
API). The rows for an expired or revoked grant are CONSENT's (matrix_consent.py);
test_projects_views.py shows the project's page answering 404 after a revocation.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.finance.models import Project
from greenledger.web.finance.services.projects import project_create
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached, a_measure, a_plan


def a_project(world: World) -> Project:
    def build() -> Project:
        a_measure(world)
        return project_create(
            actor=world.users["enterprise_a"], organisation=world.company_a,
            plan=a_plan(world), measure_ids=["coal-saver"], name="矩阵项目", kind="green",
        )  # fmt: skip

    return _cached(world, "finance_project", build)  # type: ignore[no-any-return]


def new_project_form(world: World) -> dict[str, Any]:
    a_measure(world)
    return {"plan": a_plan(world).pk, "name": "矩阵新项目", "kind": "green",
            "measure_ids": ["coal-saver"], "timeline": "2025 投运"}  # fmt: skip


def edit_project_form(world: World) -> dict[str, Any]:
    a_project(world)
    return {"name": "矩阵项目改", "kind": "transition", "measure_ids": ["coal-saver"],
            "kpis": "carbon_intensity: 1.5"}  # fmt: skip


def new_project_body(world: World) -> dict[str, Any]:
    a_measure(world)
    return {"plan_id": a_plan(world).pk, "name": "矩阵API项目", "kind": "green",
            "measure_ids": ["coal-saver"]}  # fmt: skip


PROJECT = {"pk": lambda w: a_project(w).pk}
API = "/api/finance/projects/{project_id}"
API_PROJECT = {"project_id": lambda w: a_project(w).pk}
SIGNED_IN_PAGE = expect(200, 200, 200, 200, 200, 200, 200, 302)
READERS_PAGE = expect(200, 404, 404, 200, 200, 200, 404, 302)
MANAGER_WRITE = expect(302, 404, 404, 403, 403, 403, 404, 404)
READERS = expect(200, 404, 404, 200, 200, 200, 404, 404)
MANAGER_OK = expect(200, 404, 404, 403, 403, 403, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/projects/": [Row(SIGNED_IN_PAGE)],
    "finance/projects/new/": [
        Row(expect(200, 200, 403, 403, 403, 403, 403, 302)),
        Row(expect(302, 200, 403, 403, 403, 403, 403, 404), method="post", writes=True,
            body=new_project_form),
    ],
    "finance/projects/<int:pk>/": [Row(READERS_PAGE, params=PROJECT)],
    "finance/projects/<int:pk>/edit/": [
        Row(expect(200, 404, 404, 403, 403, 403, 404, 302), params=PROJECT),
        Row(MANAGER_WRITE, method="post", writes=True, params=PROJECT, body=edit_project_form),
    ],
    "finance/projects/<int:pk>/check/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=PROJECT),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/finance/projects"): Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/finance/projects"): Row(expect(201, 422, 403, 403, 403, 403, 403, 403),
                                           body=new_project_body),
    ("GET", API): Row(READERS, params=API_PROJECT),
    ("PATCH", API): Row(MANAGER_OK, params=API_PROJECT, body=lambda w: {"name": "矩阵改名"}),
    ("POST", f"{API}/eligibility"): Row(MANAGER_OK, params=API_PROJECT),
    ("GET", f"{API}/eligibility"): Row(READERS, params=API_PROJECT),
}  # fmt: skip
