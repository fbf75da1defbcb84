"""The assessment story in a real browser: the secretariat opens a call; the enterprise applies
for its factory, sees the pre-score from its verified inventory, answers, uploads evidence and
submits; two evaluators review; the district approves; the certificate is verified on the public
page, and the district overview counts one more zero-carbon factory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.assessments.models import Application, Certificate
from tests.e2e.reporting_helpers import screenshot, sign_in, sign_out
from tests.web.assessments import helpers
from tests.web.conftest import build_world

pytestmark = pytest.mark.e2e

RULESET = "zero_carbon_factory_shanghai/t-seesa-009"


@pytest.fixture
def district(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    from django.core.cache import cache

    cache.clear()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = build_world()
    helpers.verified_inventory(world)  # company A's verified 2024 inventory
    helpers.evaluator(world, "evaluator-2")
    return world


def zero_carbon_factories(page: Any) -> int:
    page.goto("/")
    figure = page.locator("#designation-figures .figure[data-type='zero_carbon_factory'] .value")
    return int(figure.inner_text())


def test_from_call_to_certificate_to_public_verification(page: Any, district: Any, tmp_path):
    before = zero_carbon_factories(page)

    # the secretariat opens the call
    sign_in(page, "secretariat")
    page.goto(f"/assessments/calls/new/?ruleset_id={RULESET}")
    page.fill("#id_title", "2026年度零碳工厂申报")
    page.fill("#id_year", "2026")
    page.fill("#id_deadline", "2099-12-31")
    page.fill("#id_issuing_body", "东江新区经济和科技委员会")
    page.click("#open-call")
    page.wait_for_url(re.compile(r".*/assessments/calls/\d+/$"))
    call_url = page.url
    sign_out(page)

    # the enterprise applies for its factory: the pre-score starts from the verified inventory
    sign_in(page, "enterprise-a")
    page.goto(call_url)
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/assessments/applications/\d+/$"))
    application_url = page.url
    assert "0.4" in page.locator("#input-renewable_electricity_share").inner_text()
    for name in helpers.DECLARED:
        page.select_option(f"#id_{name}", "true")
    application = Application.objects.get()
    page.fill("#id_offset_tco2e", f"{application.inventory_inputs['ghg_tco2e']:.6f}")
    with page.expect_navigation():
        page.click("#save-inputs")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(helpers.PDF_BYTES)
    for item in helpers.REQUIRED_EVIDENCE:
        page.set_input_files(f"#file-{item}", str(evidence))
        with page.expect_navigation():
            page.locator(f"#file-{item}").locator("xpath=ancestor::form").locator(
                "button[type=submit]"
            ).click()
    screenshot(page, "assessment-1-application")
    with page.expect_navigation():
        page.click("#submit-button")
    application.refresh_from_db()
    assert application.status == "submitted"
    sign_out(page)

    # the secretariat assigns two evaluators
    sign_in(page, "secretariat")
    for username in ("evaluator", "evaluator-2"):
        page.goto(application_url)
        option = page.locator("#assign-evaluator option", has_text=username).first
        page.select_option("#assign-evaluator", option.get_attribute("value"))
        with page.expect_navigation():
            page.click("#assign-form button[type=submit]")
    sign_out(page)

    # each evaluator accepts the computed scores and submits the review
    for review in application.reviews.order_by("pk"):
        sign_in(page, review.evaluator.username)
        page.goto(f"/assessments/reviews/{review.pk}/")
        with page.expect_navigation():
            page.click("#submit-review")
        assert page.locator("#review-status").get_attribute("data-status") == "submitted"
        sign_out(page)
    application.refresh_from_db()
    assert application.status == "reviewed"

    # the district approves with reasons; the certificate is issued
    sign_in(page, "district-admin")
    page.goto(application_url)
    page.locator("#decide-form input[value='approve']").check()
    page.fill("#decide-form textarea", "两位评审一致，达到零碳创建级")
    with page.expect_navigation():
        page.click("#decide-form button[type=submit]")
    page.click("#certificate-link")
    certificate = Certificate.objects.get()
    assert certificate.number in page.content()
    screenshot(page, "assessment-2-certificate")
    sign_out(page)

    # anybody verifies the certificate; the overview counts it
    page.goto(f"/verify/{certificate.number}")
    text = page.locator("main").inner_text()
    assert "有效" in text and "甲公司" in text and certificate.number in text
    screenshot(page, "assessment-3-verify")
    assert zero_carbon_factories(page) == before + 1
