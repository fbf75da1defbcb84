"""Authorization-matrix rows of the event pages and the events API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous.

Published events, their calendars, the feed and their attachments are public; a draft answers
404 to everybody but the staff (its calendar file answers 404 even to them: a draft is not
announced). Managing events is the registry staff's (403 for anybody else; anonymous visitors
asking for a page are sent to sign in).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def _cached(world: World, key: str, build: Callable[[], Any]) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def _day(days: int, hour: int) -> dt.datetime:
    base = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + dt.timedelta(days=days)


def _event(world: World, *, publish: bool) -> Any:
    from greenledger.web.alliance.services import event_agenda as agenda
    from greenledger.web.alliance.services import events as services

    staff = world.users["secretariat"]
    event = services.event_create(
        actor=staff, kind="conference", title_zh="矩阵大会", title_en="Matrix conference",
        starts_at=_day(20, 9), ends_at=_day(20, 17), venue_zh="会议中心", capacity=10,
        themes=["technology"],
    )  # fmt: skip
    session = agenda.session_add(actor=staff, event=event, kind="keynote", title_zh="主旨报告")
    agenda.speaker_add(actor=staff, session=session, name="王明", affiliation="研究院")
    if publish:
        event = services.event_publish(actor=staff, event=event)
    return event


def a_published_event(world: World) -> Any:
    return _cached(world, "alliance_event", lambda: _event(world, publish=True))


def a_draft_event(world: World) -> Any:
    return _cached(world, "alliance_draft_event", lambda: _event(world, publish=False))


def a_session(world: World) -> Any:
    return a_published_event(world).sessions.get()


def a_speaker(world: World) -> Any:
    return a_session(world).speakers.get()


def an_attachment(world: World) -> Any:
    from greenledger.web.alliance.services.event_agenda import attachment_add

    return _cached(world, "alliance_event_attachment", lambda: attachment_add(
        actor=world.users["secretariat"], event=a_published_event(world), kind="slides",
        title="幻灯片", upload=io.BytesIO(PDF_BYTES), filename="slides.pdf",
    ))  # fmt: skip


def a_published_call(world: World) -> Any:
    from greenledger.web.assessments.models import RecognitionCall

    return _cached(world, "alliance_recognition_call", lambda: RecognitionCall.objects.create(
        type=RecognitionCall._meta.get_field("type").choices[0][0], title="示范单位名单",
        year=2026, deadline=dt.date(2026, 6, 30), places=3, issuing_body="区发展改革委",
        status="published", created_at=timezone.now(), published_at=timezone.now(),
    ))  # fmt: skip


def a_recognition(world: World) -> Any:
    from greenledger.web.alliance.services.event_agenda import recognition_link

    return _cached(world, "alliance_event_recognition", lambda: recognition_link(
        actor=world.users["secretariat"], event=a_published_event(world),
        call=a_published_call(world),
    ))  # fmt: skip


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def event_form(world: World) -> dict[str, Any]:
    return {"kind": "forum", "title_zh": "矩阵论坛", "title_en": "Matrix forum",
            "starts_at": _local(_day(9, 9)), "ends_at": _local(_day(9, 12)),
            "venue_zh": "论坛会场", "themes": ["industry_ecology"]}  # fmt: skip


def session_form(world: World) -> dict[str, Any]:
    a_published_event(world)
    return {"kind": "talk", "title_zh": "专题报告"}


def session_edit_form(world: World) -> dict[str, Any]:
    prefix = f"s{a_session(world).pk}-"
    return {
        prefix + "kind": "keynote",
        prefix + "title_zh": "主旨报告（更新）",
        prefix + "order": "1",
    }


def speaker_form(world: World) -> dict[str, Any]:
    a_session(world)
    return {"role": "panellist", "name": "李华"}


def attachment_form(world: World) -> dict[str, Any]:
    a_published_event(world)
    return {"kind": "photo", "title": "合影", "file": SimpleUploadedFile("p.pdf", PDF_BYTES)}


def recognition_form(world: World) -> dict[str, Any]:
    a_published_event(world)
    return {"call": a_published_call(world).pk}


EVENT = {"event_id": lambda w: a_published_event(w).pk}
DRAFT = {"event_id": lambda w: a_draft_event(w).pk}
SESSION = {"session_id": lambda w: a_session(w).pk}
SPEAKER = {"speaker_id": lambda w: a_speaker(w).pk}
ATTACHMENT = {"attachment_id": lambda w: an_attachment(w).pk}
RECOGNITION = {"recognition_id": lambda w: a_recognition(w).pk}
EVERYBODY = expect(200, 200, 200, 200, 200, 200, 200, 200)
NOBODY = expect(404, 404, 404, 404, 404, 404, 404, 404)
STAFF_ONLY_404 = expect(404, 404, 404, 200, 200, 404, 404, 404)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
STAFF_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 403)
STAFF_API = expect(403, 403, 403, 200, 200, 403, 403, 403)
STAFF_CREATE = expect(403, 403, 403, 201, 201, 403, 403, 403)
STAFF_DELETE = expect(403, 403, 403, 204, 204, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "alliance/events/": [Row(EVERYBODY), Row(EVERYBODY, params={}, body=lambda w: {
        "when": "past", "kind": "conference", "theme": "technology"})],
    "alliance/events/upcoming.ics": [Row(EVERYBODY, body=lambda w: {"lang": "en"})],
    "alliance/events/feed/": [Row(EVERYBODY)],
    "alliance/events/<int:event_id>/": [Row(EVERYBODY, params=EVENT),
                                        Row(STAFF_ONLY_404, params=DRAFT)],
    "alliance/events/<int:event_id>.ics": [Row(EVERYBODY, params=EVENT),
                                           Row(NOBODY, params=DRAFT)],
    "alliance/events/attachments/<int:attachment_id>/": [Row(EVERYBODY, params=ATTACHMENT)],
    "alliance/events/new/": [
        Row(STAFF_PAGE),
        Row(STAFF_WRITE, method="post", writes=True, body=event_form),
    ],
    "alliance/events/<int:event_id>/manage/": [
        Row(STAFF_PAGE, params=EVENT),
        Row(STAFF_PAGE, params=DRAFT),
        Row(STAFF_WRITE, method="post", writes=True, params=EVENT, body=event_form),
    ],
    "alliance/events/<int:event_id>/publish/": [
        Row(STAFF_WRITE, method="post", writes=True, params=DRAFT),
    ],
    "alliance/events/<int:event_id>/cancel/": [
        Row(STAFF_WRITE, method="post", writes=True, params=EVENT,
            body=lambda w: {"reason": "矩阵"}),
    ],
    "alliance/events/<int:event_id>/sessions/": [
        Row(STAFF_WRITE, method="post", writes=True, params=EVENT, body=session_form),
    ],
    "alliance/events/sessions/<int:session_id>/edit/": [
        Row(STAFF_WRITE, method="post", writes=True, params=SESSION, body=session_edit_form),
    ],
    "alliance/events/sessions/<int:session_id>/delete/": [
        Row(STAFF_WRITE, method="post", writes=True, params=SESSION),
    ],
    "alliance/events/sessions/<int:session_id>/speakers/": [
        Row(STAFF_WRITE, method="post", writes=True, params=SESSION, body=speaker_form),
    ],
    "alliance/events/speakers/<int:speaker_id>/delete/": [
        Row(STAFF_WRITE, method="post", writes=True, params=SPEAKER),
    ],
    "alliance/events/<int:event_id>/attachments/": [
        Row(STAFF_WRITE, method="post", writes=True, params=EVENT, body=attachment_form),
    ],
    "alliance/events/attachments/<int:attachment_id>/delete/": [
        Row(STAFF_WRITE, method="post", writes=True, params=ATTACHMENT),
    ],
    "alliance/events/<int:event_id>/recognitions/": [
        Row(STAFF_WRITE, method="post", writes=True, params=EVENT, body=recognition_form),
    ],
    "alliance/events/recognitions/<int:recognition_id>/delete/": [
        Row(STAFF_WRITE, method="post", writes=True, params=RECOGNITION),
    ],
}  # fmt: skip


def event_body(world: World) -> dict[str, Any]:
    return {"kind": "training", "title_zh": "矩阵培训", "title_en": "Matrix training",
            "starts_at": _day(8, 9).isoformat(), "ends_at": _day(8, 12).isoformat(),
            "venue_zh": "培训中心"}  # fmt: skip


API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/alliance/events"): Row(EVERYBODY),
    ("GET", "/api/alliance/events/{event_id}"): Row(EVERYBODY, params=EVENT),
    ("POST", "/api/alliance/events"): Row(STAFF_CREATE, body=event_body),
    ("PATCH", "/api/alliance/events/{event_id}"): Row(STAFF_API, params=EVENT,
                                                      body=lambda w: {"capacity": 12}),
    ("POST", "/api/alliance/events/{event_id}/publish"): Row(STAFF_API, params=DRAFT),
    ("POST", "/api/alliance/events/{event_id}/cancel"): Row(STAFF_API, params=EVENT,
                                                            body=lambda w: {"reason": "x"}),
    ("POST", "/api/alliance/events/{event_id}/sessions"): Row(
        STAFF_CREATE, params=EVENT, body=lambda w: {"kind": "talk", "title_zh": "报告"}),
    ("DELETE", "/api/alliance/events/sessions/{session_id}"): Row(STAFF_DELETE, params=SESSION),
    ("PATCH", "/api/alliance/events/sessions/{session_id}"): Row(
        STAFF_API, params=SESSION, body=lambda w: {"title_en": "Keynote", "order": 4}),
    ("POST", "/api/alliance/events/sessions/{session_id}/speakers"): Row(
        STAFF_CREATE, params=SESSION, body=lambda w: {"name": "李华"}),
    ("DELETE", "/api/alliance/events/speakers/{speaker_id}"): Row(STAFF_DELETE, params=SPEAKER),
    ("POST", "/api/alliance/events/{event_id}/recognitions"): Row(
        STAFF_CREATE, params=EVENT, body=lambda w: {"call_id": a_published_call(w).pk}),
}  # fmt: skip
