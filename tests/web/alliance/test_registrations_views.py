"""Registration pages: a member's user registers a named person, themselves or a colleague for
a published event and finds the code and its QR code on "Event registrations"; cancels there;
field errors say what is wrong; a non-member organisation registers nobody."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.accounts import services as accounts
from greenledger.web.alliance.models import EventStatus, Registration, RegistrationStatus
from tests.web.alliance.conftest import mail_to
from tests.web.alliance.registrations_support import an_event, with_emails
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def english_client(world: World, persona: str) -> Any:
    client = world.client(persona)
    client.cookies["django_language"] = "en"
    return client


def test_a_member_registers_a_named_person_and_sees_the_code_and_qr_code(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=1)
    client = english_client(world, "enterprise_a")
    form = client.get(f"/alliance/events/{event.pk}/register/")
    assert form.status_code == 200
    assert "1 of 1 seats left; 0 on the waiting list." in form.content.decode()
    answer = client.post(
        f"/alliance/events/{event.pk}/register/",
        {"participant": "guest", "name": "王芳", "email": "wang.fang@example.org", "job_title": ""},
    )
    assert answer.status_code == 302 and answer["Location"] == "/alliance/registrations/"
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.CONFIRMED
    page = client.get("/alliance/registrations/")
    html = page.content.decode()
    assert f"王芳 is registered: seat confirmed, code {registration.code}." in html
    assert f'<tr id="registration-{registration.pk}">' in html
    assert registration.code in html and '<svg role="img"' in html
    assert f"Check-in code {registration.code}" in html  # the QR code's accessible name
    assert mail_to("wang.fang@example.org", "registration_confirmed")
    # the second person waits: the event holds one seat
    client.post(
        f"/alliance/events/{event.pk}/register/",
        {"participant": "guest", "name": "Li Lei", "email": "li.lei@example.org"},
    )
    waiting = Registration.objects.get(event=event, email="li.lei@example.org")
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert (
        "is on the waiting list (the event is full)"
        in client.get("/alliance/registrations/").content.decode()
    )


def test_registering_oneself_and_a_colleague_by_account(world: World, sent_mail: Any) -> None:
    with_emails(world)
    reporter = accounts.user_create(
        actor=None,
        username="reporter-a",
        password="reporter-password-2025",
        role="enterprise_reporter",
        organisation=world.company_a,
        email="reporter-a@example.org",
    )
    event = an_event(world, capacity=5)
    client = english_client(world, "enterprise_a")
    url = f"/alliance/events/{event.pk}/register/"
    form = client.get(url).content.decode()
    assert "reporter-a &lt;reporter-a@example.org&gt;" in form  # the colleague to pick
    assert "enterprise-b" not in form
    assert client.post(url, {"participant": "self"}).status_code == 302
    assert (
        client.post(url, {"participant": "colleague", "colleague": reporter.pk}).status_code == 302
    )
    found = Registration.objects.filter(event=event).order_by("id")
    assert [(r.user, r.email) for r in found] == [
        (world.users["enterprise_a"], "enterprise-a@example.org"),
        (reporter, "reporter-a@example.org"),
    ]
    again = client.post(url, {"participant": "self"})
    assert again.status_code == 200
    assert "enterprise-a &lt;enterprise-a@example.org&gt; is already registered" in (
        again.content.decode()
    )
    no_colleague = client.post(url, {"participant": "colleague"})
    assert "Choose the colleague." in no_colleague.content.decode()
    assert Registration.objects.filter(event=event).count() == 2


def test_field_errors_name_the_field_and_nothing_is_written(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    client = english_client(world, "enterprise_a")
    answer = client.post(
        f"/alliance/events/{event.pk}/register/",
        {"participant": "guest", "name": "", "email": ""},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Give the participant&#x27;s name." in html
    assert "Give the participant&#x27;s e-mail address: the code is sent there." in html
    assert not Registration.objects.exists() and not sent_mail


def test_cancelling_on_the_page_moves_the_first_waiting_up(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=1)
    client = english_client(world, "enterprise_a")
    url = f"/alliance/events/{event.pk}/register/"
    for name, email in (("A One", "one@example.org"), ("B Two", "two@example.org")):
        client.post(url, {"participant": "guest", "name": name, "email": email})
    first = Registration.objects.get(email="one@example.org")
    answer = client.post(f"/alliance/registrations/{first.pk}/cancel/")
    assert answer.status_code == 302
    page = client.get("/alliance/registrations/").content.decode()
    assert "The registration of A One is cancelled." in page
    assert Registration.objects.get(email="two@example.org").status == "confirmed"
    assert mail_to("two@example.org", "registration_promoted")
    again = client.post(f"/alliance/registrations/{first.pk}/cancel/", follow=True)
    assert "The registration was already cancelled at" in again.content.decode()
    # another organisation's registration is not there for company B
    other = english_client(world, "enterprise_b")
    second = Registration.objects.get(email="two@example.org")
    assert other.post(f"/alliance/registrations/{second.pk}/cancel/").status_code == 404
    assert "B Two" not in other.get("/alliance/registrations/").content.decode()


def test_only_published_events_take_registrations_and_only_members_register(
    world: World, sent_mail: Any
) -> None:
    draft = an_event(world, status=EventStatus.DRAFT, published_at=None)
    published = an_event(world)
    client = english_client(world, "enterprise_a")
    assert client.get(f"/alliance/events/{draft.pk}/register/").status_code == 404
    listing = client.get("/alliance/registrations/").content.decode()
    assert f"/alliance/events/{published.pk}/register/" in listing
    assert f"/alliance/events/{draft.pk}/register/" not in listing
    bank = english_client(world, "analyst")  # the bank is not a member
    page = bank.get("/alliance/registrations/")
    assert page.status_code == 200
    assert "membership is not active: it cannot register participants" in page.content.decode()
    assert bank.get(f"/alliance/events/{published.pk}/register/").status_code == 403
    assert english_client(world, "public").get("/alliance/registrations/").status_code == 403
    anonymous = world.client("anonymous").get("/alliance/registrations/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_pages_speak_chinese_by_default(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=3)
    client = world.client("enterprise_a")
    form = client.get(f"/alliance/events/{event.pk}/register/").content.decode()
    assert "共 3 个席位，剩余 3 个；候补 0 人。" in form and "报名参会" in form
    client.post(
        f"/alliance/events/{event.pk}/register/",
        {"participant": "guest", "name": "王芳", "email": "wang.fang@example.org"},
    )
    page = client.get("/alliance/registrations/").content.decode()
    assert "活动报名" in page and "签到码" in page and "已确认" in page
