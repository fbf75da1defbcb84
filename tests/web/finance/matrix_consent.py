"""Authorization-matrix rows of the consent pages (an enterprise's grants, a new grant, revoking
one, who read its shared data) and the consent API, and the rows that prove access ends at once:
company A's verified submission asked for after A revoked its grant to the bank, and after the
grant expired, answers the analyst 404 (the same pages answer 200 while the grant is in force,
see ``VERIFIED_READERS`` in ``tests/web/test_authorization_matrix.py``).

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous.

The consent pages are an enterprise's (an analyst sees the list of grants its institution holds):
anybody else gets 403 (anonymous visitors asking for a
page are sent to sign in). Company B's manager sees B's (empty) list and may grant for B, but A's
grant answers B 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.planning.models import Plan
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World
from tests.web.finance.matrix_projects import a_project
from tests.web.finance.matrix_settings import an_audit
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import a_plan


def grant_of_a(world: World) -> DataSharing:
    return DataSharing.objects.get(organisation=world.company_a, institution=world.bank)


def verified_of_a(world: World) -> Submission:
    a_plan(world)  # company A's verified 2023 inventory
    return Submission.objects.get(organisation=world.company_a, year=2023)


def after_revocation(world: World) -> int:
    """A's verified submission, once A has revoked its grant to the bank."""
    submission = verified_of_a(world)
    grant = grant_of_a(world)
    if grant.revoked_at is None:
        accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant)
    return submission.pk


def after_expiry(world: World) -> int:
    """A's verified submission, once A's grant to the bank has expired (a second ago)."""
    submission = verified_of_a(world)
    DataSharing.objects.filter(pk=grant_of_a(world).pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return submission.pk


def revoked(world: World) -> None:
    grant = grant_of_a(world)
    if grant.revoked_at is None:
        accounts.grant_revoke(actor=world.users["enterprise_a"], grant=grant)


def expired(world: World) -> None:
    DataSharing.objects.filter(pk=grant_of_a(world).pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )


def committed_plan(world: World) -> int:
    plan = a_plan(world)
    Plan.objects.filter(pk=plan.pk).update(status="committed")  # what a grant lets a bank read
    return plan.pk


def ended(end: Any, obj: Any) -> Any:
    """A URL parameter: the object ``obj(world)`` names, once ``end(world)`` ended A's grant."""

    def value(world: World) -> int:
        pk = obj(world)
        end(world)
        return int(pk)

    return value


def refused_logged(world: World, persona: str) -> None:
    """The analyst's 404 was logged as a refused attempt on A's ended grant; nobody else's."""
    refused = DataAccess.objects.filter(refused=True)
    if persona == "analyst":
        assert [(a.organisation_id, a.grant_id) for a in refused] == [
            (world.company_a.pk, grant_of_a(world).pk)
        ], "the analyst's refused read was not logged once on the ended grant"
    else:
        assert not refused.exists(), f"{persona}'s request was logged as a refused read"


def grant_form(world: World) -> dict[str, Any]:
    return {
        "institution": world.bank.pk,
        "purpose": "kpi_monitoring",
        "data": ["inventories"],
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }


def grant_body(world: World) -> dict[str, Any]:
    return {"institution_id": world.bank.pk, "purpose": "due_diligence", "data": ["projects"]}


GRANT = {"grant_id": lambda w: grant_of_a(w).pk}
ENTERPRISE_PAGE = expect(200, 200, 403, 403, 403, 403, 403, 302)
GRANTS_PAGE = expect(200, 200, 403, 403, 403, 200, 403, 302)  # analysts: grants held
ENTERPRISE_API = expect(200, 200, 403, 403, 403, 403, 403, 403)
ENDED = expect(200, 404, 200, 200, 200, 404, 404, 404)  # the analyst's access has ended
ENDED_PAGE = expect(200, 404, 404, 200, 200, 404, 404, 302)  # plans, projects: sign in first
ENDED_METERS = expect(200, 404, 404, 200, 200, 404, 404, 404)
REVOKED = {"submission_id": after_revocation}
EXPIRED = {"submission_id": after_expiry}
PLAN_ENDED = [{"pk": ended(end, committed_plan)} for end in (revoked, expired)]
PROJECT_ENDED = [{"pk": ended(end, lambda w: a_project(w).pk)} for end in (revoked, expired)]
METERS_ENDED = [{"site_id": ended(end, lambda w: w.site_a.pk)} for end in (revoked, expired)]
EVIDENCE_ENDED = [
    {"evidence_id": ended(end, lambda w: an_audit(w).pk)} for end in (revoked, expired)
]  # a project document's download, logged as a refused read of its project

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/grants/": [Row(GRANTS_PAGE)],
    "finance/grants/new/": [
        Row(ENTERPRISE_PAGE),
        Row(expect(302, 302, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            body=grant_form),
    ],
    "finance/grants/<int:grant_id>/revoke/": [
        Row(expect(302, 404, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            params=GRANT),
    ],
    "finance/access-log/": [Row(ENTERPRISE_PAGE)],
}  # fmt: skip

# Rows added to routes other modules own: access ends at once on revocation and on expiry, and
# the analyst's refused attempt is logged (``refused_logged``).
URL_MORE_ROWS: dict[str, list[Row]] = {
    "reporting/submissions/<int:submission_id>/": [
        Row(ENDED, params=REVOKED, after=refused_logged),
        Row(ENDED, params=EXPIRED, after=refused_logged),
    ],
    "reporting/submissions/<int:submission_id>/inventory/": [
        Row(ENDED, params=REVOKED, after=refused_logged),
        Row(ENDED, params=EXPIRED, after=refused_logged),
    ],
    "planning/plans/<int:pk>/": [
        Row(ENDED_PAGE, params=p, after=refused_logged) for p in PLAN_ENDED
    ],
    "finance/projects/<int:pk>/": [
        Row(ENDED_PAGE, params=p, after=refused_logged) for p in PROJECT_ENDED
    ],
    "reporting/sites/<int:site_id>/meters/": [
        Row(ENDED_METERS, params=p, after=refused_logged) for p in METERS_ENDED
    ],
    "finance/evidence/<int:evidence_id>/": [
        Row(ENDED_PAGE, params=p, after=refused_logged) for p in EVIDENCE_ENDED
    ],
    "reporting/submissions/<int:submission_id>/report.xlsx": [
        Row(ENDED, params=REVOKED, after=refused_logged),
        Row(ENDED, params=EXPIRED, after=refused_logged),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/finance/grants"): Row(expect(200, 200, 403, 403, 403, 200, 403, 403)),
    ("POST", "/api/finance/grants"): Row(expect(201, 201, 403, 403, 403, 403, 403, 403),
                                         body=grant_body),
    ("POST", "/api/finance/grants/{grant_id}/revoke"):
        Row(expect(200, 404, 403, 403, 403, 403, 403, 403), params=GRANT),
    ("GET", "/api/finance/accesses"): Row(ENTERPRISE_API),
}  # fmt: skip
