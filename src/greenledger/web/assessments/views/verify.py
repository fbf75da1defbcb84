"""Public verification of a certificate by its number: anyone, signed in or not, sees whether
it is valid, expired or revoked, and what it certifies. Nothing private is shown (no scores
breakdown, no contacts)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from greenledger.web.assessments.certificate_pdf import certificate_context
from greenledger.web.assessments.models import Certificate
from greenledger.web.ui.viewer_cache import cached_for_viewer


def certificate_state(request: HttpRequest, number: str) -> str:
    """What the page shows that may change without a ledger entry (a certificate's validity is
    also moved by direct database maintenance): part of the page's cache key."""
    state = (
        Certificate.objects.filter(number=number.strip())
        .values_list("status", "valid_until", "designation__status")
        .first()
    )
    return repr(state)


@require_safe
@cached_for_viewer(extra=certificate_state)
def verify(request: HttpRequest, number: str) -> HttpResponse:
    found = (
        Certificate.objects.select_related(
            "application__call", "application__organisation", "application__site", "designation"
        )
        .filter(number=number.strip())
        .first()
    )
    if found is None:
        return render(request, "assessments/verify.html", {"number": number}, status=404)
    context = certificate_context(found, timezone.localdate())
    return render(request, "assessments/verify.html", {"number": number, **context})
