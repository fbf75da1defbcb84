"""A plan's results: the abatement cost curve (private or social view), the least-cost pathway,
the scenarios side by side, the commitment against the verified inventories, and the XLSX and
PDF reports.

Whoever may see the plan (``permissions.visible_plans``) reads these pages; anybody else gets
404, and anonymous visitors are sent to sign in. Solving and committing are the enterprise's
energy manager's (``can_edit_plan``): a signed-in viewer who may not gets 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.planning import charts
from greenledger.web.planning.exports import plan_pdf, plan_xlsx
from greenledger.web.planning.models import Plan, PlanRun
from greenledger.web.planning.selectors import runs as selectors
from greenledger.web.planning.services.runs import plan_commit, plan_solve
from greenledger.web.reporting.views._common import XLSX, download
from greenledger.web.ui.assets import plotly_version

NAV = "planning"
RESULT_PAGES = ("macc", "pathway", "compare", "commitment")
STATUS_LABELS = {
    "optimal": gettext_lazy("optimal"),
    "feasible": gettext_lazy("feasible (time limit hit: the best plan found)"),
    "infeasible": gettext_lazy("infeasible: the targets cannot all be met"),
}

__all__ = ["urlpatterns"]


def _plan(request: HttpRequest, pk: int) -> Plan | HttpResponse:
    """The plan if the user may see it; a sign-in redirect for an anonymous GET; else 404."""
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    plan = (
        permissions.visible_plans(request.user)
        .select_related("organisation", "submission")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        refused_or_404(request, user=request.user, scope="plans", pk=pk)
    access_log_for(
        request, user=request.user, organisation=plan.organisation_id, scope="plans", obj=plan
    )
    return plan  # type: ignore[no-any-return]


def _page(request: HttpRequest, template: str, plan: Plan, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nav": NAV,
            "plan": plan,
            "can_edit": permissions.can_edit_plan(request.user, plan),
            "plotly_version": plotly_version(),
            **context,
        },
    )


def _scenario_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    scenario = selectors.chosen_scenario(plan, request.GET.get("scenario"))
    if scenario is None and request.GET.get("scenario"):
        raise Http404
    result = None if scenario is None else selectors.scenario_result(plan, scenario)
    return {
        "scenarios": list(plan.scenarios.order_by("id")),
        "scenario": scenario,
        "result": result,
        "run": None if result is None else result.run,
        "names": selectors.measure_names(plan),
    }


@require_safe
def macc(request: HttpRequest, pk: int) -> HttpResponse:
    """The curve of one scenario's run, private view (the scenario's rate) or social view."""
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    context = _scenario_context(request, plan)
    view = "social" if request.GET.get("view") == "social" else "private"
    run: PlanRun | None = context["run"]
    steps: list[dict[str, Any]] = []
    notes: list[Any] = []
    chart = None
    if run is not None:
        steps = run.result.get("macc_social" if view == "social" else "macc", [])
        notes = run.result.get("macc_social_notes" if view == "social" else "macc_notes", [])
        chart = charts.macc(
            steps,
            names=context["names"],
            carbon_price_yuan_per_t=float(run.result.get("carbon_price_yuan_per_t") or 0.0),
        )
    return _page(
        request,
        "planning/macc.html",
        plan,
        page="macc",
        view=view,
        steps=steps,
        notes=notes,
        chart=chart,
        **context,
    )


@require_safe
def pathway(request: HttpRequest, pk: int) -> HttpResponse:
    """Emissions by year against the caps and the baseline, the adoptions, status, gap and
    time; the shortfall per target year when the targets cannot all be met."""
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    context = _scenario_context(request, plan)
    run: PlanRun | None = context["run"]
    extra: dict[str, Any] = {}
    if run is not None:
        result = run.result
        path = result.get("pathway", {})
        years = [int(y) for y in sorted(path.get("emissions_t", {}), key=int)]
        adoptions = path.get("adoptions", [])
        extra = {
            "path": path,
            "years": [
                {
                    "year": str(y),
                    "emissions_t": path["emissions_t"].get(str(y)),
                    "baseline_t": result.get("baseline_t", {}).get(str(y)),
                    "cap_t": result.get("caps_t", {}).get(str(y)),
                    "shortfall_t": path.get("shortfall_t", {}).get(str(y)),
                }
                for y in sorted(
                    {*years, *(int(y) for y in result.get("caps_t", {}))},
                )
            ],
            "shortfall_total": sum(path.get("shortfall_t", {}).values()),
            "gap_percent": f"{run.gap * 100:.2f} %",
            "chart": charts.pathway(
                path.get("emissions_t", {}),
                result.get("baseline_t", {}),
                result.get("caps_t", {}),
                path.get("shortfall_t", {}),
            ),
            "adoption_chart": charts.adoptions(adoptions, years, context["names"])
            if adoptions
            else None,
        }
    return _page(request, "planning/pathway.html", plan, page="pathway", **context, **extra)


@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The solved scenarios side by side: emissions, cost, measures."""
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    results = selectors.scenario_results(plan)
    rows = selectors.comparison(plan, results)
    measures = sorted({m for row in rows for m in row["adoptions"]})
    return _page(
        request,
        "planning/compare.html",
        plan,
        page="compare",
        results=results,
        rows=rows,
        years=selectors.comparison_years(rows),
        measures=measures,
        names=selectors.measure_names(plan),
        charts=charts.comparison(rows) if rows else None,
    )


def _commitment_context(plan: Plan) -> dict[str, Any]:
    commitment = selectors.commitment_of(plan)
    if commitment is None:
        return {"commitment": None}
    years = selectors.commitment_years(commitment)
    rows = [
        {
            "year": y.year,
            "committed_t": y.committed_t,
            "actual_t": y.actual_t,
            "difference_t": y.difference_t,
            "status": y.status,
        }
        for y in years
    ]
    return {"commitment": commitment, "rows": rows, "chart": charts.commitment(rows)}


def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the committed pathway against the verified inventories year by year; POST (the
    energy manager): commit to the run named by ``run``."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    if request.method == "POST":
        if not permissions.can_edit_plan(request.user, plan):
            raise PermissionDenied
        run = PlanRun.objects.filter(plan=plan, pk=_int(request.POST.get("run"))).first()
        if run is None:
            messages.error(request, _("Choose a solved scenario of this plan to commit to."))
        else:
            try:
                plan_commit(actor=request.user, plan=plan, run=run)
            except ValidationError as error:
                messages.error(request, " ".join(str(m) for m in error.messages))
            else:
                messages.success(
                    request,
                    _("The pathway of %(scenario)s is now the enterprise's commitment.")
                    % {"scenario": run.scenario.name},
                )
        return redirect(reverse("planning:commitment", args=[plan.pk]))
    return _page(
        request,
        "planning/commitment.html",
        plan,
        page="commitment",
        results=selectors.scenario_results(plan),
        **_commitment_context(plan),
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def solve(request: HttpRequest, pk: int) -> HttpResponse:
    """Solve one scenario (``scenario``) or every scenario (``all``); back to ``next`` (one of
    the result pages, the pathway by default)."""
    plan = _plan(request, pk)
    assert isinstance(plan, Plan)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    scenarios = plan.scenarios.order_by("id")
    if not request.POST.get("all"):
        scenarios = scenarios.filter(pk=_int(request.POST.get("scenario")))
    chosen = list(scenarios)
    if not chosen:
        messages.error(request, _("Choose a scenario of this plan to solve."))
    for scenario in chosen:
        try:
            run = plan_solve(actor=request.user, plan=plan, scenario=scenario)
        except ValidationError as error:
            messages.error(
                request,
                _("%(scenario)s cannot be solved: %(reasons)s")
                % {"scenario": scenario.name, "reasons": " ".join(error.messages)},
            )
            continue
        messages.success(
            request,
            _("%(scenario)s: %(status)s, solved in %(seconds).2f s.")
            % {
                "scenario": scenario.name,
                "status": STATUS_LABELS.get(run.status, run.status),
                "seconds": run.solve_seconds,
            },
        )
    target = request.POST.get("next")
    name = target if target in RESULT_PAGES else "pathway"
    query = (
        "" if request.POST.get("all") or len(chosen) != 1 else urlencode({"scenario": chosen[0].pk})
    )
    url = reverse(f"planning:{name}", args=[plan.pk])
    return redirect(f"{url}?{query}" if query else url)


def _latest_runs(plan: Plan) -> list[PlanRun]:
    return [r.run for r in selectors.scenario_results(plan) if r.run is not None]


def _language(request: HttpRequest) -> str:
    asked = (request.GET.get("lang") or "").strip().lower()
    if asked:
        if asked not in ("en", "zh-hans"):
            raise Http404
        return asked
    return "en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans"


@require_safe
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan report (baseline, measures, each scenario's curve and pathway) as XLSX."""
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    language = _language(request)
    content = plan_xlsx(plan, _latest_runs(plan), language=language)
    return download(content, f"plan-{plan.pk}-{language}.xlsx", XLSX)


@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan report as PDF."""
    plan = _plan(request, pk)
    if isinstance(plan, HttpResponse):
        return plan
    language = _language(request)
    content = plan_pdf(plan, _latest_runs(plan), language=language)
    return download(content, f"plan-{plan.pk}-{language}.pdf", "application/pdf")


urlpatterns = [
    path("plans/<int:pk>/macc/", macc, name="macc"),
    path("plans/<int:pk>/pathway/", pathway, name="pathway"),
    path("plans/<int:pk>/compare/", compare, name="compare"),
    path("plans/<int:pk>/commitment/", commitment, name="commitment"),
    path("plans/<int:pk>/solve/", solve, name="plan_solve"),
    path("plans/<int:pk>/report.xlsx", report_xlsx, name="plan_xlsx"),
    path("plans/<int:pk>/report.pdf", report_pdf, name="plan_pdf"),
]
