"""The pages in a real browser (Chromium), against the demo district on a live server."""

from __future__ import annotations

import re
from typing import Any

import pytest

from greenledger.web.members.demo import DEMO_PASSWORD
from greenledger.web.members.models import Organisation, OrganisationKind

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def switch_language(page: Any, code: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-select", code)


def test_the_overview_shows_the_districts_green_manufacturing_system(page: Any, demo: None):
    page.goto("/")
    values = page.locator("#designation-figures .figure .value").all_inner_texts()
    assert [int(v) for v in values] == [39, 8, 22, 3, 4, 2, 1]
    assert page.locator("h1").inner_text() == "区域总览"
    # Plotly (served from the installed plotly package) drew all three charts.
    page.wait_for_selector("[data-chart='chart-members'][data-drawn='true']")
    assert page.locator(".chart .main-svg").count() >= 3
    assert page.locator("#parks tbody tr").count() > 0


def test_an_enterprise_manager_sees_their_own_organisation_and_not_another(
    page: Any, demo: None
) -> None:
    from greenledger.web.accounts.models import User

    manager = User.objects.get(username="manager")
    own = manager.organisation
    other = (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE, published=False)
        .exclude(pk=own.pk)
        .first()
    )
    assert other is not None, "the demo district has unpublished enterprises"

    sign_in(page, "manager")
    assert page.locator(".header-tools .who").inner_text() == "manager"

    page.goto(f"/members/{own.pk}/")
    assert page.locator("h1").inner_text() == own.name_zh
    assert own.credit_code in page.locator("#details-heading + dl").inner_text()
    assert page.locator("#sites tbody tr").count() >= 1

    response = page.goto(f"/members/{other.pk}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert other.name_zh not in page.content()


def test_the_language_switches_to_english_and_back(page: Any, demo: None) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "区域总览"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    switch_language(page, "en")
    assert page.locator("h1").inner_text() == "District overview"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#designation-figures .figure .label").first.inner_text() == (
        "Green factory"
    )

    page.goto("/members/")
    assert page.locator("h1").inner_text() == "Member directory"
    switch_language(page, "zh-hans")
    assert page.locator("h1").inner_text() == "成员名录"
    assert page.url.endswith("/members/")


def test_the_directory_filters_live_without_reloading_the_page(page: Any, demo: None) -> None:
    page.goto("/members/")
    everyone = page.locator("#result-count").inner_text()
    page.evaluate("window.__same_page = true")

    with page.expect_response(lambda r: "/members/?" in r.url and r.status == 200):
        page.select_option("#id_kind", "financial_institution")
    page.wait_for_function(
        "(before) => document.querySelector('#result-count').innerText !== before", arg=everyone
    )
    assert page.evaluate("window.__same_page") is True  # htmx swapped the results in place
    assert "kind=financial_institution" in page.url
    kinds = set(page.locator("#results tbody tr td:nth-child(3)").all_inner_texts())
    assert kinds == {"金融机构"}

    bank = Organisation.objects.filter(kind=OrganisationKind.FINANCIAL).order_by("id").first()
    with page.expect_response(lambda r: "q=" in r.url and r.status == 200):
        page.fill("#id_q", bank.credit_code)
    page.wait_for_function(
        "() => document.querySelectorAll('#results tbody tr').length === 1", timeout=10_000
    )
    assert page.locator("#results tbody tr a").inner_text() == bank.name_zh
    assert page.evaluate("window.__same_page") is True

    # Switching the language keeps the filters the page was narrowed to.
    switch_language(page, "en")
    assert "kind=financial_institution" in page.url
    assert page.locator("#results tbody tr a").inner_text() == bank.name_en
