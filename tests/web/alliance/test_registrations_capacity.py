"""Registration beyond the seats and the waiting list: refused with the reason, nothing
written; a waiting list of 0 places means no waiting list; none set means no limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from greenledger.web.alliance.models import Event, Registration, RegistrationStatus
from greenledger.web.alliance.services.events import event_update
from greenledger.web.alliance.services.registrations import registration_cancel, registration_create
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.registrations_support import an_event
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def guest(world: World, event: Any, number: int) -> Registration:
    return registration_create(
        actor=world.users["enterprise_a"],
        event=event,
        name=f"参会人{number}",
        email=f"guest{number}@example.org",
    )


def test_beyond_the_seats_and_the_waiting_list_is_refused(world: World, sent_mail: Any) -> None:
    event = an_event(world, capacity=2, waitlist_limit=1)
    statuses = [guest(world, event, n).status for n in (1, 2, 3)]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    rows, entries, mails = Registration.objects.count(), AuditEntry.objects.count(), len(sent_mail)
    with pytest.raises(ValidationError) as refused:
        guest(world, event, 4)
    assert refused.value.message_dict == {
        "event": [
            "The event is full: its 2 seats are taken and its waiting list of 1 places is full."
        ]
    }
    assert (Registration.objects.count(), AuditEntry.objects.count()) == (rows, entries)
    assert len(sent_mail) == mails
    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        guest(world, event, 4)
    assert "已满" in chinese.value.message_dict["event"][0]
    # a cancelled seat goes to the one waiting, and a place on the list opens
    first = Registration.objects.get(email="guest1@example.org")
    registration_cancel(actor=world.users["enterprise_a"], registration=first)
    assert Registration.objects.get(email="guest3@example.org").status == "confirmed"
    assert guest(world, event, 4).status == RegistrationStatus.WAITLISTED


def test_a_waiting_list_of_none_places_and_one_without_limit(world: World, sent_mail: Any) -> None:
    closed = an_event(world, capacity=1, waitlist_limit=0)
    assert guest(world, closed, 1).status == "confirmed"
    with pytest.raises(ValidationError):
        guest(world, closed, 2)
    open_list = an_event(world, capacity=1, title_zh="论坛")
    assert [guest(world, open_list, n).status for n in (3, 4, 5, 6)] == [
        "confirmed", "waitlisted", "waitlisted", "waitlisted"
    ]  # fmt: skip


def test_the_secretariat_sets_the_waiting_list_and_a_negative_number_is_refused(
    world: World,
) -> None:
    event = an_event(world, capacity=2)
    changed = event_update(actor=world.users["secretariat"], event=event, waitlist_limit=5)
    assert changed.waitlist_limit == 5
    entry = AuditEntry.objects.filter(action="alliance.event.update").latest("pk")
    assert entry.after["waitlist_limit"] == 5 and entry.before["waitlist_limit"] is None
    with pytest.raises(ValidationError) as refused:
        event_update(actor=world.users["secretariat"], event=event, waitlist_limit=-1)
    assert list(refused.value.message_dict) == ["waitlist_limit"]


def test_the_event_page_shows_the_waiting_list_places(world: World, client: Any) -> None:
    event = an_event(world, capacity=2, waitlist_limit=3)
    page = client.get(f"/alliance/events/{event.pk}/").content.decode()
    assert '<td id="waitlist-limit">3</td>' in page
    without = an_event(world, capacity=2, title_zh="论坛")
    assert (
        'id="waitlist-limit"' not in client.get(f"/alliance/events/{without.pk}/").content.decode()
    )


def test_the_form_and_the_api_set_the_waiting_list(world: World) -> None:
    from tests.web.alliance.events_support import day
    from tests.web.alliance.test_events_views import local

    form = {
        "kind": "training",
        "title_zh": "碳核算培训",
        "title_en": "Carbon accounting training",
        "starts_at": local(day(10, 9)),
        "ends_at": local(day(10, 12)),
        "venue_zh": "培训中心",
        "capacity": "30",
        "waitlist_limit": "5",
    }
    client = world.client("secretariat")
    refused = client.post("/alliance/events/new/", {**form, "waitlist_limit": "-1"})
    assert refused.status_code == 422 and list(refused.context["form"].errors) == ["waitlist_limit"]
    assert client.post("/alliance/events/new/", form).status_code == 302
    assert Event.objects.get(title_zh="碳核算培训").waitlist_limit == 5
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['secretariat']}"}
    body = {**form, "title_zh": "论坛", "starts_at": day(12, 9).isoformat(),
            "ends_at": day(12, 12).isoformat(), "capacity": 50, "waitlist_limit": 0}  # fmt: skip
    created = client.post("/api/alliance/events", body, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["waitlist_limit"] == 0
    bad = client.post(
        "/api/alliance/events",
        {**body, "waitlist_limit": -2},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
