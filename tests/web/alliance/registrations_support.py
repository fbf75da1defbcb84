"""Fixtures of the registration tests: published events made directly with the models (the
events services are another part's), and e-mail addresses on the personas' accounts (the code
is sent to the participant's address)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from greenledger.web.alliance.models import Event, EventKind, EventStatus
from tests.web.conftest import World


def an_event(world: World, *, capacity: int | None = 2, **overrides: Any) -> Event:
    """A published conference a week from now (capacity 2 unless told)."""
    moment = timezone.now()
    starts = moment + dt.timedelta(days=7)
    values: dict[str, Any] = {
        "kind": EventKind.CONFERENCE,
        "title_zh": "绿色低碳产业大会",
        "title_en": "Green Low-Carbon Industry Conference",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=6),
        "venue_zh": "东江新区会展中心",
        "venue_en": "Dongjiang Expo Centre",
        "capacity": capacity,
        "status": EventStatus.PUBLISHED,
        "published_at": moment,
        "created_by": world.users["secretariat"],
        "created_at": moment,
        "updated_at": moment,
    }
    values.update(overrides)
    return Event.objects.create(**values)


def with_emails(world: World) -> World:
    """Give the personas' accounts an address (persona@example.org)."""
    for persona, user in world.users.items():
        if not user.email:
            user.email = f"{persona.replace('_', '-')}@example.org"
            user.save(update_fields=["email"])
    return world
