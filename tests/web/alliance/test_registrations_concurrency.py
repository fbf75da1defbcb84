"""Two registrations for the last seat at the same moment: the event's row is locked while the
confirmed seats are counted, so exactly one is confirmed and the other waits (PostgreSQL: the
SQLite test database is in memory and serves one connection)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from greenledger.web.alliance.models import Registration
from greenledger.web.alliance.services import registrations as services
from tests.web.alliance.registrations_support import an_event
from tests.web.conftest import World


@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_cannot_both_take_the_last_seat(
    world: World, sent_mail: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the SQLite test database is in memory)")
    event = an_event(world, capacity=1)
    counted = services._confirmed_count

    def slow_count(locked_event: Any) -> int:
        found = counted(locked_event)
        time.sleep(0.5)  # the other registration arrives while this one holds the count
        return found

    monkeypatch.setattr(services, "_confirmed_count", slow_count)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(persona: str, number: int) -> None:
        start.wait()
        try:
            services.registration_create(
                actor=world.users[persona],
                event=event,
                name=f"参会人{number}",
                email=f"guest{number}@example.org",
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=register, args=("enterprise_a", 1)),
        threading.Thread(target=register, args=("enterprise_b", 2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == ["confirmed", "waitlisted"]
