"""The assessments API end to end: a call, an application pre-scored from company A's verified
inventory, inputs, evidence (and a file refused by its content), submission, two reviews, the
decision, the certificate and its public verification; a recognition round ranked by trimmed
mean; and the refusals (conflict of interest, an evaluator deciding)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from greenledger.web.accounts import services as account_services
from greenledger.web.assessments.models import Application, ApplicationStatus
from greenledger.web.members.models import Designation
from tests.web.api_support import field_messages
from tests.web.assessments import helpers
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
API = "/api/assessments"


def headers_of(world: World, who: Any) -> dict[str, str]:
    """Bearer headers of a persona (by name) or of any user (issuing a token once)."""
    if isinstance(who, str):
        return world.api_headers(who)
    key = f"token_{who.pk}"
    if key not in world.objects:
        world.objects[key] = account_services.api_token_create(actor=who, name="tests").token
    return {"HTTP_AUTHORIZATION": f"Bearer {world.objects[key]}"}


def call(world: World, who: Any, method: str, url: str, json: Any = None, **kwargs: Any) -> Any:
    client = world.client("anonymous")  # the API authenticates by token only
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **headers_of(world, who)}
    if json is not None:
        kwargs.update(data=json, content_type="application/json")
    return getattr(client, method)(f"{API}{url}", **kwargs, **headers)


def upload(world: World, application_id: int, item: str, name: str, content: bytes) -> Any:
    return call(
        world,
        "enterprise_a",
        "post",
        f"/applications/{application_id}/evidence",
        data={"item": item, "file": SimpleUploadedFile(name, content)},
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def indicator(result: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    return next(i for i in result["indicators"] if i["id"] == indicator_id)


def test_an_application_goes_from_the_call_to_a_verified_certificate(world: World) -> None:
    helpers.verified_inventory(world)  # 800 of 2,000 MWh green power in 2024
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    opened = call(world, "secretariat", "post", "/calls", json={
        "ruleset_id": helpers.RULESET, "title": "2026年度零碳工厂申报", "year": 2026,
        "deadline": deadline, "issuing_body": "东江新区经济和科技委员会",
    })  # fmt: skip
    assert opened.status_code == 201, opened.content
    call_id = opened.json()["id"]
    assert opened.json()["designation_type"] == "zero_carbon_factory"
    public = call(world, "anonymous", "get", "/calls").json()
    assert [c["id"] for c in public["items"]] == [call_id]
    assert public["items"][0]["accepts_applications"] is True

    created = call(world, "enterprise_a", "post", "/applications", json={
        "call_id": call_id, "site_id": world.site_a.pk})  # fmt: skip
    assert created.status_code == 201, created.content
    application = created.json()
    application_id = application["id"]
    assert application["status"] == "draft"
    assert application["inventory_source"]["year"] == 2024
    assert application["inventory_inputs"]["renewable_electricity_share"] == pytest.approx(0.4)
    # the inventory supplies the renewable share; the declarations are still unanswered, so
    # the live pre-score is withheld and the problems name every missing input
    sources = {r["name"]: (r["value"], r["origin"]) for r in application["declared_inputs"]}
    assert sources["renewable_electricity_share"] == (pytest.approx(0.4), "inventory")
    assert application["prescore"] is None
    unanswered = [name for name, (_value, origin) in sources.items() if origin == "missing"]
    assert sorted(unanswered) == sorted([*helpers.DECLARED, "offset_tco2e"])
    assert len(application["problems"]) == len(unanswered)
    for name in unanswered:
        assert any(f"$.inputs.{name}: missing" in p["reason"] for p in application["problems"])

    inputs = dict(helpers.DECLARED)
    inputs["offset_tco2e"] = application["inventory_inputs"]["ghg_tco2e"]  # fully offset
    answered = call(world, "enterprise_a", "patch", f"/applications/{application_id}/inputs",
                    json={"inputs": inputs})  # fmt: skip
    assert answered.status_code == 200, answered.content
    answered = answered.json()
    assert answered["inputs"]["zero_carbon_plan"] is True
    assert answered["problems"] == []
    # linear from the benchmark 0.2 to the leading 0.8, weight 30: (0.4 - 0.2) / 0.6 x 30 = 10
    renewable = indicator(answered["prescore"], "renewable_share")
    assert renewable["points"] == pytest.approx(10.0)
    assert renewable["input_sources"] == {"renewable_electricity_share": "inventory"}
    origins = {row["name"]: row["origin"] for row in answered["declared_inputs"]}
    assert origins["zero_carbon_plan"] == "application"
    assert origins["offset_tco2e"] == "application"

    first_item, *other_items = helpers.REQUIRED_EVIDENCE
    stored = upload(world, application_id, first_item, "registration.pdf", helpers.PDF_BYTES)
    assert stored.status_code == 201, stored.content
    assert stored.json()["sha256"] == hashlib.sha256(helpers.PDF_BYTES).hexdigest()
    assert stored.json()["content_type"] == "application/pdf"
    # a PNG with a .pdf name is refused by its content, naming the file
    refused = upload(world, application_id, other_items[0], "plan.pdf", png_bytes())
    assert refused.status_code == 422
    (message,) = field_messages(refused, "file")
    assert message.startswith("plan.pdf:") and "image/png" in message

    early = call(world, "enterprise_a", "post", f"/applications/{application_id}/submit")
    assert early.status_code == 422
    missing = field_messages(early, "evidence")
    assert len(missing) == len(other_items)
    for item, text in zip(other_items, missing, strict=True):
        assert item in text
    detail = call(world, "enterprise_a", "get", f"/applications/{application_id}").json()
    assert [m["id"] for m in detail["missing_evidence"]] == other_items

    for item in other_items:
        assert (
            upload(world, application_id, item, f"{item}.pdf", helpers.PDF_BYTES).status_code == 201
        )
    submitted = call(world, "enterprise_a", "post", f"/applications/{application_id}/submit")
    assert submitted.status_code == 200, submitted.content
    submitted = submitted.json()
    assert submitted["status"] == "submitted"
    assert submitted["missing_evidence"] == []
    frozen = submitted["submitted_prescore"]
    assert indicator(frozen, "renewable_share")["points"] == pytest.approx(10.0)

    second = helpers.evaluator(world, "evaluator-2")
    review_ids = []
    for evaluator_id in (world.users["evaluator"].pk, second.pk):
        assigned = call(world, "secretariat", "post", f"/applications/{application_id}/reviews",
                        json={"evaluator_id": evaluator_id})  # fmt: skip
        assert assigned.status_code == 201, assigned.content
        assert assigned.json()["tiebreak"] is False
        review_ids.append(assigned.json()["id"])
    own = call(world, "evaluator", "get", "/reviews").json()
    assert [r["id"] for r in own["items"]] == [review_ids[0]]
    # the other evaluator's review and the applicant: not found
    assert call(world, "evaluator", "get", f"/reviews/{review_ids[1]}").status_code == 404
    assert call(world, "enterprise_a", "get", f"/reviews/{review_ids[0]}").status_code == 404
    mine = call(world, "evaluator", "get", f"/reviews/{review_ids[0]}").json()
    assert mine["prescore"]["total_points"] == pytest.approx(frozen["total_points"])

    application_row = Application.objects.get(pk=application_id)
    judgements = helpers.judgements_from_prescore(application_row)
    for who, review_id in zip(("evaluator", second), review_ids, strict=True):
        saved = call(world, who, "put", f"/reviews/{review_id}", json={
            "judgements": judgements, "summary": "与预评分一致", "submit": True})  # fmt: skip
        assert saved.status_code == 200, saved.content
        assert saved.json()["status"] == "submitted"
        assert saved.json()["total_points"] == pytest.approx(frozen["total_points"])
    reviewed = call(world, "enterprise_a", "get", f"/applications/{application_id}").json()
    assert reviewed["status"] == "reviewed"
    assert reviewed["final_points"] == pytest.approx(frozen["total_points"])
    assert reviewed["final_level"] == frozen["level"]
    assert reviewed["review"]["agree"] is True and reviewed["review"]["complete"] is True
    assert "reviews" not in reviewed["review"]  # the applicant sees no individual review

    refused_decision = call(world, "evaluator", "post", f"/applications/{application_id}/decision",
                            json={"approve": True, "reason": "同意"})  # fmt: skip
    assert refused_decision.status_code == 403
    designations = Designation.objects.filter(type="zero_carbon_factory").count()
    reason = "两位评审一致认定达到零碳标杆要求"
    decided = call(world, "district_admin", "post", f"/applications/{application_id}/decision",
                   json={"approve": True, "reason": reason})  # fmt: skip
    assert decided.status_code == 200, decided.content
    decided = decided.json()
    assert decided["status"] == ApplicationStatus.APPROVED
    assert decided["decision"]["reason"] == reason
    assert Designation.objects.filter(type="zero_carbon_factory").count() == designations + 1
    number = decided["certificate"]["number"]
    assert number.startswith("DJ-ZCF-")

    certificate = call(
        world, "enterprise_a", "get", f"/certificates/{decided['certificate']['id']}"
    )
    assert certificate.status_code == 200
    assert certificate.json()["state"] == "valid"
    assert certificate.json()["points"] == pytest.approx(frozen["total_points"])
    assert call(world, "enterprise_b", "get", "/certificates").json()["count"] == 0

    verified = call(world, "anonymous", "get", f"/verify/{number}")
    assert verified.status_code == 200
    assert verified.json() == {
        "number": number,
        "state": "valid",
        "holder": "甲公司",
        "holder_en": "Company A",
        "site": "甲工厂",
        "site_en": "",
        "designation_type": "zero_carbon_factory",
        "standard": "zero_carbon_factory_shanghai",
        "edition": "t-seesa-009",
        "level": frozen["level"],
        "level_title": frozen["level_title"],
        "issued_on": certificate.json()["issued_on"],
        "valid_until": certificate.json()["valid_until"],
        "revoked_at": None,
    }
    assert call(world, "anonymous", "get", "/verify/DJ-ZCF-1999-9999").status_code == 404

    revoked = call(world, "secretariat", "post",
                   f"/certificates/{decided['certificate']['id']}/revoke",
                   json={"reason": "现场核查发现排放数据不实"})  # fmt: skip
    assert revoked.status_code == 200
    after = call(world, "public", "get", f"/verify/{number}").json()
    assert after["state"] == "revoked" and after["revoked_at"] is not None


def test_a_recognition_round_ranks_by_the_trimmed_mean_of_the_panel(world: World) -> None:
    panel = helpers.panel(world)
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    opened = call(world, "secretariat", "post", "/recognition/calls", json={
        "type": "zero_carbon_demo_unit", "title": "2026年度零碳示范单位评选", "year": 2026,
        "deadline": deadline, "places": 2, "issuing_body": "东江新区绿色低碳产业联盟",
        "panel": [m.pk for m in panel], "trim": 0.34,
    })  # fmt: skip
    assert opened.status_code == 201, opened.content
    call_id = opened.json()["id"]
    assert opened.json()["panel"] == sorted(m.pk for m in panel)

    statement = {"statement": "屋顶光伏与绿电交易覆盖全部用电"}
    nominations = {}
    for who, organisation in (
        ("enterprise_a", world.company_a),
        ("enterprise_b", world.company_b),
        ("secretariat", world.company_c),
    ):
        made = call(world, who, "post", f"/recognition/calls/{call_id}/nominations",
                    json={"organisation_id": organisation.pk, **statement})  # fmt: skip
        assert made.status_code == 201, made.content
        nominations[organisation.name_zh] = made.json()["id"]
    # while open: enterprises see the call but not the nominations; the public sees nothing
    seen_by_b = call(world, "enterprise_b", "get", f"/recognition/calls/{call_id}").json()
    assert "nominations" not in seen_by_b and "ranking" not in seen_by_b
    assert call(world, "anonymous", "get", f"/recognition/calls/{call_id}").status_code == 404

    started = call(world, "secretariat", "post", f"/recognition/calls/{call_id}/start-scoring")
    assert started.status_code == 200
    assert started.json()["progress"] == {"nominations": 3, "fully_scored": 0}

    # With three scores and a third trimmed at each end, the trimmed mean is the median:
    #   甲公司 90, 60, 60: mean 70.0,   trimmed mean 60
    #   乙公司 65, 65, 64: mean 64.67,  trimmed mean 65
    #   丙公司 62, 62, 80: mean 68.0,   trimmed mean 62
    # By mean the order would be 甲 > 丙 > 乙; by trimmed mean it is 乙 (1) > 丙 (2) > 甲 (3),
    # and with two places 乙 and 丙 are recognised, 甲 (the highest mean) is not.
    scores = {"甲公司": (90, 60, 60), "乙公司": (65, 65, 64), "丙公司": (62, 62, 80)}
    for name, values in scores.items():
        for member, value in zip(panel, values, strict=True):
            scored = call(world, member, "post",
                          f"/recognition/nominations/{nominations[name]}/scores",
                          json={"score": value, "comment": ""})  # fmt: skip
            assert scored.status_code == 201, scored.content
    seen_by_panel = call(world, "evaluator", "get", f"/recognition/calls/{call_id}").json()
    assert seen_by_panel["progress"] == {"nominations": 3, "fully_scored": 3}
    assert sorted(n["my_score"] for n in seen_by_panel["nominations"]) == [62, 65, 90]
    assert (
        call(world, "evaluator", "post", f"/recognition/calls/{call_id}/publish").status_code == 403
    )

    published = call(world, "secretariat", "post", f"/recognition/calls/{call_id}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    public = call(world, "anonymous", "get", f"/recognition/calls/{call_id}").json()["ranking"]
    # the public list is the recognised units; staff see the whole ranking
    assert [(r["organisation"], r["rank"]) for r in public] == [("乙公司", 1), ("丙公司", 2)]
    ranking = call(world, "secretariat", "get", f"/recognition/calls/{call_id}").json()["ranking"]
    assert [(r["organisation"], r["rank"], r["recognised"]) for r in ranking] == [
        ("乙公司", 1, True),
        ("丙公司", 2, True),
        ("甲公司", 3, False),
    ]
    by_name = {r["organisation"]: r for r in ranking}
    assert by_name["甲公司"]["mean"] == pytest.approx(70.0)
    assert by_name["甲公司"]["trimmed_mean"] == pytest.approx(60.0)
    assert by_name["乙公司"]["mean"] == pytest.approx(194 / 3)
    assert by_name["乙公司"]["trimmed_mean"] == pytest.approx(65.0)
    assert by_name["丙公司"]["mean"] == pytest.approx(68.0)
    assert by_name["丙公司"]["trimmed_mean"] == pytest.approx(62.0)
    assert by_name["乙公司"]["designation_id"] is not None
    assert by_name["甲公司"]["designation_id"] is None
    listed = call(world, "anonymous", "get", "/recognition/calls").json()
    assert [c["id"] for c in listed["items"]] == [call_id]


def test_an_evaluator_related_to_the_applicant_cannot_be_assigned(world: World) -> None:
    application = helpers.submitted_application(world)
    related = helpers.evaluator(world, "evaluator-c", organisation=world.company_c)
    declared = call(world, "enterprise_a", "post", "/relations", json={
        "organisation_id": world.company_a.pk, "related_id": world.company_c.pk,
        "kind": "consultant", "note": "节能诊断服务"})  # fmt: skip
    assert declared.status_code == 201, declared.content
    assert [r["id"] for r in call(world, "enterprise_a", "get", "/relations").json()["items"]] == [
        declared.json()["id"]
    ]
    assert call(world, "enterprise_b", "get", "/relations").json()["count"] == 0

    refused = call(world, "secretariat", "post", f"/applications/{application.pk}/reviews",
                   json={"evaluator_id": related.pk})  # fmt: skip
    assert refused.status_code == 422
    (message,) = field_messages(refused, "evaluator")
    assert "Conflict of interest" in message and "declared relation" in message
    assert not application.reviews.exists()


def test_an_evaluator_cannot_decide_and_hidden_objects_answer_404(world: World) -> None:
    application = helpers.reviewed_application(world)
    decided = call(world, "evaluator", "post", f"/applications/{application.pk}/decision",
                   json={"approve": True, "reason": "我同意"})  # fmt: skip
    assert decided.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED
    assert call(world, "enterprise_b", "get", f"/applications/{application.pk}").status_code == 404
    created = call(world, "enterprise_b", "post", "/applications", json={
        "call_id": application.call_id, "site_id": world.site_a.pk})  # fmt: skip
    assert created.status_code == 404
    other_review = application.reviews.exclude(evaluator=world.users["evaluator"]).get()
    put = call(world, "evaluator", "put", f"/reviews/{other_review.pk}", json={"judgements": {}})
    assert put.status_code == 404


def test_a_rule_set_lists_its_thresholds_with_their_sources(world: World) -> None:
    listed = call(world, "anonymous", "get", "/rulesets").json()
    row = next(r for r in listed if r["id"] == helpers.RULESET)
    assert (row["standard"], row["edition"]) == ("zero_carbon_factory_shanghai", "t-seesa-009")
    detail = call(world, "anonymous", "get", f"/rulesets/{helpers.RULESET}").json()
    renewable = next(i for i in detail["indicators"] if i["id"] == "renewable_share")
    assert renewable["weight"]["value"] == pytest.approx(30)
    assert renewable["benchmark"]["value"] == pytest.approx(0.2)
    assert renewable["leading"]["value"] == pytest.approx(0.8)
    benchmark = renewable["benchmark"]
    assert set(benchmark) == {
        "path", "value", "default", "confirmed", "configurable", "overridden", "source",
        "limit", "bound", "wording",
    }  # fmt: skip
    assert benchmark["confirmed"] is False and benchmark["overridden"] is False
    assert (benchmark["limit"], benchmark["bound"], benchmark["wording"]) == ("", "", "")
    centre = call(world, "anonymous", "get", "/rulesets/zero_carbon_data_center/t-seesa-013").json()
    limit = next(c for c in centre["constants"] if c["name"] == "pue_limit_large")["threshold"]
    assert (limit["value"], limit["limit"], limit["bound"], limit["wording"]) == (
        1.3, "max", "inclusive", "1.3以下"
    )  # fmt: skip
    assert "发改高技〔2021〕1742号" in limit["source"]
    assert len(detail["unconfirmed_thresholds"]) == row["unconfirmed_thresholds"]
    assert detail["levels"]
    assert call(world, "anonymous", "get", "/rulesets/green_factory/1999").status_code == 404
