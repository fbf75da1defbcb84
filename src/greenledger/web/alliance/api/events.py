"""Alliance events under /api/alliance/events: the public list (upcoming or past, by kind and
theme) and one event with its agenda, speakers, themes, seats left, attachments and
recognitions (drafts: 404 for anybody but the secretariat); the secretariat's writes (create,
change, publish, cancel, sessions, speakers, recognitions linked). A refusal is 422 naming the
field; a write by anybody else is 403. Files are attached on the event's management page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.alliance.api._router import router
from greenledger.web.alliance.models import Event, Session, Speaker
from greenledger.web.alliance.selectors import events as selectors
from greenledger.web.alliance.services import event_agenda as agenda
from greenledger.web.alliance.services import events as services
from greenledger.web.assessments.models import RecognitionCall
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column, paginated
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _event(request: HttpRequest, event_id: int) -> Event:
    event = selectors.visible_event(_user(request), event_id)
    if event is None:
        raise Http404
    return event


def _managed(request: HttpRequest, event_id: int) -> Event:
    if not permissions.can_manage_events(_user(request)):
        raise PermissionDenied
    return _event(request, event_id)


class AllianceSpeakerOut(Schema):
    id: int
    order: int
    role: str = Field(description="speaker, moderator or panellist.")
    name: str
    affiliation: str
    title: str = Field(description="The speaker's job title.")
    topic: str


class AllianceSessionOut(Schema):
    id: int
    order: int
    kind: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    title_zh: str
    title_en: str
    theme: str
    speakers: list[AllianceSpeakerOut]

    @staticmethod
    def resolve_speakers(session: Session) -> list[Speaker]:
        return list(session.speakers.all())


class AllianceEventOut(Schema):
    id: int
    kind: str = Field(description="conference, forum, training or site_visit.")
    status: str = Field(description="draft, published or cancelled.")
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue_zh: str
    venue_en: str
    address: str
    capacity: int | None = Field(description="Seats; null: no limit.")
    waitlist_limit: int | None = Field(
        description="Places on the waiting list once the seats are taken; null: no limit, "
        "0: no waiting list. A registration beyond both is refused."
    )
    seats_left: int | None = Field(description="Seats not taken by a confirmed registration.")
    registration_closes_at: dt.datetime | None
    themes: list[str]
    sequence: int = Field(description="The iCalendar SEQUENCE: bumped on published changes.")
    published_at: dt.datetime | None
    cancelled_at: dt.datetime | None

    @staticmethod
    def resolve_themes(event: Event) -> list[str]:
        return [t.theme for t in event.themes.all()]

    @staticmethod
    def resolve_seats_left(event: Event) -> int | None:
        return selectors.seats_left(event)


class AllianceAttachmentOut(Schema):
    id: int
    kind: str
    title: str
    session_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    url: str

    @staticmethod
    def resolve_url(attachment: Any) -> str:
        return reverse("alliance:event_attachment", args=[attachment.pk])


class AllianceRecognitionOut(Schema):
    id: int
    call_id: int
    call_title: str
    session_id: int | None
    url: str = Field(description="The published list's page.")

    @staticmethod
    def resolve_call_title(recognition: Any) -> str:
        return str(recognition.call.title)

    @staticmethod
    def resolve_url(recognition: Any) -> str:
        return reverse("recognition_call", args=[recognition.call_id])


class AllianceEventDetailOut(AllianceEventOut):
    confirmed: int
    waitlisted: int
    registration_open: bool
    sessions: list[AllianceSessionOut]
    attachments: list[AllianceAttachmentOut]
    recognitions: list[AllianceRecognitionOut]

    @staticmethod
    def resolve_waitlisted(event: Any) -> int:
        return int(event.page.waitlisted)

    @staticmethod
    def resolve_registration_open(event: Any) -> bool:
        return bool(event.page.registration_open)

    @staticmethod
    def resolve_sessions(event: Any) -> list[Session]:
        return list(event.page.sessions)

    @staticmethod
    def resolve_attachments(event: Any) -> list[Any]:
        return list(event.page.attachments)

    @staticmethod
    def resolve_recognitions(event: Any) -> list[Any]:
        return list(event.page.recognitions)


class AllianceEventIn(Schema):
    kind: str = column(Event, "kind")
    title_zh: str = column(Event, "title_zh")
    title_en: str = column(Event, "title_en")
    summary_zh: str = ""
    summary_en: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue_zh: str = column(Event, "venue_zh")
    venue_en: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    capacity: int | None = Field(None, ge=1, le=2147483647)
    waitlist_limit: int | None = Field(None, ge=0, le=2147483647)
    registration_closes_at: dt.datetime | None = None
    themes: list[str] = []


class AllianceEventPatch(Schema):
    kind: str | None = Field(None, max_length=20)
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    summary_zh: str | None = None
    summary_en: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    venue_zh: str | None = Field(None, max_length=200)
    venue_en: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    capacity: int | None = Field(None, ge=1, le=2147483647)
    waitlist_limit: int | None = Field(None, ge=0, le=2147483647)
    registration_closes_at: dt.datetime | None = None
    themes: list[str] | None = None


class AllianceCancelIn(Schema):
    reason: str = Field("", max_length=1000)


class AllianceSessionIn(Schema):
    kind: str = column(Session, "kind")
    title_zh: str = column(Session, "title_zh")
    title_en: str = Field("", max_length=300)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    theme: str = Field("", max_length=32)
    order: int | None = Field(None, ge=1, le=32767)


class AllianceSpeakerIn(Schema):
    name: str = column(Speaker, "name")
    role: str = Field("speaker", max_length=20)
    affiliation: str = Field("", max_length=200)
    title: str = Field("", max_length=200, description="The speaker's job title.")
    topic: str = Field("", max_length=300)


class AllianceRecognitionIn(Schema):
    call_id: DbId = Field(description="A recognition call whose list is published.")
    session_id: DbId | None = None


def _detail(event: Event) -> Event:
    """The event with its page (agenda, counts) for ``AllianceEventDetailOut``."""
    page = selectors.event_page(event)
    event.page = page  # type: ignore[attr-defined]
    event.confirmed = page.confirmed  # type: ignore[attr-defined]
    return event


@router.get("/events", response=list[AllianceEventOut], summary="Alliance events")
@answers(422)
@paginated
def event_list(
    request: HttpRequest,
    when: str = "upcoming",
    kind: str | None = None,
    theme: str | None = None,
) -> Any:
    """``when``: upcoming (not ended, soonest first), past (latest first) or drafts (the
    secretariat's; empty for anybody else)."""
    if when not in ("upcoming", "past", "drafts"):
        raise ValidationError({"when": [_("Choose upcoming, past or drafts.")]})
    return selectors.event_list(_user(request), when=when, kind=kind, theme=theme)


@router.get("/events/{int:event_id}", response=AllianceEventDetailOut, summary="One event")
def event_detail(request: HttpRequest, event_id: DbId) -> Any:
    return _detail(_event(request, event_id))


@router.post("/events", response={201: AllianceEventDetailOut}, summary="Create a draft event")
def event_create(request: HttpRequest, payload: AllianceEventIn) -> Any:
    event = services.event_create(actor=_user(request), **payload.dict())
    return Status(201, _detail(event))


@router.patch("/events/{int:event_id}", response=AllianceEventDetailOut, summary="Change an event")
def event_patch(request: HttpRequest, event_id: DbId, payload: AllianceEventPatch) -> Any:
    """Only the fields sent change; a published event's sequence goes up."""
    event = _managed(request, event_id)
    fields = payload.dict(exclude_unset=True)
    for name in ("kind", "title_zh", "title_en", "venue_zh", "starts_at", "ends_at"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: [_("This field is required.")]})
    event = services.event_update(actor=_user(request), event=event, **fields)
    return _detail(event)


@router.post(
    "/events/{int:event_id}/publish", response=AllianceEventDetailOut, summary="Publish an event"
)
@answers(422)
def event_publish(request: HttpRequest, event_id: DbId) -> Any:
    event = services.event_publish(actor=_user(request), event=_managed(request, event_id))
    return _detail(event)


@router.post(
    "/events/{int:event_id}/cancel", response=AllianceEventDetailOut, summary="Cancel an event"
)
def event_cancel(request: HttpRequest, event_id: DbId, payload: AllianceCancelIn) -> Any:
    """Every participant still registered is told by mail, with the reason."""
    event = _managed(request, event_id)
    event = services.event_cancel(actor=_user(request), event=event, reason=payload.reason)
    return _detail(event)


@router.post(
    "/events/{int:event_id}/sessions",
    response={201: AllianceSessionOut},
    summary="Add a session to the agenda",
)
def session_add(request: HttpRequest, event_id: DbId, payload: AllianceSessionIn) -> Any:
    event = _managed(request, event_id)
    session = agenda.session_add(actor=_user(request), event=event, **payload.dict())
    return Status(201, session)


def _managed_row(request: HttpRequest, rows: QuerySet[Any], pk: int) -> Any:
    """One row of an event's agenda for the secretariat: 403 for anybody else, 404 if none."""
    if not permissions.can_manage_events(_user(request)):
        raise PermissionDenied
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def _session(request: HttpRequest, session_id: int) -> Session:
    session: Session = _managed_row(request, Session.objects.select_related("event"), session_id)
    return session


class AllianceSessionPatch(Schema):
    kind: str | None = Field(None, max_length=20)
    title_zh: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    theme: str | None = Field(None, max_length=32)
    order: int | None = Field(None, ge=1, le=32767)


@router.patch(
    "/events/sessions/{int:session_id}", response=AllianceSessionOut, summary="Change a session"
)
def session_patch(request: HttpRequest, session_id: DbId, payload: AllianceSessionPatch) -> Any:
    """Only the fields sent change (times within the event's, a free place in the order)."""
    session = _session(request, session_id)
    fields = payload.dict(exclude_unset=True)
    for name in ("kind", "title_zh", "order"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: [_("This field is required.")]})
    return agenda.session_update(actor=_user(request), session=session, **fields)


@router.delete(
    "/events/sessions/{int:session_id}", response={204: None}, summary="Remove a session"
)
@answers(422)
def session_delete(request: HttpRequest, session_id: DbId) -> Any:
    agenda.session_remove(actor=_user(request), session=_session(request, session_id))
    return Status(204, None)


@router.post(
    "/events/sessions/{int:session_id}/speakers",
    response={201: AllianceSpeakerOut},
    summary="Add a speaker to a session",
)
def speaker_add(request: HttpRequest, session_id: DbId, payload: AllianceSpeakerIn) -> Any:
    session = _session(request, session_id)
    return Status(201, agenda.speaker_add(actor=_user(request), session=session, **payload.dict()))


@router.delete(
    "/events/speakers/{int:speaker_id}", response={204: None}, summary="Remove a speaker"
)
@answers(422)
def speaker_delete(request: HttpRequest, speaker_id: DbId) -> Any:
    speaker: Speaker = _managed_row(
        request, Speaker.objects.select_related("session__event"), speaker_id
    )
    agenda.speaker_remove(actor=_user(request), speaker=speaker)
    return Status(204, None)


@router.post(
    "/events/{int:event_id}/recognitions",
    response={201: AllianceRecognitionOut},
    summary="Link a published recognition list",
)
def recognition_add(request: HttpRequest, event_id: DbId, payload: AllianceRecognitionIn) -> Any:
    event = _managed(request, event_id)
    call = RecognitionCall.objects.filter(pk=payload.call_id).first()
    if call is None:
        raise ValidationError({"call_id": [_("There is no such recognition call.")]})
    session = None
    if payload.session_id is not None:
        session = Session.objects.filter(pk=payload.session_id, event=event).first()
        if session is None:
            raise ValidationError({"session_id": [_("The session is not on this event's agenda.")]})
    recognition = agenda.recognition_link(
        actor=_user(request), event=event, call=call, session=session
    )
    return Status(201, recognition)
