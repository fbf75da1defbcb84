"""Target pages: the published national and Shanghai targets (everybody), the district's and
parks' targets with their progress (the staff), and the secretariat's form to set one.

Anonymous visitors asking for a staff page are sent to sign in; a signed-in user without the
right gets 403 (the page exists, the accounts are not theirs).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.district.forms import TargetForm, apply_service_errors
from greenledger.web.district.models import TargetScope
from greenledger.web.district.selectors import targets as selectors
from greenledger.web.district.services.targets import target_set
from greenledger.web.members.models import Site
from greenledger.web.ui.assets import plotly_version

NAV = "district"

__all__ = ["targets_panel_context", "urlpatterns"]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context})


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_district_accounts(request.user):
        raise PermissionDenied
    return None


def targets_panel_context(*, park: Site | None = None) -> dict[str, Any]:
    """What ``district/partials/targets_panel.html`` reads: the active targets of the district
    (or ``park``) and their progress."""
    found = list(selectors.active_targets(park=park))
    return {
        "park": park,
        "targets": found,
        "target_progress": [selectors.target_progress(t) for t in found],
        "plotly_version": plotly_version(),
    }


@require_safe
def published(request: HttpRequest) -> HttpResponse:
    """The national and Shanghai targets shipped as data, each with its source document and
    whether the official text confirms it. Public."""
    return _page(
        request,
        "district/targets_published.html",
        {"published": selectors.published_targets()},
    )


@require_safe
def targets(request: HttpRequest) -> HttpResponse:
    """Active targets of the district and each park with their progress; past targets."""
    if (response := _staff_only(request)) is not None:
        return response
    active = list(selectors.all_active_targets())
    groups: list[dict[str, Any]] = []
    for target in active:
        key = (target.scope, target.park_id)
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "park": target.park, "target_progress": []})
        groups[-1]["target_progress"].append(selectors.target_progress(target))
    context = {
        "groups": groups,
        "past": selectors.past_targets()[:100],
        "price_index": selectors.price_index_info(),
        "plotly_version": plotly_version(),
        "can_manage": True,
    }
    return _page(request, "district/targets.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def target_new(request: HttpRequest) -> HttpResponse:
    """The secretariat sets the district's or a park's target for one indicator."""
    if (response := _staff_only(request)) is not None:
        return response
    initial = {
        "scope": TargetScope.DISTRICT,
        "base_year": 2020,
        "target_year": 2025,
        "method": "geometric",
        "output_basis": "reported",
    }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target_set(actor=request.user, **form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The target is set; it replaces the earlier one."))
            return redirect(reverse("district:targets"))
    return _page(
        request,
        "district/targets_new.html",
        {"form": form, "price_index": selectors.price_index_info()},
    )


urlpatterns = [
    path("targets/", targets, name="targets"),
    path("targets/new/", target_new, name="target_new"),
    path("targets/published/", published, name="targets_published"),
]
