"""Authorization-matrix rows of a plan's results: the curve, pathway, comparison and commitment
pages, solving, committing, the reports, and their API operations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's plan is seen by its own users and the registry staff; the bank A shares its data
with sees it once it is committed; anybody else gets 404 (anonymous visitors asking for a page
are sent to sign in). Solving and committing are A's energy manager's: the staff get 403.
The matrix personas have no researcher: ``test_results_views`` checks that one.

The plan (company A's verified 2023 inventory, one coal line, no measure), its solved baseline
scenario and the commitment are built through the services in the rows' params and bodies,
before the matrix counts the ledger.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.planning.models import Commitment, Plan, PlanRun
from greenledger.web.planning.services.plans import plan_create
from greenledger.web.planning.services.runs import plan_commit, plan_solve
from greenledger.web.reporting import services as reporting
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def _cached(world: World, key: str, build: Any) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def a_plan(world: World) -> Plan:
    def build() -> Plan:
        manager = world.users["enterprise_a"]
        submission = reporting.submission_create_draft(
            actor=manager, organisation=world.company_a, year=2023
        )
        reporting.record_create(
            actor=manager, submission=submission, site="甲工厂", period="2023-06",
            activity="原煤", quantity="1000", unit="t",
        )  # fmt: skip
        reporting.submission_submit(actor=manager, submission=submission)
        reporting.submission_assign_evaluator(
            actor=world.users["secretariat"], submission=submission,
            evaluator=world.users["evaluator"],
        )  # fmt: skip
        submission.refresh_from_db()
        reporting.submission_verify(actor=world.users["evaluator"], submission=submission)
        return plan_create(actor=manager, organisation=world.company_a, name="矩阵规划")

    return _cached(world, "results_plan", build)  # type: ignore[no-any-return]


def a_run(world: World) -> PlanRun:
    def build() -> PlanRun:
        plan = a_plan(world)
        return plan_solve(
            actor=world.users["enterprise_a"], plan=plan, scenario=plan.scenarios.order_by("id")[0]
        )

    return _cached(world, "results_run", build)  # type: ignore[no-any-return]


def a_commitment(world: World) -> Commitment:
    def build() -> Commitment:
        run = a_run(world)
        return plan_commit(actor=world.users["enterprise_a"], plan=run.plan, run=run)

    return _cached(world, "results_commitment", build)  # type: ignore[no-any-return]


PLAN = {"pk": lambda w: a_plan(w).pk}
SOLVED = {"pk": lambda w: a_run(w).plan_id}
COMMITTED = {"pk": lambda w: a_commitment(w).plan_id}
API_PLAN = {"plan_id": lambda w: a_plan(w).pk}
API_SOLVED = {"plan_id": lambda w: a_run(w).plan_id}
API_COMMITTED = {"plan_id": lambda w: a_commitment(w).plan_id}


def solve_form(world: World) -> dict[str, Any]:
    return {"scenario": a_plan(world).scenarios.order_by("id")[0].pk, "next": "pathway"}


def commit_form(world: World) -> dict[str, Any]:
    return {"run": a_run(world).pk}


def solve_body(world: World) -> dict[str, Any]:
    return {"scenario_id": a_plan(world).scenarios.order_by("id")[0].pk}


def commit_body(world: World) -> dict[str, Any]:
    return {"run_id": a_run(world).pk}


API = "/api/planning/plans/{plan_id}"
READERS_PAGE = expect(200, 404, 404, 200, 200, 404, 404, 302)
COMMITTED_PAGE = expect(200, 404, 404, 200, 200, 200, 404, 302)
MANAGER_WRITE = expect(302, 404, 404, 403, 403, 404, 404, 404)
READERS = expect(200, 404, 404, 200, 200, 404, 404, 404)
COMMITTED_READERS = expect(200, 404, 404, 200, 200, 200, 404, 404)
MANAGER_CREATE = expect(201, 404, 404, 403, 403, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "planning/plans/<int:pk>/macc/": [
        Row(READERS_PAGE, params=SOLVED),
        Row(COMMITTED_PAGE, params=COMMITTED),
    ],
    "planning/plans/<int:pk>/pathway/": [
        Row(READERS_PAGE, params=SOLVED),
        Row(COMMITTED_PAGE, params=COMMITTED),
    ],
    "planning/plans/<int:pk>/compare/": [Row(READERS_PAGE, params=SOLVED)],
    "planning/plans/<int:pk>/commitment/": [
        Row(READERS_PAGE, params=PLAN),
        Row(COMMITTED_PAGE, params=COMMITTED),
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN, body=commit_form),
    ],
    "planning/plans/<int:pk>/solve/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN, body=solve_form),
    ],
    "planning/plans/<int:pk>/report.xlsx": [Row(READERS_PAGE, params=SOLVED)],
    "planning/plans/<int:pk>/report.pdf": [Row(READERS_PAGE, params=SOLVED)],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/runs"): Row(READERS, params=API_SOLVED),
    ("POST", f"{API}/runs"): Row(MANAGER_CREATE, params=API_PLAN, body=solve_body),
    ("GET", f"{API}/macc"): Row(READERS, params=API_SOLVED),
    ("GET", f"{API}/pathway"): Row(COMMITTED_READERS, params=API_COMMITTED),
    ("GET", f"{API}/compare"): Row(READERS, params=API_SOLVED),
    ("GET", f"{API}/commitment"): Row(COMMITTED_READERS, params=API_COMMITTED),
    ("POST", f"{API}/commitment"): Row(MANAGER_CREATE, params=API_PLAN, body=commit_body),
}  # fmt: skip
