"""Reads of the outbox: the outgoing mail for the staff who may read it
(``accounts.permissions.can_read_outgoing_mail``), newest first, by status and recipient."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import MailStatus, OutgoingMail

__all__ = ["outbox_counts", "outbox_messages"]


def outbox_messages(user: Any, *, status: str = "", to: str = "") -> QuerySet[OutgoingMail]:
    """The messages ``user`` may read (none for anybody but the staff), of one ``status`` and
    to an address containing ``to``."""
    if not permissions.can_read_outgoing_mail(user):
        return OutgoingMail.objects.none()
    messages = OutgoingMail.objects.order_by("-created_at", "-id")
    if status in MailStatus.values:
        messages = messages.filter(status=status)
    if to.strip():
        messages = messages.filter(to__icontains=to.strip())
    return messages


def outbox_counts(user: Any) -> dict[str, int]:
    """How many messages are queued, sent and failed (every status, zero included)."""
    counts = dict.fromkeys(MailStatus.values, 0)
    rows = outbox_messages(user).order_by().values("status").annotate(n=Count("id"))
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts
