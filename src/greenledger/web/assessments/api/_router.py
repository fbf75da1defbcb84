"""The assessments router and the lookups every module shares: a hidden object answers 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import (
    Application,
    Certificate,
    Nomination,
    RecognitionCall,
    Review,
)
from greenledger.web.members.models import Organisation, Site

router = Router(tags=["assessments"])


def user_of(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def visible_application(request: HttpRequest, application_id: int) -> Application:
    application = (
        permissions.visible_applications(user_of(request))
        .select_related("call", "organisation", "site")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def visible_review(request: HttpRequest, review_id: int) -> Review:
    review = (
        permissions.visible_reviews(user_of(request))
        .select_related("application__call", "evaluator")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise Http404
    return review


def visible_certificate(request: HttpRequest, certificate_id: int) -> Certificate:
    certificate = (
        permissions.visible_certificates(user_of(request))
        .select_related("application__call", "application__organisation", "application__site")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def visible_recognition_call(request: HttpRequest, call_id: int) -> RecognitionCall:
    call = permissions.visible_recognition_calls(user_of(request)).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


def visible_nomination(request: HttpRequest, nomination_id: int) -> Nomination:
    """A nomination is seen by whoever sees its call."""
    calls = permissions.visible_recognition_calls(user_of(request))
    nomination = (
        Nomination.objects.select_related("call", "organisation")
        .filter(pk=nomination_id, call__in=calls.values("pk"))
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def visible_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = (
        permissions.visible_organisations(user_of(request)).filter(pk=organisation_id).first()
    )
    if organisation is None:
        raise Http404
    return organisation


def visible_site(request: HttpRequest, site_id: int) -> Site:
    site = (
        permissions.visible_sites(user_of(request))
        .select_related("organisation")
        .filter(pk=site_id)
        .first()
    )
    if site is None:
        raise Http404
    return site
