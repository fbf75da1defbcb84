"""The staff's check-in page at the door of an event (``alliance:check_in``).

The code is typed or scanned into one text field (focused on load). Where the browser has
``BarcodeDetector``, a camera button reads the QR code into the field (``alliance/checkin.js``,
our own script). A refusal says why: an unknown code, a code for another event (named), a
participant already checked in (when, by whom), cancelled or waitlisted. The page shows the
confirmed and checked-in counts and who registered. The staff (``permissions.can_check_in``)
only: anybody else 403, anonymous visitors are sent to sign in; a draft event answers 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from greenledger.web.accounts import permissions
from greenledger.web.alliance.selectors import registrations as selectors
from greenledger.web.alliance.services import registrations as services
from greenledger.web.alliance.views.registrations import apply_errors, title_of

NAV = "alliance"

__all__ = ["CheckInForm", "urlpatterns"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


def _staff(request: HttpRequest) -> HttpResponse | None:
    if permissions.can_check_in(request.user):
        return None
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    event = selectors.event_for_check_in(event_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_check_in(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_errors(form, error, {"event": "code"})
        else:
            text = _("%(name)s (%(organisation)s) is checked in.") % {
                "name": registration.name,
                "organisation": registration.organisation.name_zh,
            }
            messages.success(request, text)
            return redirect(reverse("alliance:check_in", kwargs={"event_id": event.pk}))
    registrations = list(selectors.event_registrations(event))
    context: dict[str, Any] = {
        "nav": NAV,
        "event": event,
        "title": title_of(event),
        "form": form,
        "counts": selectors.event_counts(event),
        "registrations": registrations,
    }
    return render(request, "alliance/checkin/check_in.html", context)


urlpatterns = [
    path("events/<int:event_id>/check-in/", check_in, name="check_in"),
]
