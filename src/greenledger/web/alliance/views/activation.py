"""``/alliance/activate/<token>/``: the new manager account chooses its password through the
mailed one-time link and is signed in. An unknown link answers 404, an expired or used one
410, each page saying why and what to do."""

from __future__ import annotations

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

from greenledger.web.alliance.services.activation import (
    activation_find,
    activation_problem,
    activation_use,
)

__all__ = ["urlpatterns"]

NAV = "alliance"


class ActivationForm(forms.Form):
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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    activation = activation_find(token)
    problem = activation_problem(activation)
    if problem is not None:
        context = {"nav": NAV, "problem": problem}
        status = 404 if activation is None else 410
        return render(request, "alliance/activation/refused.html", context, status=status)
    assert activation is not None
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = activation_use(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("Your account %(username)s is active. Welcome to the alliance.")
                % {"username": user.username},
            )
            return redirect("/")
    context = {
        "nav": NAV,
        "account": activation.user,
        "form": form,
        "password_help": password_validators_help_text_html(),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "alliance/activation/form.html", context, status=status)


urlpatterns = [path("activate/<str:token>/", activate, name="activate")]
