"""Mail to an existing account goes in the language the user last used: set when they sign
in, switch language while signed in, activate their account or accept an invitation; Chinese
(the platform's language) until then. A named guest's mail follows the registering user's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from greenledger.web.accounts.models import User
from greenledger.web.accounts.selectors import language_of
from greenledger.web.accounts.services import user_set_language
from greenledger.web.alliance.models import OutgoingMail, RegistrationStatus
from greenledger.web.alliance.services.application_review import application_approve
from greenledger.web.alliance.services.events import event_cancel
from greenledger.web.alliance.services.invitations import invitation_accept
from greenledger.web.alliance.services.registrations import (
    registration_cancel,
    registration_create,
)
from greenledger.web.members import services as members
from greenledger.web.members.models import Membership
from tests.web.alliance.colleagues_support import NEW_PASSWORD, accept_body, invite, token_of
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.alliance.join_support import private_store, submit
from tests.web.alliance.registrations_support import an_event, with_emails
from tests.web.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db


def sign_in(world: World, persona: str, language: str) -> Client:
    """Sign in through the login page with the interface in ``language``."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    username = world.users[persona].username
    answer = client.post("/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def language(world: World, persona: str) -> str:
    return User.objects.get(pk=world.users[persona].pk).language


def test_signing_in_keeps_the_interface_language(world: World) -> None:
    assert language(world, "enterprise_b") == ""
    assert language_of(world.users["enterprise_b"]) == "zh-hans"
    sign_in(world, "enterprise_b", "en")
    assert language(world, "enterprise_b") == "en"
    sign_in(world, "enterprise_b", "zh-hans")
    assert language(world, "enterprise_b") == "zh-hans"


def test_switching_language_while_signed_in_updates_it(world: World) -> None:
    client = sign_in(world, "enterprise_a", "zh-hans")
    answer = client.post("/i18n/setlang/", {"language": "en", "next": "/alliance/"})
    assert answer.status_code == 302 and answer["Location"] == "/alliance/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert language(world, "enterprise_a") == "en"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not offered: kept
    assert language(world, "enterprise_a") == "en"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert language(world, "enterprise_a") == "zh-hans"
    # anonymous: only the cookie
    anonymous = Client()
    assert anonymous.post("/i18n/setlang/", {"language": "en"}).status_code == 302
    assert anonymous.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_user_set_language_saves_only_a_valid_change(world: World) -> None:
    user = world.users["analyst"]
    user_set_language(user=user, language="de")
    assert language(world, "analyst") == "" and language_of(user) == settings.LANGUAGE_CODE
    user_set_language(user=user, language="en")
    assert language(world, "analyst") == "en" and language_of(user) == "en"


def test_promotion_and_cancellation_mail_in_the_participants_language(
    world: World, sent_mail: Any
) -> None:
    with_emails(world)
    sign_in(world, "enterprise_b", "en")
    event = an_event(world, capacity=1)
    guest = registration_create(
        actor=world.users["enterprise_a"],
        event=event,
        name="访客一",
        email="guest1@example.org",
        language="zh-hans",
    )
    own = registration_create(
        actor=world.users["enterprise_b"], event=event, user=world.users["enterprise_b"]
    )
    later = registration_create(
        actor=world.users["enterprise_a"], event=event, name="访客二", email="guest2@example.org"
    )
    assert own.status == later.status == RegistrationStatus.WAITLISTED
    registration_cancel(actor=world.users["enterprise_a"], registration=guest)
    [promoted] = mail_to("enterprise-b@example.org", "registration_promoted")
    assert promoted.language == "en"
    assert promoted.subject == "GreenLedger: a seat at 绿色低碳产业大会 is now yours"

    event_cancel(actor=world.users["secretariat"], event=event, reason="Typhoon")
    [english] = mail_to("enterprise-b@example.org", "event_cancelled")
    assert english.subject == "GreenLedger: Green Low-Carbon Industry Conference is cancelled"
    # a named guest: the registering user's language (enterprise_a has none yet: Chinese)
    [chinese] = mail_to("guest2@example.org", "event_cancelled")
    assert chinese.subject == "绿色账本：绿色低碳产业大会 已取消"


def test_a_named_guest_follows_the_registering_users_language(world: World, sent_mail: Any) -> None:
    with_emails(world)
    sign_in(world, "enterprise_a", "en")
    event = an_event(world, capacity=1)
    first = registration_create(actor=world.users["enterprise_a"], event=event, name="A",
                                email="guest1@example.org", language="zh-hans")  # fmt: skip
    registration_create(actor=world.users["enterprise_a"], event=event, name="B",
                        email="guest2@example.org", language="zh-hans")  # fmt: skip
    registration_cancel(actor=world.users["enterprise_a"], registration=first)
    [promoted] = mail_to("guest2@example.org", "registration_promoted")
    assert promoted.subject == "GreenLedger: a seat at 绿色低碳产业大会 is now yours"


def test_the_renewal_reminder_goes_in_the_managers_language(world: World, sent_mail: Any) -> None:
    User.objects.filter(pk=world.users["enterprise_a"].pk).update(email="a@company-a.example")
    User.objects.filter(pk=world.users["enterprise_b"].pk).update(email="b@company-b.example")
    sign_in(world, "enterprise_a", "en")
    Membership.objects.filter(pk=world.membership_a.pk).update(renewed_until=dt.date(2026, 12, 31))
    Membership.objects.filter(organisation=world.company_b).update(
        renewed_until=dt.date(2026, 12, 31)
    )
    assert len(members.membership_reminders_send(today=dt.date(2026, 12, 1))) == 2
    english = OutgoingMail.objects.get(template="renewal_reminder", to="a@company-a.example")
    assert english.subject.startswith("GreenLedger: the alliance membership of ")
    assert english.subject.endswith(" runs until 2026-12-31")
    chinese = OutgoingMail.objects.get(template="renewal_reminder", to="b@company-b.example")
    assert (
        chinese.subject.startswith("GreenLedger：")
        and "联盟会籍有效期至 2026-12-31" in chinese.subject
    )


def test_activating_the_account_keeps_the_pages_language(
    world: World, tmp_path: Path, sent_mail: Any
) -> None:
    for _root in private_store(tmp_path):
        application = submit(702).application
        approved = application_approve(actor=world.users["secretariat"], application=application)
        (mail,) = mail_to(approved.manager.email, "activation")
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        body = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        assert client.post(link_in(mail), body).status_code == 302
        assert User.objects.get(pk=approved.manager.pk).language == "en"


def test_accepting_an_invitation_keeps_the_pages_language(world: World, sent_mail: Any) -> None:
    _invitation, path = invite(world, email="zh-reader@company-a.example", language="en")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.post(path, accept_body("zh-reader")).status_code == 302
    assert User.objects.get(username="zh-reader").language == "zh-hans"
    # through the service without a page language: the invitation's
    _invitation, path = invite(world, email="en-reader@company-a.example", language="en")
    user = invitation_accept(token=token_of(path), username="en-reader", password=NEW_PASSWORD)
    assert User.objects.get(pk=user.pk).language == "en"
