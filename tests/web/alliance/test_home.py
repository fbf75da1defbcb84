"""The alliance home: upcoming events and the latest notices for everybody, and the pages of
each reader's role (join for anonymous visitors, registrations for members' users, colleagues
for a colleague manager, the review queue with its count for the staff)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from greenledger.web.alliance.models import Event, JoinApplication
from tests.web.alliance.notices_support import a_published, for_enterprises
from tests.web.conftest import World, credit_code

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def event(world: World, title: str, start_in_days: int, status: str = "published") -> Event:
    starts = timezone.now() + dt.timedelta(days=start_in_days)
    return Event.objects.create(
        kind="conference", title_zh=title, title_en=f"{title} (en)", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8), venue_zh="东江新区会展中心",
        status=status, created_by=world.users["secretariat"], created_at=timezone.now(),
        updated_at=timezone.now(),
    )  # fmt: skip


def application(number: int, status: str) -> JoinApplication:
    return JoinApplication.objects.create(
        reference=f"JA-2026-{number:04d}", kind="enterprise", name_zh=f"申请企业{number}",
        credit_code=credit_code(900 + number), address="东江路1号", district="东江新区",
        contact_name="李工", contact_email=f"li{number}@applicant.example", standing="member",
        status=status, status_key_hash=f"{number:064d}", submitted_at=timezone.now(),
        updated_at=timezone.now(),
    )  # fmt: skip


def links(page: str) -> list[str]:
    return re.findall(r'id="alliance-link-([a-z_]+)"', page)


def test_everybody_sees_the_upcoming_events_and_the_latest_notices(world: World) -> None:
    conference = event(world, "首届绿色低碳产业大会", 10)
    event(world, "去年的论坛", -400)
    event(world, "筹备中的培训", 20, status="draft")
    a_published(world)
    for_enterprises(world)
    page = world.client("anonymous").get("/alliance/").content.decode()
    assert f'id="home-event-{conference.pk}"' in page and "首届绿色低碳产业大会" in page
    assert "去年的论坛" not in page and "筹备中的培训" not in page
    assert "关于推进协同降碳的通知" in page and "企业成员名单公示" not in page
    assert '<a href="/alliance/" id="nav-alliance" aria-current="page">联盟</a>' in page
    overview = world.client("anonymous").get("/").content.decode()
    assert '<a href="/alliance/" id="nav-alliance">联盟</a>' in overview
    member_page = world.client("enterprise_a").get("/alliance/", **EN).content.decode()
    assert "Member enterprises: the list" in member_page
    assert "首届绿色低碳产业大会 (en)" in member_page


def test_each_role_gets_its_pages(world: World) -> None:
    page: dict[str, Any] = {
        persona: world.client(persona).get("/alliance/").content.decode()
        for persona in ("anonymous", "enterprise_a", "analyst", "secretariat", "public")
    }
    assert links(page["anonymous"]) == ["events", "notices", "join"]
    assert links(page["enterprise_a"]) == ["events", "notices", "registrations", "colleagues"]
    # the bank is not a member and its analyst manages no colleagues
    assert links(page["analyst"]) == ["events", "notices"]
    assert links(page["public"]) == ["events", "notices"]
    assert links(page["secretariat"]) == [
        "events", "notices", "applications", "memberships", "event_new", "notice_new", "outbox",
    ]  # fmt: skip
    assert 'id="count-open-applications"' not in page["enterprise_a"]


def test_the_staff_see_how_many_applications_wait(world: World) -> None:
    application(1, "submitted")
    application(2, "more_info")
    application(3, "rejected")
    page = world.client("district_admin").get("/alliance/").content.decode()
    assert '<span class="value" id="count-open-applications">2</span>' in page
