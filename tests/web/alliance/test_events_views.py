"""Event pages: the public list and page (agenda, speakers, themes, seats left, attachments,
recognitions), drafts hidden from all but the staff, the Atom feed, and the secretariat's
management page: create, add a session and a speaker, publish, attach, link, cancel; refusals
shown on the page naming the field."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from greenledger.web.alliance.models import Event, EventAttachment, EventStatus, Session
from tests.web.alliance.events_support import WAITLISTED, conference, day, published_call, register
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def local(moment: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_public_page_shows_the_agenda_and_seats_left(world: World) -> None:
    event = conference(world, capacity=3)
    register(event, world, "one@example.com")
    register(event, world, "two@example.com")
    register(event, world, "three@example.com", WAITLISTED)
    call = published_call(world)
    from greenledger.web.alliance.services import event_agenda as agenda

    agenda.recognition_link(actor=world.users["secretariat"], event=event, call=call)
    response = world.client("anonymous").get(f"/alliance/events/{event.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "首届绿色低碳产业大会" in page
    assert "以科技创新实现双碳目标" in page and "王明" in page and "示范区低碳研究院" in page
    assert '<td id="seats-left">1 ' in page  # 3 seats, 2 confirmed (the waiting one takes none)
    assert f'href="/recognition/{call.pk}/"' in page
    assert "manage-event" not in page and 'id="register"' not in page
    member = world.client("enterprise_a").get(f"/alliance/events/{event.pk}/").content.decode()
    assert f'href="/alliance/events/{event.pk}/register/"' in member
    staff = world.client("secretariat").get(f"/alliance/events/{event.pk}/").content.decode()
    assert f'href="/alliance/events/{event.pk}/check-in/"' in staff and "manage-event" in staff
    listing = world.client("anonymous").get("/alliance/events/").content.decode()
    assert f'id="event-{event.pk}"' in listing
    english = world.client("anonymous").get(f"/alliance/events/{event.pk}/?lang=en")
    assert (
        "Achieving Dual Carbon Goals through Technological Innovation" in english.content.decode()
    )


def test_drafts_are_404_for_all_but_the_staff(world: World) -> None:
    draft = conference(world, publish=False)
    for persona in ("anonymous", "public", "enterprise_a", "analyst", "evaluator"):
        assert world.client(persona).get(f"/alliance/events/{draft.pk}/").status_code == 404
    staff = world.client("secretariat").get(f"/alliance/events/{draft.pk}/")
    assert staff.status_code == 200 and 'id="draft"' in staff.content.decode()
    listing = world.client("anonymous").get("/alliance/events/?when=drafts").content.decode()
    assert f'id="event-{draft.pk}"' not in listing
    staff_list = world.client("secretariat").get("/alliance/events/?when=drafts").content.decode()
    assert f'id="event-{draft.pk}"' in staff_list


def test_the_atom_feed_of_upcoming_events(world: World) -> None:
    event = conference(world)
    conference(world, publish=False)
    response = world.client("anonymous").get("/alliance/events/feed/?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == "Alliance events"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert (
        entries[0]
        .findtext(f"{ATOM}title", "")
        .startswith("Inaugural Green Low-Carbon Industry Conference (")
    )
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(f"/alliance/events/{event.pk}/")
    chinese = ET.fromstring(world.client("anonymous").get("/alliance/events/feed/").content)
    assert (
        chinese.findall(f"{ATOM}entry")[0]
        .findtext(f"{ATOM}title", "")
        .startswith("首届绿色低碳产业大会")
    )


def test_the_secretariat_builds_publishes_and_cancels_an_event(
    world: World, tmp_path: Path, sent_mail: Any
) -> None:
    client = world.client("secretariat")
    form = {
        "kind": "training",
        "title_zh": "碳核算培训",
        "title_en": "Carbon accounting training",
        "starts_at": local(day(10, 9)),
        "ends_at": local(day(10, 12)),
        "venue_zh": "培训中心",
        "capacity": "30",
        "themes": ["technology"],
    }
    bad = client.post("/alliance/events/new/", {**form, "ends_at": local(day(10, 8))})
    assert bad.status_code == 422
    assert list(bad.context["form"].errors) == ["ends_at"]
    response = client.post("/alliance/events/new/", form)
    assert response.status_code == 302
    event = Event.objects.get(title_zh="碳核算培训")
    assert response["Location"] == f"/alliance/events/{event.pk}/manage/"
    assert event.status == EventStatus.DRAFT and event.capacity == 30
    assert client.get(f"/alliance/events/{event.pk}/manage/").status_code == 200
    response = client.post(
        f"/alliance/events/{event.pk}/sessions/",
        {"kind": "talk", "title_zh": "核算方法", "starts_at": local(day(10, 9))},
    )
    assert response.status_code == 302
    session = Session.objects.get(event=event)
    outside = client.post(
        f"/alliance/events/{event.pk}/sessions/",
        {"kind": "talk", "title_zh": "晚场", "starts_at": local(day(10, 20))},
    )
    assert outside.status_code == 422 and Session.objects.filter(event=event).count() == 1
    assert (
        client.post(
            f"/alliance/events/sessions/{session.pk}/speakers/",
            {"role": "speaker", "name": "张三", "affiliation": "示范区低碳研究院"},
        ).status_code
        == 302
    )
    assert client.post(f"/alliance/events/{event.pk}/publish/").status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    again = client.post(f"/alliance/events/{event.pk}/publish/")
    assert again.status_code == 422 and 'id="action-errors"' in again.content.decode()
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        upload = io.BytesIO(PDF_BYTES)
        upload.name = "slides.pdf"
        response = client.post(
            f"/alliance/events/{event.pk}/attachments/",
            {"kind": "slides", "title": "课件", "session": session.pk, "file": upload},
        )
        assert response.status_code == 302
        attachment = EventAttachment.objects.get(event=event)
        download = world.client("anonymous").get(f"/alliance/events/attachments/{attachment.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
    register(event, world, "trainee@example.com")
    response = client.post(f"/alliance/events/{event.pk}/cancel/", {"reason": "讲师无法到场"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.sequence >= 1
    assert [m.to[0] for m in sent_mail] == ["trainee@example.com"]
    page = world.client("anonymous").get(f"/alliance/events/{event.pk}/").content.decode()
    assert 'id="cancelled"' in page


def test_management_pages_are_the_secretariats(world: World) -> None:
    event = conference(world)
    for persona in ("enterprise_a", "analyst", "public", "evaluator"):
        client = world.client(persona)
        assert client.get("/alliance/events/new/").status_code == 403
        assert client.get(f"/alliance/events/{event.pk}/manage/").status_code == 403
        assert client.post(f"/alliance/events/{event.pk}/cancel/").status_code == 403
    anonymous = world.client("anonymous")
    assert anonymous.get("/alliance/events/new/").status_code == 302
    assert anonymous.post(f"/alliance/events/{event.pk}/cancel/").status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_the_pages_speak_chinese_by_default_and_english_on_request(world: World) -> None:
    event = conference(world)
    page = world.client("anonymous").get(f"/alliance/events/{event.pk}/").content.decode()
    assert "剩余名额" in page and "议程" in page and "加入日历（.ics）" in page
    listing = world.client("anonymous").get("/alliance/events/").content.decode()
    assert "联盟活动" in listing and "全部主题" in listing
    client = world.client("secretariat")
    refused = client.post(
        f"/alliance/events/{event.pk}/sessions/",
        {"kind": "talk", "title_zh": "晚场", "starts_at": local(day(30, 20))},
    )
    assert "环节时间须在活动时间之内。" in refused.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    refused = client.post(
        f"/alliance/events/{event.pk}/sessions/",
        {"kind": "talk", "title_zh": "晚场", "starts_at": local(day(30, 20))},
    )
    assert "The session must lie within the event&#x27;s time." in refused.content.decode()


def test_the_secretariat_edits_a_session_on_the_page(world: World) -> None:
    event = conference(world)
    keynote = event.sessions.get(kind="keynote")
    client = world.client("secretariat")
    page = client.get(f"/alliance/events/{event.pk}/manage/").content.decode()
    assert f'name="s{keynote.pk}-title_zh"' in page and "以科技创新实现双碳目标" in page
    prefix = f"s{keynote.pk}-"
    form = {
        prefix + "order": "1",
        prefix + "kind": "keynote",
        prefix + "starts_at": local(day(30, 9)),
        prefix + "ends_at": local(day(30, 10)),
        prefix + "title_zh": "以科技创新实现双碳目标（更新）",
        prefix + "theme": "technology",
    }
    late = client.post(
        f"/alliance/events/sessions/{keynote.pk}/edit/",
        {**form, prefix + "ends_at": local(day(30, 18))},
    )
    assert late.status_code == 422
    assert "环节时间须在活动时间之内。" in late.content.decode()
    keynote.refresh_from_db()
    assert keynote.title_zh == "以科技创新实现双碳目标"
    done = client.post(f"/alliance/events/sessions/{keynote.pk}/edit/", form)
    assert done.status_code == 302
    keynote.refresh_from_db()
    event.refresh_from_db()
    assert keynote.title_zh == "以科技创新实现双碳目标（更新）" and keynote.title_en == ""
    assert event.sequence == 1  # a published event's agenda changed
    other = world.client("enterprise_a").post(f"/alliance/events/sessions/{keynote.pk}/edit/", form)
    assert other.status_code == 403
