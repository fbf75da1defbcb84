"""Authorization-matrix rows of the restatements (pages and API), the staff only.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The list page exists for everybody signed in (403 for those without the right; anonymous
visitors are sent to sign in); one restatement is a hidden object for them (404). The API's
collection and run answer 403, one restatement 404. A restatement here: company A's 2023
inventory verified (one coal and one electricity record), restated with the 2023 factors.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.district.models import Restatement
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

YEAR = 2023
BASIS = "electricity-2023"


def verified_year(
    world: World,
    *,
    persona: str = "enterprise_a",
    year: int = YEAR,
    site: str = "甲工厂",
    records: tuple[tuple[str, str, str], ...] = (("原煤", "100", "t"), ("外购电力", "1000", "MWh")),
) -> Any:
    """A verified submission of the persona's organisation through the reporting workflow (its
    district fact is written by the verify hook)."""
    from greenledger.web.accounts import services as account_services
    from greenledger.web.reporting import services as reporting

    manager = world.users[persona]
    organisation = manager.organisation
    submission = reporting.submission_create_draft(
        actor=manager, organisation=organisation, year=year
    )
    for activity, quantity, unit in records:
        reporting.record_create(
            actor=manager,
            submission=submission,
            site=site,
            period=f"{year}-06",
            activity=activity,
            quantity=quantity,
            unit=unit,
        )
    reporting.submission_submit(actor=manager, submission=submission)
    account_services.assignment_create(
        actor=None, evaluator=world.users["evaluator"], organisation=organisation
    )
    reporting.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )
    return reporting.submission_verify(actor=world.users["evaluator"], submission=submission)


def _cached(world: World, key: str, build: Any) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def a_verified_2023(world: World) -> Any:
    return _cached(world, "restatement_verified", lambda: verified_year(world))


def a_restatement(world: World) -> Restatement:
    from greenledger.web.district.services.restatements import restatement_run

    def build() -> Restatement:
        a_verified_2023(world)
        return restatement_run(actor=world.users["secretariat"], year=YEAR, basis=BASIS)

    restatement: Restatement = _cached(world, "restatement", build)
    return restatement


def run_body(world: World) -> dict[str, Any]:
    a_verified_2023(world)
    return {"year": YEAR, "basis": BASIS}


RESTATEMENT = {"restatement_id": lambda w: a_restatement(w).pk}
STAFF_ONLY = expect(403, 403, 403, 200, 200, 403, 403, 403)
HIDDEN = expect(404, 404, 404, 200, 200, 404, 404, 404)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "district/restatements/": [
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302)),
        Row(expect(403, 403, 403, 302, 302, 403, 403, 403), method="post", writes=True,
            body=run_body),
        # a year without verified figures: the form again, naming the field; nothing written
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403), method="post",
            body=lambda w: {"year": 1999, "basis": BASIS}),
    ],
    "district/restatements/<int:restatement_id>/": [
        Row(expect(404, 404, 404, 200, 200, 404, 404, 302), params=RESTATEMENT),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/district/restatements/bases"): Row(STAFF_ONLY),
    ("GET", "/api/district/restatements"): Row(STAFF_ONLY),
    ("POST", "/api/district/restatements"):
        Row(expect(403, 403, 403, 201, 201, 403, 403, 403), body=run_body),
    ("GET", "/api/district/restatements/{restatement_id}"): Row(HIDDEN, params=RESTATEMENT),
    ("GET", "/api/district/restatements/{restatement_id}/enterprises"):
        Row(HIDDEN, params=RESTATEMENT),
}  # fmt: skip
