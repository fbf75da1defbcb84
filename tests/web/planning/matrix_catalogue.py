"""Authorization-matrix rows of the technology catalogue and the proposals: pages and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The catalogue and its technologies are public. Proposals belong to a research institution's
staff and the registry staff; the matrix personas include no researcher (their access is tested
in ``test_catalogue_*.py``), so here every persona but the staff is refused: 403 on the
collection and on creating one, 404 on one proposal (hidden), sign-in for anonymous visitors
asking for a page. The staff see a proposal but may not edit or submit it (403); they publish
or reject a submitted one. Proposals are made through the services, in the rows' params,
before the matrix counts the ledger.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.planning.models import TechnologyProposal
from greenledger.web.planning.services.catalogue import proposal_create, proposal_submit
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.catalogue_support import (
    case_record,
    research_institute,
    researcher,
    technology_record,
)


def a_proposal(world: World, *, submitted: bool = False) -> TechnologyProposal:
    """A research institute's technology proposal (a draft, or submitted for review)."""
    key = "proposal_submitted" if submitted else "proposal_draft"
    if key not in world.objects:
        if "researcher" not in world.objects:
            world.objects["researcher"] = researcher(research_institute(), "matrix-researcher")
        user = world.objects["researcher"]
        proposal = proposal_create(
            actor=user,
            kind="technology",
            technology_id="matrix_kiln_heat" + ("_s" if submitted else ""),
            record=technology_record(),
        )
        if submitted:
            proposal = proposal_submit(actor=user, proposal=proposal)
        world.objects[key] = proposal
    return world.objects[key]  # type: ignore[no-any-return]


def draft_id(world: World) -> int:
    return a_proposal(world).pk


def submitted_id(world: World) -> int:
    return a_proposal(world, submitted=True).pk


def new_case(world: World) -> dict[str, Any]:
    return {"kind": "case", "technology_id": "vsd_pumps_fans", "record": case_record()}


API = "/api/planning"
TID = {"tid": lambda w: "vsd_pumps_fans"}
EVERYONE = expect(200, 200, 200, 200, 200, 200, 200, 200)
NOBODY_404 = expect(404, 404, 404, 404, 404, 404, 404, 404)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
RESEARCHER_PAGE = expect(403, 403, 403, 403, 403, 403, 403, 302)
RESEARCHER_WRITE = expect(403, 403, 403, 403, 403, 403, 403, 403)
STAFF_SEE = expect(404, 404, 404, 200, 200, 404, 404, 404)
STAFF_REVIEW_PAGE = expect(404, 404, 404, 302, 302, 404, 404, 404)
STAFF_MAY_NOT_EDIT = expect(404, 404, 404, 403, 403, 404, 404, 404)
STAFF_LIST = expect(403, 403, 403, 200, 200, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "planning/catalogue/": [
        Row(EVERYONE),
        Row(EVERYONE, body=lambda w: {"industry": "C30", "end_use": "heat_recovery",
                                      "source": "miit_2024", "confirmed": "no", "q": "余热"}),
    ],
    "planning/catalogue/<str:tid>/": [
        Row(EVERYONE, params=TID),
        Row(NOBODY_404, params={"tid": lambda w: "no_such_technology"}),
    ],
    "planning/proposals/": [Row(STAFF_PAGE)],
    "planning/proposals/new/": [
        Row(RESEARCHER_PAGE),
        Row(RESEARCHER_WRITE, method="post", writes=True, body=lambda w: {
            "kind": "case", "technology_id": "vsd_pumps_fans", "title": "变频改造",
            "enterprise": "东江建材有限公司", "year": "2024"}),
    ],
    "planning/proposals/<int:pk>/": [
        Row(STAFF_SEE, params={"pk": draft_id}),
        Row(STAFF_MAY_NOT_EDIT, method="post", writes=True, params={"pk": draft_id},
            body=lambda w: {"action": "submit"}),
        Row(STAFF_REVIEW_PAGE, method="post", writes=True, params={"pk": submitted_id},
            body=lambda w: {"action": "publish", "note": "数据已核实"}),
        Row(STAFF_REVIEW_PAGE, method="post", writes=True, params={"pk": submitted_id},
            body=lambda w: {"action": "reject", "note": "请补充测量方法"}),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/catalogue"): Row(EVERYONE),
    ("GET", f"{API}/catalogue/{{technology_id}}"):
        Row(EVERYONE, params={"technology_id": lambda w: "vsd_pumps_fans"}),
    ("GET", f"{API}/proposals"): Row(STAFF_LIST),
    ("POST", f"{API}/proposals"): Row(RESEARCHER_WRITE, body=new_case),
    ("GET", f"{API}/proposals/{{proposal_id}}"): Row(STAFF_SEE, params={"proposal_id": draft_id}),
    ("PUT", f"{API}/proposals/{{proposal_id}}"):
        Row(STAFF_MAY_NOT_EDIT, params={"proposal_id": draft_id},
            body=lambda w: {"record": technology_record(saving_rate=0.2)}),
    ("POST", f"{API}/proposals/{{proposal_id}}/submit"):
        Row(STAFF_MAY_NOT_EDIT, params={"proposal_id": draft_id}),
    ("POST", f"{API}/proposals/{{proposal_id}}/publish"):
        Row(STAFF_SEE, params={"proposal_id": submitted_id}, body=lambda w: {"note": "已核实"}),
    ("POST", f"{API}/proposals/{{proposal_id}}/reject"):
        Row(STAFF_SEE, params={"proposal_id": submitted_id},
            body=lambda w: {"note": "请补充测量方法"}),
}  # fmt: skip
