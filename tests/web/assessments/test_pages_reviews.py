"""The review pages: assigning evaluators (conflicts of interest greyed out), the evaluator's
item-by-item review pre-filled from the pre-score, disagreement and the deciding third review,
and the district's decision."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from greenledger.web.accounts.models import Role, User
from greenledger.web.assessments import services
from greenledger.web.assessments.models import (
    Application,
    ApplicationStatus,
    Review,
    ReviewStatus,
)
from greenledger.web.audit.models import AuditEntry
from tests.web.assessments import helpers
from tests.web.conftest import World


def client_en(world: World, persona: str) -> Client:
    """A persona's (or a helpers.evaluator's) session, in English."""
    client = Client()
    user = world.users.get(persona) or User.objects.get(username=persona)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def application_url(application: Application) -> str:
    return f"/assessments/applications/{application.pk}/"


def review_url(review: Review) -> str:
    return f"/assessments/reviews/{review.pk}/"


def review_body(application: Application, action: str = "save", **points: float) -> dict[str, Any]:
    """The review form filled as the pre-score has it, except the indicators in ``points``."""
    body: dict[str, Any] = {"action": action, "summary": "材料齐全，数据与第三方盘查一致"}
    for item, judged in helpers.judgements_from_prescore(application, **points).items():
        if "passed" in judged:
            body[f"passed-{item}"] = "pass" if judged["passed"] else "fail"
        else:
            body[f"points-{item}"] = judged["points"]
        body[f"comment-{item}"] = f"{item} 已核对"
    return body


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, follow=True)


def prescore_points(application: Application, item: str) -> float:
    return next(i["points"] for i in application.prescore["indicators"] if i["id"] == item)


# -- assignment ---------------------------------------------------------------------------------


def test_the_secretariat_assigns_evaluators_and_conflicted_ones_are_greyed_out(world: World):
    application = helpers.submitted_application(world)
    consultant = services.relation_declare(
        actor=world.users["enterprise_a"], organisation=world.company_a,
        related=world.company_c, kind="consultant",
    )  # fmt: skip
    conflicted = helpers.evaluator(world, "evaluator-c", world.company_c)
    client = client_en(world, "secretariat")
    page = client.get(application_url(application)).content.decode()
    option = re.search(rf'<option value="{conflicted.pk}"[^>]*>[^<]*</option>', page)
    assert option is not None and "disabled" in option.group(0)
    assert "related to the applicant" in option.group(0)
    assert re.search(rf'<option value="{world.users["evaluator"].pk}">', page)

    refused = follow(client, f"{application_url(application)}assign/", {"evaluator": conflicted.pk})
    assert any("Conflict of interest" in m for m in messages_of(refused))
    assert not application.reviews.exists()
    assert consultant.pk  # the declared relation is what blocked the evaluator

    done = follow(
        client, f"{application_url(application)}assign/", {"evaluator": world.users["evaluator"].pk}
    )
    assert done.status_code == 200
    review = application.reviews.get()
    assert review.evaluator == world.users["evaluator"] and not review.tiebreak
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_nobody_but_the_staff_assigns(world: World):
    application = helpers.submitted_application(world)
    url = f"{application_url(application)}assign/"
    body = {"evaluator": world.users["evaluator"].pk}
    assert world.client("enterprise_a").post(url, body).status_code == 403
    assert world.client("enterprise_b").post(url, body).status_code == 404
    assert not application.reviews.exists()


# -- the evaluator's review ---------------------------------------------------------------------


def test_the_review_page_is_prefilled_from_the_computed_prescore(world: World):
    first, _second = helpers.reviews_assigned(world)
    application = Application.objects.get(pk=first.application_id)
    response = client_en(world, "evaluator").get(review_url(first))
    assert response.status_code == 200
    page = response.content.decode()
    # renewable share 0.4, linear from 0.2 to 0.8 over a weight of 30: 10 points
    assert prescore_points(application, "renewable_share") == pytest.approx(10.0)
    field = re.search(r'<input[^>]*name="points-renewable_share"[^>]*>', page)
    assert field is not None and 'value="10.0"' in field.group(0) and 'max="30.0"' in field.group(0)
    assert re.search(r'name="passed-boundary_and_registration" value="pass"[^>]*checked', page)
    assert "unconfirmed" in page  # the indicators' weights are GreenLedger defaults
    evidence = application.evidence.get(item="zero_carbon_plan")
    assert f'href="/assessments/evidence/{evidence.pk}/' in page or evidence.filename in page
    assert 'name="action" value="submit"' in page


def test_the_evaluator_saves_a_draft_then_submits_and_the_review_becomes_read_only(world: World):
    first, _second = helpers.reviews_assigned(world)
    application = Application.objects.get(pk=first.application_id)
    client = client_en(world, "evaluator")
    body = review_body(application, "save", renewable_share=12)
    body.pop("points-offset_coverage")
    saved = client.post(review_url(first), body)
    assert saved.status_code == 302
    first.refresh_from_db()
    assert first.status == ReviewStatus.PENDING
    assert first.judgements["renewable_share"]["points"] == 12
    assert first.judgements["offset_coverage"]["points"] is None
    assert first.judgements["renewable_share"]["comment"] == "renewable_share 已核对"
    # the draft is shown again as saved, not as computed
    page = client.get(review_url(first)).content.decode()
    assert re.search(r'name="points-renewable_share"[^>]*value="12.0"', page)

    # submitting with an indicator unscored is refused, on that indicator
    incomplete = client.post(review_url(first), {**body, "action": "submit"})
    assert incomplete.status_code == 200
    assert "offset_coverage" in incomplete.content.decode()
    first.refresh_from_db()
    assert first.status == ReviewStatus.PENDING

    # points above the indicator's weight are refused by the form
    too_many = client.post(
        review_url(first), review_body(application, "submit", renewable_share=31)
    )
    assert too_many.status_code == 200
    first.refresh_from_db()
    assert first.status == ReviewStatus.PENDING

    done = client.post(review_url(first), review_body(application, "submit", renewable_share=12))
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.status == ReviewStatus.SUBMITTED
    assert first.total_points == pytest.approx(application.prescore["total_points"] + 2)
    page = client.get(review_url(first)).content.decode()
    assert 'id="read-only"' in page and 'value="submit"' not in page
    assert re.search(r'name="points-renewable_share"[^>]*disabled', page)
    entries = AuditEntry.objects.filter(action="review.submit").count()
    again = client.post(review_url(first), review_body(application, "submit"))
    assert again.status_code == 200
    assert AuditEntry.objects.filter(action="review.submit").count() == entries


def test_an_evaluator_cannot_open_another_evaluators_review(world: World):
    _first, second = helpers.reviews_assigned(world)
    client = world.client("evaluator")
    assert client.get(review_url(second)).status_code == 403
    assert client.post(review_url(second), {"action": "save"}).status_code == 403
    # the secretariat and the applicant see the application, not the review form
    assert world.client("secretariat").get(review_url(second)).status_code == 403
    assert world.client("enterprise_a").get(review_url(second)).status_code == 403
    assert world.client("enterprise_b").get(review_url(second)).status_code == 404


# -- disagreement and the deciding review -------------------------------------------------------


def test_disagreeing_reviews_call_for_a_third_evaluator_and_a_fourth_is_refused(world: World):
    first, second = helpers.reviews_assigned(world)
    application = Application.objects.get(pk=first.application_id)
    assert application.call.agreement_tolerance == 5
    client_en(world, "evaluator").post(review_url(first), review_body(application, "submit"))
    # the second evaluator gives the renewable share 10 points less: more than 5 apart
    lower = prescore_points(application, "renewable_share") - 10
    client_en(world, "evaluator-2").post(
        review_url(second), review_body(application, "submit", renewable_share=lower)
    )
    second.refresh_from_db()
    assert second.status == ReviewStatus.SUBMITTED
    first.refresh_from_db()
    assert first.total_points - second.total_points == pytest.approx(10)

    staff = client_en(world, "secretariat")
    page = staff.get(application_url(application)).content.decode()
    assert "a third evaluator decides" in page
    assert "Third, deciding evaluator" in page
    assert f"{first.total_points:.2f}" in page and f"{second.total_points:.2f}" in page

    third = helpers.evaluator(world, "evaluator-3")
    follow(staff, f"{application_url(application)}assign/", {"evaluator": third.pk})
    tiebreak = application.reviews.get(evaluator=third)
    assert tiebreak.tiebreak

    fourth = helpers.evaluator(world, "evaluator-4")
    refused = follow(staff, f"{application_url(application)}assign/", {"evaluator": fourth.pk})
    assert any("a third is assigned only when" in m for m in messages_of(refused))
    assert application.reviews.count() == 3

    # the deciding review settles the application at its own result
    client_en(world, "evaluator-3").post(
        review_url(tiebreak), review_body(application, "submit", renewable_share=lower)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED
    assert application.final_points == pytest.approx(second.total_points)


def test_an_evaluator_does_not_see_the_other_total_before_submitting(world: World):
    first, second = helpers.reviews_assigned(world)
    application = Application.objects.get(pk=first.application_id)
    client_en(world, "evaluator-2").post(
        review_url(second), review_body(application, "submit", renewable_share=3)
    )
    second.refresh_from_db()
    page = client_en(world, "evaluator").get(application_url(application)).content.decode()
    assert f"{second.total_points:.2f}" not in page
    assert review_url(first) in page and review_url(second) not in page


# -- the decision -------------------------------------------------------------------------------


def test_the_decider_cannot_be_a_reviewer(world: World):
    application = helpers.reviewed_application(world)
    url = f"{application_url(application)}decide/"
    body = {"decision": "approve", "reason": "两位评审一致"}
    assert world.client("evaluator").post(url, body).status_code == 403
    # a reviewer who later joins the secretariat still may not decide
    reviewer = world.users["evaluator"]
    User.objects.filter(pk=reviewer.pk).update(role=Role.SECRETARIAT)
    client = client_en(world, "evaluator")
    page = client.get(application_url(application)).content.decode()
    assert 'id="decide-form"' not in page and "another member of the secretariat" in page
    assert client.post(url, body).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED


def test_the_district_decides_with_reasons_and_the_certificate_is_linked(world: World):
    application = helpers.reviewed_application(world)
    url = f"{application_url(application)}decide/"
    client = client_en(world, "district_admin")
    assert 'id="decide-form"' in client.get(application_url(application)).content.decode()
    refused = follow(client, url, {"decision": "approve", "reason": "  "})
    assert refused.status_code == 200 and messages_of(refused)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED

    done = follow(client, url, {"decision": "approve", "reason": "两位评审一致认定达到标杆要求"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    page = done.content.decode()
    certificate = application.certificate
    assert "两位评审一致认定达到标杆要求" in page
    assert f'href="/assessments/certificates/{certificate.pk}/"' in page
    assert certificate.issued_on == timezone.localdate()
    # the applicant sees the decision and its certificate too
    page = world.client("enterprise_a").get(application_url(application)).content.decode()
    assert certificate.number in page
