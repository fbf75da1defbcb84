"""Reads of the notices: what a user may read, merged with the open calls.

The list a user sees is the secretariat's published notices they may read
(``accounts.permissions.visible_notices``) and, among them, the calls that are open right now
and that the user may see: calls for assessment (``permissions.visible_calls``: public) and
recognition calls open for nominations (``permissions.visible_recognition_calls``: the staff,
enterprise users, the panel). The calls are not copied into notices: each item links to the
call's own page, so a closed call leaves the list by itself. Newest first.

The Atom feed carries what anybody may read: public notices and open calls for assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import Notice, NoticeAttachment, NoticeKind
from greenledger.web.assessments.models import CallStatus, RecognitionStatus

__all__ = [
    "NoticeItem",
    "managed_notices",
    "notice_attachment_for",
    "notice_for",
    "notice_items",
    "public_feed_items",
    "unpublished_notices",
]

NOTICE = "notice"
CALL = "call"
RECOGNITION = "recognition"


@dataclass(frozen=True)
class NoticeItem:
    """One line of the notice list: a notice of the secretariat or an open call."""

    source: str  # "notice", "call" (for assessment) or "recognition" (recognition call)
    pk: int
    kind: str  # a NoticeKind value: an open call is a "call"
    title_zh: str
    title_en: str
    date: dt.datetime  # publication of a notice, opening of a call
    url: str
    deadline: dt.date | None = None
    public: bool = True
    body_zh: str = ""  # a notice's text (empty for a call)
    body_en: str = ""

    @property
    def key(self) -> str:
        """Unique across sources (a notice and a call may share a number)."""
        return f"{self.source}-{self.pk}"

    def title(self, english: bool) -> str:
        return (self.title_en or self.title_zh) if english else self.title_zh

    def kind_label(self) -> str:
        return str(NoticeKind(self.kind).label)


def _notice_item(notice: Notice) -> NoticeItem:
    assert notice.published_at is not None
    return NoticeItem(
        source=NOTICE,
        pk=notice.pk,
        kind=notice.kind,
        title_zh=notice.title_zh,
        title_en=notice.title_en,
        date=notice.published_at,
        url=reverse("alliance:notice", args=[notice.pk]),
        public=notice.public,
        body_zh=notice.body_zh,
        body_en=notice.body_en,
    )


def _call_items(calls: Any, *, source: str, url_name: str, public: bool) -> list[NoticeItem]:
    """Open calls (for assessment or recognition) as list items linking to their own page."""
    return [
        NoticeItem(
            source=source,
            pk=call.pk,
            kind=NoticeKind.CALL,
            title_zh=call.title,
            title_en="",
            date=call.created_at,
            url=reverse(url_name, args=[call.pk]),
            deadline=call.deadline,
            public=public,
        )
        for call in calls
    ]


def _open_calls(user: Any) -> list[NoticeItem]:
    calls = permissions.visible_calls(user).filter(status=CallStatus.OPEN)
    return _call_items(calls, source=CALL, url_name="assessments:call", public=True)


def _open_recognition_calls(user: Any) -> list[NoticeItem]:
    calls = permissions.visible_recognition_calls(user).filter(status=RecognitionStatus.OPEN)
    return _call_items(calls, source=RECOGNITION, url_name="recognition_call", public=False)


def _newest_first(items: list[NoticeItem]) -> list[NoticeItem]:
    return sorted(items, key=lambda item: (item.date, item.source, item.pk), reverse=True)


def notice_items(user: Any, *, kind: str | None = None) -> list[NoticeItem]:
    """The notices ``user`` may read and the open calls they may see (of one ``kind``)."""
    notices = permissions.visible_notices(user)
    if kind:
        notices = notices.filter(kind=kind)
    items = [_notice_item(notice) for notice in notices]
    if not kind or kind == NoticeKind.CALL:
        items += _open_calls(user) + _open_recognition_calls(user)
    return _newest_first(items)


def public_feed_items() -> list[NoticeItem]:
    """What the Atom feed carries: public notices and open calls for assessment."""
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    notices = permissions.visible_notices(anonymous).filter(public=True)
    return _newest_first([_notice_item(n) for n in notices] + _open_calls(anonymous))


def managed_notices(user: Any) -> QuerySet[Notice]:
    """Every notice, drafts and withdrawn ones included, for the staff who manage them; none
    for anybody else."""
    if not permissions.can_manage_notices(user):
        return Notice.objects.none()
    return Notice.objects.order_by("-updated_at", "-id")


def unpublished_notices(user: Any) -> QuerySet[Notice]:
    """The drafts and withdrawn notices, last changed first, for the staff; none for anybody
    else."""
    return managed_notices(user).exclude(published_at__isnull=False, withdrawn_at__isnull=True)


def notice_for(user: Any, notice_id: int) -> Notice | None:
    """The notice with that id if ``user`` may read it (the staff: any, drafts included)."""
    readable = managed_notices(user) if permissions.can_manage_notices(user) else None
    if readable is None:
        readable = permissions.visible_notices(user)
    return readable.prefetch_related("attachments").filter(pk=notice_id).first()


def notice_attachment_for(user: Any, notice_id: int, attachment_id: int) -> NoticeAttachment | None:
    """An attachment of a notice ``user`` may read."""
    notice = notice_for(user, notice_id)
    if notice is None:
        return None
    return NoticeAttachment.objects.filter(notice=notice, pk=attachment_id).first()
