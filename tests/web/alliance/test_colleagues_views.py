"""The colleague manager's pages: who has access, the invitations, the membership's renewal
date; inviting (a role the kind does not allow is a field error), revoking, removing; the
invited person's page from the mail link, which works once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.accounts.models import Role, User
from greenledger.web.alliance.models import Invitation
from greenledger.web.members.models import Membership
from tests.web.alliance.colleagues_support import (
    NEW_PASSWORD,
    a_colleague_of_a,
    accept_body,
    invite,
)
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def english_client(world: World, persona: str) -> Client:
    client = world.client(persona)
    client.cookies["django_language"] = "en"
    return client


def test_the_page_lists_colleagues_invitations_and_the_membership(world: World) -> None:
    import datetime as dt

    Membership.objects.filter(pk=world.membership_a.pk).update(renewed_until=dt.date(2026, 12, 31))
    colleague = a_colleague_of_a(world)
    invite(world, email="pending@company-a.example")
    page = english_client(world, "enterprise_a").get("/alliance/colleagues/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="colleague-{colleague.pk}"' in html and "reporter-a@company-a.example" in html
    assert "pending@company-a.example" in html and "Pending" in html and "Accepted" in html
    assert '<dd id="renewed-until">2026-12-31</dd>' in html
    # the manager's own row has no remove button; the colleague's has one
    assert f"/alliance/colleagues/{colleague.pk}/remove/" in html
    assert f"/alliance/colleagues/{world.users['enterprise_a'].pk}/remove/" not in html
    # company B's manager sees B's colleagues only
    other = english_client(world, "enterprise_b").get("/alliance/colleagues/").content.decode()
    assert "reporter-a" not in other and "pending@company-a.example" not in other


@pytest.mark.parametrize("persona", ["evaluator", "secretariat", "analyst", "public"])
def test_nobody_else_has_the_page(world: World, persona: str) -> None:
    assert world.client(persona).get("/alliance/colleagues/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(world: World) -> None:
    response = world.client("anonymous").get("/alliance/colleagues/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_inviting_from_the_form_mails_the_link(world: World, sent_mail: list[Any]) -> None:
    client = english_client(world, "enterprise_a")
    form = client.get("/alliance/colleagues/invite/").content.decode()
    assert 'value="enterprise_reporter"' in form and 'value="financial_analyst"' not in form
    response = client.post(
        "/alliance/colleagues/invite/",
        {"email": "wang@company-a.example", "role": "enterprise_reporter", "language": "zh-hans"},
    )
    assert response.status_code == 302 and response["Location"] == "/alliance/colleagues/"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.language) == (
        "wang@company-a.example",
        "enterprise_reporter",
        "zh-hans",
    )
    [mail] = mail_to("wang@company-a.example", "invitation")
    assert mail.subject == "GreenLedger：邀请您以甲公司同事身份使用平台"
    assert [m.to for m in sent_mail] == [["wang@company-a.example"]]


def test_a_role_the_kind_does_not_allow_is_refused_on_the_field(world: World) -> None:
    client = english_client(world, "enterprise_a")
    response = client.post(
        "/alliance/colleagues/invite/",
        {"email": "x@company-a.example", "role": "researcher", "language": "en"},
    )
    assert response.status_code == 200
    assert "Select a valid choice. researcher is not one of the available choices." in (
        response.content.decode()
    )
    assert not Invitation.objects.exists()


def test_an_address_with_an_account_is_refused_in_chinese(world: World) -> None:
    User.objects.filter(pk=world.users["public"].pk).update(email="pub@example.org")
    response = world.client("enterprise_a").post(
        "/alliance/colleagues/invite/",
        {"email": "pub@example.org", "role": "enterprise_reporter", "language": "zh-hans"},
    )
    assert response.status_code == 200
    assert "pub@example.org 已有启用的账户，不能再次邀请。" in response.content.decode()


def test_revoking_and_removing_from_the_page(world: World) -> None:
    colleague = a_colleague_of_a(world)
    invitation, _path = invite(world, email="later@company-a.example")
    client = english_client(world, "enterprise_a")
    response = client.post(f"/alliance/colleagues/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = client.post(f"/alliance/colleagues/{colleague.pk}/remove/", follow=True)
    assert "reporter-a no longer has access: the account is deactivated." in (
        response.content.decode()
    )
    colleague.refresh_from_db()
    assert not colleague.is_active
    # company B's manager: A's invitation and colleague are not found
    other = world.client("enterprise_b")
    assert (
        other.post(f"/alliance/colleagues/invitations/{invitation.pk}/revoke/").status_code == 404
    )
    assert other.post(f"/alliance/colleagues/{colleague.pk}/remove/").status_code == 404


def test_removing_oneself_is_refused_with_the_reason(world: World) -> None:
    manager = world.users["enterprise_a"]
    response = english_client(world, "enterprise_a").post(
        f"/alliance/colleagues/{manager.pk}/remove/", follow=True
    )
    assert "You cannot remove yourself: ask another colleague manager." in (
        response.content.decode()
    )
    manager.refresh_from_db()
    assert manager.is_active


def test_the_invited_colleague_accepts_from_the_mail_link_once(world: World) -> None:
    invitation, _ = invite(world, email="zhao@company-a.example")
    path = link_in(mail_to("zhao@company-a.example", "invitation")[0])
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    page = visitor.get(path)
    assert page.status_code == 200
    assert "with the role “Enterprise reporter”" in page.content.decode()
    mismatch = visitor.post(path, {**accept_body("zhao"), "password_again": "other-Password-1"})
    assert "The two passwords differ." in mismatch.content.decode()
    response = visitor.post(path, accept_body("zhao"))
    assert response.status_code == 302 and response["Location"] == "/"  # as a sign-in
    user = User.objects.get(username="zhao")
    assert (user.role, user.organisation_id) == (Role.ENTERPRISE_REPORTER, world.company_a.pk)
    assert visitor.get("/alliance/colleagues/").status_code == 403  # signed in, as a reporter
    assert int(visitor.session["_auth_user_id"]) == user.pk
    again = Client()
    again.cookies["django_language"] = "en"
    used = again.get(path)
    assert used.status_code == 410
    assert "was already accepted on" in used.content.decode()
    assert again.post(path, accept_body("zhao-2")).status_code == 410
    assert not User.objects.filter(username="zhao-2").exists()
    assert Client().get("/alliance/invitations/not-a-token/").status_code == 404


def test_the_accept_page_names_a_password_problem_on_the_field(world: World) -> None:
    _invitation, path = invite(world)
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    response = visitor.post(path, accept_body("li", password="password"))
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(username="li").exists()
    assert visitor.post(path, accept_body("li", password=NEW_PASSWORD)).status_code == 302


def test_a_removed_colleague_is_signed_out_at_their_next_request(world: World) -> None:
    colleague = a_colleague_of_a(world)
    session = Client()
    session.force_login(colleague)
    assert session.get("/").wsgi_request.user.pk == colleague.pk
    world.client("enterprise_a").post(f"/alliance/colleagues/{colleague.pk}/remove/")
    after = session.get("/")
    assert not after.wsgi_request.user.is_authenticated
    assert not session.login(username="reporter-a", password=NEW_PASSWORD)
