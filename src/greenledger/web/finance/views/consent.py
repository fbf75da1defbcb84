"""Consent pages of an enterprise: whom its data is shared with, and who read it.

- ``finance:grants``: the organisation's grants (institution, purpose, data, project, expiry,
  in force / expired / revoked); its energy manager revokes one in force there. A financial
  analyst sees there the grants its institution holds (read only);
- ``finance:grant_new``: the manager grants a financial institution access to named data for a
  purpose until a date (empty: until revoked);
- ``finance:grant_revoke`` (POST): ends a grant at once; the institution's next read is 404;
- ``finance:accesses``: who read what and when (every logged read through a grant).

An enterprise's users read these pages (an analyst only the list of grants held); anybody else
gets 403 (anonymous visitors are sent to sign in); another organisation's grant answers 404.
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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions, selectors
from greenledger.web.accounts.models import DataSharing, SharingPurpose, SharingScope
from greenledger.web.finance.models import Project
from greenledger.web.finance.services import consent as services

NAV = "finance"
ACCESS_ROWS = 500

__all__ = ["GrantForm", "grant_state", "urlpatterns"]


class GrantForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=services.institutions(), label=gettext_lazy("Financial institution")
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose"),
        choices=[(p.value, p.label) for p in SharingPurpose if p != SharingPurpose.GENERAL],
    )
    data = forms.MultipleChoiceField(
        label=gettext_lazy("Data shared"),
        choices=SharingScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until (inclusive; empty: until revoked)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label=gettext_lazy("Project (for due diligence)"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("name", "id")
        self.fields["institution"].label_from_instance = lambda o: o.name_zh  # type: ignore[attr-defined]


def grant_state(grant: DataSharing) -> str:
    """in_force, expired or revoked, now."""
    if grant.revoked_at is not None:
        return "revoked"
    if grant.expires_at is not None and grant.expires_at <= timezone.now():
        return "expired"
    return "in_force"


STATE_LABELS = {
    "in_force": gettext_lazy("In force"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
}


def _enterprise(request: HttpRequest) -> HttpResponse | None:
    """None for an enterprise's user; a sign-in redirect for an anonymous GET; else 403."""
    user = request.user
    if permissions.is_enterprise_user(user) and user.organisation_id is not None:
        return None
    if not user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context})


def _can_manage(request: HttpRequest) -> bool:
    """The organisation's energy manager grants and revokes (reporters only read)."""
    user: Any = request.user
    return permissions.can_manage_access_grants(user, user.organisation)


@require_safe
def grants(request: HttpRequest) -> HttpResponse:
    """An enterprise's grants; for an analyst, the grants its institution holds (read only)."""
    analyst = permissions.can_use_project_pool(request.user)
    if not analyst and (response := _enterprise(request)) is not None:
        return response
    found = list(
        selectors.grants_to(request.user) if analyst else selectors.grants_for(request.user)
    )
    names = dict(
        Project.objects.filter(pk__in={g.project_ref for g in found if g.project_ref}).values_list(
            "pk", "name"
        )
    )
    rows = []
    for grant in found:
        state = grant_state(grant)
        rows.append(
            {
                "grant": grant,
                "state": state,
                "state_label": STATE_LABELS[state],
                "data": [str(s.label) for s in SharingScope if getattr(grant, s.value)],
                "project": names.get(grant.project_ref or 0, ""),
            }
        )
    return _page(
        request,
        "finance/grants.html",
        {"rows": rows, "held": analyst, "can_manage": not analyst and _can_manage(request)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def grant_new(request: HttpRequest) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    if not _can_manage(request):
        raise PermissionDenied
    user: Any = request.user
    form = GrantForm(request.POST or None, organisation_id=user.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_grant(
                actor=user,
                organisation=user.organisation,
                institution_id=data["institution"].pk,
                purpose=data["purpose"],
                data=data["data"],
                expires_on=data["expires_on"],
                project_id=data["project"].pk if data["project"] is not None else None,
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                target = field if field in form.fields else None
                for reason in reasons:
                    form.add_error(target, reason)
        else:
            messages.success(request, _("The grant is in force."))
            return redirect(reverse("finance:grants"))
    return _page(request, "finance/grant_new.html", {"form": form})


@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    grant = selectors.grant_get(user=request.user, pk=grant_id)
    services.consent_revoke(actor=request.user, grant=grant)
    messages.success(request, _("The grant is revoked: the institution can no longer read."))
    return redirect(reverse("finance:grants"))


@require_safe
def accesses(request: HttpRequest) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    rows = list(selectors.accesses_for(request.user)[:ACCESS_ROWS])
    return _page(
        request,
        "finance/accesses.html",
        {"rows": rows, "limit": ACCESS_ROWS, "scopes": dict(SharingScope.choices)},
    )


urlpatterns = [
    path("grants/", grants, name="grants"),
    path("grants/new/", grant_new, name="grant_new"),
    path("grants/<int:grant_id>/revoke/", grant_revoke, name="grant_revoke"),
    path("access-log/", accesses, name="accesses"),
]
