"""Password reset by e-mail: the login page links to it; a known address gets the mail (queued,
in the page's language) with a link that sets a new password once (audited); an unknown address
gets the same answer and no mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.accounts.models import User
from greenledger.web.alliance.models import OutgoingMail
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.colleagues_support import NEW_PASSWORD
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.conftest import World

pytestmark = pytest.mark.django_db

ADDRESS = "manager@company-a.example"


def with_address(world: World) -> User:
    user = world.users["enterprise_a"]
    User.objects.filter(pk=user.pk).update(email=ADDRESS)
    user.refresh_from_db()
    return user


def visitor(language: str = "en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def test_the_login_page_links_to_the_reset(db: Any) -> None:
    page = visitor().get("/login/").content.decode()
    assert 'href="/alliance/password-reset/" id="forgot-password">Forgot your password?' in page
    assert "忘记密码？" in visitor("zh-hans").get("/login/").content.decode()


def test_a_known_address_gets_a_link_that_sets_the_password_once(
    world: World, sent_mail: list[Any]
) -> None:
    user = with_address(world)
    client = visitor()
    response = client.post("/alliance/password-reset/", {"email": ADDRESS.upper()})
    assert response.status_code == 302
    assert response["Location"] == "/alliance/password-reset/done/"
    [mail] = mail_to(ADDRESS, "password_reset")
    assert (mail.subject, mail.language) == ("GreenLedger: choose a new password", "en")
    assert "the account enterprise-a" in mail.body
    assert [m.to for m in sent_mail] == [[ADDRESS]]
    assert AuditEntry.objects.filter(action="password_reset_request", object_id=str(user.pk))
    path = link_in(mail)
    assert path.startswith("/alliance/password-reset/")
    form = client.get(path, follow=True)
    assert 'id="new-password-form"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/alliance/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.filter(action="user_set_password").latest("sequence")
    assert (entry.object_id, entry.actor_username) == (str(user.pk), "enterprise-a")
    # the link is spent: the password changed since it was made
    again = visitor().get(path, follow=True).content.decode()
    assert "This link is not valid" in again and 'id="new-password-form"' not in again


def test_the_mail_is_in_the_language_of_the_page(world: World) -> None:
    with_address(world)
    visitor("zh-hans").post("/alliance/password-reset/", {"email": ADDRESS})
    [mail] = mail_to(ADDRESS, "password_reset")
    assert (mail.subject, mail.language) == ("GreenLedger：设置新密码", "zh-hans")
    assert "有人申请重置联盟绿色低碳平台账户 enterprise-a 的密码" in mail.body


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world: World) -> None:
    with_address(world)
    before = AuditEntry.objects.count()
    response = visitor().post("/alliance/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/alliance/password-reset/done/"
    assert not OutgoingMail.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_deactivated_account_gets_no_mail(world: World) -> None:
    user = with_address(world)
    User.objects.filter(pk=user.pk).update(is_active=False)
    visitor().post("/alliance/password-reset/", {"email": ADDRESS})
    assert not OutgoingMail.objects.exists()


def test_a_weak_new_password_is_refused_on_the_field(world: World) -> None:
    user = with_address(world)
    client = visitor()
    client.post("/alliance/password-reset/", {"email": ADDRESS})
    form = client.get(link_in(mail_to(ADDRESS, "password_reset")[0]), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    user.refresh_from_db()
    assert not user.check_password("12345678")


def test_asking_again_at_once_sends_no_second_mail(world: World) -> None:
    with_address(world)
    for _ in range(3):
        assert visitor().post("/alliance/password-reset/", {"email": ADDRESS}).status_code == 302
    assert len(mail_to(ADDRESS, "password_reset")) == 1
    assert AuditEntry.objects.filter(action="password_reset_request").count() == 1
