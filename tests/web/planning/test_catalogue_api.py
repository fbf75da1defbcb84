"""The catalogue and proposals API: who sees and writes what, and the refusals' fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from greenledger.web.audit.models import AuditEntry
from tests.web.conftest import World
from tests.web.planning.catalogue_support import (
    case_record,
    research_institute,
    researcher,
    technology_record,
    token_headers,
)

API = "/api/planning"


@pytest.fixture
def lab(world: World) -> dict[str, Any]:
    institute = research_institute()
    user = researcher(institute)
    rival = researcher(research_institute(72, "西岭能源研究所"), "researcher-2")
    return {"researcher": token_headers(user), "rival": token_headers(rival), "user": user}


def call(method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
    client = Client()
    kwargs: dict[str, Any] = dict(headers)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, **kwargs)


def test_the_catalogue_is_public_and_filters(world: World) -> None:
    everything = call("get", f"{API}/catalogue?limit=200", {}).json()
    assert everything["count"] >= 54
    lighting = call("get", f"{API}/catalogue?end_use=lighting&limit=200", {}).json()
    assert lighting["count"] >= 1 and {t["end_use"] for t in lighting["items"]} == {"lighting"}
    vsd = call("get", f"{API}/catalogue/vsd_pumps_fans", {}).json()
    technology = vsd["technology"]
    assert (technology["saving_rate"], technology["capex_yuan_per_unit"]) == (0.25, 400.0)
    assert technology["confirmed"] is False and technology["source"]["key"] == "doe_motors"
    assert vsd["cases"] == [] and technology["proposed_by"] is None
    bad = call("get", f"{API}/catalogue?industry=Z99", {"HTTP_ACCEPT_LANGUAGE": "en"})
    assert bad.status_code == 422
    assert (
        bad.json()["errors"][0]["field"] == "industry"
        and "Z99" in bad.json()["errors"][0]["message"]
    )
    missing = call("get", f"{API}/catalogue/no_such_technology", {})
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_a_researcher_proposes_and_the_secretariat_publishes(
    world: World, lab: dict[str, Any]
) -> None:
    staff = world.api_headers("secretariat")
    created = call(
        "post",
        f"{API}/proposals",
        lab["researcher"],
        {"kind": "technology", "technology_id": "kiln_heat_cascade", "record": technology_record()},
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert created.json()["status"] == "draft"
    edited = call(
        "put",
        f"{API}/proposals/{pid}",
        lab["researcher"],
        {"record": technology_record(saving_rate=0.14)},
    )
    assert edited.json()["record"]["saving_rate"] == 0.14
    assert call("post", f"{API}/proposals/{pid}/submit", lab["researcher"]).json()["status"] == (
        "submitted"
    )
    queue = call("get", f"{API}/proposals?status=submitted", staff).json()
    assert [p["id"] for p in queue["items"]] == [pid]
    refused = call("post", f"{API}/proposals/{pid}/publish", lab["researcher"], {"note": ""})
    assert refused.status_code == 403
    done = call("post", f"{API}/proposals/{pid}/publish", staff, {"note": "已核实"})
    assert (done.json()["status"], done.json()["reviewed_by"]) == ("published", "secretariat")
    new = call("get", f"{API}/catalogue/kiln_heat_cascade", {}).json()["technology"]
    assert new["saving_rate"] == 0.14 and new["proposed_by"] == "东江低碳技术研究院"
    assert new["source"]["document"] == "DJ-LCT-2025-07"
    assert list(
        AuditEntry.objects.filter(action__startswith="planning.proposal").values_list(
            "action", flat=True
        )
    ) == [
        "planning.proposal.create",
        "planning.proposal.update",
        "planning.proposal.submit",
        "planning.proposal.publish",
    ]


def test_a_case_result_shows_on_its_technology_once_published(
    world: World, lab: dict[str, Any]
) -> None:
    staff = world.api_headers("district_admin")
    pid = call(
        "post",
        f"{API}/proposals",
        lab["researcher"],
        {"kind": "case", "technology_id": "vsd_pumps_fans", "record": case_record()},
    ).json()["id"]
    call("post", f"{API}/proposals/{pid}/submit", lab["researcher"])
    rejected = call("post", f"{API}/proposals/{pid}/reject", staff, {"note": ""})
    assert rejected.status_code == 422 and rejected.json()["errors"][0]["field"] == "note"
    call("post", f"{API}/proposals/{pid}/publish", staff, {})
    cases = call("get", f"{API}/catalogue/vsd_pumps_fans", {}).json()["cases"]
    assert [(c["id"], c["record"]["saving_tce"]) for c in cases] == [(pid, 640.0)]


def test_refusals_name_the_field_in_the_requests_language(
    world: World, lab: dict[str, Any]
) -> None:
    body = {
        "kind": "technology",
        "technology_id": "kiln_heat_cascade",
        "record": technology_record(max_penetration=1.5),
    }
    english = call(
        "post", f"{API}/proposals", {**lab["researcher"], "HTTP_ACCEPT_LANGUAGE": "en"}, body
    )
    chinese = call(
        "post", f"{API}/proposals", {**lab["researcher"], "HTTP_ACCEPT_LANGUAGE": "zh-hans"}, body
    )
    assert english.status_code == chinese.status_code == 422
    [error] = english.json()["errors"]
    assert error["field"] == "record.max_penetration" and "1.5" in error["message"]
    assert chinese.json()["errors"][0]["field"] == "record.max_penetration"
    assert chinese.json()["errors"][0]["message"] != error["message"]


def test_proposals_are_seen_by_their_institution_and_the_staff_only(
    world: World, lab: dict[str, Any]
) -> None:
    pid = call(
        "post",
        f"{API}/proposals",
        lab["researcher"],
        {"kind": "case", "technology_id": "vsd_pumps_fans", "record": case_record()},
    ).json()["id"]
    assert call("get", f"{API}/proposals", lab["rival"]).json()["count"] == 0
    assert call("get", f"{API}/proposals/{pid}", lab["rival"]).status_code == 404
    put = call("put", f"{API}/proposals/{pid}", lab["rival"], {"record": case_record()})
    assert put.status_code == 404
    assert (
        call("get", f"{API}/proposals/{pid}", world.api_headers("secretariat")).status_code == 200
    )
    for persona in ("enterprise_a", "evaluator", "analyst", "public", "anonymous"):
        headers = world.api_headers(persona)
        assert call("get", f"{API}/proposals", headers).status_code == 403, persona
        assert call("get", f"{API}/proposals/{pid}", headers).status_code == 404, persona
        created = call(
            "post",
            f"{API}/proposals",
            headers,
            {"kind": "case", "technology_id": "vsd_pumps_fans", "record": case_record()},
        )
        assert created.status_code == 403, persona
    call("post", f"{API}/proposals/{pid}/submit", lab["researcher"])
    again = call("put", f"{API}/proposals/{pid}", lab["researcher"], {"record": case_record()})
    assert again.status_code == 403  # under review: not editable
    twice = call("post", f"{API}/proposals/{pid}/submit", lab["researcher"])
    assert twice.status_code == 403
