"""The outbox: the staff read every message the platform sends (how the demo shows its mail)
and send a failed one again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from greenledger.web.alliance.models import MailStatus, OutgoingMail
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.alliance.services.outbox import mail_retry
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.test_mail import CONTEXT
from tests.web.conftest import World

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def failed_mail(settings: Any) -> OutgoingMail:
    """A message whose only attempt met a server that refused the connection."""
    settings.EMAIL_BACKEND = "tests.web.alliance.test_mail.BrokenBackend"
    settings.GREENLEDGER_MAIL_MAX_ATTEMPTS = 1
    mail = mail_queue(
        to="applicant@new-member.example", template="application_received", context=CONTEXT,
        language="en",
    )  # fmt: skip
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED and mail.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail


def test_the_staff_read_the_outbox_and_a_message_with_its_text(
    world: World, sent_mail: list[Any], settings: Any
) -> None:
    failed = failed_mail(settings)
    sent = mail_queue(to="b@member.example", template="application_received", context=CONTEXT)
    staff = world.client("secretariat")
    page = staff.get("/alliance/outbox/", **EN).content.decode()
    assert f'id="mail-{failed.pk}"' in page and f'id="mail-{sent.pk}"' in page
    assert "ConnectionRefusedError: connection refused by smtp.example:25" in page
    assert '<span class="value" id="count-failed">1</span>' in page
    assert '<span class="value" id="count-sent">1</span>' in page
    only_failed = staff.get("/alliance/outbox/?status=failed").content.decode()
    assert f'id="mail-{sent.pk}"' not in only_failed
    by_address = staff.get("/alliance/outbox/?to=B@MEMBER").content.decode()
    assert f'id="mail-{sent.pk}"' in by_address and f'id="mail-{failed.pk}"' not in by_address
    message = staff.get(f"/alliance/outbox/{sent.pk}/").content.decode()
    assert "GreenLedger：入会申请 JA-2026-0001 已收到" in message
    assert "http://testserver/alliance/join/status/secret/" in message


def test_a_failed_message_is_sent_again(world: World, sent_mail: list[Any], settings: Any) -> None:
    failed = failed_mail(settings)
    staff = world.client("district_admin")
    assert 'id="mail-retry"' in staff.get(f"/alliance/outbox/{failed.pk}/").content.decode()
    response = staff.post(f"/alliance/outbox/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MailStatus.SENT and failed.attempts == 1
    assert [m.to for m in sent_mail] == [["applicant@new-member.example"]]
    entry = AuditEntry.objects.get(action="alliance.mail.retry")
    assert entry.before["status"] == "failed" and entry.after["status"] == "queued"
    again = staff.post(f"/alliance/outbox/{failed.pk}/retry/", **EN)
    assert again.status_code == 422
    assert "Only a message that failed is sent again; this one is Sent." in again.content.decode()


def test_only_the_staff_open_the_outbox(world: World, sent_mail: list[Any], settings: Any) -> None:
    failed = failed_mail(settings)
    for persona in ("enterprise_a", "analyst", "evaluator", "public"):
        client = world.client(persona)
        assert client.get("/alliance/outbox/").status_code == 403
        assert client.get(f"/alliance/outbox/{failed.pk}/").status_code == 403
        assert client.post(f"/alliance/outbox/{failed.pk}/retry/").status_code == 403
        with pytest.raises(PermissionDenied):
            mail_retry(actor=world.users[persona], mail=failed)
    anonymous = world.client("anonymous")
    assert anonymous.get("/alliance/outbox/")["Location"].startswith("/login/")
    assert anonymous.post(f"/alliance/outbox/{failed.pk}/retry/").status_code == 404
    assert OutgoingMail.objects.get(pk=failed.pk).status == MailStatus.FAILED
    assert world.client("secretariat").get("/alliance/outbox/999999/").status_code == 404


def test_a_queued_message_is_not_retried(world: World, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = mail_queue(to="c@member.example", template="application_received", context=CONTEXT)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        mail_retry(actor=world.users["secretariat"], mail=queued)
    assert refused.value.message_dict["status"] == [
        "Only a message that failed is sent again; this one is Queued."
    ]
