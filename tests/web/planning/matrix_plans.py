"""Authorization-matrix rows of the plan pages (list, new, editor, shares, refresh, copy,
measures, scenarios) and the plans API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's draft plan is seen by its own users and the registry staff (the bank sees committed
plans only); anybody else gets 404, anonymous visitors asking for a page are sent to sign in.
Writes are A's energy manager's: the staff get 403. A new plan is the manager's of the
enterprise: company B's manager may open the form, but B has no verified inventory (refused at
the form, 422 in the API). The matrix personas have no researcher: ``test_plans_views`` checks
the pages as the staff and other enterprises see them.

The plan (company A's verified 2023 inventory, one coal line) and a measure are built through
the services in the rows' params and bodies, before the matrix counts the ledger.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.planning.models import Plan, PlanMeasure
from greenledger.web.planning.services.plans import measure_save, plan_create
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

    return _cached(world, "plans_plan", build)  # type: ignore[no-any-return]


def a_measure(world: World) -> PlanMeasure:
    def build() -> PlanMeasure:
        return measure_save(
            actor=world.users["enterprise_a"], plan=a_plan(world), measure_id="coal-saver",
            end_use="raw_coal", saving_rate=0.1, capex_yuan=100_000,
            annual_opex_change_yuan=0, lifetime_years=10,
        )  # fmt: skip

    return _cached(world, "plans_measure", build)  # type: ignore[no-any-return]


def settings_form(world: World) -> dict[str, Any]:
    a_plan(world)
    return {
        "name": "矩阵规划改", "start_year": 2024, "end_year": 2060, "private_rate": 8,
        "social_rate": 4, "target_source": "own", "caps": "2030: 1000", "intensities": "",
    }  # fmt: skip


def new_plan_form(world: World) -> dict[str, Any]:
    a_plan(world)  # company A's verified inventory
    return {"name": "矩阵新规划", "end_year": 2050}


def own_measure_form(world: World) -> dict[str, Any]:
    a_plan(world)
    return {
        "form": "own", "measure_id": "matrix-own", "end_use": "raw_coal", "effect": "energy",
        "saving_rate": 5, "capex_yuan": 1000, "annual_opex_change_yuan": 0,
        "lifetime_years": 5, "enabled": "on",
    }  # fmt: skip


def scenario_form(world: World) -> dict[str, Any]:
    a_plan(world)
    return {"name": "矩阵情景", "growth": 1, "grid_path": "flat", "carbon_price_yuan_per_t": 0,
            "discount_rate": 6}  # fmt: skip


def new_plan_body(world: World) -> dict[str, Any]:
    a_plan(world)
    return {"name": "矩阵API规划"}


def catalogue_body(world: World) -> dict[str, Any]:
    a_plan(world)
    return {"technology_id": "energy_management_system", "capacity": 10, "end_use": "raw_coal"}


def own_measure_body(world: World) -> dict[str, Any]:
    a_plan(world)
    return {"end_use": "raw_coal", "saving_rate": 0.05, "capex_yuan": 1000,
            "annual_opex_change_yuan": 0, "lifetime_years": 5}  # fmt: skip


def scenario_body(world: World) -> dict[str, Any]:
    a_plan(world)
    return {"name": "矩阵情景", "growth": 0.01, "grid_path": "flat", "discount_rate": 0.06}


PLAN = {"pk": lambda w: a_plan(w).pk}
MEASURE = {"pk": lambda w: a_plan(w).pk, "measure_pk": lambda w: a_measure(w).pk}
API = "/api/planning/plans/{plan_id}"
API_PLAN = {"plan_id": lambda w: a_plan(w).pk}
API_MEASURE = {"plan_id": lambda w: a_plan(w).pk, "measure_id": lambda w: a_measure(w).measure_id}
API_NEW_MEASURE = {"plan_id": lambda w: a_plan(w).pk, "measure_id": lambda w: "matrix-own"}
SIGNED_IN_PAGE = expect(200, 200, 200, 200, 200, 200, 200, 302)
READERS_PAGE = expect(200, 404, 404, 200, 200, 404, 404, 302)
MANAGER_WRITE = expect(302, 404, 404, 403, 403, 404, 404, 404)
READERS = expect(200, 404, 404, 200, 200, 404, 404, 404)
MANAGER_OK = expect(200, 404, 404, 403, 403, 404, 404, 404)
MANAGER_CREATE = expect(201, 404, 404, 403, 403, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "planning/plans/": [Row(SIGNED_IN_PAGE)],
    "planning/plans/new/": [
        Row(expect(200, 200, 403, 403, 403, 403, 403, 302)),
        Row(expect(302, 200, 403, 403, 403, 403, 403, 404), method="post", writes=True,
            body=new_plan_form),
    ],
    "planning/plans/<int:pk>/": [
        Row(READERS_PAGE, params=PLAN),
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN, body=settings_form),
    ],
    "planning/plans/<int:pk>/shares/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN,
            body=lambda w: {"share__raw_coal": ""}),
    ],
    "planning/plans/<int:pk>/shares/totals/": [
        Row(READERS_PAGE, params=PLAN, body=lambda w: {"share__raw_coal": "boilers_steam: 100"}),
    ],
    # nothing newer to refresh from: the manager is sent back with the reason, nothing changes
    "planning/plans/<int:pk>/refresh/": [Row(MANAGER_WRITE, method="post", params=PLAN)],
    "planning/plans/<int:pk>/copy/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN),
    ],
    "planning/plans/<int:pk>/measures/": [
        Row(READERS_PAGE, params=PLAN),
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN, body=own_measure_form),
    ],
    "planning/plans/<int:pk>/measures/<int:measure_pk>/toggle/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=MEASURE),
    ],
    "planning/plans/<int:pk>/measures/<int:measure_pk>/remove/": [
        Row(MANAGER_WRITE, method="post", writes=True, params=MEASURE),
    ],
    "planning/plans/<int:pk>/scenarios/": [
        Row(READERS_PAGE, params=PLAN),
        Row(MANAGER_WRITE, method="post", writes=True, params=PLAN, body=scenario_form),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/planning/plans"): Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/api/planning/plans"): Row(expect(201, 422, 403, 403, 403, 403, 403, 403),
                                         body=new_plan_body),
    ("GET", API): Row(READERS, params=API_PLAN),
    ("PATCH", API): Row(MANAGER_OK, params=API_PLAN, body=lambda w: {"name": "矩阵改名"}),
    ("PUT", f"{API}/shares"): Row(MANAGER_OK, params=API_PLAN, body=lambda w: {"shares": {}}),
    ("POST", f"{API}/refresh"): Row(expect(422, 404, 404, 403, 403, 404, 404, 404),
                                    params=API_PLAN),
    ("POST", f"{API}/copy"): Row(MANAGER_CREATE, params=API_PLAN),
    ("GET", f"{API}/input"): Row(READERS, params=API_PLAN),
    ("GET", f"{API}/measures"): Row(READERS, params=API_PLAN),
    ("POST", f"{API}/measures/catalogue"): Row(MANAGER_CREATE, params=API_PLAN,
                                               body=catalogue_body),
    ("PUT", f"{API}/measures/{{measure_id}}"): Row(MANAGER_CREATE, params=API_NEW_MEASURE,
                                                   body=own_measure_body),
    ("DELETE", f"{API}/measures/{{measure_id}}"): Row(
        expect(204, 404, 404, 403, 403, 404, 404, 404), params=API_MEASURE),
    ("GET", f"{API}/scenarios"): Row(READERS, params=API_PLAN),
    ("POST", f"{API}/scenarios"): Row(MANAGER_CREATE, params=API_PLAN, body=scenario_body),
}  # fmt: skip
