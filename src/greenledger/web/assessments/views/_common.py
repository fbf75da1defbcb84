"""Shared helpers of the assessment pages: rendering, sign-in, lookups that answer 404.

Every lookup goes through ``accounts.permissions``; an object the viewer may not see is "not
found", never "forbidden". A visible object the viewer may not change answers 403 (raised by the
services, or by the views before they parse a form).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import (
    Application,
    Call,
    Evidence,
    OrganisationRelation,
)
from greenledger.web.reporting.views._common import act, error_text
from greenledger.web.reporting.views._common import page as reporting_page

NAV = "assessments"

__all__ = [
    "NAV",
    "act",
    "application_or_404",
    "call_or_404",
    "error_text",
    "evidence_or_404",
    "login_needed",
    "page",
    "relation_or_404",
    "to_application",
    "to_call",
]


def page(
    request: HttpRequest, template: str, context: dict[str, Any], **options: Any
) -> HttpResponse:
    """The reporting pages' renderer (whole page or htmx partial), under "Assessments"."""
    return reporting_page(request, template, context, nav=NAV, **options)


def login_needed(request: HttpRequest) -> HttpResponse | None:
    """A redirect to the sign-in page for an anonymous visitor asking for a page (GET/HEAD).

    An anonymous POST is not redirected (there is nothing to come back to): it is answered like
    any other caller without the right, by the permission checks that follow."""
    if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
        return None
    return redirect_to_login(request.get_full_path())


def call_or_404(user: Any, call_id: int) -> Call:
    call = permissions.visible_calls(user).filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


def application_or_404(user: Any, application_id: int) -> Application:
    """An application the user may see; any other id is "not found"."""
    found = (
        permissions.visible_applications(user)
        .select_related("call", "organisation", "site")
        .filter(pk=application_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def evidence_or_404(user: Any, evidence_id: int) -> Evidence:
    """An evidence file of an application the user may see."""
    found = (
        Evidence.objects.select_related("application__call", "application__organisation")
        .filter(pk=evidence_id, application__in=permissions.visible_applications(user))
        .first()
    )
    if found is None:
        raise Http404
    return found


def relation_or_404(user: Any, relation_id: int) -> OrganisationRelation:
    found = (
        permissions.visible_relations(user)
        .select_related("organisation", "related")
        .filter(pk=relation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def to_application(application_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("assessments:application", args=[application_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def to_call(call_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("assessments:call", args=[call_id])
    return redirect(f"{url}#{anchor}" if anchor else url)
