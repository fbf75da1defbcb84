"""The catalogue pages: the list and its filters, a technology with its source and cases, and
a researcher's proposal through the secretariat's review, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.audit.models import AuditEntry
from greenledger.web.planning.models import TechnologyProposal
from greenledger.web.planning.selectors import catalogue as selectors
from greenledger.web.planning.services.catalogue import proposal_create, proposal_submit
from tests.web.conftest import World
from tests.web.planning.catalogue_support import (
    case_record,
    research_institute,
    researcher,
    signed_in,
    technology_record,
)


@pytest.fixture
def lab(world: World) -> dict[str, Any]:
    institute = research_institute()
    return {
        "user": researcher(institute),
        "rival": researcher(research_institute(72, "西岭能源研究所"), "researcher-2"),
    }


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def technology_form(**overrides: Any) -> dict[str, Any]:
    form = {
        "technology_id": "kiln_heat_cascade",
        "name_zh": "窑炉烟气余热梯级回收",
        "name_en": "Cascade waste-heat recovery from kiln exhaust",
        "source_key": "own",
        "source_issuer": "东江低碳技术研究院",
        "source_title": "窑炉余热梯级利用示范研究报告",
        "source_document": "DJ-LCT-2025-07",
        "source_edition": "2025",
        "item": "Table 3",
        "note": "Measured on three kilns, 2024.",
        "industries": "C30，C31",
        "end_use": "heat_recovery",
        "carrier": "natural_gas",
        "effect": "energy",
        "saving_kind": "saving_rate",
        "saving_value": "0.12",
        "capacity_unit": "t/h flue gas",
        "capex_yuan_per_unit": "85000",
        "opex_change_yuan_per_unit": "1200",
        "lifetime_years": "15",
        "lead_time_years": "1",
        "max_penetration": "0.7",
        "group": "",
        "requires": "",
    }
    form.update(overrides)
    return form


def test_the_catalogue_lists_and_filters_for_everybody(world: World) -> None:
    anonymous = english(Client())
    page = anonymous.get("/planning/catalogue/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<tr id="technology-') == len(selectors.catalogue())
    assert "Variable-speed drives on pumps and fans" in html
    ie4 = html.split('<tr id="technology-motor_ie3_to_ie4">')[1].split("</tr>")[0]
    assert '<td class="num">2.5 %</td>' in ie4 and '<td class="num">20</td>' in ie4
    lighting = anonymous.get("/planning/catalogue/", {"end_use": "lighting", "industry": "C"})
    rows = lighting.content.decode().count('<tr id="technology-')
    expected = selectors.filter_technologies(
        selectors.catalogue(), end_use="lighting", industry="C"
    )
    assert rows == len(expected) >= 1
    refused = anonymous.get("/planning/catalogue/", {"industry": "C9"})
    assert "C9 is not a GB/T 4754-2017 code" in refused.context["form"].errors["industry"][0]
    assert refused.context["rows"] == []
    nothing = anonymous.get("/planning/catalogue/", {"confirmed": "yes"})
    assert "No technology fits these filters." in nothing.content.decode()
    chinese = Client().get("/planning/catalogue/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    count = len(selectors.catalogue())
    assert f"共 {count} 项降碳技术" in chinese.content.decode()
    assert "没有符合筛选条件的技术" not in chinese.content.decode()


def test_a_technology_page_shows_every_figure_and_its_source(world: World) -> None:
    page = english(Client()).get("/planning/catalogue/vsd_pumps_fans/")
    html = page.content.decode()
    technology = selectors.technology("vsd_pumps_fans")
    assert page.status_code == 200
    assert 'data-role="unconfirmed"' in html
    assert technology.source.title in html and technology.note in html
    assert (
        '<tr id="figure-capex"><th scope="row">Capex per unit (yuan)</th><td class="num">400'
        in (html)
    )
    assert "No case result has been published" in html
    assert Client().get("/planning/catalogue/no_such_thing/").status_code == 404


def test_a_researcher_proposes_on_the_page_and_the_secretariat_publishes(
    world: World, lab: dict[str, Any]
) -> None:
    client = english(signed_in(lab["user"]))
    assert client.get("/planning/proposals/new/").status_code == 200
    technology_page = client.get("/planning/catalogue/vsd_pumps_fans/").content.decode()
    assert "/planning/proposals/new/?kind=case&amp;technology=vsd_pumps_fans" in technology_page
    case_form = client.get(
        "/planning/proposals/new/", {"kind": "case", "technology": "vsd_pumps_fans"}
    )
    assert '<option value="vsd_pumps_fans" selected>' in case_form.content.decode()
    refused = client.post(
        "/planning/proposals/new/?kind=technology",
        technology_form(saving_value="1.3", kind="technology"),
    )
    assert refused.status_code == 200
    assert "kiln_heat_cascade: saving_rate" in refused.context["form"].errors["saving_value"][0]
    assert "1.3" in refused.context["form"].errors["saving_value"][0]
    assert TechnologyProposal.objects.count() == 0
    created = client.post(
        "/planning/proposals/new/?kind=technology", technology_form(kind="technology")
    )
    proposal = TechnologyProposal.objects.get()
    assert (
        created.status_code == 302 and created["Location"] == f"/planning/proposals/{proposal.pk}/"
    )
    assert proposal.record["industries"] == ["C30", "C31"]
    assert proposal.record["source"]["document"] == "DJ-LCT-2025-07"
    edit = client.post(
        f"/planning/proposals/{proposal.pk}/",
        {**technology_form(saving_value="0.15"), "action": "save"},
    )
    assert edit.status_code == 302
    assert (
        client.post(f"/planning/proposals/{proposal.pk}/", {"action": "submit"}).status_code == 302
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.record["saving_rate"]) == ("submitted", 0.15)
    # the researcher cannot publish its own proposal
    assert (
        client.post(f"/planning/proposals/{proposal.pk}/", {"action": "publish"}).status_code == 403
    )
    staff = english(signed_in(world.users["secretariat"]))
    queue = staff.get("/planning/proposals/").content.decode()
    assert f'<tr id="proposal-{proposal.pk}">' in queue.split('id="proposal-others"')[0]
    done = staff.post(f"/planning/proposals/{proposal.pk}/", {"action": "publish", "note": "ok"})
    assert done.status_code == 302
    page = english(Client()).get("/planning/catalogue/kiln_heat_cascade/").content.decode()
    assert "东江低碳技术研究院" in page and "DJ-LCT-2025-07" in page
    chinese = Client().get("/planning/catalogue/kiln_heat_cascade/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "提出机构" in chinese.content.decode() and "单位投资（元）" in chinese.content.decode()
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


def test_a_case_result_is_rejected_with_its_reason_then_published_on_the_page(
    world: World, lab: dict[str, Any]
) -> None:
    case = proposal_create(
        actor=lab["user"], kind="case", technology_id="vsd_pumps_fans", record=case_record()
    )
    proposal_submit(actor=lab["user"], proposal=case)
    staff = english(signed_in(world.users["district_admin"]))
    no_note = staff.post(
        f"/planning/proposals/{case.pk}/", {"action": "reject", "note": ""}, follow=True
    )
    assert "Say why the proposal is rejected." in no_note.content.decode()
    staff.post(f"/planning/proposals/{case.pk}/", {"action": "reject", "note": "缺少测量方法"})
    case.refresh_from_db()
    assert (case.status, case.review_note) == ("rejected", "缺少测量方法")
    client = english(signed_in(lab["user"]))
    page = client.get(f"/planning/proposals/{case.pk}/").content.decode()
    assert "缺少测量方法" in page and 'id="proposal-form"' in page
    form = {
        "title": "某水泥厂变频改造",
        "enterprise": "东江建材有限公司",
        "year": "2024",
        "saving_rate": "0.2",
        "saving_tce": "700",
        "action": "save",
    }
    assert client.post(f"/planning/proposals/{case.pk}/", form).status_code == 302
    client.post(f"/planning/proposals/{case.pk}/", {"action": "submit"})
    staff.post(f"/planning/proposals/{case.pk}/", {"action": "publish"})
    page = english(Client()).get("/planning/catalogue/vsd_pumps_fans/").content.decode()
    assert f'<tr id="case-{case.pk}">' in page and "东江建材有限公司" in page and "700" in page


def test_proposal_pages_are_the_institutions_and_the_staffs_only(
    world: World, lab: dict[str, Any]
) -> None:
    case = proposal_create(
        actor=lab["user"],
        kind="technology",
        technology_id="kiln_heat_cascade",
        record=technology_record(),
    )
    url = f"/planning/proposals/{case.pk}/"
    rival = signed_in(lab["rival"])
    assert rival.get(url).status_code == 404
    assert rival.post(url, {"action": "submit"}).status_code == 404
    assert rival.get("/planning/proposals/").status_code == 200
    assert f"proposal-{case.pk}" not in rival.get("/planning/proposals/").content.decode()
    for persona in ("enterprise_a", "evaluator", "analyst", "public"):
        client = world.client(persona)
        assert client.get("/planning/proposals/").status_code == 403, persona
        assert client.get("/planning/proposals/new/").status_code == 403, persona
        assert client.get(url).status_code == 404, persona
    anonymous = Client()
    assert anonymous.get("/planning/proposals/").status_code == 302
    assert anonymous.get("/planning/proposals/new/").status_code == 302
    staff = signed_in(world.users["secretariat"])
    assert staff.get(url).status_code == 200
    assert staff.get("/planning/proposals/new/").status_code == 403
    # the staff may not edit a researcher's record
    assert staff.post(url, {**technology_form(), "action": "save"}).status_code == 403
    assert not AuditEntry.objects.filter(action="planning.proposal.update").exists()
