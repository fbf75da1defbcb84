"""Authorization-matrix rows of the district pathway (pages and API), the registry staff only.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The runs page exists for everybody signed in (403 for those without the right; anonymous
visitors are sent to sign in); a run and its curve are hidden objects for them (404). The API's
collection and start answer 403, one run and its curve 404. The run here: company A's 2025
fact (electricity and coal) priced at two carbon prices under a loose cap, run to its end
through the service and the job body. The matrix personas have no researcher:
``test_district_views`` checks that one.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.web.district.models import CarrierFact, EnterpriseYearFact, FactBasis
from greenledger.web.planning.models import DistrictRun
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

YEAR = 2025


def _cached(world: World, key: str, build: Any) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def a_fact(world: World) -> EnterpriseYearFact:
    def build() -> EnterpriseYearFact:
        fact = EnterpriseYearFact.objects.create(
            organisation=world.company_a, year=YEAR, basis=FactBasis.VERIFIED,
            industry_code="C3825", industry_section="C", output_value_wan_yuan=5000.0,
            energy_tce=3000.0, energy_co2e_t=12000.0, gbt32150_co2e_t=12000.0,
            refreshed_at=timezone.now(),
        )  # fmt: skip
        CarrierFact.objects.create(
            fact=fact, carrier="purchased_electricity", energy_tce=1000.0, energy_co2e_t=4700.0
        )
        CarrierFact.objects.create(
            fact=fact, carrier="raw_coal", energy_tce=2000.0, energy_co2e_t=7300.0
        )
        return fact

    return _cached(world, "district_fact", build)  # type: ignore[no-any-return]


def a_run(world: World) -> DistrictRun:
    from greenledger.web.planning.services.district_runs import (
        district_run_execute,
        district_run_start,
    )

    def build() -> DistrictRun:
        a_fact(world)
        run = district_run_start(
            actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1e9}, prices=[0, 500]
        )
        district_run_execute(run.pk, workers=1)
        run.refresh_from_db()
        return run

    return _cached(world, "district_run", build)  # type: ignore[no-any-return]


def start_body(world: World) -> dict[str, Any]:
    a_fact(world)
    return {"base_year": YEAR, "caps": "2030 20000", "prices": "0, 500", "discount_rate": "0.08",
            "energy_price_yuan_per_tce": "2000", "growth": "0", "end_year": "2060"}  # fmt: skip


def api_body(world: World) -> dict[str, Any]:
    a_fact(world)
    return {"base_year": YEAR, "caps": {"2030": 20000}, "prices": [0, 500]}


RUN = {"pk": lambda w: a_run(w).pk}
API_RUN = {"run_id": lambda w: a_run(w).pk}
STAFF_ONLY = expect(403, 403, 403, 200, 200, 403, 403, 403)
HIDDEN = expect(404, 404, 404, 200, 200, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "planning/district/": [
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302)),
        Row(expect(403, 403, 403, 302, 302, 403, 403, 403), method="post", writes=True,
            body=start_body),
        # a year without verified figures: the form again (400), naming the field; nothing written
        Row(expect(403, 403, 403, 400, 400, 403, 403, 403), method="post",
            body=lambda w: {**start_body(w), "base_year": 1999}),
    ],
    "planning/district/runs/<int:pk>/": [
        Row(expect(404, 404, 404, 200, 200, 404, 404, 302), params=RUN),
    ],
    "planning/district/runs/<int:pk>/macc/": [
        Row(expect(404, 404, 404, 200, 200, 404, 404, 302), params=RUN),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/planning/district/runs"): Row(STAFF_ONLY),
    ("POST", "/api/planning/district/runs"):
        Row(expect(403, 403, 403, 202, 202, 403, 403, 403), body=api_body),
    ("GET", "/api/planning/district/runs/{run_id}"): Row(HIDDEN, params=API_RUN),
    ("GET", "/api/planning/district/runs/{run_id}/macc"): Row(HIDDEN, params=API_RUN),
}  # fmt: skip
