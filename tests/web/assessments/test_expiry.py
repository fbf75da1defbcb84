"""Certificates expire on their own, through the worker: the day after the last day of
validity, the worker's schedule marks the certificate and its designation expired in one
transaction; /verify, the registry and the overview count agree; renewal reminders go out from
the same schedule; the ledger has one entry per automatic change, under the scheduler's name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from django.core import mail
from django.test import Client

from greenledger.cli import main
from greenledger.web.assessments.models import Certificate, CertificateStatus
from greenledger.web.assessments.services import certificates_expire_due
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.members.models import Designation, DesignationStatus, Organisation
from tests.web.assessments import helpers
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
LAST_DAY = dt.date(2026, 12, 31)


def valid_through(certificate: Certificate, last_day: dt.date) -> Certificate:
    """As if issued so that ``last_day`` is its last day (the designation carries the same)."""
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=last_day)
    Designation.objects.filter(pk=certificate.designation_id).update(valid_until=last_day)
    certificate.refresh_from_db()
    return certificate


def entries(action: str, obj: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, object_id=str(obj.pk)))


def verify_state(number: str) -> tuple[str, str]:
    page = Client().get(f"/verify/{number}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    state = page.split('id="verify-result" data-state="')[1].split('"')[0]
    api = Client().get(f"/api/assessments/verify/{number}").json()["state"]
    return state, api


def zero_carbon_factories() -> int:
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = html.split('data-type="zero_carbon_factory"')[1]
    return int(card.split('<span class="value">')[1].split("</span>")[0])


def run_worker_once() -> str:
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


# The worker's queue loop closes the database connection as it would in production, so this
# test commits (and the database is flushed after it) instead of running in a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_expires_a_certificate_and_its_designation_the_day_after_its_last_day(
    world: World, clock: Any
) -> None:
    certificate = valid_through(helpers.certificate(world), LAST_DAY)
    Organisation.objects.filter(pk=world.company_a.pk).update(contact_email="energy@jia.example")

    clock.set("2026-12-31 12:00")  # the last day: still valid
    output = run_worker_once()
    assert "certificates.expire 2026-12-31: ran 0 expired" in output
    assert "certificates.remind 2026-12-31: ran 1 reminded" in output
    assert verify_state(certificate.number) == ("valid", "valid")
    before = zero_carbon_factories()
    assert before >= 1
    [reminder] = entries("certificate.remind", certificate)
    assert reminder.actor_username == "system:scheduler" and reminder.actor_id is None
    assert [m.to for m in mail.outbox] == [["energy@jia.example"]]

    clock.set("2027-01-01 00:10")  # the day after, once the jobs' time (00:05) has come
    output = run_worker_once()
    assert "certificates.expire 2027-01-01: ran 1 expired" in output
    assert "designations.expire 2027-01-01: ran 0 expired" in output  # done with the certificate
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    designation = Designation.objects.get(pk=certificate.designation_id)
    assert designation.status == DesignationStatus.EXPIRED
    assert verify_state(certificate.number) == ("expired", "expired")
    page = Client().get(f"/verify/{certificate.number}", HTTP_ACCEPT_LANGUAGE="en")
    assert "EXPIRED" in page.content.decode() and "2026-12-31" in page.content.decode()
    assert zero_carbon_factories() == before - 1

    [expiry] = entries("certificate.expire", certificate)
    assert expiry.actor_username == "system:scheduler" and expiry.actor_id is None
    assert expiry.before["status"] == "valid" and expiry.after["status"] == "expired"
    [designation_expiry] = entries("designation_expire", designation)
    assert designation_expiry.actor_username == "system:scheduler"
    assert audit_verify().ok

    ledger = AuditEntry.objects.count()
    assert "ran" not in run_worker_once()  # the same day again: nothing new
    assert AuditEntry.objects.count() == ledger
    assert len(mail.outbox) == 1


def test_verification_never_calls_a_certificate_valid_past_its_last_day(
    world: World, clock: Any
) -> None:
    # Between midnight and the schedule's run (or while no worker runs), the stored state is
    # still "valid"; the public answer already follows the date.
    certificate = valid_through(helpers.certificate(world), LAST_DAY)
    clock.set("2027-01-01 00:01")
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    assert verify_state(certificate.number) == ("expired", "expired")


def test_expiring_certificates_is_idempotent_and_leaves_revoked_ones_alone(world: World) -> None:
    certificate = valid_through(helpers.certificate(world), LAST_DAY)
    assert certificates_expire_due(today=LAST_DAY) == []
    day_after = LAST_DAY + dt.timedelta(days=1)
    assert [c.pk for c in certificates_expire_due(today=day_after)] == [certificate.pk]
    assert certificates_expire_due(today=day_after) == []
    assert len(entries("certificate.expire", certificate)) == 1

    revoked = Certificate.objects.filter(pk=certificate.pk)
    revoked.update(status=CertificateStatus.REVOKED)
    assert certificates_expire_due(today=day_after + dt.timedelta(days=400)) == []
    assert revoked.get().status == CertificateStatus.REVOKED
