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


@require_safe
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
