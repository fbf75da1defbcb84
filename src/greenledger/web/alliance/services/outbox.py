"""The outbox's one write: send a message that failed for good once more.

A failed message (``GREENLEDGER_MAIL_MAX_ATTEMPTS`` attempts without success) goes back to the
queue with its attempts counted from zero, so it gets the same retries with a doubling delay as
a new one; its last error stays on the row until a send succeeds. Only the staff who read the
outbox (``accounts.permissions.can_read_outgoing_mail``) do it; it is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import MailStatus, OutgoingMail
from greenledger.web.alliance.services._common import invalid, require
from greenledger.web.audit.services import audit_append, snapshot

__all__ = ["mail_retry"]

MAIL_FIELDS = ["to", "template", "status", "attempts", "last_error", "next_attempt_at"]


@transaction.atomic
def mail_retry(*, actor: Any, mail: OutgoingMail) -> OutgoingMail:
    """Queue a failed message again; the task worker sends it."""
    from greenledger.web.alliance.tasks import send_outgoing_mail

    require(
        permissions.can_read_outgoing_mail(actor),
        _("Only the alliance secretariat and the district administrator resend mail."),
    )
    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status != MailStatus.FAILED:
        raise invalid(
            "status",
            _("Only a message that failed is sent again; this one is %(status)s.")
            % {"status": mail.get_status_display()},
        )
    before = snapshot(mail, MAIL_FIELDS)
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = None
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_append(
        actor=actor,
        action="alliance.mail.retry",
        obj=mail,
        before=before,
        after=snapshot(mail, MAIL_FIELDS),
    )
    send_outgoing_mail.enqueue(mail.pk)
    return mail
