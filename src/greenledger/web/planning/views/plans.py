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
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.core.errors import InputError
from greenledger.core.planning.baseline import END_USES
from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation
from greenledger.web.planning.end_uses import carrier_label
from greenledger.web.planning.models import Plan, PlanMeasure, PlanStatus
from greenledger.web.planning.plan_forms import (
    CatalogueMeasureForm,
    MeasureForm,
    PlanNewForm,
    PlanSettingsForm,
    ScenarioForm,
    parse_shares,
    shares_text,
)
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services import plans as services
from greenledger.web.planning.services._checks import input_errors
from greenledger.web.reporting.selectors import newest_verified_inventory

NAV = "planning"

__all__ = ["urlpatterns"]


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    return None


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = selectors.visible_plans_for(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def _editable(request: HttpRequest, plan: Plan) -> None:
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied


def _errors_to_form(form: Form, error: ValidationError, renames: dict[str, str]) -> None:
    """A service's refusal on the form: each reason at its field, the others above the form
    prefixed with the field the service named."""
    if not hasattr(error, "error_dict"):
        for text in error.messages:
            form.add_error(None, text)
        return
    for field, reasons in error.message_dict.items():
        target = renames.get(field.split(".")[0], field)
        for reason in reasons:
            if target in form.fields:
                form.add_error(target, reason)
            elif field == "__all__":
                form.add_error(None, reason)
            else:
                form.add_error(None, f"{field}: {reason}")


def _page(
    request: HttpRequest, template: str, plan: Plan | None, *, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nav": NAV,
            "plan": plan,
            # a committed plan is kept as it is: its manager may copy it, not edit it
            "can_copy": plan is not None and permissions.can_edit_plan(request.user, plan),
            "can_edit": plan is not None
            and plan.status == PlanStatus.DRAFT
            and permissions.can_edit_plan(request.user, plan),
            "english": (get_language() or "").startswith("en"),
            **context,
        },
        status=status,
    )


@require_safe
def plans(request: HttpRequest) -> HttpResponse:
    """The plans the user may see; the enterprise's manager may start one."""
    if (response := _signed_in(request)) is not None:
        return response
    organisation = None
    if request.user.organisation_id is not None:  # type: ignore[union-attr]
        organisation = Organisation.objects.filter(pk=request.user.organisation_id).first()  # type: ignore[union-attr]
    can_create = organisation is not None and permissions.can_create_plan(
        request.user, organisation
    )
    return _page(
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
    if (response := _signed_in(request)) is not None:
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
            _errors_to_form(form, error, {})
        else:
            messages.success(request, _("The plan is created from the verified inventory."))
            return redirect(reverse("planning:plan", args=[plan.pk]))
    return _page(
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
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        _editable(request, found)
        form = PlanSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(actor=request.user, plan=found, **form.service_values())
            except ValidationError as error:
                _errors_to_form(form, error, {"targets": "caps"})
            else:
                messages.success(request, _("The plan is saved."))
                return redirect(reverse("planning:plan", args=[found.pk]))
        extra["settings_form"] = form
    return _page(request, "planning/plan.html", found, **_editor_context(request, found, **extra))


@require_POST
def plan_shares(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the end-use shares of the carriers."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    _editable(request, found)
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
    return _page(request, "planning/plan.html", found, status=422, **context)


@require_safe
def plan_share_totals(request: HttpRequest, pk: int) -> HttpResponse:
    """The end uses the shares in the query would give (the editor's live totals; nothing is
    saved)."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    shares, errors = _posted_shares(found, request.GET)
    totals = _totals(found, shares)
    totals["problems"] = sum(errors.values(), []) + totals["problems"]
    return render(request, "planning/partials/share_totals.html", {"totals": totals})


@require_POST
def plan_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the baseline from the enterprise's newest verified inventory."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    _editable(request, found)
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
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    _editable(request, found)
    copy = services.plan_copy(actor=request.user, plan=found)
    messages.success(request, _("The plan is copied into a new draft."))
    return redirect(reverse("planning:plan", args=[copy.pk]))


def _end_use_names(plan: Plan) -> list[str]:
    try:
        return [e.name for e in selectors.end_uses(plan)]
    except InputError:
        return []


def _measure_initial(plan: Plan, edit: str | None) -> dict[str, Any]:
    """The own-measure form's initial values: those of the measure being edited, if any."""
    measure = (
        PlanMeasure.objects.filter(plan=plan, pk=int(edit)).first()
        if edit and edit.isdigit()
        else None
    )
    if measure is None:
        return {"enabled": True, "annual_opex_change_yuan": 0}
    return {
        "measure_id": measure.measure_id,
        "name": measure.name,
        "end_use": measure.end_use,
        "effect": measure.effect,
        "saving_rate": round(measure.saving_rate * 100, 9),
        "capex_yuan": measure.capex_yuan,
        "annual_opex_change_yuan": measure.annual_opex_change_yuan,
        "lifetime_years": measure.lifetime_years,
        "group": measure.group,
        "requires": ", ".join(measure.requires or []),
        "earliest_year": measure.earliest_year,
        "enabled": measure.enabled,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def plan_measures(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's measures; POST adds one from the catalogue (``form`` "catalogue") or saves
    the enterprise's own (``form`` "own": a new id creates, an existing id updates)."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    names = _end_use_names(found)
    technologies = selectors.candidate_technologies(found)
    catalogue_form = CatalogueMeasureForm(technologies=technologies, end_uses=names)
    own_form = MeasureForm(end_uses=names, initial=_measure_initial(found, request.GET.get("edit")))
    status = 200
    if request.method == "POST":
        _editable(request, found)
        which = request.POST.get("form")
        if which == "catalogue":
            catalogue_form = CatalogueMeasureForm(
                request.POST, technologies=technologies, end_uses=names
            )
            form: Form = catalogue_form
        elif which == "own":
            own_form = MeasureForm(request.POST, end_uses=names)
            form = own_form
        else:
            return HttpResponseBadRequest(_("Choose the catalogue form or the own-measure form."))
        if form.is_valid():
            try:
                if which == "catalogue":
                    services.measure_add_from_catalogue(
                        actor=request.user, plan=found, **catalogue_form.service_values()
                    )
                else:
                    services.measure_save(
                        actor=request.user, plan=found, **own_form.service_values()
                    )
            except ValidationError as error:
                _errors_to_form(form, error, {})
            else:
                messages.success(request, _("The measure is saved."))
                return redirect(reverse("planning:plan_measures", args=[found.pk]))
        status = 422
    measures = list(found.measures.all())
    return _page(
        request,
        "planning/plan_measures.html",
        found,
        status=status,
        measures=measures,
        excluded=selectors.excluded_measures(found),
        technologies=technologies,
        catalogue_form=catalogue_form,
        own_form=own_form,
    )


@require_POST
def plan_measure_toggle(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Make a measure a candidate again, or not."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    measure = PlanMeasure.objects.filter(plan=found, pk=measure_pk).first()
    if measure is None:
        raise Http404
    _editable(request, found)
    try:
        services.measure_save(
            actor=request.user, plan=found, measure_id=measure.measure_id,
            enabled=not measure.enabled,
        )  # fmt: skip
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect(reverse("planning:plan_measures", args=[found.pk]))


@require_POST
def plan_measure_remove(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    """Remove a measure from the plan."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    measure = PlanMeasure.objects.filter(plan=found, pk=measure_pk).first()
    if measure is None:
        raise Http404
    _editable(request, found)
    try:
        services.measure_remove(actor=request.user, measure=measure)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The measure is removed."))
    return redirect(reverse("planning:plan_measures", args=[found.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
def plan_scenarios(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's scenarios; POST saves one (an existing name updates it, a new one adds a
    custom scenario)."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _plan(request, pk)
    paths = list(selectors.grid_paths().values())
    form = ScenarioForm(paths=paths, initial={"grid_path": "flat", "carbon_price_yuan_per_t": 0})
    status = 200
    if request.method == "POST":
        _editable(request, found)
        form = ScenarioForm(request.POST, paths=paths)
        if form.is_valid():
            try:
                services.scenario_save(actor=request.user, plan=found, **form.service_values())
            except ValidationError as error:
                _errors_to_form(form, error, {})
            else:
                messages.success(request, _("The scenario is saved."))
                return redirect(reverse("planning:plan_scenarios", args=[found.pk]))
        status = 422
    return _page(
        request,
        "planning/plan_scenarios.html",
        found,
        status=status,
        scenarios=list(found.scenarios.order_by("id")),
        paths={p.key: p for p in paths},
        form=form,
    )


urlpatterns = [
    path("plans/", plans, name="plans"),
    path("plans/new/", plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan, name="plan"),
    path("plans/<int:pk>/shares/", plan_shares, name="plan_shares"),
    path("plans/<int:pk>/shares/totals/", plan_share_totals, name="plan_share_totals"),
    path("plans/<int:pk>/refresh/", plan_refresh, name="plan_refresh"),
    path("plans/<int:pk>/copy/", plan_copy, name="plan_copy"),
    path("plans/<int:pk>/measures/", plan_measures, name="plan_measures"),
    path(
        "plans/<int:pk>/measures/<int:measure_pk>/toggle/",
        plan_measure_toggle,
        name="plan_measure_toggle",
    ),
    path(
        "plans/<int:pk>/measures/<int:measure_pk>/remove/",
        plan_measure_remove,
        name="plan_measure_remove",
    ),
    path("plans/<int:pk>/scenarios/", plan_scenarios, name="plan_scenarios"),
]
