"""Certificates: the holder's users and the secretariat read them; the secretariat revokes;
anybody verifies one by its number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Schema

from greenledger.web.accounts import permissions
from greenledger.web.assessments import selectors, services
from greenledger.web.assessments.api._router import router, user_of, visible_certificate
from greenledger.web.assessments.models import Certificate
from greenledger.web.contract.types import DbId, paginated


class CertificateOut(Schema):
    id: int
    number: str
    application_id: int
    organisation_id: int
    site_id: int
    designation_id: int
    designation_type: str
    ruleset_id: str
    level: str
    level_title: str
    points: float | None
    issued_on: dt.date
    valid_until: dt.date
    status: str
    state: str
    revoked_at: dt.datetime | None
    revocation_reason: str

    @staticmethod
    def resolve_organisation_id(obj: Certificate) -> int:
        return obj.application.organisation_id

    @staticmethod
    def resolve_site_id(obj: Certificate) -> int:
        return obj.application.site_id

    @staticmethod
    def resolve_designation_type(obj: Certificate) -> str:
        return obj.application.call.designation_type

    @staticmethod
    def resolve_ruleset_id(obj: Certificate) -> str:
        return obj.application.call.ruleset_id

    @staticmethod
    def resolve_state(obj: Certificate) -> str:
        return selectors.certificate_state(obj, timezone.localdate())


class RevokeIn(Schema):
    reason: str


class VerificationOut(Schema):
    number: str
    state: str  # "valid", "expired" or "revoked"
    holder: str
    holder_en: str
    site: str
    site_en: str
    designation_type: str
    standard: str
    edition: str
    level: str
    level_title: str
    issued_on: dt.date
    valid_until: dt.date
    revoked_at: dt.datetime | None


@router.get("/certificates", response=list[CertificateOut], summary="List certificates")
@paginated
def certificate_list(request: HttpRequest) -> Any:
    return (
        permissions.visible_certificates(user_of(request))
        .select_related("application__call")
        .order_by("-issued_on", "-id")
    )


@router.get("/certificates/{int:certificate_id}", response=CertificateOut)
def certificate_detail(request: HttpRequest, certificate_id: DbId) -> Any:
    return visible_certificate(request, certificate_id)


@router.post("/certificates/{int:certificate_id}/revoke", response=CertificateOut)
def certificate_revoke(request: HttpRequest, certificate_id: DbId, payload: RevokeIn) -> Any:
    """Revoke (the registry designation is revoked with it)."""
    return services.certificate_revoke(
        actor=user_of(request),
        certificate=visible_certificate(request, certificate_id),
        reason=payload.reason,
    )


@router.get("/verify/{str:number}", response=VerificationOut, summary="Verify a certificate")
def certificate_verify(request: HttpRequest, number: str) -> Any:
    """Public: whether the certificate with this number is valid, expired or revoked, and what
    it certifies. An unknown number answers 404."""
    certificate = (
        Certificate.objects.select_related(
            "application__call", "application__organisation", "application__site"
        )
        .filter(number=number.strip())
        .first()
    )
    if certificate is None:
        raise Http404
    application = certificate.application
    standard, _slash, edition = application.call.ruleset_id.partition("/")
    return {
        "number": certificate.number,
        "state": selectors.certificate_state(certificate, timezone.localdate()),
        "holder": application.organisation.name_zh,
        "holder_en": application.organisation.name_en,
        "site": application.site.name_zh,
        "site_en": application.site.name_en,
        "designation_type": application.call.designation_type,
        "standard": standard,
        "edition": edition,
        "level": certificate.level,
        "level_title": certificate.level_title,
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "revoked_at": certificate.revoked_at,
    }
