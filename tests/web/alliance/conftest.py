"""Alliance tests use the personas' world (``tests.web.conftest.world``: companies A and B are
active members, the bank is not a member) and these helpers for the mail the services queue."""

from __future__ import annotations

import re
from typing import Any

import pytest

from greenledger.web.alliance.models import OutgoingMail

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def sent_mail(settings: Any) -> Any:
    """Queued mail is sent at once (the immediate task backend) into ``django.core.mail.outbox``."""
    from django.core import mail

    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GREENLEDGER_PUBLIC_URL = "http://testserver"
    mail.outbox = []
    return mail.outbox


def mail_to(address: str, template: str | None = None) -> list[OutgoingMail]:
    """The messages queued for ``address`` (of one template), oldest first."""
    messages = OutgoingMail.objects.filter(to=address).order_by("created_at", "id")
    if template is not None:
        messages = messages.filter(template=template)
    return list(messages)


def link_in(mail: OutgoingMail) -> str:
    """The path of the platform link in a message (``http://testserver/...`` -> ``/...``)."""
    match = re.search(r"https?://[^\s/]+(/\S*)", mail.body)
    assert match, f"no link in {mail.template} mail: {mail.body!r}"
    return match.group(1)
