"""Activation links: the approved organisation's manager chooses a password through the mailed
link and is signed in; the link works once, until it expires; a new link replaces the old."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from greenledger.web.accounts.models import User
from greenledger.web.alliance.services.activation import activation_resend, activation_use
from greenledger.web.alliance.services.application_review import Approved, application_approve
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.alliance.join_support import private_store, submit
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Lingang-solar-2026"


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Path]:
    yield from private_store(tmp_path)


@pytest.fixture
def approved(world: World, private: Path, sent_mail: list[Any]) -> Approved:
    application = submit(701).application
    return application_approve(actor=world.users["secretariat"], application=application)


def test_the_link_sets_the_password_activates_and_signs_in(approved: Approved) -> None:
    (mail,) = mail_to(approved.manager.email, "activation")
    client = Client()
    page = client.get(link_in(mail))
    assert page.status_code == 200
    assert approved.manager.username in page.content.decode()
    response = client.post(
        link_in(mail), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    manager = User.objects.get(pk=approved.manager.pk)
    assert manager.is_active and manager.check_password(NEW_PASSWORD)
    assert get_user(client).pk == manager.pk  # signed in
    assert AuditEntry.objects.filter(action="alliance.activation_use").count() == 1
    # and can sign in again later with the password
    assert Client().login(username=manager.username, password=NEW_PASSWORD)


@pytest.mark.usefixtures("english")
def test_a_used_link_is_refused_with_when_it_was_used(approved: Approved) -> None:
    token = approved.activation.token
    activation_use(token=token, password=NEW_PASSWORD, password_again=NEW_PASSWORD)
    with pytest.raises(ValidationError) as excinfo:
        activation_use(
            token=token, password="Another-pass-2026", password_again="Another-pass-2026"
        )
    (reason,) = excinfo.value.message_dict["token"]
    assert reason.startswith("This activation link was already used on ")
    assert "it works only once" in reason
    page = Client().get(f"/alliance/activate/{token}/")
    assert page.status_code == 410 and "只能使用一次" in page.content.decode()  # in Chinese
    assert User.objects.get(pk=approved.manager.pk).check_password(NEW_PASSWORD)


@pytest.mark.usefixtures("english")
def test_an_expired_link_is_refused_and_the_account_stays_inactive(
    approved: Approved, clock: Any, settings: Any
) -> None:
    settings.GREENLEDGER_ACTIVATION_HOURS = 72
    made = approved.activation.activation.created_at
    assert approved.activation.activation.expires_at - made == dt.timedelta(hours=72)
    clock.moment = made + dt.timedelta(hours=72, seconds=1)
    with pytest.raises(ValidationError) as excinfo:
        activation_use(
            token=approved.activation.token, password=NEW_PASSWORD, password_again=NEW_PASSWORD
        )
    expiry = timezone.localtime(approved.activation.activation.expires_at)
    assert excinfo.value.message_dict["token"] == [
        f"This activation link expired on {expiry:%Y-%m-%d %H:%M}. Ask the alliance "
        "secretariat for a new one."
    ]
    assert not User.objects.get(pk=approved.manager.pk).is_active
    response = Client().post(
        f"/alliance/activate/{approved.activation.token}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 410
    assert not User.objects.get(pk=approved.manager.pk).is_active


def test_an_unknown_link_answers_404() -> None:
    assert Client().get("/alliance/activate/not-a-real-token/").status_code == 404


def test_weak_or_differing_passwords_are_refused_on_their_field(approved: Approved) -> None:
    """(The pages speak Chinese unless the visitor chose English.)"""
    url = f"/alliance/activate/{approved.activation.token}/"
    response = Client().post(url, {"password": "12345678", "password_again": "12345678"})
    assert response.status_code == 422
    assert "这个密码太常见了。" in response.content.decode()
    response = Client().post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert response.status_code == 422 and "两次输入的密码不一致。" in response.content.decode()
    assert not User.objects.get(pk=approved.manager.pk).is_active
    # the link still works after refused attempts
    assert Client().get(url).status_code == 200


def test_a_new_link_from_the_secretariat_replaces_the_old(world: World, approved: Approved) -> None:
    context = {"application": approved.application, "organisation": approved.organisation}
    with pytest.raises(PermissionDenied):
        activation_resend(
            actor=world.users["enterprise_a"], user=approved.manager, language="en", context=context
        )
    issued = activation_resend(
        actor=world.users["secretariat"], user=approved.manager, language="en", context=context
    )
    mails = mail_to(approved.manager.email, "activation")
    assert len(mails) == 2 and link_in(mails[1]) == f"/alliance/activate/{issued.token}/"
    assert mails[1].subject == (
        f"GreenLedger: {approved.organisation.name_zh} has joined the alliance; "
        "activate your account"
    )
    assert Client().get(f"/alliance/activate/{approved.activation.token}/").status_code == 410
    user = activation_use(token=issued.token, password=NEW_PASSWORD, password_again=NEW_PASSWORD)
    assert user.is_active
    with pytest.raises(ValidationError):  # an active account gets no new link
        activation_resend(
            actor=world.users["secretariat"], user=user, language="en", context=context
        )
