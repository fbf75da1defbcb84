"""The invited colleague's page ``alliance:invitation`` (the one-time link of the invitation
mail, open to anonymous visitors): it names the organisation, the role and who invited; the
visitor chooses a user name and a password (Django's password validators) and the account is
created, signed in and sent where a sign-in lands. A revoked, expired or used link (or one that
matches nothing) shows the reason instead of the form, with status 410 (Gone) or 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from greenledger.web.accounts.models import Role
from greenledger.web.alliance.services import invitations as services
from greenledger.web.alliance.views.colleagues import add_errors

NAV = "alliance"


class AcceptForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Family name"), max_length=150, required=False)
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_by_token(token)
    reason = services.invitation_refusal(found)
    context: dict[str, Any] = {"nav": NAV, "invitation": found, "reason": reason}
    if reason is not None or found is None:
        return render(
            request,
            "alliance/invitations/accept.html",
            context,
            status=404 if found is None else 410,
        )
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                token=token,
                username=data["username"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("Welcome, %(name)s: your account at %(organisation)s is ready.")
                % {"name": user.get_username(), "organisation": found.organisation.name_zh},
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    context.update(
        {
            "form": form,
            "role": Role(found.role).label if found.role in Role.values else found.role,
            "password_help": password_validators_help_text_html(),
        }
    )
    return render(request, "alliance/invitations/accept.html", context)


urlpatterns = [path("invitations/<str:token>/", invitation, name="invitation")]
