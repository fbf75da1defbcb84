"""Plan pages: the plans a user may see, a new plan from the verified inventory, the editor
(settings and targets, end-use shares with live totals, baseline refresh, copy), the measures
(from the catalogue and the enterprise's own) and the scenarios.

Whoever may see a plan (``permissions.visible_plans``) reads its pages; anybody else gets 404
(a hidden plan's existence is not revealed); anonymous visitors asking for a page are sent to
sign in. Writes are the enterprise's energy manager's (403 for a reader); a refused write shows
the form again with each reason at its field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.core.errors import InputError
from greenledger.core.planning.baseline import END_USES
from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation
from greenledger.web.planning.end_uses import carrier_label
from greenledger.web.planning.models import Plan
from greenledger.web.planning.plan_forms import (
    PlanNewForm,
    PlanSettingsForm,
    parse_shares,
    shares_text,
)
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services import plans as services
from greenledger.web.planning.services._checks import input_errors
from greenledger.web.planning.views import plan_measures
from greenledger.web.planning.views._plan_common import (
    editable,
    errors_to_form,
    page,
    signed_in,
    visible_plan,
)
from greenledger.web.reporting.selectors import newest_verified_inventory

__all__ = ["urlpatterns"]


@require_safe
def plans(request: HttpRequest) -> HttpResponse:
    """The plans the user may see; the enterprise's manager may start one."""
    if (response := signed_in(request)) is not None:
        return response
    organisation = None
    if request.user.organisation_id is not None:  # type: ignore[union-attr]
        organisation = Organisation.objects.filter(pk=request.user.organisation_id).first()  # type: ignore[union-attr]
    can_create = organisation is not None and permissions.can_create_plan(
        request.user, organisation
    )
    return page(
        request,
        "planning/plans.html",
        None,
        plans=list(selectors.visible_plans_for(request.user)[:200]),
        can_create=can_create,
        can_run_district=permissions.can_run_district_pathway(request.user),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    """A new plan of the user's enterprise, from its newest verified inventory."""
    if (response := signed_in(request)) is not None:
        return response
    organisation = Organisation.objects.filter(pk=request.user.organisation_id).first()  # type: ignore[union-attr]
    if organisation is None or not permissions.can_create_plan(request.user, organisation):
        raise PermissionDenied
    form = PlanNewForm(request.POST or None, initial={"end_year": 2060})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error, {})
        else:
            messages.success(request, _("The plan is created from the verified inventory."))
            return redirect(reverse("planning:plan", args=[plan.pk]))
    return page(
        request,
        "planning/plan_new.html",
        None,
        form=form,
        inventory=newest_verified_inventory(organisation),
    )


def _share_rows(plan: Plan, shares: dict[str, dict[str, float]] | None = None) -> list[Any]:
    given = plan.shares if shares is None else shares
    return [
        {
            "carrier": name,
            "label": carrier_label(name),
            "values": values,
            "text": shares_text(given.get(name, {})),
            "field": f"share__{name}",
        }
        for name, values in (plan.baseline.get("carriers") or {}).items()
    ]


def _posted_shares(
    plan: Plan, data: Any
) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    shares: dict[str, dict[str, float]] = {}
    errors: dict[str, list[str]] = {}
    for row in _share_rows(plan):
        try:
            parsed = parse_shares(data.get(row["field"], ""))
        except ValidationError as error:
            errors[f"shares.{row['carrier']}"] = list(error.messages)
            continue
        if parsed:
            shares[row["carrier"]] = parsed
    return shares, errors


def _totals(plan: Plan, shares: dict[str, dict[str, float]]) -> dict[str, Any]:
    try:
        uses = selectors.end_uses(plan, shares)
    except InputError as error:
        return {"end_uses": [], "problems": sum(input_errors(error).values(), [])}
    return {
        "end_uses": uses,
        "energy_tce": sum(e.energy_tce for e in uses),
        "emissions_t": sum(e.emissions_t for e in uses),
        "problems": [],
    }


def _editor_context(request: HttpRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    targets, notes = selectors.resolved_targets(plan)
    try:
        selectors.plan_input(plan)
        problems: list[str] = []
    except InputError as error:
        problems = sum(input_errors(error).values(), [])
    newest = newest_verified_inventory(plan.organisation)
    context = {
        "settings_form": PlanSettingsForm(initial=PlanSettingsForm.initial_of(plan)),
        "share_rows": _share_rows(plan),
        "share_errors": {},
        "totals": _totals(plan, plan.shares),
        "end_use_vocabulary": END_USES,
        "targets": targets,
        "target_notes": notes,
        "problems": problems,
        "excluded": selectors.excluded_measures(plan),
        "measures": list(plan.measures.all()),
        "scenarios": list(plan.scenarios.order_by("id")),
        "newer_inventory": newest is not None and newest.version_id != plan.version_id,
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: baseline and its provenance, settings and targets (POST saves them), shares,
    measures and scenarios at a glance."""
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        editable(request, found)
        form = PlanSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(actor=request.user, plan=found, **form.service_values())
            except ValidationError as error:
                errors_to_form(form, error, {"targets": "caps"})
            else:
                messages.success(request, _("The plan is saved."))
                return redirect(reverse("planning:plan", args=[found.pk]))
        extra["settings_form"] = form
    return page(request, "planning/plan.html", found, **_editor_context(request, found, **extra))


@require_POST
def plan_shares(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the end-use shares of the carriers."""
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    editable(request, found)
    shares, errors = _posted_shares(found, request.POST)
    if not errors:
        try:
            services.plan_set_shares(actor=request.user, plan=found, shares=shares)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("The end-use shares are saved."))
            return redirect(reverse("planning:plan", args=[found.pk]) + "#shares")
    context = _editor_context(
        request,
        found,
        share_rows=_share_rows(found, shares),
        share_errors=errors,
        totals=_totals(found, shares),
    )
    return page(request, "planning/plan.html", found, status=422, **context)


@require_safe
def plan_share_totals(request: HttpRequest, pk: int) -> HttpResponse:
    """The end uses the shares in the query would give (the editor's live totals; nothing is
    saved)."""
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    shares, errors = _posted_shares(found, request.GET)
    totals = _totals(found, shares)
    totals["problems"] = sum(errors.values(), []) + totals["problems"]
    return render(request, "planning/partials/share_totals.html", {"totals": totals})


@require_POST
def plan_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the baseline from the enterprise's newest verified inventory."""
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    editable(request, found)
    try:
        services.plan_refresh_baseline(actor=request.user, plan=found)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The baseline now comes from the newest verified inventory."))
    return redirect(reverse("planning:plan", args=[found.pk]))


@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft copy of the plan (a committed plan is changed through a copy)."""
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    editable(request, found)
    copy = services.plan_copy(actor=request.user, plan=found)
    messages.success(request, _("The plan is copied into a new draft."))
    return redirect(reverse("planning:plan", args=[copy.pk]))


urlpatterns = [
    path("plans/", plans, name="plans"),
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan, name="plan"),
    path("plans/<int:pk>/shares/", plan_shares, name="plan_shares"),
    path("plans/<int:pk>/shares/totals/", plan_share_totals, name="plan_share_totals"),
    path("plans/<int:pk>/refresh/", plan_refresh, name="plan_refresh"),
    path("plans/<int:pk>/copy/", plan_copy, name="plan_copy"),
    *plan_measures.urlpatterns,
]
