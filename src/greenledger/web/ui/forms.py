"""Forms of the pages: the sign-in form and the filter forms of the lists.

Filter forms only validate what the visitor typed; the filtering itself happens in the selectors
(and ``ui.lists``), always on querysets the access rules have already narrowed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import throttle
from greenledger.web.members.models import (
    DesignationLevel,
    DesignationStatus,
    DesignationType,
    MembershipStanding,
    OrganisationKind,
)


def _with_any(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class SignInForm(AuthenticationForm):
    """Django's sign-in form, telling a locked-out visitor why instead of "wrong password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed sign-ins for this account from your address. "
            "Try again in %(minutes)s minutes."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and throttle.is_locked(
            username=username, address=throttle.client_address(self.request)
        ):
            from django.conf import settings

            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(1, settings.GREENLEDGER_LOGIN_LOCK_SECONDS // 60)},
            )
        return super().clean()


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name or credit code"), "autocomplete": "off"}
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    standing = forms.ChoiceField(label=_("Standing"), required=False)
    park = forms.TypedChoiceField(label=_("Industrial park"), required=False, coerce=int)
    designation = forms.ChoiceField(label=_("Designation type"), required=False)

    def __init__(self, *args: Any, parks: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _with_any(OrganisationKind.choices, _("All kinds"))
        self.fields["standing"].choices = _with_any(MembershipStanding.choices, _("All standings"))
        self.fields["park"].choices = _with_any(parks, _("All parks"))
        self.fields["park"].empty_value = None
        self.fields["designation"].choices = _with_any(
            DesignationType.choices, _("All designation types")
        )


class DesignationFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _with_any(DesignationType.choices, _("All types"))
        self.fields["level"].choices = _with_any(DesignationLevel.choices, _("All levels"))
        self.fields["year"].choices = _with_any([(y, str(y)) for y in years], _("All years"))
        self.fields["year"].empty_value = None
        self.fields["status"].choices = _with_any(DesignationStatus.choices, _("All statuses"))
