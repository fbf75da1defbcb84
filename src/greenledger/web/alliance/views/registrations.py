"""Registration pages of alliance events.

- ``alliance:registrations``: the registrations of the user's organisation (every event), each
  with its status, code and, while confirmed, its QR code (inline SVG); the events open for
  registration; cancelling one (POST ``alliance:registration_cancel``). Users with an
  organisation see it (an organisation that is not an active member registers nobody);
  anybody else gets 403, anonymous visitors are sent to sign in.
- ``alliance:register``: a user of an active member organisation registers themselves, a
  colleague or a named person for a published event (drafts and cancelled events: 404).
- ``alliance:ticket``: the participant's ticket from the link in the mail (a signed token, no
  account needed): the event, the status, the code and its QR code.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import Registration, RegistrationStatus
from greenledger.web.alliance.qr import qr_svg
from greenledger.web.alliance.selectors import registrations as selectors
from greenledger.web.alliance.services import registrations as services
from greenledger.web.alliance.views._flash import act_and_flash

NAV = "alliance"

__all__ = ["RegistrationForm", "apply_errors", "urlpatterns"]

PARTICIPANTS = [
    ("self", pgettext_lazy("registration", "Myself")),
    ("colleague", gettext_lazy("A colleague with an account")),
    ("guest", gettext_lazy("Another person of the organisation (name and e-mail)")),
]


class RegistrationForm(forms.Form):
    participant = forms.ChoiceField(
        label=pgettext_lazy("registration", "Who takes part"),
        choices=PARTICIPANTS,
        initial="self",
        widget=forms.RadioSelect,
    )
    colleague = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=pgettext_lazy("registration", "Colleague"),
    )
    name = forms.CharField(
        label=pgettext_lazy("registration", "Name"), max_length=100, required=False
    )
    email = forms.EmailField(label=pgettext_lazy("registration", "E-mail"), required=False)
    job_title = forms.CharField(
        label=pgettext_lazy("registration", "Job title"), max_length=200, required=False
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleagues = (
            get_user_model()
            .objects.filter(organisation_id=actor.organisation_id, is_active=True)
            .exclude(pk=actor.pk)
            .order_by("username")
        )
        field: Any = self.fields["colleague"]
        field.queryset = colleagues
        field.label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()} <{u.email or '—'}>"
        )


def apply_errors(form: forms.Form, error: ValidationError, aliases: dict[str, str]) -> None:
    """A service's field errors on the form's fields (``aliases``: service -> form name)."""
    for field, reasons in error.message_dict.items():
        target = aliases.get(field, field)
        for reason in reasons:
            form.add_error(target if target in form.fields else None, reason)


def _organisation_user(request: HttpRequest) -> HttpResponse | None:
    user: Any = request.user
    if permissions.role_of(user) is not None and user.organisation_id is not None:
        return None
    if not user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context})


def title_of(obj: Any) -> str:
    """The event's title in the interface language."""
    english = (translation.get_language() or "").startswith("en")
    return obj.title_en if english and obj.title_en else obj.title_zh


def _row(registration: Registration) -> dict[str, Any]:
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "event_title": title_of(registration.event),
        "qr": qr_svg(registration.code, title=_("Check-in code %(code)s") % {
            "code": registration.code}) if confirmed else None,
        "cancellable": registration.status != RegistrationStatus.CANCELLED
        and registration.checked_in_at is None,
    }  # fmt: skip


@require_safe
def registration_list(request: HttpRequest) -> HttpResponse:
    if (response := _organisation_user(request)) is not None:
        return response
    can_register = permissions.can_register_for_events(request.user)
    rows = [_row(r) for r in selectors.organisation_registrations(request.user)]
    events = (
        [{"event": e, "title": title_of(e)} for e in selectors.open_events()]
        if can_register
        else []
    )
    return _page(
        request,
        "alliance/registrations/list.html",
        {"rows": rows, "open_events": events, "can_register": can_register},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    if (response := _organisation_user(request)) is not None:
        return response
    actor: Any = request.user
    if not permissions.can_register_for_events(actor):
        raise PermissionDenied
    event = selectors.event_for_registration(event_id)
    form = RegistrationForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = data["participant"]
        try:
            if choice == "colleague" and data["colleague"] is None:
                raise ValidationError({"colleague": [_("Choose the colleague.")]})
            registration = services.registration_create(
                actor=actor,
                event=event,
                user={"self": actor, "colleague": data["colleague"]}.get(choice),
                name=data["name"] if choice == "guest" else "",
                email=data["email"] if choice == "guest" else "",
                job_title=data["job_title"],
            )
        except ValidationError as error:
            aliases = {"user": "colleague" if choice == "colleague" else "participant"}
            apply_errors(form, error, aliases)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                text = _("%(name)s is registered: seat confirmed, code %(code)s.")
            else:
                text = _("%(name)s is on the waiting list (the event is full), code %(code)s.")
            messages.success(request, text % {"name": registration.name, "code": registration.code})
            return redirect(reverse("alliance:registrations"))
    ours = [_row(r) for r in selectors.organisation_registrations(actor).filter(event=event)]
    return _page(
        request,
        "alliance/registrations/register.html",
        {
            "event": event,
            "title": title_of(event),
            "form": form,
            "counts": selectors.event_counts(event),
            "closes_at": services.closes_at(event),
            "rows": ours,
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    if (response := _organisation_user(request)) is not None:
        return response
    registration = selectors.registration_get(user=request.user, pk=registration_id)
    act_and_flash(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=registration),
        _("The registration of %(name)s is cancelled.") % {"name": registration.name},
    )
    return redirect(reverse("alliance:registrations"))


@require_safe
def ticket(request: HttpRequest, ticket: str) -> HttpResponse:
    pk = services.ticket_registration_id(ticket)
    registration = (
        Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
    )
    if registration is None:
        raise Http404
    response = _page(
        request,
        "alliance/registrations/ticket.html",
        {"row": _row(registration), "event": registration.event},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [
    path("registrations/", registration_list, name="registrations"),
    path("events/<int:event_id>/register/", register, name="register"),
    path(
        "registrations/<int:registration_id>/cancel/",
        registration_cancel,
        name="registration_cancel",
    ),
    path("tickets/<str:ticket>/", ticket, name="ticket"),
]
