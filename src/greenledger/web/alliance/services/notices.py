"""The secretariat's notices: drafted, edited, published and withdrawn, with attachments.

A notice is written in Chinese and English (both titles and both texts are required) and is
addressed to the public and/or to members of given kinds (at least one audience). A draft is
seen by the staff only; publishing puts it on the lists (``accounts.permissions
.visible_notices``); withdrawing takes it off every list for good. A withdrawn notice is no
longer edited. Attachments (PDF, images, XLSX or DOCX forms, checked by content) live under
``PRIVATE_MEDIA_ROOT/alliance/notices/<id>/``; a file whose row fails is removed. Every change
is in the audit ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import Notice, NoticeAttachment, NoticeKind
from greenledger.web.alliance.services._common import (
    invalid,
    now,
    require,
    store_upload,
    upload_directory,
)
from greenledger.web.alliance.services.notice_files import store_notice_file
from greenledger.web.audit.services import audit_append, snapshot

__all__ = [
    "AUDIENCE_FLAGS",
    "notice_attachment_add",
    "notice_attachment_remove",
    "notice_create",
    "notice_input",
    "notice_publish",
    "notice_update",
    "notice_withdraw",
]

AUDIENCE_FLAGS = ("for_enterprises", "for_research", "for_financial", "for_social")
NOTICE_FIELDS = [
    "kind",
    "title_zh",
    "title_en",
    "body_zh",
    "body_en",
    "public",
    *AUDIENCE_FLAGS,
    "published_at",
    "withdrawn_at",
]
ATTACHMENT_FIELDS = ["notice", "title", "filename", "content_type", "size", "sha256"]


def _may_manage(actor: Any) -> None:
    require(
        permissions.can_manage_notices(actor),
        _("Only the alliance secretariat and the district administrator manage notices."),
    )


def _text(field: str, value: str | None, limit: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise invalid(field, _("This field is required."))
    if limit is not None and len(text) > limit:
        raise invalid(field, _("At most %(n)s characters.") % {"n": limit})
    return text


def _values(
    *,
    kind: str,
    title_zh: str,
    title_en: str,
    body_zh: str,
    body_en: str,
    public: bool,
    audiences: dict[str, bool],
) -> dict[str, Any]:
    """Every field checked: the first problem found is raised, keyed by its field."""
    if kind not in NoticeKind.values:
        raise invalid("kind", _("Choose a policy, a call or a result."))
    unknown = set(audiences) - set(AUDIENCE_FLAGS)
    if unknown:
        raise invalid("audience", _("Unknown audience: %(names)s.") % {"names": sorted(unknown)})
    flags = {flag: bool(audiences.get(flag, False)) for flag in AUDIENCE_FLAGS}
    if not public and not any(flags.values()):
        raise invalid(
            "audience",
            _("Choose who the notice is for: the public, or members of at least one kind."),
        )
    return {
        "kind": kind,
        "title_zh": _text("title_zh", title_zh, 300),
        "title_en": _text("title_en", title_en, 300),
        "body_zh": _text("body_zh", body_zh),
        "body_en": _text("body_en", body_en),
        "public": bool(public),
        **flags,
    }


def _not_withdrawn(notice: Notice) -> None:
    if notice.withdrawn_at is not None:
        raise invalid("status", _("The notice was withdrawn; it can no longer be changed."))


def notice_input(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``notice_create``/``notice_update`` (but actor and notice) from
    a form's or a request's fields: the texts, ``public`` and one flag per audience."""
    return {
        **{k: data[k] for k in ("kind", "title_zh", "title_en", "body_zh", "body_en")},
        "public": data["public"],
        "audiences": {flag: data[flag] for flag in AUDIENCE_FLAGS},
    }


def _locked_for_change(actor: Any, notice: Notice) -> Notice:
    """The notice locked for a change by ``actor``, who manages notices; a withdrawn notice
    is refused."""
    _may_manage(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _not_withdrawn(notice)
    return notice


def _stamp(actor: Any, notice: Notice, field: str, action: str) -> Notice:
    """Set ``field`` (published_at or withdrawn_at) and ``updated_at`` to now, audited."""
    before = snapshot(notice, NOTICE_FIELDS)
    at = now()
    setattr(notice, field, at)
    notice.updated_at = at
    notice.save(update_fields=[field, "updated_at"])
    audit_append(
        actor=actor, action=action, obj=notice, before=before, after=snapshot(notice, NOTICE_FIELDS)
    )
    return notice


@transaction.atomic
def notice_create(
    *,
    actor: Any,
    kind: str,
    title_zh: str,
    title_en: str,
    body_zh: str,
    body_en: str,
    public: bool = True,
    audiences: dict[str, bool] | None = None,
) -> Notice:
    """A draft notice: seen by the staff only until it is published."""
    _may_manage(actor)
    values = _values(
        kind=kind,
        title_zh=title_zh,
        title_en=title_en,
        body_zh=body_zh,
        body_en=body_en,
        public=public,
        audiences=audiences or {},
    )
    at = now()
    notice = Notice.objects.create(**values, created_by=actor, created_at=at, updated_at=at)
    audit_append(
        actor=actor,
        action="alliance.notice.create",
        obj=notice,
        after=snapshot(notice, NOTICE_FIELDS),
    )
    return notice


@transaction.atomic
def notice_update(
    *,
    actor: Any,
    notice: Notice,
    kind: str,
    title_zh: str,
    title_en: str,
    body_zh: str,
    body_en: str,
    public: bool,
    audiences: dict[str, bool],
) -> Notice:
    """Change a draft or a published notice (a published one changes where it is read)."""
    notice = _locked_for_change(actor, notice)
    values = _values(
        kind=kind,
        title_zh=title_zh,
        title_en=title_en,
        body_zh=body_zh,
        body_en=body_en,
        public=public,
        audiences=audiences,
    )
    before = snapshot(notice, NOTICE_FIELDS)
    for field, value in values.items():
        setattr(notice, field, value)
    notice.updated_at = now()
    notice.save()
    audit_append(
        actor=actor,
        action="alliance.notice.update",
        obj=notice,
        before=before,
        after=snapshot(notice, NOTICE_FIELDS),
    )
    return notice


@transaction.atomic
def notice_publish(*, actor: Any, notice: Notice) -> Notice:
    """Put a draft on the lists of its audience (and, if public, on the Atom feed)."""
    notice = _locked_for_change(actor, notice)
    if notice.published_at is not None:
        raise invalid(
            "status",
            _("The notice was already published on %(date)s.")
            % {"date": notice.published_at.date().isoformat()},
        )
    return _stamp(actor, notice, "published_at", "alliance.notice.publish")


@transaction.atomic
def notice_withdraw(*, actor: Any, notice: Notice) -> Notice:
    """Take a published notice off every list and the feed."""
    notice = _locked_for_change(actor, notice)
    if notice.published_at is None:
        raise invalid("status", _("A draft is not withdrawn: it was never published."))
    return _stamp(actor, notice, "withdrawn_at", "alliance.notice.withdraw")


@transaction.atomic
def notice_attachment_add(
    *, actor: Any, notice: Notice, title: str, upload: IO[bytes], filename: str
) -> NoticeAttachment:
    """Attach one file (PDF, PNG, JPEG, XLSX or DOCX, checked by content) to the notice."""
    notice = _locked_for_change(actor, notice)
    title = _text("title", title, 200)
    name = Path(filename or "").name[:255] or "attachment"

    def create(file: dict[str, Any]) -> NoticeAttachment:
        attachment = NoticeAttachment.objects.create(
            notice=notice, title=title, **file, uploaded_at=now()
        )
        audit_append(
            actor=actor,
            action="alliance.notice.attachment_add",
            obj=attachment,
            after=snapshot(attachment, ATTACHMENT_FIELDS),
        )
        return attachment

    return store_upload(
        upload_directory("notices", str(notice.pk)), upload, name, create, store_notice_file
    )


@transaction.atomic
def notice_attachment_remove(*, actor: Any, attachment: NoticeAttachment) -> None:
    """Remove an attachment; its file goes once the removal is committed."""
    _may_manage(actor)
    _not_withdrawn(attachment.notice)
    audit_append(
        actor=actor,
        action="alliance.notice.attachment_remove",
        obj=attachment,
        before=snapshot(attachment, ATTACHMENT_FIELDS),
    )
    path = Path(settings.PRIVATE_MEDIA_ROOT, attachment.stored_path)
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
