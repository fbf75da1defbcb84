"""Certificates: the page, the PDF (Chinese and English, with the QR code of the verification
address), public verification (valid, expired, revoked, unknown) and renewal reminders."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from greenledger.cli import main
from greenledger.web.assessments import services
from greenledger.web.assessments.models import Certificate, CertificateStatus
from greenledger.web.assessments.services.certificates import verification_url
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.models import Designation, DesignationStatus, Organisation
from tests.web.assessments import helpers
from tests.web.conftest import World


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def certificate_url(certificate: Certificate) -> str:
    return f"/assessments/certificates/{certificate.pk}/"


def expires_in(certificate: Certificate, days: int) -> Certificate:
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() + dt.timedelta(days=days)
    )
    certificate.refresh_from_db()
    return certificate


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return text, images


# -- the certificate page -----------------------------------------------------------------------


def test_the_certificate_page_shows_what_it_certifies(world: World):
    certificate = helpers.certificate(world)
    page = english(world.client("enterprise_a")).get(certificate_url(certificate))
    assert page.status_code == 200
    body = page.content.decode()
    assert certificate.number.startswith("DJ-ZCF-") and certificate.number in body
    assert 'data-state="valid"' in body
    assert "甲公司" in body or "Company A" in body
    assert "甲工厂" in body and "t-seesa-009" in body
    assert certificate.level_title in body  # the grade the reviews reached
    # issued today for the call's three years: no renewal notice yet
    assert certificate.valid_until == certificate.issued_on.replace(
        year=certificate.issued_on.year + 3
    ) - dt.timedelta(days=1)
    assert 'id="renewal-notice"' not in body
    assert 'id="revoke-form"' not in body  # the holder does not revoke
    assert f'href="/verify/{certificate.number}"' in body


def test_a_renewal_notice_shows_within_the_reminder_window(world: World):
    certificate = expires_in(helpers.certificate(world), settings.GREENLEDGER_RENEWAL_REMINDER_DAYS)
    body = english(world.client("enterprise_a")).get(certificate_url(certificate)).content.decode()
    assert 'id="renewal-notice"' in body
    assert f"in {settings.GREENLEDGER_RENEWAL_REMINDER_DAYS} days" in body
    expires_in(certificate, settings.GREENLEDGER_RENEWAL_REMINDER_DAYS + 1)
    body = world.client("enterprise_a").get(certificate_url(certificate)).content.decode()
    assert 'id="renewal-notice"' not in body


# -- the PDF ------------------------------------------------------------------------------------


def test_the_pdf_carries_number_holder_and_a_qr_code_in_chinese_and_english(world: World):
    certificate = helpers.certificate(world)
    client = world.client("enterprise_a")
    chinese = client.get(f"{certificate_url(certificate)}certificate.pdf")
    assert chinese.status_code == 200 and chinese["Content-Type"] == "application/pdf"
    assert chinese.content.startswith(b"%PDF")
    text, images = pdf_text(chinese.content)
    assert certificate.number in text
    assert "甲公司" in text and "甲工厂" in text
    assert "证书" in text or "Certificate" in text
    assert images == 1  # the QR code
    assert verification_url(certificate.number) in text.replace("\n", "")

    english_pdf = client.get(f"{certificate_url(certificate)}certificate.pdf?lang=en")
    text, images = pdf_text(english_pdf.content)
    assert certificate.number in text and "Company A" in text
    assert "Certificate number" in text and "Valid until" in text
    assert images == 1
    assert client.get(f"{certificate_url(certificate)}certificate.pdf?lang=fr").status_code == 404


def test_the_qr_code_encodes_the_verification_address(world: World):
    from greenledger.web.assessments.certificate_pdf import certificate_html

    certificate = helpers.certificate(world)
    html = certificate_html(certificate, language="zh-hans", today=timezone.localdate())
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"', html)
    assert verification_url(certificate.number) == (
        f"{settings.GREENLEDGER_PUBLIC_URL}/verify/{certificate.number}"
    )


# -- public verification ------------------------------------------------------------------------


def test_verification_shows_valid_then_expired_then_revoked(world: World):
    certificate = helpers.certificate(world)
    url = f"/verify/{certificate.number}"
    anonymous = english(Client())

    valid = anonymous.get(url)
    assert valid.status_code == 200
    body = valid.content.decode()
    assert 'data-state="valid"' in body and "VALID" in body
    assert "甲公司" in body or "Company A" in body
    assert "甲工厂" in body and certificate.issued_on.isoformat() in body
    assert certificate.valid_until.isoformat() in body
    # nothing private: no scores, no decision reasons, no contacts
    assert "两位评审" not in body
    assert f"{certificate.points:.2f}" not in body
    assert "@" not in re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)

    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    expired = anonymous.get(url).content.decode()
    assert 'data-state="expired"' in expired and "EXPIRED" in expired

    staff = english(world.client("secretariat"))
    refused = staff.post(f"{certificate_url(certificate)}revoke/", {"reason": ""}, follow=True)
    assert [str(m) for m in refused.context["messages"]]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID

    staff.post(f"{certificate_url(certificate)}revoke/", {"reason": "现场核查发现能耗数据不实"})
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert Designation.objects.get(pk=certificate.designation_id).status == (
        DesignationStatus.REVOKED
    )
    revoked = anonymous.get(url).content.decode()
    assert 'data-state="revoked"' in revoked and "REVOKED" in revoked
    assert "现场核查发现能耗数据不实" in revoked
    assert timezone.localdate().isoformat() in revoked


def test_an_unknown_number_is_not_found(world: World):
    response = english(Client()).get("/verify/DJ-ZCF-1999-0001")
    assert response.status_code == 404
    body = response.content.decode()
    assert "No such certificate" in body and "DJ-ZCF-1999-0001" in body


# -- renewal reminders --------------------------------------------------------------------------


@pytest.fixture
def contact(world: World) -> str:
    Organisation.objects.filter(pk=world.company_a.pk).update(contact_email="energy@jia.example")
    return "energy@jia.example"


def test_the_remind_command_mails_each_holder_once(world: World, contact: str):
    certificate = expires_in(helpers.certificate(world), 30)
    runner = CliRunner()
    too_early = runner.invoke(main, ["certificates", "remind", "--days", "29"])
    assert too_early.exit_code == 0, too_early.output
    assert "Sent 0 renewal reminder(s)." in too_early.output
    assert mail.outbox == []

    result = runner.invoke(main, ["certificates", "remind", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 renewal reminder(s)." in result.output
    assert certificate.number in result.output and contact in result.output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert contact in message.to
    assert certificate.number in message.subject
    assert verification_url(certificate.number) in message.body
    certificate.refresh_from_db()
    assert certificate.reminded_at is not None
    assert AuditEntry.objects.filter(action="certificate.remind").count() == 1

    again = runner.invoke(main, ["certificates", "remind", "--days", "30"])
    assert "Sent 0 renewal reminder(s)." in again.output
    assert len(mail.outbox) == 1


def test_the_remind_command_counts_from_the_given_day(world: World, contact: str):
    certificate = helpers.certificate(world)  # valid for three years
    runner = CliRunner()
    today = runner.invoke(main, ["certificates", "remind"])
    assert "Sent 0" in today.output
    later = certificate.valid_until - dt.timedelta(days=10)
    result = runner.invoke(main, ["certificates", "remind", "--today", later.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output and len(mail.outbox) == 1
    bad = runner.invoke(main, ["certificates", "remind", "--today", "2026-13-01"])
    assert bad.exit_code != 0


def test_revoked_certificates_are_not_reminded(world: World, contact: str):
    certificate = expires_in(helpers.certificate(world), 30)
    services.certificate_revoke(
        actor=world.users["secretariat"], certificate=certificate, reason="企业注销"
    )
    result = CliRunner().invoke(main, ["certificates", "remind"])
    assert "Sent 0" in result.output and mail.outbox == []
