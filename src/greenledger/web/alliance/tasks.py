"""Background tasks of the alliance app (django-tasks; the database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_outgoing_mail(mail_id: int) -> str:
    from greenledger.web.alliance.services.mail import mail_send

    return mail_send(mail_id=mail_id).status
