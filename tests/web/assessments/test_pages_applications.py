"""The assessment pages for calls, applications, evidence and relations: what they show and
what their forms change."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from greenledger.web.assessments.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    Evidence,
    OrganisationRelation,
)
from tests.web.assessments import helpers
from tests.web.assessments.matrix_applications import new_call, relation_a
from tests.web.conftest import World

pytestmark = pytest.mark.django_db

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def client(world: World, persona: str) -> Client:
    """The persona's browser session, with the pages in English (the default is Chinese)."""
    browser = world.client(persona)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


def text(response: Any) -> str:
    return response.content.decode()


def section(body: str, element_id: str, end: str = "</tr>") -> str:
    """The HTML from the element with ``element_id`` up to ``end`` (the end of its table row,
    by default)."""
    start = body.index(f'id="{element_id}"')
    return body[start : body.index(end, start)]


def application_url(application: Application, suffix: str = "") -> str:
    return f"/assessments/applications/{application.pk}/{suffix}"


# -- the application page -----------------------------------------------------------------------


def test_the_application_page_explains_the_renewable_share_from_the_verified_inventory(
    world: World,
) -> None:
    application = helpers.complete_application(world)
    body = text(client(world, "enterprise_a").get(application_url(application)))
    row = section(body, "indicator-renewable_share")
    # 800 of 2,000 MWh green power: 0.4; linear from 0.2 to 0.8 with weight 30 -> 10 points
    assert '<span class="indicator-value">0.4</span>' in row
    assert '<strong class="indicator-points">10.00</strong>' in row
    assert 'data-origin="inventory"' in row and "verified inventory" in row
    assert 'data-threshold="unconfirmed"' in row and "indicators.renewable_share.benchmark" in row
    # the pre-score's source: the verified 2024 inventory, version 1
    source = section(body, "prescore-source", "</section>")
    assert "Reporting year 2024" in source and 'href="/reporting/submissions/' in source
    assert 'id="total-points"' in body and 'id="prescore-problems"' not in body


def test_a_draft_without_answers_gets_a_partial_pre_score_and_the_missing_inputs(
    world: World,
) -> None:
    application = helpers.draft_application(world)
    body = text(client(world, "enterprise_a").get(application_url(application)))
    problems = section(body, "prescore-problems", "</ul>")
    assert "registered_in_shanghai" in problems and "offset_tco2e" in problems
    # scored already from the verified inventory: the carbon intensity, linear from 0.5 to 0.1
    # over 30 points, and the renewable share 0.4: (0.4 - 0.2) / 0.6 x 30 = 10
    intensity = application.inventory_inputs["tco2e_per_wan_yuan"]
    expected = (0.5 - intensity) / 0.4 * 30 + 10
    total = section(body, "total-points", "</span>")
    assert f"{expected:.2f}" in total
    assert 'id="prescore-partial"' in body
    assert 'id="indicator-offset_coverage"' not in body  # waits for the offset answer
    # the inventory-supplied value is shown beside its (blank) field
    assert re.search(r'id="input-renewable_electricity_share".*?0\.4', body, re.S)
    assert 'id="submit-button"' in body


def test_an_application_without_a_verified_inventory_says_so(world: World) -> None:
    application = _apply(world)
    body = text(client(world, "enterprise_a").get(application_url(application)))
    assert 'id="no-inventory"' in body and "No verified inventory exists" in body


def _apply(world: World) -> Application:
    call = helpers.open_call(world)
    response = client(world, "enterprise_a").post(
        f"/assessments/calls/{call.pk}/apply/", {"site": world.site_a.pk}
    )
    assert response.status_code == 302
    application = Application.objects.get(call=call, site=world.site_a)
    assert response["Location"] == application_url(application)
    return application


def test_declaring_inputs_changes_only_the_inputs_sent(world: World) -> None:
    application = helpers.draft_application(world)
    browser = client(world, "enterprise_a")
    response = browser.post(
        application_url(application, "inputs/"),
        {"offset_tco2e": "1,250.5", "zero_carbon_plan": "true", "registered_in_shanghai": "false"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.inputs == {
        "offset_tco2e": 1250.5,
        "zero_carbon_plan": True,
        "registered_in_shanghai": False,
    }
    # a blank field clears the declared value (the inventory or the default applies again)
    browser.post(application_url(application, "inputs/"), {"registered_in_shanghai": ""})
    application.refresh_from_db()
    assert application.inputs == {"offset_tco2e": 1250.5, "zero_carbon_plan": True}
    body = text(browser.get(application_url(application)))
    assert re.search(r'id="input-offset_tco2e".*?value="1250.5"', body, re.S)


def test_an_input_out_of_range_is_refused_on_the_form(world: World) -> None:
    application = helpers.draft_application(world)
    response = client(world, "enterprise_a").post(
        application_url(application, "inputs/"), {"renewable_electricity_share": "1.5"}
    )
    assert response.status_code == 200
    assert "At most 1." in section(text(response), "input-renewable_electricity_share")
    application.refresh_from_db()
    assert application.inputs == {}


def test_the_secretariat_sees_the_application_but_may_not_change_it(world: World) -> None:
    application = helpers.draft_application(world)
    browser = client(world, "secretariat")
    body = text(browser.get(application_url(application)))
    assert 'id="save-inputs"' not in body and 'type="file"' not in body
    response = browser.post(application_url(application, "inputs/"), {"offset_tco2e": "1"})
    assert response.status_code == 403


# -- evidence -----------------------------------------------------------------------------------


def test_a_real_pdf_is_stored_and_downloaded_as_an_attachment(world: World) -> None:
    application = helpers.draft_application(world)
    browser = client(world, "enterprise_a")
    upload = SimpleUploadedFile("零碳规划.pdf", helpers.PDF_BYTES, "application/pdf")
    response = browser.post(
        application_url(application, "evidence/"), {"item": "zero_carbon_plan", "file": upload}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(application=application)
    assert evidence.item == "zero_carbon_plan" and evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(helpers.PDF_BYTES).hexdigest()
    body = text(browser.get(application_url(application)))
    listed = body.split('id="evidence-zero_carbon_plan"', 1)[1].split("</section>", 1)[0]
    assert "零碳规划.pdf" in listed and evidence.sha256[:12] in listed
    assert f'href="/assessments/evidence/{evidence.pk}/"' in listed

    download = browser.get(f"/assessments/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == helpers.PDF_BYTES
    assert (
        client(world, "secretariat").get(f"/assessments/evidence/{evidence.pk}/").status_code == 200
    )
    assert (
        client(world, "enterprise_b").get(f"/assessments/evidence/{evidence.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("content", "found"), [(PNG_BYTES, "image/png"), (b"just some text\n", "not recognised")]
)
def test_a_pdf_that_is_not_a_pdf_is_refused_with_the_reason_on_the_page(
    world: World, content: bytes, found: str
) -> None:
    application = helpers.draft_application(world)
    upload = SimpleUploadedFile("plan.pdf", content, "application/pdf")
    response = client(world, "enterprise_a").post(
        application_url(application, "evidence/"), {"item": "zero_carbon_plan", "file": upload}
    )
    assert response.status_code == 200
    item = text(response).split('id="evidence-zero_carbon_plan"', 1)[1].split("</form>", 1)[0]
    assert "plan.pdf: the file is not what its extension says (.pdf)" in item
    assert found in item
    assert not Evidence.objects.filter(application=application).exists()


def test_removing_evidence_deletes_the_row_and_the_file(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    application = helpers.complete_application(world)
    evidence = application.evidence.get(item="zero_carbon_plan")
    stored = evidence.path
    browser = client(world, "enterprise_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/assessments/evidence/{evidence.pk}/delete/")
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()

    assert not Path(stored).exists()
    body = text(browser.get(application_url(application)))
    assert "Required evidence is missing" in section(body, "evidence-zero_carbon_plan")


# -- submitting ---------------------------------------------------------------------------------


def test_submitting_without_the_required_evidence_shows_why_and_stays_a_draft(
    world: World,
) -> None:
    application = helpers.draft_application(world)
    browser = client(world, "enterprise_a")
    browser.post(
        application_url(application, "inputs/"),
        {**{k: "true" for k in helpers.DECLARED}, "offset_tco2e": "0"},
    )
    response = browser.post(application_url(application, "submit/"))
    assert response.status_code == 200
    errors = section(text(response), "submit-errors", "</ul>")
    assert "Evidence is required for zero_carbon_plan" in errors
    assert "Evidence is required for third_party_inventory" in errors
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.prescore == {}


def test_submitting_a_complete_application_freezes_the_prescore(world: World) -> None:
    application = helpers.complete_application(world)
    browser = client(world, "enterprise_a")
    response = browser.post(application_url(application, "submit/"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    renewable = next(i for i in application.prescore["indicators"] if i["id"] == "renewable_share")
    assert renewable["points"] == pytest.approx(10.0)
    body = text(browser.get(application_url(application)))
    assert 'data-status="submitted"' in body
    assert 'id="submit-button"' not in body and 'id="save-inputs"' not in body


# -- calls --------------------------------------------------------------------------------------


def test_the_call_form_lists_the_configurable_thresholds_with_their_sources(
    world: World,
) -> None:
    response = client(world, "secretariat").get(
        "/assessments/calls/new/", {"ruleset_id": helpers.RULESET}
    )
    assert response.status_code == 200
    body = text(response)
    table = body.split('id="threshold-table"', 1)[1]
    assert "<code>indicators.renewable_share.benchmark</code>" in table
    assert "unconfirmed — set by the call" in table
    assert "GreenLedger default, not taken from any standard" in table
    assert 'name="threshold:indicators.renewable_share.benchmark"' in table
    assert "(superseded)" in body and "Green factory (GB/T 36132-2018, superseded)" in body


def test_the_call_form_shows_how_the_text_words_a_limit(world: World) -> None:
    response = client(world, "secretariat").get(
        "/assessments/calls/new/", {"ruleset_id": "zero_carbon_data_center/t-seesa-013"}
    )
    table = text(response).split('id="threshold-table"', 1)[1]
    row = table.split("<code>constants.pue_limit_large</code>", 1)[1].split("</tr>", 1)[0]
    assert '<span lang="zh-Hans">1.3以下</span>' in row
    assert "发改高技〔2021〕1742号" in row and "unconfirmed — set by the call" in row
    steps = table.split("<code>indicators.it_load.steps[0].at_least</code>", 1)[1]
    assert "wording not confirmed" in steps.split("</tr>", 1)[0]


def test_the_call_page_shows_the_kind_of_each_document_cited(world: World) -> None:
    call = helpers.open_call(world)
    body = text(client(world, "anonymous").get(f"/assessments/calls/{call.pk}/"))
    documents = section(body, "documents", "</ul>")
    assert '<li data-kind="primary">' in documents
    platform = documents.split('<li data-kind="platform">', 1)[1].split("</li>", 1)[0]
    assert "GreenLedger default, no source" in platform
    assert "DESIGN.md" not in body


def test_the_threshold_override_of_the_call_form_reaches_the_call(world: World) -> None:
    browser = client(world, "secretariat")
    response = browser.post("/assessments/calls/new/", new_call(world))
    assert response.status_code == 302
    call = Call.objects.get(title="矩阵测试零碳工厂申报")
    assert response["Location"] == f"/assessments/calls/{call.pk}/"
    assert call.thresholds == {"indicators.renewable_share.benchmark": 0.3}
    assert call.designation_type == "zero_carbon_factory"
    body = text(browser.get(f"/assessments/calls/{call.pk}/"))
    row = section(body, "indicator-renewable_share")
    benchmark = row.split('data-path="indicators.renewable_share.benchmark"', 1)[1]
    assert benchmark.startswith("><strong>0.3</strong>")
    assert 'data-threshold="overridden"' in benchmark.split("</span></span>", 1)[0] + "</span>"
    assert "rule set: 0.2" in row and 'data-threshold="unconfirmed"' in row


def test_the_call_form_shows_the_services_errors(world: World) -> None:
    browser = client(world, "secretariat")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = browser.post(
        "/assessments/calls/new/",
        new_call(
            world,
            deadline=yesterday,
            **{"threshold:indicators.renewable_share.weight": "40"},
        ),
    )
    assert response.status_code == 200
    body = text(response)
    assert "The deadline has already passed." in body
    assert "weights sum to 110, not the total 100" in section(body, "threshold-errors", "</ul>")
    assert not Call.objects.exists()


def test_an_override_of_a_call_changes_the_prescore_of_its_applications(world: World) -> None:
    helpers.verified_inventory(world)
    call = helpers.open_call(world, thresholds={"indicators.renewable_share.benchmark": 0.3})
    application = helpers.complete_application(world)
    assert application.call_id == call.pk
    body = text(client(world, "enterprise_a").get(application_url(application)))
    # (0.4 - 0.3) / (0.8 - 0.3) x 30 = 6 points
    assert '<strong class="indicator-points">6.00</strong>' in section(
        body, "indicator-renewable_share"
    )


def test_the_call_page_explains_the_rule_set_and_offers_the_enterprise_its_sites(
    world: World,
) -> None:
    call = helpers.open_call(world)
    body = text(client(world, "enterprise_a").get(f"/assessments/calls/{call.pk}/"))
    assert 'id="unconfirmed-note"' in body and "13 thresholds are not confirmed" in body
    assert "Third-party carbon inventory" in section(body, "requirements", "</table>")
    assert 'id="apply-form"' in body and "甲工厂" in body.split('id="apply-form"', 1)[1]
    staff = text(client(world, "secretariat").get(f"/assessments/calls/{call.pk}/"))
    assert 'id="apply-form"' not in staff and 'id="close-call"' in staff


def test_applying_opens_a_draft_and_a_second_application_is_refused_on_the_form(
    world: World,
) -> None:
    helpers.verified_inventory(world)
    application = _apply(world)
    assert application.status == ApplicationStatus.DRAFT
    assert application.inventory_source["year"] == 2024
    response = client(world, "enterprise_a").post(
        f"/assessments/calls/{application.call_id}/apply/", {"site": world.site_a.pk}
    )
    assert response.status_code == 200
    assert "This site has already applied under this call." in text(response)


def test_closing_a_call_stops_applications(world: World) -> None:
    call = helpers.open_call(world)
    response = client(world, "secretariat").post(f"/assessments/calls/{call.pk}/close/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    body = text(client(world, "enterprise_a").get(f"/assessments/calls/{call.pk}/"))
    assert 'id="apply-form"' not in body


# -- the start page ----------------------------------------------------------------------------


def test_the_start_page_shows_each_persona_its_part(world: World) -> None:
    submitted = helpers.submitted_application(world)
    enterprise = text(client(world, "enterprise_a").get("/assessments/"))
    assert "2026年度零碳工厂申报" in section(enterprise, "open-calls", "</table>")
    assert f'href="/assessments/applications/{submitted.pk}/"' in enterprise
    assert 'id="new-call"' not in enterprise
    staff = text(client(world, "secretariat").get("/assessments/"))
    assert 'id="new-call"' in staff
    assert f'href="/assessments/applications/{submitted.pk}/"' in section(
        staff, "needs-action", "</table>"
    )
    other = text(client(world, "enterprise_b").get("/assessments/"))
    assert f"/assessments/applications/{submitted.pk}/" not in other
    helpers.reviews_assigned(world)
    evaluator = text(client(world, "evaluator").get("/assessments/"))
    assert (
        f'href="/assessments/applications/{submitted.pk}/"'
        in evaluator.split('id="my-reviews"', 1)[1]
    )


def test_the_public_and_anonymous_visitors_stay_outside(world: World) -> None:
    application = helpers.draft_application(world)
    assert client(world, "public").get("/assessments/").status_code == 404
    anonymous = client(world, "anonymous")
    response = anonymous.get("/assessments/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert anonymous.get(application_url(application)).status_code == 404
    assert client(world, "public").get(application_url(application)).status_code == 404
    assert client(world, "enterprise_b").get(application_url(application)).status_code == 404


# -- relations ---------------------------------------------------------------------------------


def test_a_manager_declares_a_relation_by_credit_code_and_removes_it(world: World) -> None:
    browser = client(world, "enterprise_a")
    response = browser.post(
        "/assessments/relations/",
        {
            "organisation": world.company_a.pk,
            "related_code": world.company_b.credit_code.lower(),
            "kind": "shareholder",
            "note": "持股10%",
        },
    )
    assert response.status_code == 302
    relation = OrganisationRelation.objects.get()
    assert (relation.organisation, relation.related) == (world.company_a, world.company_b)
    assert relation.kind == "shareholder"
    row = section(text(browser.get("/assessments/relations/")), f"relation-{relation.pk}")
    # B is not published: A's manager, who named it by its code, sees the code, not its name
    assert world.company_b.credit_code in row and "Company B" not in row and "乙公司" not in row
    staff = text(client(world, "secretariat").get("/assessments/relations/"))
    assert "Company B" in section(staff, f"relation-{relation.pk}")
    # declared again from the other side: the service refuses, the form says so
    response = client(world, "enterprise_b").post(
        "/assessments/relations/",
        {"organisation": world.company_b.pk, "related": "", "kind": "parent",
         "related_code": world.company_a.credit_code},
    )  # fmt: skip
    assert response.status_code == 200
    assert "This relation is already declared." in text(response)
    assert browser.post(f"/assessments/relations/{relation.pk}/delete/").status_code == 302
    assert not OrganisationRelation.objects.exists()


def test_an_unknown_credit_code_is_refused_on_the_form(world: World) -> None:
    response = client(world, "enterprise_a").post(
        "/assessments/relations/",
        {"organisation": world.company_a.pk, "related_code": "91310000XXXXXXXXXX", "kind": "other"},
    )
    assert response.status_code == 200
    assert "No organisation of the registry has the code 91310000XXXXXXXXXX." in text(response)


def test_relations_are_seen_by_their_organisations_and_the_staff_only(world: World) -> None:
    relation = relation_a(world)
    assert "碳盘查咨询" in text(client(world, "secretariat").get("/assessments/relations/"))
    assert "碳盘查咨询" not in text(client(world, "enterprise_b").get("/assessments/relations/"))
    assert client(world, "evaluator").get("/assessments/relations/").status_code == 403
    response = client(world, "enterprise_b").post(f"/assessments/relations/{relation.pk}/delete/")
    assert response.status_code == 404
