"""Outgoing mail: rendered in the recipient's language when queued, sent by the task worker
through Django's mail backend (the console in the demo, SMTP in production), retried.

A message is a template ``alliance/mail/<name>.txt`` whose first line is the subject and whose
remaining lines are the text; translatable strings use ``{% translate %}`` and
``{% blocktranslate %}``. ``mail_queue`` stores the rendered message (an ``OutgoingMail`` row)
and enqueues ``send_outgoing_mail``: on the database queue the row and the task are written in
the caller's transaction, so nothing is sent for a change that was rolled back. A failed send
is tried again after ``GREENLEDGER_MAIL_RETRY_SECONDS`` x 2^(attempts-1), up to
``GREENLEDGER_MAIL_MAX_ATTEMPTS`` attempts; then the message is marked failed (the outbox page
shows it with its last error).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from greenledger.web.alliance.models import MailStatus, OutgoingMail

logger = logging.getLogger("greenledger.mail")


def render_mail(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, text) of ``alliance/mail/<template>.txt`` rendered in ``language``."""
    # plain text: never HTML-escaped ("&" stays "&"), whatever the template says
    found = get_template(f"alliance/mail/{template}.txt").template
    with translation.override(language):
        rendered = found.render(Context(context, autoescape=False))
    subject, _, body = rendered.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def mail_queue(
    *, to: str, template: str, context: dict[str, Any], language: str = "zh-hans"
) -> OutgoingMail:
    """Render the message in ``language`` and queue it for the task worker."""
    from greenledger.web.alliance.tasks import send_outgoing_mail

    subject, body = render_mail(template, context, language)
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            to=to,
            subject=subject[:300],
            body=body,
            language=language,
            template=template,
            created_at=timezone.now(),
        )
        send_outgoing_mail.enqueue(mail.pk)
    return mail


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.GREENLEDGER_MAIL_RETRY_SECONDS) * 2 ** (attempts - 1))


def mail_send(*, mail_id: int) -> OutgoingMail:
    """Send one queued message now; on failure schedule the next attempt or give up."""
    from greenledger.web.alliance.tasks import send_outgoing_mail

    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status != MailStatus.QUEUED:
            return mail
        mail.attempts += 1
        try:
            EmailMessage(
                subject=mail.subject,
                body=mail.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[mail.to],
            ).send(fail_silently=False)
        except Exception as exc:  # any backend error (SMTP, DNS, socket) is a failed attempt
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if mail.attempts >= int(settings.GREENLEDGER_MAIL_MAX_ATTEMPTS):
                mail.status = MailStatus.FAILED
                mail.next_attempt_at = None
                logger.error("mail %s to %s failed for good: %s", mail.pk, mail.to, exc)
            else:
                mail.next_attempt_at = timezone.now() + _retry_delay(mail.attempts)
                send_outgoing_mail.using(run_after=mail.next_attempt_at).enqueue(mail.pk)
                logger.warning("mail %s to %s failed, retrying: %s", mail.pk, mail.to, exc)
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            mail.last_error = ""
        mail.save()
    return mail
