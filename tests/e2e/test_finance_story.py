"""The consent story in a real browser, on the demo district (finance/demo.py): the demo
enterprise's energy manager ends its old general grant to the demo bank, then shares its
verified inventories and its projects with the bank for the due diligence of its transition
project (not listed in the pool, so only a grant shows it), through the consent pages; the
bank's analyst opens the project and reads its eligibility against each catalogue; the manager
revokes the grant; the analyst's next request for the project is refused (404), and the refused
attempt is logged for the enterprise.

Every figure the analyst's page shows is checked against the stored pre-check, and the grant
the browser made against the database.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess, DataSharing, SharingPurpose
from greenledger.web.finance import demo as finance_demo
from greenledger.web.finance.models import Project
from greenledger.web.members.demo import DEMO_PASSWORD
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e

CATALOGUES = ("green_finance_2025", "green_bond_2021", "shanghai_transition_2024")


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_an_enterprise_shares_for_due_diligence_and_revokes(page: Any, demo: None) -> None:
    from greenledger.web.accounts.models import User

    manager = User.objects.get(username="manager")
    analyst = User.objects.get(username="analyst")
    own, bank = manager.organisation, analyst.organisation
    project = Project.objects.get(organisation=own, name=finance_demo.TRANSITION_NAME)
    assert not project.listed
    project_page = f"/finance/projects/{project.pk}/"
    general = DataSharing.objects.get(
        organisation=own, institution=bank, purpose=SharingPurpose.GENERAL
    )

    # -- the manager ends the old general grant on the grants page
    sign_in(page, "manager")
    page.goto("/finance/grants/")
    page.click(f"#grant-{general.pk} form button[type=submit]")
    page.wait_for_url(re.compile(r".*/finance/grants/$"))
    general.refresh_from_db()
    assert general.revoked_at is not None

    # the analyst no longer sees the transition project: the demo's due-diligence grant names
    # the green project only
    sign_in(page, "analyst")
    response = page.goto(project_page)
    assert response is not None and response.status == 404

    # -- the manager shares inventories and projects for this project's due diligence
    sign_in(page, "manager")
    page.goto("/finance/grants/new/")
    valid_until = timezone.localdate() + dt.timedelta(days=60)
    page.select_option("#grant-form [name=institution]", str(bank.pk))
    page.select_option("#grant-form [name=purpose]", SharingPurpose.DUE_DILIGENCE.value)
    page.check("#grant-form input[name=data][value=inventories]")
    page.check("#grant-form input[name=data][value=projects]")
    page.fill("#grant-form [name=expires_on]", valid_until.isoformat())
    page.select_option("#grant-form [name=project]", str(project.pk))
    screenshot(page, "finance-grant-new")
    page.click("#grant-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/finance/grants/$"))
    grant = DataSharing.objects.get(
        organisation=own, institution=bank, project_ref=project.pk, revoked_at__isnull=True
    )
    assert (grant.purpose, grant.inventories, grant.projects, grant.plans, grant.meters) == (
        SharingPurpose.DUE_DILIGENCE, True, True, False, False,
    )  # fmt: skip
    assert timezone.localtime(grant.expires_at).date() == valid_until + dt.timedelta(days=1)
    assert page.locator(f"#grant-{grant.pk}").count() == 1
    assert project.name in page.locator(f"#grant-{grant.pk}").inner_text()

    # -- the analyst opens the project and reads its eligibility
    sign_in(page, "analyst")
    response = page.goto(project_page)
    assert response is not None and response.status == 200
    page.wait_for_selector("#project-eligibility")
    assert project.name in page.locator("h1").inner_text()
    for key in CATALOGUES:
        check = project.checks.filter(catalogue=key).latest("created_at")
        badge = page.locator(f"#check-{key} [data-status]").first
        assert badge.get_attribute("data-status") == check.status, key
    screenshot(page, "finance-project-analyst")
    read = DataAccess.objects.filter(user=analyst, object_id=str(project.pk)).latest("pk")
    assert (read.grant_id, read.refused) == (grant.pk, False)

    # -- the manager revokes; the analyst's next request is refused
    sign_in(page, "manager")
    page.goto("/finance/grants/")
    page.click(f"#grant-{grant.pk} form button[type=submit]")
    page.wait_for_url(re.compile(r".*/finance/grants/$"))
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    sign_in(page, "analyst")
    response = page.goto(project_page)
    assert response is not None and response.status == 404
    refused = DataAccess.objects.filter(user=analyst, refused=True).latest("pk")
    assert (refused.grant_id, refused.object_id) == (grant.pk, str(project.pk))

    # the enterprise sees the read and the refused attempt in its access log
    sign_in(page, "manager")
    page.goto("/finance/access-log/")
    log = page.locator("main").inner_text()
    assert analyst.username in log or bank.name_zh in log
    assert project_page in page.content()
    screenshot(page, "finance-access-log")
