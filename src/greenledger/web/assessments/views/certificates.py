"""Certificate pages: the certificate (holder's users and staff), its PDF with a QR code of the
public verification address, and revocation (staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.certificate_pdf import certificate_context, certificate_pdf
from greenledger.web.assessments.models import Certificate
from greenledger.web.assessments.views._common import act, login_needed, page
from greenledger.web.reporting.views._common import download
from greenledger.web.ui.viewer_cache import cached_for_viewer

# ?lang= of the PDF -> the language it is rendered in (Chinese unless asked otherwise).
PDF_LANGUAGES = {"": "zh-hans", "zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the revocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


def certificate_or_404(user: Any, certificate_id: int) -> Certificate:
    found = (
        permissions.visible_certificates(user)
        .select_related(
            "application__call",
            "application__organisation",
            "application__site",
            "designation",
        )
        .filter(pk=certificate_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def renewal_due(certificate: Certificate, state: str, today: dt.date) -> bool:
    """A valid certificate expiring within GREENLEDGER_RENEWAL_REMINDER_DAYS."""
    days = settings.GREENLEDGER_RENEWAL_REMINDER_DAYS
    return state == "valid" and certificate.valid_until <= today + dt.timedelta(days=days)


@require_safe
@cached_for_viewer
def certificate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    if (login := login_needed(request)) is not None:
        return login
    found = certificate_or_404(request.user, certificate_id)
    today = timezone.localdate()
    context = certificate_context(found, today)
    can_revoke = permissions.can_run_assessments(request.user) and context["state"] != "revoked"
    context.update(
        {
            "renewal_due": renewal_due(found, context["state"], today),
            "days_left": (found.valid_until - today).days,
            "revoke_form": RevokeForm() if can_revoke else None,
        }
    )
    return page(request, "assessments/certificate.html", context)


@require_safe
def certificate_pdf_view(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """The certificate as a PDF: Chinese by default, ``?lang=en`` in English."""
    if (login := login_needed(request)) is not None:
        return login
    language = PDF_LANGUAGES.get(request.GET.get("lang", ""))
    if language is None:
        raise Http404
    found = certificate_or_404(request.user, certificate_id)
    content = certificate_pdf(found, language=language, today=timezone.localdate())
    return download(content, f"certificate-{found.number}-{language}.pdf", "application/pdf")


@require_POST
def certificate_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    found = certificate_or_404(request.user, certificate_id)
    if not permissions.can_run_assessments(request.user):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    act(
        request,
        lambda: services.certificate_revoke(actor=request.user, certificate=found, reason=reason),
        _("The certificate is revoked, and its designation with it."),
    )
    return redirect("assessments:certificate", found.pk)
