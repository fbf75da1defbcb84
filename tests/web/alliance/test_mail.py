"""Outgoing mail: rendered in the recipient's language, sent by the task, retried with a
growing delay, then marked failed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail as django_mail

from greenledger.web.alliance.models import MailStatus, OutgoingMail
from greenledger.web.alliance.services.mail import mail_queue, mail_send, render_mail

pytestmark = pytest.mark.django_db


class BrokenBackend:
    """A mail backend whose server is down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("connection refused by smtp.example:25")


CONTEXT = {
    "application": SimpleNamespace(reference="JA-2026-0001", contact_name="王工", name_zh="甲公司"),
    "status_url": "http://testserver/alliance/join/status/secret/",
}


def test_a_queued_message_is_sent_by_the_task(sent_mail: list[Any]) -> None:
    queued = mail_queue(
        to="new@member.example", template="application_received", context=CONTEXT, language="en"
    )
    queued.refresh_from_db()
    assert queued.status == MailStatus.SENT and queued.attempts == 1
    assert [m.to for m in sent_mail] == [["new@member.example"]]
    assert sent_mail[0].subject == (
        "GreenLedger: application JA-2026-0001 to join the alliance received"
    )
    assert sent_mail[0].body.startswith("Dear 王工,")
    assert "http://testserver/alliance/join/status/secret/" in sent_mail[0].body


def test_the_message_is_rendered_in_the_recipients_language() -> None:
    subject, body = render_mail("application_received", CONTEXT, "zh-hans")
    assert subject == "GreenLedger：入会申请 JA-2026-0001 已收到"
    assert body.startswith("王工：您好！")
    assert "甲公司" in body


def test_plain_text_mail_is_not_html_escaped() -> None:
    context = {**CONTEXT, "application": SimpleNamespace(
        reference="JA-2026-0002", contact_name="O'Neil & Co", name_zh="<甲&乙>")}  # fmt: skip
    _, body = render_mail("application_received", context, "en")
    assert body.startswith("Dear O'Neil & Co,")
    assert "<甲&乙>" in body and "&amp;" not in body


def test_a_failed_send_is_retried_later_then_given_up(sent_mail: list[Any], settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.web.alliance.test_mail.BrokenBackend"
    settings.GREENLEDGER_MAIL_MAX_ATTEMPTS = 3
    settings.GREENLEDGER_MAIL_RETRY_SECONDS = 60
    # the database queue keeps the retries for later instead of running them at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = mail_queue(to="x@member.example", template="application_received", context=CONTEXT)
    first = mail_send(mail_id=queued.pk)
    assert first.status == MailStatus.QUEUED and first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error
    delay = first.next_attempt_at - first.created_at
    assert dt.timedelta(seconds=59) < delay < dt.timedelta(seconds=62)
    second = mail_send(mail_id=queued.pk)
    assert second.attempts == 2
    # the delay doubles: 60 s after the first attempt, 120 s after the second
    later = second.next_attempt_at - dt.datetime.now(tz=dt.UTC)
    assert dt.timedelta(seconds=118) < later <= dt.timedelta(seconds=120)
    third = mail_send(mail_id=queued.pk)
    assert third.status == MailStatus.FAILED and third.attempts == 3
    assert third.next_attempt_at is None
    # a message that failed for good is not sent again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_send(mail_id=queued.pk).status == MailStatus.FAILED
    assert django_mail.outbox == []
    assert OutgoingMail.objects.get(pk=queued.pk).attempts == 3
