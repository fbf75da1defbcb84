"""Registration services: seats confirmed up to the capacity, then the waiting list; a
cancellation moves the first waiting participant up; a participant registered once; only users
of active member organisations register, only for published events before registration
closes; everything audited and mailed with the code and the ticket link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.alliance.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from greenledger.web.alliance.services import registrations as services
from greenledger.web.alliance.services.registrations import (
    CODE_ALPHABET,
    CODE_LENGTH,
    registration_cancel,
    registration_create,
    waitlist_promote,
)
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.models import Membership
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.alliance.registrations_support import an_event, with_emails
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def guest(world: World, event: Any, number: int, persona: str = "enterprise_a") -> Registration:
    return registration_create(
        actor=world.users[persona],
        event=event,
        name=f"参会人{number}",
        email=f"guest{number}@example.org",
        job_title="能源主管",
    )


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_seats_are_confirmed_up_to_the_capacity_then_participants_wait(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=2)
    first, second, third = (guest(world, event, n) for n in (1, 2, 3))
    assert [r.status for r in (first, second, third)] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
    assert first.organisation_id == world.company_a.pk
    assert first.registered_by == world.users["enterprise_a"]
    assert len(first.code) == CODE_LENGTH and set(first.code) <= set(CODE_ALPHABET)
    assert len({first.code, second.code, third.code}) == 3
    [confirmed] = mail_to("guest1@example.org", "registration_confirmed")
    assert first.code in confirmed.body and "Green Low-Carbon" in confirmed.body
    assert confirmed.language == "en"  # the registering user's language (the page's)
    [waiting] = mail_to("guest3@example.org", "registration_waitlisted")
    assert third.code in waiting.body
    assert not mail_to("guest3@example.org", "registration_confirmed")
    assert len(sent_mail) == 3
    actions = AuditEntry.objects.filter(action="alliance.registration.create")
    assert sorted(int(a.object_id) for a in actions) == sorted([first.pk, second.pk, third.pk])


def test_the_ticket_link_in_the_mail_shows_the_qr_code_of_a_confirmed_seat(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=1)
    confirmed, waiting = guest(world, event, 1), guest(world, event, 2)
    [mail] = mail_to("guest1@example.org", "registration_confirmed")
    page = world.client("anonymous").get(link_in(mail))
    assert page.status_code == 200
    html = page.content.decode()
    assert confirmed.code in html and "<svg" in html and "参会人1" in html
    [mail] = mail_to("guest2@example.org", "registration_waitlisted")
    page = world.client("anonymous").get(link_in(mail))
    assert page.status_code == 200
    assert waiting.code in page.content.decode() and "<svg" not in page.content.decode()
    forged = link_in(mail).rstrip("/") + "x/"
    assert world.client("anonymous").get(forged).status_code == 404


def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=2)
    first, _second, third, fourth = (guest(world, event, n) for n in (1, 2, 3, 4))
    registration_cancel(actor=world.users["enterprise_a"], registration=first)
    first.refresh_from_db()
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED and first.cancelled_at is not None
    assert third.status == RegistrationStatus.CONFIRMED and third.promoted_at is not None
    assert fourth.status == RegistrationStatus.WAITLISTED
    [promoted] = mail_to("guest3@example.org", "registration_promoted")
    assert third.code in promoted.body
    assert not mail_to("guest4@example.org", "registration_promoted")
    assert AuditEntry.objects.filter(
        action="alliance.registration.promote", object_id=str(third.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        action="alliance.registration.cancel", object_id=str(first.pk)
    ).exists()
    # a waitlisted participant who cancels frees no seat: nobody moves up
    registration_cancel(actor=world.users["enterprise_a"], registration=fourth)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_cancelling_twice_or_after_check_in_is_refused_with_the_reason(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=5)
    first, second = guest(world, event, 1), guest(world, event, 2)
    registration_cancel(actor=world.users["enterprise_a"], registration=first)
    with pytest.raises(ValidationError) as again:
        registration_cancel(actor=world.users["enterprise_a"], registration=first)
    assert "already cancelled" in field_errors(again.value)["status"][0]
    services.registration_check_in(actor=world.users["secretariat"], event=event, code=second.code)
    with pytest.raises(ValidationError) as checked:
        registration_cancel(actor=world.users["enterprise_a"], registration=second)
    assert "checked in" in field_errors(checked.value)["status"][0]


def test_another_organisation_cannot_cancel_a_registration(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    registration = guest(world, event, 1)
    for persona in ("enterprise_b", "secretariat", "analyst"):
        with pytest.raises(PermissionDenied):
            registration_cancel(actor=world.users[persona], registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_participant_is_registered_once_per_event(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=10)
    first = guest(world, event, 1)
    with pytest.raises(ValidationError) as same:
        registration_create(
            actor=world.users["enterprise_b"],
            event=event,
            name="Another name",
            email="GUEST1@example.org",
        )
    assert "already registered" in field_errors(same.value)["email"][0]
    assert Registration.objects.filter(event=event).count() == 1
    registration_cancel(actor=world.users["enterprise_a"], registration=first)
    again = guest(world, event, 1)  # after cancelling, the person may be registered again
    assert again.status == RegistrationStatus.CONFIRMED
    other_event = an_event(world, title_zh="另一场培训")
    assert guest(world, other_event, 1).status == RegistrationStatus.CONFIRMED


def test_a_user_registers_themselves_or_a_colleague_by_their_account(
    world: World, sent_mail: Any
) -> None:
    with_emails(world)
    from greenledger.web.accounts import services as accounts

    reporter = accounts.user_create(
        actor=None,
        username="reporter-a",
        password="reporter-password-2025",
        role="enterprise_reporter",
        organisation=world.company_a,
        email="reporter-a@example.org",
        first_name="Li",
        last_name="Wei",
    )
    event = an_event(world, capacity=10)
    manager = world.users["enterprise_a"]
    mine = registration_create(actor=manager, event=event, user=manager)
    assert (mine.user, mine.email, mine.name) == (
        manager,
        "enterprise-a@example.org",
        "enterprise-a",
    )
    theirs = registration_create(actor=manager, event=event, user=reporter)
    assert theirs.user == reporter and theirs.email == "reporter-a@example.org"
    assert theirs.name == "Li Wei"
    assert mail_to("reporter-a@example.org", "registration_confirmed")
    with pytest.raises(ValidationError) as twice:
        registration_create(actor=reporter, event=event, user=reporter)
    assert "already registered" in field_errors(twice.value)["user"][0]
    with pytest.raises(ValidationError) as outsider:  # company B's manager is not A's colleague
        registration_create(actor=manager, event=event, user=world.users["enterprise_b"])
    assert "your organisation" in field_errors(outsider.value)["user"][0]
    reporter.email = ""
    reporter.save(update_fields=["email"])
    other = an_event(world)
    with pytest.raises(ValidationError) as no_mail:
        registration_create(actor=manager, event=other, user=reporter)
    assert "reporter-a has no e-mail address" in field_errors(no_mail.value)["user"][0]


def test_a_named_participant_needs_a_name_and_a_real_address(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    with pytest.raises(ValidationError) as missing:
        registration_create(actor=world.users["enterprise_a"], event=event, name=" ", email="")
    assert set(field_errors(missing.value)) == {"name", "email"}
    with pytest.raises(ValidationError) as wrong:
        registration_create(
            actor=world.users["enterprise_a"], event=event, name="王芳", email="wang.fang@"
        )
    assert "wang.fang@ is not an e-mail address" in field_errors(wrong.value)["email"][0]
    assert not Registration.objects.exists() and not sent_mail


def test_only_users_of_active_members_register(world: World, sent_mail: Any) -> None:
    event = an_event(world)
    for persona in ("analyst", "secretariat", "district_admin", "evaluator", "public"):
        with pytest.raises(PermissionDenied):
            guest(world, event, 1, persona=persona)
    Membership.objects.filter(pk=world.membership_a.pk).update(status="lapsed")
    with pytest.raises(PermissionDenied):  # a lapsed member no longer registers
        guest(world, event, 1)
    assert not Registration.objects.exists()


def test_drafts_cancelled_events_and_closed_registration_are_refused(
    world: World, sent_mail: Any
) -> None:
    draft = an_event(world, status=EventStatus.DRAFT, published_at=None)
    cancelled = an_event(world, status=EventStatus.CANCELLED, cancelled_at=timezone.now())
    for event in (draft, cancelled):
        with pytest.raises(ValidationError) as closed:
            guest(world, event, 1)
        assert "not open" in field_errors(closed.value)["event"][0]
    deadline = timezone.now() - dt.timedelta(minutes=1)
    past_deadline = an_event(world, registration_closes_at=deadline)
    with pytest.raises(ValidationError) as late:
        guest(world, past_deadline, 1)
    local = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    assert field_errors(late.value)["event"] == [f"Registration for this event closed at {local}."]
    started = an_event(
        world,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        guest(world, started, 1)
    assert not Registration.objects.exists() and not sent_mail


def test_a_larger_capacity_moves_the_waiting_list_up(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=1)
    registrations = [guest(world, event, n) for n in (1, 2, 3, 4)]
    event.capacity = 3
    event.save(update_fields=["capacity"])
    promoted = waitlist_promote(actor=world.users["secretariat"], event=event)
    assert [r.pk for r in promoted] == [registrations[1].pk, registrations[2].pk]
    statuses = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert len(mail_to("guest2@example.org", "registration_promoted")) == 1
    assert not mail_to("guest4@example.org", "registration_promoted")
    [mail] = mail_to("guest2@example.org", "registration_promoted")
    assert mail.language == "zh-hans"  # accounts keep no language: the platform's


def test_seats_a_larger_capacity_frees_go_to_those_waiting_before_a_newcomer(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world, capacity=1)
    first, second, third = (guest(world, event, n) for n in (1, 2, 3))
    Event.objects.filter(pk=event.pk).update(capacity=2)  # as the event's edit does
    newcomer = guest(world, event, 4)
    assert newcomer.status == RegistrationStatus.WAITLISTED
    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert mail_to("guest2@example.org", "registration_promoted")
    assert not mail_to("guest3@example.org", "registration_promoted")


def test_mail_and_refusals_speak_the_language_of_the_participant_and_the_user(
    world: World, sent_mail: Any
) -> None:
    event = an_event(world)
    registration_create(
        actor=world.users["enterprise_a"],
        event=event,
        name="王芳",
        email="wang.fang@example.org",
        language="zh-hans",
    )
    [mail] = mail_to("wang.fang@example.org")
    assert mail.language == "zh-hans"
    assert mail.subject == "GreenLedger：您在绿色低碳产业大会的席位已确认"
    assert "签到码" in mail.body
    with translation.override("zh-hans"), pytest.raises(ValidationError) as twice:
        registration_create(
            actor=world.users["enterprise_a"],
            event=event,
            name="王芳",
            email="wang.fang@example.org",
        )
    assert field_errors(twice.value)["email"] == [
        "王芳 <wang.fang@example.org> 已报名参加本次活动。"
    ]
