"""Authorization-matrix rows of the district's targets and budgets: pages and API operations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The published targets are public. The district's targets and budgets are the staff's: a
signed-in user without the right gets 403 on a page or a collection, 404 on one target or plan
(a hidden object); anonymous visitors asking for a page are sent to sign in. An enterprise's
budget is seen by its own users and the staff only (404 for anybody else).

Fact rows are created directly (no ledger entry); targets and plans through the services, in
the rows' params, before the matrix counts the ledger.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.web.district.models import BudgetPlan, DistrictTarget, EnterpriseYearFact
from greenledger.web.district.services.budgets import budget_plan_create
from greenledger.web.district.services.targets import target_set
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def key_facts(world: World) -> None:
    """Company A is a key energy-consuming unit with verified 2020 and 2021 figures."""
    for year, co2 in ((2020, 12_000.0), (2021, 11_800.0)):
        EnterpriseYearFact.objects.get_or_create(
            organisation=world.company_a,
            year=year,
            defaults={
                "basis": "verified",
                "energy_tce": 11_000.0,
                "gbt32150_co2e_t": co2,
                "output_value_wan_yuan": 20_000.0,
                "key_unit_status": "key unit",
                "refreshed_at": timezone.now(),
            },
        )


def a_target(world: World) -> DistrictTarget:
    def build() -> DistrictTarget:
        return target_set(
            actor=world.users["secretariat"],
            scope="district",
            metric="co2_intensity",
            base_year=2020,
            target_year=2025,
            change=-0.18,
        )

    if "district_target" not in world.objects:
        world.objects["district_target"] = build()
    return world.objects["district_target"]  # type: ignore[no-any-return]


def a_plan(world: World) -> BudgetPlan:
    if "budget_plan" not in world.objects:
        key_facts(world)
        world.objects["budget_plan"] = budget_plan_create(
            actor=world.users["secretariat"],
            name="矩阵测试预算",
            method="grandfathering",
            base_year=2020,
            first_year=2021,
            last_year=2022,
            reduction_rate=0.03,
        )
    return world.objects["budget_plan"]  # type: ignore[no-any-return]


def new_target(world: World) -> dict[str, Any]:
    return {
        "scope": "district",
        "metric": "energy_intensity",
        "base_year": 2020,
        "target_year": 2025,
        "change": -0.135,
        "method": "geometric",
        "output_basis": "reported",
    }


def new_target_form(world: World) -> dict[str, Any]:
    return {**new_target(world), "change": "-13.5", "points": "", "note": "十四五"}


def new_plan(world: World) -> dict[str, Any]:
    key_facts(world)
    return {
        "name": "十五五碳排放双控",
        "method": "grandfathering",
        "base_year": 2020,
        "first_year": 2021,
        "last_year": 2022,
        "reduction_rate": 0.03,
    }


def new_plan_form(world: World) -> dict[str, Any]:
    return {**new_plan(world), "reduction_rate": "3", "weight": "0.5"}


API = "/api/district"
EVERYONE = expect(200, 200, 200, 200, 200, 200, 200, 200)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
STAFF_PAGE_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 403)
STAFF_LIST = expect(403, 403, 403, 200, 200, 403, 403, 403)
STAFF_CREATE = expect(403, 403, 403, 201, 201, 403, 403, 403)
STAFF_OBJECT = expect(404, 404, 404, 200, 200, 404, 404, 404)
A_AND_STAFF = expect(200, 404, 404, 200, 200, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "district/targets/": [Row(STAFF_PAGE)],
    "district/targets/new/": [
        Row(STAFF_PAGE),
        Row(STAFF_PAGE_WRITE, method="post", writes=True, body=new_target_form),
    ],
    "district/targets/published/": [Row(EVERYONE)],
    "district/budgets/": [Row(STAFF_PAGE)],
    "district/budgets/new/": [
        Row(STAFF_PAGE),
        Row(STAFF_PAGE_WRITE, method="post", writes=True, body=new_plan_form),
    ],
    "district/enterprises/<int:organisation_id>/budget/": [
        Row(expect(200, 404, 404, 200, 200, 404, 404, 302)),
        Row(expect(404, 200, 404, 200, 200, 404, 404, 302),
            params={"organisation_id": "company_b"}),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/targets/published"): Row(EVERYONE),
    ("GET", f"{API}/targets"): Row(STAFF_LIST),
    ("POST", f"{API}/targets"): Row(STAFF_CREATE, body=new_target),
    ("GET", f"{API}/targets/{{target_id}}"):
        Row(STAFF_OBJECT, params={"target_id": lambda w: a_target(w).pk}),
    ("GET", f"{API}/budgets/plans"): Row(STAFF_LIST),
    ("POST", f"{API}/budgets/plans"): Row(STAFF_CREATE, body=new_plan),
    ("GET", f"{API}/budgets/plans/{{plan_id}}"):
        Row(STAFF_OBJECT, params={"plan_id": lambda w: a_plan(w).pk}),
    ("GET", f"{API}/budgets/overview"): Row(STAFF_LIST),
    ("GET", f"{API}/budgets/enterprises/{{organisation_id}}"): Row(A_AND_STAFF),
}  # fmt: skip
