"""The secretariat's screening values for the finance catalogues' unpublished thresholds.

``/finance/settings/`` lists every configurable threshold of every catalogue (where it sits, its
wording and unit, the published value or "not published", confirmed or not, the value in force
with its source note, who set it and when, and the history) and sets or clears one with a
required source note (the document and clause it was read from). The registry staff only:
other users get 403, anonymous visitors are sent to sign in. A refused value shows the page
again (422) with the reason at its threshold, in the user's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.finance.selectors.settings import configurable_limits
from greenledger.web.finance.services.settings import can_manage_settings, catalogue_setting_set

__all__ = ["urlpatterns"]

NAV = "finance"


class SettingForm(forms.Form):
    catalogue = forms.CharField(max_length=64, widget=forms.HiddenInput)
    path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    value = forms.FloatField(label=gettext_lazy("Value"), required=False)
    source_note = forms.CharField(
        label=gettext_lazy("Source (document and clause)"), max_length=500
    )
    action = forms.ChoiceField(choices=[("set", "set"), ("clear", "clear")])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "set" and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Enter the value, or clear the setting."))
        return data


def _allowed(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not can_manage_settings(request.user):
        raise PermissionDenied
    return None


def _page(
    request: HttpRequest,
    *,
    status: int = 200,
    failed: tuple[str, str] | None = None,
    form: SettingForm | None = None,
) -> HttpResponse:
    english = (get_language() or "").startswith("en")
    groups: dict[str, dict[str, Any]] = {}
    for item in configurable_limits():
        group = groups.setdefault(
            item.catalogue,
            {
                "key": item.catalogue,
                "title": item.catalogue_title_en if english else item.catalogue_title,
                "items": [],
            },
        )
        errors: list[str] = []
        posted: dict[str, Any] = {}
        if form is not None and failed == (item.catalogue, item.path):
            errors = [str(e) for field in form.errors.values() for e in field]
            posted = {"value": form.data.get("value", ""), "note": form.data.get("source_note")}
        group["items"].append(
            {
                "item": item,
                "category_name": item.category_name_en if english else item.category_name,
                "errors": errors,
                "posted": posted,
                "anchor": f"{item.catalogue}--{item.path}".replace(".", "-"),
            }
        )
    context = {"nav": NAV, "english": english, "groups": list(groups.values())}
    return render(request, "finance/settings.html", context, status=status)


@require_safe
def settings_page(request: HttpRequest) -> HttpResponse:
    if (response := _allowed(request)) is not None:
        return response
    return _page(request)


@require_POST
def setting_set(request: HttpRequest) -> HttpResponse:
    """Set or clear one threshold's screening value."""
    if (response := _allowed(request)) is not None:
        return response
    form = SettingForm(request.POST)
    failed = (request.POST.get("catalogue", ""), request.POST.get("path", ""))
    if form.is_valid():
        data = form.cleaned_data
        try:
            catalogue_setting_set(
                actor=request.user,
                catalogue=data["catalogue"],
                path=data["path"],
                value=None if data["action"] == "clear" else data["value"],
                source_note=data["source_note"],
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            messages.success(request, _("The screening value is saved."))
            anchor = f"{data['catalogue']}--{data['path']}".replace(".", "-")
            return redirect(f"{reverse('finance:settings')}#{anchor}")
    return _page(request, status=422, failed=failed, form=form)


urlpatterns = [
    path("settings/", settings_page, name="settings"),
    path("settings/set/", setting_set, name="setting_set"),
]
