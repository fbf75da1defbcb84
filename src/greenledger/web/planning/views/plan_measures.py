"""Plan pages of the measures (from the catalogue and the enterprise's own: add, edit, disable,
remove) and the scenarios (edit the defaults, add custom ones); the rules of ``views.plans``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.core.errors import InputError
from greenledger.web.planning.models import Plan, PlanMeasure
from greenledger.web.planning.plan_forms import (
    CatalogueMeasureForm,
    MeasureForm,
    ScenarioForm,
)
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services import plans as services
from greenledger.web.planning.views._plan_common import (
    editable,
    errors_to_form,
    page,
    signed_in,
    visible_plan,
)


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
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    names = _end_use_names(found)
    technologies = selectors.candidate_technologies(found)
    catalogue_form = CatalogueMeasureForm(technologies=technologies, end_uses=names)
    own_form = MeasureForm(end_uses=names, initial=_measure_initial(found, request.GET.get("edit")))
    status = 200
    if request.method == "POST":
        editable(request, found)
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
                errors_to_form(form, error, {})
            else:
                messages.success(request, _("The measure is saved."))
                return redirect(reverse("planning:plan_measures", args=[found.pk]))
        status = 422
    measures = list(found.measures.all())
    return page(
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
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    measure = PlanMeasure.objects.filter(plan=found, pk=measure_pk).first()
    if measure is None:
        raise Http404
    editable(request, found)
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
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    measure = PlanMeasure.objects.filter(plan=found, pk=measure_pk).first()
    if measure is None:
        raise Http404
    editable(request, found)
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
    if (response := signed_in(request)) is not None:
        return response
    found = visible_plan(request, pk)
    paths = list(selectors.grid_paths().values())
    form = ScenarioForm(paths=paths, initial={"grid_path": "flat", "carbon_price_yuan_per_t": 0})
    status = 200
    if request.method == "POST":
        editable(request, found)
        form = ScenarioForm(request.POST, paths=paths)
        if form.is_valid():
            try:
                services.scenario_save(actor=request.user, plan=found, **form.service_values())
            except ValidationError as error:
                errors_to_form(form, error, {})
            else:
                messages.success(request, _("The scenario is saved."))
                return redirect(reverse("planning:plan_scenarios", args=[found.pk]))
        status = 422
    return page(
        request,
        "planning/plan_scenarios.html",
        found,
        status=status,
        scenarios=list(found.scenarios.order_by("id")),
        paths={p.key: p for p in paths},
        form=form,
    )


urlpatterns = [
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
