"""The event pages' queries do not grow with the agenda or the number of events: a conference
with three more sessions, each with two speakers, and three more events cost the same."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.alliance.services import event_agenda as agenda
from tests.web.alliance.events_support import conference
from tests.web.conftest import World
from tests.web.query_counts import queries

pytestmark = pytest.mark.django_db


def test_pages_cost_the_same_whatever_the_agenda(world: World, no_page_cache: Any) -> None:
    staff = world.users["secretariat"]
    event = conference(world)
    client = world.client("anonymous")
    urls = [
        f"/alliance/events/{event.pk}/",
        "/alliance/events/",
        f"/api/alliance/events/{event.pk}",
        "/api/alliance/events",
        f"/alliance/events/{event.pk}.ics",
        "/alliance/events/feed/",
        "/alliance/events/upcoming.ics",
    ]
    before = {url: queries(client, url) for url in urls}
    for n in range(3):
        session = agenda.session_add(actor=staff, event=event, kind="talk", title_zh=f"报告{n}")
        for person in ("甲", "乙"):
            agenda.speaker_add(actor=staff, session=session, name=f"{person}{n}")
        conference(world)
    after = {url: queries(client, url) for url in urls}
    assert after == before
