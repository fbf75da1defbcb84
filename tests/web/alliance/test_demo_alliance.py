"""The demo district's alliance life (alliance/demo.py): the inaugural conference with its
programme (two keynotes, the recognition of demonstration units linked to the demo's published
list, the closing panel), its registrations and check-ins, a full training with its waiting
list, a site visit, the three notices and who sees them, the two applications to join (one
waiting, one asked for more), the pending invitation, the outbox with every message, the pages,
and a second load writing nothing.

The module is one of the demo modules that share one load of the whole demo district
(``demo_district``, ``tests/conftest.py``): ``demo_load`` loads the alliance's story last."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.alliance import demo
from greenledger.web.alliance.models import (
    ApplicationMessageKind,
    ApplicationStatus,
    Event,
    EventStatus,
    Invitation,
    JoinApplication,
    Notice,
    OutgoingMail,
    Registration,
    RegistrationStatus,
    SessionKind,
    SpeakerRole,
)
from greenledger.web.assessments.demo import RECOGNITION_TITLE
from greenledger.web.assessments.models import RecognitionCall
from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.demo import demo_pdf
from greenledger.web.members.demo import DemoReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def loaded(demo_district: DemoReport, db: None) -> DemoReport:
    """The demo district, loaded once for the demo modules (``tests.web.conftest``); each
    test's writes roll back with its savepoint."""
    return demo_district


def user(username: str) -> User:
    return User.objects.get(username=username)


def client(username: str | None = None) -> Client:
    """A browser asking for English pages, signed in as ``username`` (anonymous: None)."""
    browser = Client(headers={"accept-language": "en"})
    if username is None:
        return browser
    browser.force_login(user(username))
    return browser


def event(spec: dict[str, Any]) -> Event:
    return Event.objects.get(title_zh=spec["title_zh"])


def statuses(found: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in found.registrations.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def participants(plan: tuple[Any, ...]) -> int:
    return sum(len(people) for _registrar, people in plan)


# ------------------------------------------------------------------------------- conference


def test_the_conference_is_under_way_with_the_launch_programme(loaded: DemoReport) -> None:
    conference = event(demo.CONFERENCE)
    assert conference.status == EventStatus.PUBLISHED
    assert conference.starts_at <= timezone.now() < conference.ends_at
    assert conference.registration_closes_at == conference.ends_at
    assert sorted(conference.themes.values_list("theme", flat=True)) == sorted(
        demo.CONFERENCE["themes"]
    )
    sessions = list(conference.sessions.order_by("order"))
    assert [s.kind for s in sessions] == [p[0] for p in demo.PROGRAMME]
    keynotes = [s.title_en for s in sessions if s.kind == SessionKind.KEYNOTE]
    assert keynotes == [
        "Achieving Dual Carbon Goals through Technological Innovation",
        "Progress and Challenges of Coordinated Pollution Reduction and Carbon Reduction Policies",
    ]
    panel = sessions[-1]
    assert panel.kind == SessionKind.PANEL
    assert panel.title_en == "Cultivating Industry Ecology for Decarbonization"
    roles = list(panel.speakers.order_by("order").values_list("role", flat=True))
    assert roles == [SpeakerRole.MODERATOR] + [SpeakerRole.PANELLIST] * 3
    # every session but the break has its people, each with an affiliation and a job title
    for session in sessions:
        speakers = list(session.speakers.all())
        assert bool(speakers) == (session.kind != SessionKind.BREAK)
        assert all(s.affiliation and s.title for s in speakers)
    # the sessions follow each other inside the conference's day
    for before, after in zip(sessions, sessions[1:], strict=False):
        assert before.ends_at == after.starts_at
    assert sessions[0].starts_at == conference.starts_at
    assert sessions[-1].ends_at <= conference.ends_at


def test_the_recognition_session_announces_the_published_demonstration_units(
    loaded: DemoReport,
) -> None:
    conference = event(demo.CONFERENCE)
    call = RecognitionCall.objects.get(title=RECOGNITION_TITLE)
    assert call.status == "published"
    (linked,) = conference.recognitions.all()
    assert linked.call_id == call.pk
    assert linked.session is not None and linked.session.kind == SessionKind.RECOGNITION


def test_three_members_registered_eleven_participants_and_seven_are_checked_in(
    loaded: DemoReport,
) -> None:
    conference = event(demo.CONFERENCE)
    registrations = list(conference.registrations.order_by("registered_at", "id"))
    assert len(registrations) == participants(demo.CONFERENCE_PARTICIPANTS) == 11
    assert statuses(conference) == {RegistrationStatus.CONFIRMED: 11}
    organisations = {r.organisation_id for r in registrations}
    assert organisations == {
        user(name).organisation_id for name in ("manager", "analyst", "researcher")
    }
    # the accounts registered as themselves or as a colleague carry their account
    manager, reporter = user("manager"), user("reporter")
    assert registrations[0].user == manager and registrations[1].user == reporter
    assert registrations[1].registered_by == manager
    checked = [r for r in registrations if r.checked_in_at is not None]
    assert checked == registrations[: demo.CHECKED_IN]
    assert {r.checked_in_by.username for r in checked} == {"secretariat"}  # type: ignore[union-attr]
    assert len({r.code for r in registrations}) == len(registrations)


# --------------------------------------------------------------------------- upcoming events


def test_the_training_is_full_and_its_last_two_participants_wait(loaded: DemoReport) -> None:
    training = event(demo.TRAINING)
    assert training.capacity == demo.TRAINING_CAPACITY == 8
    assert training.starts_at > timezone.now()
    assert timezone.localtime(training.starts_at).date() == (
        timezone.localdate() + dt.timedelta(days=demo.TRAINING_DAYS)
    )
    assert statuses(training) == {
        RegistrationStatus.CONFIRMED: 8,
        RegistrationStatus.WAITLISTED: 2,
    }
    waiting = training.registrations.filter(status=RegistrationStatus.WAITLISTED)
    assert {r.registered_by.username for r in waiting} == {"analyst"}
    # the waiting list is the order of registration: nobody confirmed came after a waiter
    last_confirmed = training.registrations.filter(status=RegistrationStatus.CONFIRMED).latest(
        "registered_at", "id"
    )
    first_waiting = waiting.earliest("registered_at", "id")
    assert (last_confirmed.registered_at, last_confirmed.pk) < (
        first_waiting.registered_at,
        first_waiting.pk,
    )


def test_a_site_visit_is_upcoming_after_the_training(loaded: DemoReport) -> None:
    visit, training = event(demo.SITE_VISIT), event(demo.TRAINING)
    assert visit.status == EventStatus.PUBLISHED and visit.kind == "site_visit"
    assert visit.starts_at > training.starts_at > timezone.now()
    assert statuses(visit) == {RegistrationStatus.CONFIRMED: 2}


# ---------------------------------------------------------------------------------- notices


def test_a_policy_a_call_for_enterprises_and_a_result_are_published(loaded: DemoReport) -> None:
    notices = {n.kind: n for n in Notice.objects.filter(title_zh__endswith="（演示）")}
    assert set(notices) == {"policy", "call", "result"}
    assert all(n.published_at is not None and n.withdrawn_at is None for n in notices.values())
    call = notices["call"]
    assert not call.public and call.for_enterprises
    assert not (call.for_financial or call.for_research or call.for_social)
    # the enterprise's manager sees the call; the bank's analyst and the public do not
    seen_by = {
        name: set(permissions.visible_notices(user(name)).values_list("pk", flat=True))
        for name in ("manager", "analyst", "public")
    }
    assert call.pk in seen_by["manager"]
    assert call.pk not in seen_by["analyst"] | seen_by["public"]
    assert {notices["policy"].pk, notices["result"].pk} <= seen_by["public"]


# ----------------------------------------------------------------------------- applications


def test_one_application_waits_for_review_and_one_was_asked_for_more(loaded: DemoReport) -> None:
    waiting_spec, asked_spec = demo.APPLICATIONS
    waiting = JoinApplication.objects.get(credit_code=demo.applicant_credit_code(waiting_spec))
    asked = JoinApplication.objects.get(credit_code=demo.applicant_credit_code(asked_spec))
    assert waiting.status == ApplicationStatus.SUBMITTED
    assert asked.status == ApplicationStatus.MORE_INFO
    assert (waiting.kind, asked.kind) == ("enterprise", "social_organisation")
    (request,) = asked.messages.all()
    assert request.kind == ApplicationMessageKind.REQUEST
    assert request.text == asked_spec["ask"] and request.author == user("secretariat")
    assert not waiting.messages.exists()
    for application, spec in ((waiting, waiting_spec), (asked, asked_spec)):
        (licence,) = application.documents.all()
        expected = demo_pdf(f"business licence of {spec['name_en']}")
        assert licence.kind == "business_licence" and licence.content_type == "application/pdf"
        assert licence.sha256 == hashlib.sha256(expected).hexdigest()
        stored = Path(settings.PRIVATE_MEDIA_ROOT, licence.stored_path)
        assert stored.read_bytes() == expected


def test_the_manager_has_invited_a_reporter_who_has_not_answered_yet(loaded: DemoReport) -> None:
    manager = user("manager")
    invitation = Invitation.objects.get(email=demo.INVITATION_EMAIL)
    assert invitation.organisation_id == manager.organisation_id
    assert invitation.role == "enterprise_reporter" and invitation.invited_by == manager
    assert invitation.accepted_at is None and invitation.revoked_at is None
    assert invitation.expires_at > timezone.now()


# ----------------------------------------------------------------------------------- outbox


def test_the_outbox_holds_every_message_the_story_sent(loaded: DemoReport) -> None:
    by_template: dict[str, int] = {}
    for template in OutgoingMail.objects.values_list("template", flat=True):
        by_template[template] = by_template.get(template, 0) + 1
    registrations = (
        participants(demo.CONFERENCE_PARTICIPANTS)
        + participants(demo.TRAINING_PARTICIPANTS)
        + participants(demo.SITE_VISIT_PARTICIPANTS)
    )
    assert by_template.get("registration_confirmed") == registrations - 2
    assert by_template.get("registration_waitlisted") == 2
    assert by_template.get("application_received") == 2
    assert by_template.get("invitation") == 1
    # every message in Chinese (the demo's language), to a fictional address
    assert set(OutgoingMail.objects.values_list("language", flat=True)) == {"zh-hans"}
    assert all(
        to.endswith("@example.org") for to in OutgoingMail.objects.values_list("to", flat=True)
    )
    # each registration's mail carries its check-in code
    conference = event(demo.CONFERENCE)
    for registration in conference.registrations.all():
        (mail,) = OutgoingMail.objects.filter(
            to=registration.email,
            template="registration_confirmed",
            body__contains=registration.code,
        )
        assert mail.status == "queued"


def test_a_second_load_writes_nothing(loaded: DemoReport) -> None:
    audit, mail = AuditEntry.objects.count(), OutgoingMail.objects.count()
    report = DemoReport()
    demo.load(report=report)
    assert report.created == {}
    assert (AuditEntry.objects.count(), OutgoingMail.objects.count()) == (audit, mail)


def test_the_load_reports_what_it_created(loaded: DemoReport) -> None:
    created = loaded.created
    assert created["alliance events"] == 3
    assert created["alliance registrations"] == 11 + 10 + 2
    assert created["alliance check-ins"] == demo.CHECKED_IN
    assert created["alliance notices"] == 3
    assert created["alliance applications"] == 2


# ------------------------------------------------------------------------------------ pages


def page(browser: Client, path: str) -> str:
    response = browser.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_conference_page_shows_the_programme_seats_and_recognition(
    loaded: DemoReport,
) -> None:
    conference = event(demo.CONFERENCE)
    html = page(client(), f"/alliance/events/{conference.pk}/")
    for title in (demo.KEYNOTE_TECHNOLOGY, demo.KEYNOTE_POLICY, demo.PANEL, "韩知远", "林澄远"):
        assert title in html
    assert f'<td id="seats-left">{300 - 11}' in html
    call = RecognitionCall.objects.get(title=RECOGNITION_TITLE)
    assert f'href="{reverse("recognition_call", args=[call.pk])}"' in html
    assert demo.SLIDES_TITLE in html
    (slides,) = conference.attachments.all()
    assert slides.session is not None and slides.session.title_en == demo.KEYNOTE_TECHNOLOGY
    download = client().get(f"/alliance/events/attachments/{slides.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == demo_pdf("keynote slides")  # type: ignore[attr-defined]
    ics = client().get(f"/alliance/events/{conference.pk}.ics")
    assert ics.status_code == 200 and b"SUMMARY:" in ics.content


def test_the_training_page_shows_no_seat_left_and_two_waiting(loaded: DemoReport) -> None:
    html = page(client(), f"/alliance/events/{event(demo.TRAINING).pk}/")
    assert '<td id="seats-left">0' in html and "2 on the waiting list" in html


def test_the_events_list_has_the_three_events(loaded: DemoReport) -> None:
    html = page(client(), "/alliance/events/?when=all")
    for spec in (demo.CONFERENCE, demo.TRAINING, demo.SITE_VISIT):
        assert f'id="event-{event(spec).pk}"' in html


def test_the_check_in_page_counts_eleven_confirmed_and_seven_in(loaded: DemoReport) -> None:
    conference = event(demo.CONFERENCE)
    html = page(client("secretariat"), f"/alliance/events/{conference.pk}/check-in/")
    assert "Confirmed: 11 · checked in: 7 · on the waiting list: 0" in html


def test_the_notice_list_shows_the_call_to_the_enterprise_only(loaded: DemoReport) -> None:
    call = Notice.objects.get(kind="call", title_zh__endswith="（演示）")
    assert call.title_en in page(client("manager"), "/alliance/notices/")
    for browser in (client(), client("analyst")):
        html = page(browser, "/alliance/notices/")
        assert call.title_en not in html
        assert "plan for peaking carbon in industry (demo)" in html


def test_the_secretariat_sees_the_applications_and_the_outbox(loaded: DemoReport) -> None:
    secretariat = client("secretariat")
    html = page(secretariat, "/alliance/applications/")
    for application in JoinApplication.objects.filter(credit_code__in=[
        demo.applicant_credit_code(spec) for spec in demo.APPLICATIONS
    ]):  # fmt: skip
        assert f'id="application-{application.pk}"' in html and application.reference in html
    html = page(secretariat, "/alliance/outbox/?to=" + demo.INVITATION_EMAIL)
    (invitation,) = OutgoingMail.objects.filter(to=demo.INVITATION_EMAIL)
    assert f'id="mail-{invitation.pk}"' in html
    assert invitation.body.splitlines()[0] in page(
        secretariat, f"/alliance/outbox/{invitation.pk}/"
    )


def test_the_manager_sees_the_pending_invitation_and_the_registrations(loaded: DemoReport) -> None:
    manager = client("manager")
    html = page(manager, "/alliance/colleagues/")
    assert demo.INVITATION_EMAIL in html
    html = page(manager, "/alliance/registrations/")
    mine = Registration.objects.filter(registered_by=user("manager"))
    assert mine.count() == 5 + 5 + 2
    for registration in mine:
        assert registration.code in html


def test_the_alliance_home_shows_the_upcoming_events_and_the_staffs_open_applications(
    loaded: DemoReport,
) -> None:
    html = page(client("secretariat"), "/alliance/")
    assert '<span class="value" id="count-open-applications">2</span>' in html
    for spec in (demo.TRAINING, demo.SITE_VISIT):
        assert f'id="home-event-{event(spec).pk}"' in html
    notice = Notice.objects.get(kind="result", title_zh__endswith="（演示）")
    assert notice.title_en in page(client(), "/alliance/")
