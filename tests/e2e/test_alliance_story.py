"""The alliance story in a real browser, on the demo's alliance (alliance/demo.py): an
organisation applies to join through the public form (its business licence a PDF); the
secretariat approves it; the new manager activates the account from the link in the activation
mail (read from the outbox rows, as the console backend would print it), invites a reporter, who
accepts from the invitation mail's link; the manager registers both for the demo conference
(under way, registration open until it ends); a staff member checks the reporter in at the door
by the code, and the check-in page counts one more participant in.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from greenledger.core.registry.credit_code import make_code
from greenledger.web.alliance import demo as alliance_demo
from greenledger.web.alliance.models import (
    ApplicationStatus,
    JoinApplication,
    OutgoingMail,
    Registration,
    RegistrationStatus,
)
from greenledger.web.finance.demo import demo_pdf
from greenledger.web.members.demo import DEMO_PASSWORD, DIVISION
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e

HOME = re.compile(r"^https?://[^/]+/$")  # the platform's home, where a sign-in lands

APPLICANT = {
    "name_zh": "东江朗湖储能科技有限公司（浏览器）",
    "name_en": "Dongjiang Langhu Energy Storage Technology Co., Ltd. (browser)",
    "industry_code": "C3841",
    "address": "东江新区白鹭路3号",
    "district": "东江新区",
    "contact_name": "江远帆",
    "contact_email": "jiang.yuanfan@example.org",
}
CREDIT_CODE = make_code(authority="9", category="1", division=DIVISION, org_body="00020100")
MANAGER_PASSWORD = "Langhu-Storage-2026"
REPORTER = {"email": "tang.yuhe@example.org", "username": "tang_yuhe", "password": "Tang-Yuhe-2026"}


@pytest.fixture
def story(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(HOME)


def mailed_link(to: str, template: str) -> str:
    """The path of the link in the last message of ``template`` queued for ``to``."""
    mail = OutgoingMail.objects.filter(to=to, template=template).latest("created_at", "id")
    match = re.search(r"https?://[^\s/]+(/\S*)", mail.body)
    assert match, f"no link in the {template} mail: {mail.body!r}"
    return match.group(1)


def test_an_organisation_joins_activates_invites_registers_and_is_checked_in(
    page: Any, story: None
) -> None:
    conference = alliance_demo.conference()
    assert conference is not None
    confirmed_before = conference.registrations.filter(status=RegistrationStatus.CONFIRMED)
    confirmed, checked = confirmed_before.count(), confirmed_before.exclude(checked_in_at=None)
    checked_in = checked.count()

    # -- an organisation applies through the public form, its business licence a PDF
    page.context.clear_cookies()
    page.goto("/alliance/join/")
    page.select_option("#id_kind", "enterprise")
    for field, value in APPLICANT.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_credit_code", CREDIT_CODE)
    page.select_option("#id_standing", "member")
    page.set_input_files(
        "#id_business_licence",
        files=[{"name": "licence.pdf", "mimeType": "application/pdf",
                "buffer": demo_pdf("business licence (browser)")}],
    )  # fmt: skip
    page.click("#join-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/alliance/join/received/$"))
    application = JoinApplication.objects.get(credit_code=CREDIT_CODE)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.get().content_type == "application/pdf"

    # -- the secretariat approves it from the queue
    sign_in(page, "secretariat")
    page.goto("/alliance/applications/")
    page.click(f"#application-{application.pk} a")
    page.wait_for_url(re.compile(rf".*/alliance/applications/{application.pk}/$"))
    page.fill("#approve-form textarea", "材料齐全，同意入会。")
    with page.expect_navigation():
        page.click("#approve-form button[type=submit]")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    manager = application.manager
    assert manager is not None and not manager.is_active
    assert manager.organisation_id == application.organisation_id

    # -- the new manager activates the account from the activation mail's link
    page.context.clear_cookies()
    page.goto(mailed_link(APPLICANT["contact_email"], "activation"))
    page.fill("#id_password", MANAGER_PASSWORD)
    page.fill("#id_password_again", MANAGER_PASSWORD)
    page.click("#activation-form button[type=submit]")
    page.wait_for_url(HOME)
    manager.refresh_from_db()
    assert manager.is_active and manager.check_password(MANAGER_PASSWORD)

    # -- and invites a reporter, who accepts from the invitation mail's link
    page.goto("/alliance/colleagues/invite/")
    page.fill("#id_email", REPORTER["email"])
    page.select_option("#id_role", "enterprise_reporter")
    page.click("#invite-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/alliance/colleagues/$"))
    assert REPORTER["email"] in page.locator("#invitations").inner_text()
    page.context.clear_cookies()
    page.goto(mailed_link(REPORTER["email"], "invitation"))
    page.fill("#id_username", REPORTER["username"])
    page.fill("#id_password", REPORTER["password"])
    page.fill("#id_password_again", REPORTER["password"])
    page.click("#accept-form button[type=submit]")
    page.wait_for_url(HOME)
    from greenledger.web.accounts.models import User

    reporter = User.objects.get(username=REPORTER["username"])
    assert reporter.organisation_id == manager.organisation_id
    assert reporter.role == "enterprise_reporter" and reporter.is_active

    # -- the manager registers both for the demo conference
    sign_in(page, manager.username, MANAGER_PASSWORD)
    page.goto(f"/alliance/events/{conference.pk}/register/")
    page.check("input[name=participant][value=self]")
    with page.expect_navigation():
        page.click("#register-form button[type=submit]")
    page.goto(f"/alliance/events/{conference.pk}/register/")
    page.check("input[name=participant][value=colleague]")
    page.select_option("#id_colleague", str(reporter.pk))
    with page.expect_navigation():
        page.click("#register-form button[type=submit]")
    ours = {
        r.user_id: r
        for r in Registration.objects.filter(event=conference, organisation=manager.organisation)
    }
    assert set(ours) == {manager.pk, reporter.pk}
    assert {r.status for r in ours.values()} == {RegistrationStatus.CONFIRMED}
    page.goto("/alliance/registrations/")
    listed = page.locator("#registrations").inner_text()
    assert ours[manager.pk].code in listed and ours[reporter.pk].code in listed

    # -- a staff member checks the reporter in by the code
    sign_in(page, "secretariat")
    page.goto(f"/alliance/events/{conference.pk}/check-in/")
    page.fill("#id_code", ours[reporter.pk].code.lower())  # typed in lower case
    with page.expect_navigation():
        page.click("#check-in-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/alliance/events/{conference.pk}/check-in/$"))
    screenshot(page, "alliance-check-in")
    counts = page.locator("#check-in-counts").inner_text()  # confirmed, checked in, waiting
    assert [int(n) for n in re.findall(r"\d+", counts)] == [confirmed + 2, checked_in + 1, 0]
    ours[reporter.pk].refresh_from_db()
    assert ours[reporter.pk].checked_in_at is not None
    assert ours[reporter.pk].checked_in_by is not None
    assert ours[reporter.pk].checked_in_by.username == "secretariat"
    ours[manager.pk].refresh_from_db()
    assert ours[manager.pk].checked_in_at is None
