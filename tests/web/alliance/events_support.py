"""Events for the events tests: the district's conference (published, 2 seats, two keynotes
and a closing panel), a draft training, and registrations written as rows (the registrations
part has its own services and tests)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from greenledger.web.alliance.models import Event, Registration, RegistrationStatus
from greenledger.web.alliance.services import event_agenda as agenda
from greenledger.web.alliance.services import events as services
from greenledger.web.assessments.models import RecognitionCall, RecognitionStatus
from tests.web.conftest import World

_codes = itertools.count(1)


def day(days: int, hour: int = 9) -> dt.datetime:
    """``days`` from today at ``hour`` o'clock, district time."""
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + dt.timedelta(days=days)


def conference(world: World, *, publish: bool = True, capacity: int | None = 2) -> Event:
    staff = world.users["secretariat"]
    event = services.event_create(
        actor=staff,
        kind="conference",
        title_zh="首届绿色低碳产业大会",
        title_en="Inaugural Green Low-Carbon Industry Conference",
        summary_zh="联盟成立大会。",
        summary_en="The alliance's founding conference.",
        starts_at=day(30, 9),
        ends_at=day(30, 17),
        venue_zh="示范区会议中心",
        venue_en="District Conference Centre",
        address="1 Example Road",
        capacity=capacity,
        registration_closes_at=day(28, 18),
        themes=["technology", "coordinated_reduction", "industry_ecology"],
    )
    keynote = agenda.session_add(
        actor=staff,
        event=event,
        kind="keynote",
        title_zh="以科技创新实现双碳目标",
        title_en="Achieving Dual Carbon Goals through Technological Innovation",
        starts_at=day(30, 9),
        ends_at=day(30, 10),
        theme="technology",
    )
    agenda.speaker_add(
        actor=staff,
        session=keynote,
        name="王明",
        affiliation="示范区低碳研究院",
        title="Chief Engineer",
        topic="Technology roadmaps",
    )
    agenda.session_add(
        actor=staff,
        event=event,
        kind="panel",
        title_zh="培育产业生态助力脱碳",
        title_en="Cultivating Industry Ecology for Decarbonization",
        starts_at=day(30, 15),
        ends_at=day(30, 16),
        theme="industry_ecology",
    )
    if publish:
        event = services.event_publish(actor=staff, event=event)
    event.refresh_from_db()
    return event


def register(event: Event, world: World, email: str, status: str = "confirmed") -> Registration:
    """A registration row by company A's manager (as the registrations part would write it)."""
    return Registration.objects.create(
        event=event,
        organisation=world.company_a,
        name=email.split("@")[0],
        email=email,
        status=status,
        code=f"EVT{next(_codes):08d}",
        registered_by=world.users["enterprise_a"],
        registered_at=timezone.now(),
    )


def published_call(world: World, title: str = "2026 zero-carbon demonstration units") -> Any:
    return RecognitionCall.objects.create(
        type=RecognitionCall._meta.get_field("type").choices[0][0],
        title=title,
        year=2026,
        deadline=dt.date(2026, 6, 30),
        places=3,
        issuing_body="District Development and Reform Commission",
        status=RecognitionStatus.PUBLISHED,
        created_by=world.users["secretariat"],
        created_at=timezone.now(),
        published_at=timezone.now(),
    )


CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
