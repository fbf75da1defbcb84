"""Event services: the secretariat creates a draft, builds its agenda, publishes it; every
later change bumps the iCalendar sequence; cancelling tells the registered participants by
mail; attachments are checked by content; only published recognition lists are linked.
Refusals name the field and leave nothing behind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from greenledger.web.alliance.models import (
    Event,
    EventAttachment,
    EventRecognition,
    EventStatus,
    OutgoingMail,
    Session,
)
from greenledger.web.alliance.selectors import events as selectors
from greenledger.web.alliance.services import event_agenda as agenda
from greenledger.web.alliance.services import events as services
from greenledger.web.assessments.models import RecognitionStatus
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.conftest import mail_to
from tests.web.alliance.events_support import (
    WAITLISTED,
    conference,
    day,
    published_call,
    register,
)
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(tmp_path: Path) -> Any:
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        yield tmp_path / "private"


def test_a_draft_is_built_and_published_with_its_agenda(world: World) -> None:
    event = conference(world, publish=False)
    assert event.status == EventStatus.DRAFT and event.sequence == 0
    sessions = list(event.sessions.order_by("order"))
    assert [(s.order, s.kind) for s in sessions] == [(1, "keynote"), (2, "panel")]
    assert [(p.name, p.title, p.order) for p in sessions[0].speakers.all()] == [
        ("王明", "Chief Engineer", 1)
    ]
    assert sorted(event.themes.values_list("theme", flat=True)) == [
        "coordinated_reduction",
        "industry_ecology",
        "technology",
    ]
    # drafts: the staff see them, nobody else
    assert selectors.visible_event(world.users["secretariat"], event.pk) == event
    for persona in ("enterprise_a", "analyst", "public"):
        assert selectors.visible_event(world.users[persona], event.pk) is None
    published = services.event_publish(actor=world.users["secretariat"], event=event)
    assert published.status == EventStatus.PUBLISHED and published.published_at is not None
    assert published.sequence == 0  # the first announcement
    assert selectors.visible_event(world.users["public"], event.pk) == published
    actions = list(
        AuditEntry.objects.filter(action__startswith="alliance.").values_list("action", flat=True)
    )
    assert actions.count("alliance.session.add") == 2
    assert actions[-1] == "alliance.event.publish"


def test_changes_of_a_published_event_bump_its_sequence(world: World) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    assert event.sequence == 0
    services.event_update(actor=staff, event=event, venue_en="District Hall B")
    event.refresh_from_db()
    assert (event.venue_en, event.sequence) == ("District Hall B", 1)
    # nothing changed: no new revision, no audit entry
    entries = AuditEntry.objects.count()
    services.event_update(actor=staff, event=event, venue_en="District Hall B")
    event.refresh_from_db()
    assert event.sequence == 1 and AuditEntry.objects.count() == entries
    agenda.session_add(actor=staff, event=event, kind="recognition", title_zh="示范单位授牌")
    event.refresh_from_db()
    assert event.sequence == 2
    services.event_update(actor=staff, event=event, themes=["technology"])
    event.refresh_from_db()
    assert event.sequence == 3
    assert list(event.themes.values_list("theme", flat=True)) == ["technology"]


def test_refusals_name_the_field(world: World) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    cases = [
        ({"ends_at": day(30, 8)}, "ends_at"),
        ({"title_zh": "  "}, "title_zh"),
        ({"kind": "party"}, "kind"),
        ({"capacity": 0}, "capacity"),
        ({"registration_closes_at": day(31)}, "registration_closes_at"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.event_update(actor=staff, event=event, **changes)
        assert field in refused.value.message_dict, changes
    with pytest.raises(ValidationError) as refused:
        services.event_update(actor=staff, event=event, themes=["carbon_capture"])
    assert "carbon_capture" in refused.value.message_dict["themes"][0]
    event.refresh_from_db()
    assert event.sequence == 0  # nothing was changed


def test_capacity_cannot_drop_below_the_confirmed(world: World) -> None:
    event = conference(world, capacity=3)
    register(event, world, "a1@example.com")
    register(event, world, "a2@example.com")
    register(event, world, "a3@example.com", WAITLISTED)
    assert selectors.seats_left(event) == 1
    with pytest.raises(ValidationError) as refused:
        services.event_update(actor=world.users["secretariat"], event=event, capacity=1)
    assert "2" in refused.value.message_dict["capacity"][0]
    services.event_update(actor=world.users["secretariat"], event=event, capacity=2)
    event.refresh_from_db()
    assert selectors.seats_left(event) == 0
    page = selectors.event_page(event)
    assert (page.confirmed, page.waitlisted, page.seats_left) == (2, 1, 0)


def test_only_the_secretariat_manages_events(world: World) -> None:
    event = conference(world)
    for persona in ("enterprise_a", "evaluator", "analyst", "public"):
        user = world.users[persona]
        with pytest.raises(PermissionDenied):
            services.event_create(
                actor=user,
                kind="forum",
                title_zh="论坛",
                title_en="Forum",
                starts_at=day(5),
                ends_at=day(5, 12),
                venue_zh="会场",
            )
        with pytest.raises(PermissionDenied):
            services.event_cancel(actor=user, event=event)
        with pytest.raises(PermissionDenied):
            agenda.session_add(actor=user, event=event, kind="talk", title_zh="报告")
    assert Event.objects.count() == 1
    # the district administrator is registry staff too
    services.event_update(actor=world.users["district_admin"], event=event, address="2 Road")


def test_cancelling_tells_every_registered_participant(world: World, sent_mail: Any) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    register(event, world, "seat@example.com")
    register(event, world, "waiting@example.com", WAITLISTED)
    gone = register(event, world, "gone@example.com")
    gone.status = "cancelled"
    gone.save()
    cancelled = services.event_cancel(actor=staff, event=event, reason="台风预警")
    assert cancelled.status == EventStatus.CANCELLED and cancelled.sequence == 1
    assert cancelled.cancelled_at is not None
    told = sorted(m.to for m in OutgoingMail.objects.filter(template="event_cancelled"))
    assert told == ["seat@example.com", "waiting@example.com"]
    message = mail_to("seat@example.com", "event_cancelled")[0]
    assert "首届绿色低碳产业大会" in message.subject
    assert "台风预警" in message.body
    assert f"http://testserver/alliance/events/{event.pk}/" in message.body
    assert sorted(m.to[0] for m in sent_mail) == told  # sent through the mail backend
    # a cancelled event is kept as announced
    with pytest.raises(ValidationError) as refused:
        services.event_update(actor=staff, event=event, title_en="Renamed")
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.event_cancel(actor=staff, event=event)
    with pytest.raises(ValidationError):
        agenda.session_add(actor=staff, event=event, kind="talk", title_zh="补充报告")


def test_a_draft_is_not_cancelled_and_is_published_once(world: World) -> None:
    staff = world.users["secretariat"]
    draft = conference(world, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.event_cancel(actor=staff, event=draft)
    assert "status" in refused.value.message_dict
    services.event_publish(actor=staff, event=draft)
    with pytest.raises(ValidationError):
        services.event_publish(actor=staff, event=draft)


def test_sessions_stay_inside_the_event_and_in_a_unique_order(world: World) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    with pytest.raises(ValidationError) as refused:
        agenda.session_add(
            actor=staff, event=event, kind="talk", title_zh="晚间报告", starts_at=day(30, 18)
        )
    assert "starts_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        agenda.session_add(actor=staff, event=event, kind="talk", title_zh="报告", order=1)
    assert "order" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        agenda.session_add(actor=staff, event=event, kind="talk", title_zh="报告", theme="x")
    assert "theme" in refused.value.message_dict
    opening = agenda.session_add(actor=staff, event=event, kind="opening", title_zh="开幕", order=5)
    agenda.session_update(actor=staff, session=opening, order=3, title_en="Opening")
    opening.refresh_from_db()
    assert (opening.order, opening.title_en) == (3, "Opening")
    panel = event.sessions.get(kind="panel")
    agenda.speaker_add(actor=staff, session=panel, name="李华", role="moderator")
    with pytest.raises(ValidationError) as refused:
        agenda.speaker_add(actor=staff, session=panel, name="赵六", role="host")
    assert "role" in refused.value.message_dict
    agenda.session_remove(actor=staff, session=panel)
    assert list(event.sessions.values_list("order", flat=True)) == [1, 3]
    assert not Session.objects.filter(pk=panel.pk).exists()


def test_attachments_are_checked_by_content(world: World, private: Path) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    keynote = event.sessions.get(kind="keynote")
    slides = agenda.attachment_add(
        actor=staff,
        event=event,
        kind="slides",
        title="主旨报告幻灯片",
        upload=io.BytesIO(PDF_BYTES),
        filename="keynote.pdf",
        session=keynote,
    )
    stored = agenda.attachment_path(slides)
    assert stored.is_file() and stored.is_relative_to(private)
    assert slides.content_type == "application/pdf" and slides.size == len(PDF_BYTES)
    with pytest.raises(ValidationError):
        agenda.attachment_add(
            actor=staff,
            event=event,
            kind="slides",
            title="Not a PDF",
            upload=io.BytesIO(b"MZ\x90\x00 this is an executable"),
            filename="slides.pdf",
        )
    assert EventAttachment.objects.count() == 1
    assert len(list((private / "alliance" / "events" / str(event.pk)).iterdir())) == 1
    with pytest.raises(ValidationError) as refused:
        agenda.attachment_add(
            actor=staff,
            event=event,
            kind="video",
            title="x",
            upload=io.BytesIO(PDF_BYTES),
            filename="x.pdf",
        )
    assert "kind" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        agenda.attachment_remove(actor=world.users["enterprise_a"], attachment=slides)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        agenda.attachment_remove(actor=staff, attachment=slides)
    assert not stored.exists() and not EventAttachment.objects.exists()


def test_only_published_recognition_lists_are_linked(world: World) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    call = published_call(world)
    recognition = agenda.recognition_link(actor=staff, event=event, call=call)
    assert EventRecognition.objects.get().call == call
    with pytest.raises(ValidationError) as refused:
        agenda.recognition_link(actor=staff, event=event, call=call)
    assert "call" in refused.value.message_dict
    scoring = published_call(world, "2026 green factories")
    scoring.status = RecognitionStatus.SCORING
    scoring.save()
    with pytest.raises(ValidationError) as refused:
        agenda.recognition_link(actor=staff, event=event, call=scoring)
    assert "2026 green factories" in refused.value.message_dict["call"][0]
    agenda.recognition_unlink(actor=staff, recognition=recognition)
    assert not EventRecognition.objects.exists()


def test_the_list_splits_upcoming_and_past_and_filters(world: World) -> None:
    staff = world.users["secretariat"]
    upcoming = conference(world)
    past = services.event_create(
        actor=staff,
        kind="site_visit",
        title_zh="零碳工厂参观",
        title_en="Zero-carbon factory visit",
        starts_at=day(-10, 9),
        ends_at=day(-10, 12),
        venue_zh="丙公司",
        themes=["coordinated_reduction"],
    )
    services.event_publish(actor=staff, event=past)
    draft = conference(world, publish=False)
    public = world.users["public"]
    assert list(selectors.event_list(public)) == [upcoming]
    assert list(selectors.event_list(public, when="past")) == [past]
    assert list(selectors.event_list(public, when="drafts")) == []
    assert list(selectors.event_list(staff, when="drafts")) == [draft]
    assert list(selectors.event_list(public, when="past", kind="conference")) == []
    assert list(selectors.event_list(public, theme="industry_ecology")) == [upcoming]
    assert list(selectors.event_list(public, when="past", theme="technology")) == []
    assert list(selectors.upcoming_events()) == [upcoming]
