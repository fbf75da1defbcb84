"""An event's agenda (sessions in order, each with its speakers), its attachments (slides,
summaries, photos) and the recognitions announced at it. Written by the secretariat; a
cancelled event is no longer changed. Everything is audited.

Attachments are PDF, PNG or JPEG files checked by content and size like assessment evidence
(``store_evidence_file``), stored under ``PRIVATE_MEDIA_ROOT/alliance/events/<id>/`` with their
SHA-256; nothing is half-written (the file goes when the row fails). A recognition is linked
only once its call's list is published: the event page links to that public list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from greenledger.web.alliance.models import (
    AttachmentKind,
    Event,
    EventAttachment,
    EventRecognition,
    Session,
    SessionKind,
    Speaker,
    SpeakerRole,
    Theme,
)
from greenledger.web.alliance.services._common import (
    invalid,
    now,
    store_upload,
    upload_directory,
)
from greenledger.web.alliance.services.events import event_changed, require_manager, require_open
from greenledger.web.assessments.models import RecognitionCall, RecognitionStatus
from greenledger.web.audit.services import audit_append, snapshot

__all__ = [
    "attachment_add",
    "attachment_remove",
    "recognition_link",
    "recognition_unlink",
    "session_add",
    "session_remove",
    "session_update",
    "speaker_add",
    "speaker_remove",
]

SESSION_FIELDS = ["order", "kind", "starts_at", "ends_at", "title_zh", "title_en", "theme"]
SPEAKER_FIELDS = ["order", "role", "name", "affiliation", "title", "topic"]
ATTACHMENT_FIELDS = ["event", "session", "kind", "title", "filename", "size", "sha256"]


def _locked(event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_open(event)
    return event


def _touch(event: Event) -> None:
    """The agenda is part of the published event: its copies are out of date."""
    event_changed(event)
    event.save(update_fields=["updated_at", "sequence"])


def _text(field: str, value: str, limit: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise invalid(field, _("This field is required."))
    if len(text) > limit:
        raise invalid(field, _("At most %(n)s characters.") % {"n": limit})
    return text


# ---------------------------------------------------------------------------------- sessions


def _session_values(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    if values["kind"] not in SessionKind.values:
        raise invalid("kind", _("Choose a kind of session from the list."))
    if values["theme"] and values["theme"] not in Theme.values:
        raise invalid("theme", _("Unknown theme: %(theme)s.") % {"theme": values["theme"]})
    values["title_zh"] = _text("title_zh", values["title_zh"], 300, required=True)
    values["title_en"] = _text("title_en", values["title_en"], 300)
    starts: dt.datetime | None = values["starts_at"]
    ends: dt.datetime | None = values["ends_at"]
    for field, moment in (("starts_at", starts), ("ends_at", ends)):
        if moment is not None and not event.starts_at <= moment <= event.ends_at:
            raise invalid(field, _("The session must lie within the event's time."))
    if starts is not None and ends is not None and ends <= starts:
        raise invalid("ends_at", _("The session must end after it starts."))
    order = values["order"]
    if order is not None:
        if order < 1:
            raise invalid("order", _("The order is a number from 1."))
        taken = Session.objects.filter(event=event, order=order)
        if values.get("pk") is not None:
            taken = taken.exclude(pk=values["pk"])
        if taken.exists():
            raise invalid(
                "order", _("Another session of the agenda is number %(n)s.") % {"n": order}
            )
    values.pop("pk", None)
    return values


@transaction.atomic
def session_add(
    *,
    actor: Any,
    event: Event,
    kind: str,
    title_zh: str,
    title_en: str = "",
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    theme: str = "",
    order: int | None = None,
) -> Session:
    """A session at ``order`` (or after the last one)."""
    require_manager(actor)
    event = _locked(event)
    values = _session_values(
        event,
        {
            "kind": kind,
            "title_zh": title_zh,
            "title_en": title_en,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "theme": theme or "",
            "order": order,
        },
    )
    if values["order"] is None:
        last = Session.objects.filter(event=event).aggregate(last=Max("order"))["last"]
        values["order"] = (last or 0) + 1
    session = Session.objects.create(event=event, **values)
    _touch(event)
    audit_append(
        actor=actor,
        action="alliance.session.add",
        obj=session,
        after={"event": event.pk, **snapshot(session, SESSION_FIELDS)},
    )
    return session


@transaction.atomic
def session_update(*, actor: Any, session: Session, **changes: Any) -> Session:
    """Change some of a session's fields (named as ``SESSION_FIELDS``)."""
    require_manager(actor)
    event = _locked(session.event)
    session = Session.objects.get(pk=session.pk)
    unknown = sorted(set(changes) - set(SESSION_FIELDS))
    if unknown:
        raise invalid(unknown[0], _("This field cannot be changed."))
    before = snapshot(session, SESSION_FIELDS)
    merged = {f: changes.get(f, getattr(session, f)) for f in SESSION_FIELDS}
    merged["theme"] = merged["theme"] or ""
    values = _session_values(event, {**merged, "pk": session.pk})
    for field, value in values.items():
        setattr(session, field, value)
    session.save()
    _touch(event)
    audit_append(
        actor=actor,
        action="alliance.session.update",
        obj=session,
        before=before,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


@transaction.atomic
def session_remove(*, actor: Any, session: Session) -> None:
    """The session and its speakers leave the agenda (attachments stay with the event)."""
    require_manager(actor)
    event = _locked(session.event)
    before = {
        "event": event.pk,
        **snapshot(session, SESSION_FIELDS),
        "speakers": [s.name for s in session.speakers.all()],
    }
    audit_append(actor=actor, action="alliance.session.remove", obj=session, before=before)
    session.delete()
    _touch(event)


# ---------------------------------------------------------------------------------- speakers


@transaction.atomic
def speaker_add(
    *,
    actor: Any,
    session: Session,
    name: str,
    affiliation: str = "",
    title: str = "",
    topic: str = "",
    role: str = SpeakerRole.SPEAKER,
) -> Speaker:
    """A person on the session, after those already there."""
    require_manager(actor)
    event = _locked(session.event)
    if role not in SpeakerRole.values:
        raise invalid("role", _("Choose speaker, moderator or panellist."))
    last = Speaker.objects.filter(session=session).aggregate(last=Max("order"))["last"]
    speaker = Speaker.objects.create(
        session=session,
        order=(last or 0) + 1,
        role=role,
        name=_text("name", name, 100, required=True),
        affiliation=_text("affiliation", affiliation, 200),
        title=_text("title", title, 200),
        topic=_text("topic", topic, 300),
    )
    _touch(event)
    audit_append(
        actor=actor,
        action="alliance.speaker.add",
        obj=speaker,
        after={"session": session.pk, **snapshot(speaker, SPEAKER_FIELDS)},
    )
    return speaker


@transaction.atomic
def speaker_remove(*, actor: Any, speaker: Speaker) -> None:
    require_manager(actor)
    event = _locked(speaker.session.event)
    audit_append(
        actor=actor,
        action="alliance.speaker.remove",
        obj=speaker,
        before={"session": speaker.session_id, **snapshot(speaker, SPEAKER_FIELDS)},
    )
    speaker.delete()
    _touch(event)


# ------------------------------------------------------------------------------- attachments


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    event: Event,
    kind: str,
    title: str,
    upload: IO[bytes],
    filename: str,
    session: Session | None = None,
) -> EventAttachment:
    """Slides, a summary or a photo (PDF, PNG or JPEG, checked by content), public with the
    event's page."""
    require_manager(actor)
    event = _locked(event)
    if kind not in AttachmentKind.values:
        raise invalid("kind", _("Choose slides, a summary, a photo or a document."))
    title = _text("title", title, 200, required=True)
    if session is not None and session.event_id != event.pk:
        raise invalid("session", _("The session is not on this event's agenda."))
    name = Path(filename or "").name[:255] or "attachment"

    def create(file: dict[str, Any]) -> EventAttachment:
        attachment = EventAttachment.objects.create(
            event=event,
            session=session,
            kind=kind,
            title=title,
            **file,
            uploaded_by=actor,
            uploaded_at=now(),
        )
        audit_append(
            actor=actor,
            action="alliance.event_attachment.add",
            obj=attachment,
            after=snapshot(attachment, ATTACHMENT_FIELDS),
        )
        return attachment

    return store_upload(upload_directory("events", str(event.pk)), upload, name, create)


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: EventAttachment) -> None:
    """The attachment leaves the page; its file goes once the removal is committed."""
    require_manager(actor)
    audit_append(
        actor=actor,
        action="alliance.event_attachment.remove",
        obj=attachment,
        before=snapshot(attachment, ATTACHMENT_FIELDS),
    )
    path = attachment_path(attachment)
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def attachment_path(attachment: EventAttachment) -> Path:
    """Where the file is (``stored_path`` is relative to PRIVATE_MEDIA_ROOT)."""
    return Path(settings.PRIVATE_MEDIA_ROOT, attachment.stored_path)


# ------------------------------------------------------------------------------ recognitions


@transaction.atomic
def recognition_link(
    *, actor: Any, event: Event, call: RecognitionCall, session: Session | None = None
) -> EventRecognition:
    """The event announced the published list of ``call`` (at ``session``, if given)."""
    require_manager(actor)
    event = _locked(event)
    if call.status != RecognitionStatus.PUBLISHED:
        raise invalid(
            "call", _("The list of %(call)s is not published yet.") % {"call": call.title}
        )
    if session is not None and session.event_id != event.pk:
        raise invalid("session", _("The session is not on this event's agenda."))
    if EventRecognition.objects.filter(event=event, call=call).exists():
        raise invalid("call", _("%(call)s is already linked to this event.") % {"call": call.title})
    recognition = EventRecognition.objects.create(event=event, call=call, session=session)
    _touch(event)
    audit_append(
        actor=actor,
        action="alliance.event_recognition.link",
        obj=recognition,
        after={"event": event.pk, "call": call.pk, "session": session.pk if session else None},
    )
    return recognition


@transaction.atomic
def recognition_unlink(*, actor: Any, recognition: EventRecognition) -> None:
    require_manager(actor)
    event = _locked(recognition.event)
    audit_append(
        actor=actor,
        action="alliance.event_recognition.unlink",
        obj=recognition,
        before={"event": event.pk, "call": recognition.call_id},
    )
    recognition.delete()
    _touch(event)
