"""Certificates after issue: revocation (the designation is revoked with it), expiry after the
last day of validity (the designation expires with it) and renewal reminders before expiry.
Expiry and reminders run from the worker's schedule (``greenledger.web.ops``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role, User
from greenledger.web.assessments.models import Certificate, CertificateStatus
from greenledger.web.assessments.selectors import certificates_due_for_renewal
from greenledger.web.assessments.services._common import invalid, now, require
from greenledger.web.assessments.services._common import today as local_today
from greenledger.web.audit.services import SCHEDULER, audit_append, snapshot
from greenledger.web.members.models import DesignationStatus
from greenledger.web.members.services import designation_expire, designation_set_status


@transaction.atomic
def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    require(permissions.can_run_assessments(actor), _("Only the district revokes certificates."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        raise invalid("status", _("The certificate is already revoked."))
    if not reason.strip():
        raise invalid("reason", _("Give the reason for the revocation."))
    before = snapshot(certificate, ["status", "revocation_reason"])
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = now()
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["status", "revoked_at", "revocation_reason"])
    audit_append(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        before=before,
        after=snapshot(certificate, ["status", "revocation_reason"]),
    )
    designation_set_status(
        actor=actor, designation=certificate.designation, status=DesignationStatus.REVOKED
    )
    return certificate


def certificates_expire_due(*, today: dt.date) -> list[Certificate]:
    """Expire every valid certificate whose last day (``valid_until``) is before ``today``, and
    its designation in the registry in the same transaction, so the registry, the overview counts
    and the verification page agree. One ledger entry per change, under the scheduler's name;
    running it again for the same day changes nothing."""
    expired = []
    due = Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__lt=today)
    for certificate_id in list(due.order_by("id").values_list("id", flat=True)):
        with transaction.atomic():
            locked = (
                Certificate.objects.select_for_update()
                .select_related("designation")
                .get(pk=certificate_id)
            )
            if locked.status != CertificateStatus.VALID or locked.valid_until >= today:
                continue
            before = snapshot(locked, ["status", "valid_until"])
            locked.status = CertificateStatus.EXPIRED
            locked.save(update_fields=["status"])
            audit_append(
                actor=SCHEDULER,
                action="certificate.expire",
                obj=locked,
                before=before,
                after={**snapshot(locked, ["status", "valid_until"]), "expired_as_of": today},
            )
            designation_expire(designation=locked.designation, today=today)
        expired.append(locked)
    return expired


def reminder_recipients(certificate: Certificate) -> list[str]:
    organisation = certificate.application.organisation
    managers = User.objects.filter(
        organisation=organisation, role=Role.ENTERPRISE_MANAGER, is_active=True
    ).exclude(email="")
    found = [organisation.contact_email] if organisation.contact_email else []
    found += [m.email for m in managers]
    return list(dict.fromkeys(found))


def certificate_reminders_send(
    *, today: dt.date | None = None, days: int | None = None, actor: Any = None
) -> list[Certificate]:
    """E-mail the holders of valid certificates that expire within ``days`` (by default
    GREENLEDGER_RENEWAL_REMINDER_DAYS) and were not reminded yet; each is reminded once.
    ``actor`` is who the ledger names: the scheduler (``SCHEDULER``) when the worker's schedule
    sends them, "system" from the command line."""
    today = today or local_today()
    days = settings.GREENLEDGER_RENEWAL_REMINDER_DAYS if days is None else days
    sent = []
    for certificate in certificates_due_for_renewal(today, days):
        application = certificate.application
        recipients = reminder_recipients(certificate)
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.reminded_at is not None:
                continue
            if recipients:
                send_mail(
                    subject=_("Renewal due: certificate %(number)s expires on %(date)s")
                    % {"number": certificate.number, "date": certificate.valid_until.isoformat()},
                    message=_(
                        "The certificate %(number)s (%(call)s) of %(site)s, %(organisation)s, "
                        "expires on %(date)s. Apply under the current call to renew it.\n"
                        "Verify it at %(url)s"
                    )
                    % {
                        "number": certificate.number,
                        "call": application.call.title,
                        "site": application.site.name_zh,
                        "organisation": application.organisation.name_zh,
                        "date": certificate.valid_until.isoformat(),
                        "url": verification_url(certificate.number),
                    },
                    from_email=None,
                    recipient_list=recipients,
                )
            locked.reminded_at = now()
            locked.save(update_fields=["reminded_at"])
            audit_append(
                actor=actor,
                action="certificate.remind",
                obj=locked,
                after={
                    "reminded_at": locked.reminded_at.isoformat(),
                    "recipients": len(recipients),
                },
            )
        sent.append(locked)
    return sent


def verification_url(number: str) -> str:
    return f"{settings.GREENLEDGER_PUBLIC_URL.rstrip('/')}/verify/{number}"
