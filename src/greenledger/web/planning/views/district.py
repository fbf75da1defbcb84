"""The district pathway pages (the registry staff only): the runs with the start form, one run
(its progress, polled with htmx while it works, then its result: cost, emissions against the
caps, shadow carbon price by year, the chosen measures by park, industry and enterprise), and
the park and district abatement cost curves of a run.

Anonymous visitors are sent to sign in; a signed-in user without the right gets 403 on the
list (the page exists) and 404 on a run (a hidden object).
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.core.planning.scenarios import load_grid_paths
from greenledger.web.accounts import permissions
from greenledger.web.planning import charts
from greenledger.web.planning.models import DistrictRun, JobStatus
from greenledger.web.planning.selectors import district_runs as selectors
from greenledger.web.planning.services import district_runs as services
from greenledger.web.reporting.views._common import is_htmx
from greenledger.web.ui.assets import plotly_version

NAV = "planning"
PER_PAGE = 50
MACC_BARS = 300  # the district curve's chart merges neighbouring steps into at most this many

__all__ = ["urlpatterns"]


class StartForm(forms.Form):
    base_year = forms.TypedChoiceField(label=gettext_lazy("Inventory year"), coerce=int)
    target = forms.ModelChoiceField(
        label=gettext_lazy("District target"),
        queryset=selectors.emission_targets(),
        required=False,
        empty_label=gettext_lazy("— caps given below —"),
    )
    caps = forms.CharField(
        label=gettext_lazy("Caps (one line per year: YYYY tCO2e)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    prices = forms.CharField(
        label=gettext_lazy("Carbon prices of the sweep (yuan/tCO2e, separated by commas)"),
        initial=", ".join(f"{p:g}" for p in services.DEFAULT_PRICES),
    )
    discount_rate = forms.FloatField(
        label=gettext_lazy("Discount rate"), initial=services.DEFAULT_DISCOUNT_RATE
    )
    energy_price_yuan_per_tce = forms.FloatField(
        label=gettext_lazy("Energy price (yuan/tce)"), initial=services.DEFAULT_ENERGY_PRICE
    )
    growth = forms.FloatField(label=gettext_lazy("Output growth a year"), initial=0.0)
    social_rate = forms.FloatField(
        label=gettext_lazy("Social discount rate"),
        required=False,
        help_text=gettext_lazy("For the curves' social view; empty: the discount rate above."),
    )
    grid_path = forms.ChoiceField(
        label=gettext_lazy("Grid electricity factor path"),
        initial=services.DEFAULT_GRID_PATH,
        required=False,
    )
    end_year = forms.IntegerField(label=gettext_lazy("End year"), initial=services.DEFAULT_END_YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base_year"].choices = [(y, str(y)) for y in selectors.district_run_years()]
        self.fields["target"].label_from_instance = target_label  # type: ignore[attr-defined]
        english = (get_language() or "").startswith("en")
        self.fields["grid_path"].choices = [
            (key, path.name_en if english else path.name_zh)
            for key, path in load_grid_paths().items()
        ]

    def clean_caps(self) -> dict[str, float] | None:
        text = self.cleaned_data.get("caps") or ""
        caps: dict[str, float] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.replace(":", " ").replace(",", "").split()
            if not parts:
                continue
            try:
                year, value = parts
                caps[str(int(year))] = float(value)
            except ValueError as error:
                raise ValidationError(
                    _("Line %(line)s: write a year and tonnes, e.g. 2030 1200000.")
                    % {"line": number}
                ) from error
        return caps or None

    def clean_prices(self) -> list[float]:
        try:
            return [float(p) for p in (self.cleaned_data.get("prices") or "").split(",") if p]
        except ValueError as error:
            raise ValidationError(_("Numbers separated by commas.")) from error

    def add_service_errors(self, error: ValidationError) -> None:
        for field, texts in error.message_dict.items():
            for text in texts:
                self.add_error(field if field in self.fields else None, text)


def target_label(target: Any) -> str:
    scope = target.park.name_zh if target.park_id else _("District")
    return f"{scope} · {target.get_metric_display()} · {target.base_year}–{target.target_year}"


def _refused(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return None


def _run(request: HttpRequest, pk: int) -> DistrictRun:
    run = selectors.visible_district_runs(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run  # type: ignore[no-any-return]


@require_http_methods(["GET", "HEAD", "POST"])
def district(request: HttpRequest) -> HttpResponse:
    """The district pathway runs, newest first, and the form that starts one."""
    if (response := _refused(request)) is not None:
        return response
    if not permissions.can_run_district_pathway(request.user):
        raise PermissionDenied
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.district_run_start(
                actor=request.user,
                base_year=data["base_year"],
                target=data["target"],
                caps=None if data["target"] is not None else (data["caps"] or {}),
                prices=data["prices"],
                end_year=data["end_year"],
                discount_rate=data["discount_rate"],
                growth=data["growth"],
                energy_price_yuan_per_tce=data["energy_price_yuan_per_tce"],
                grid_path=data["grid_path"] or None,
                social_rate=data["social_rate"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The district pathway run was queued."))
            return redirect(reverse("planning:district_run", args=[run.pk]))
    page = Paginator(selectors.district_run_list(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": NAV,
        "form": form,
        "page": page,
        "has_years": bool(form.fields["base_year"].choices),
    }
    return render(request, "planning/district.html", context, status=400 if form.errors else 200)


def _emissions_chart(result: dict[str, Any]) -> dict[str, Any]:
    return charts.pathway(
        result.get("pathway_by_year_t", {}),
        result.get("baseline_by_year_t", {}),
        result.get("caps_t", {}),
        result.get("shortfall_t", {}),
    )


def _shadow_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "year": year,
            "cap": cap,
            "emissions": result["emissions_t"].get(year),
            "shortfall": result["shortfall_t"].get(year, 0.0),
            "shadow": result["shadow_price_yuan_per_t"].get(year, 0.0),
        }
        for year, cap in sorted(result.get("caps_t", {}).items())
    ]


@require_safe
def district_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: its progress while it works (the htmx partial polls), then its result."""
    if (response := _refused(request)) is not None:
        return response
    run = _run(request, pk)
    working = run.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    context: dict[str, Any] = {"nav": NAV, "run": run, "polling": working}
    if is_htmx(request) and working:
        return render(request, "planning/partials/district_progress.html", context)
    if is_htmx(request):  # finished while polled: the whole page shows the result
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    result = run.result or {}
    if run.status == JobStatus.SUCCEEDED and result:
        enterprises = sorted(
            result["enterprises"], key=lambda e: (-e["baseline_last_t"], e["organisation_id"])
        )
        context.update(
            {
                "result": result,
                "last_cap_year": max(result["caps_t"], key=int),
                "chart": _emissions_chart(result),
                "years": _shadow_rows(result),
                "shadow_total": math.fsum(result["shadow_price_yuan_per_t"].values()),
                "breakdown": selectors.run_breakdown(run),
                "page": Paginator(enterprises, PER_PAGE).get_page(request.GET.get("page")),
                "plotly_version": plotly_version(),
            }
        )
    return render(request, "planning/district_run.html", context)


def _binned(curve: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The curve's steps for the chart: at most ``limit`` bars, neighbouring steps (in cost
    order) merged, each bar's cost the abatement-weighted mean of its steps'."""
    steps = [c for c in curve if c["cost_per_t"] is not None and c["annual_abatement_t"] > 0]
    size = max(1, math.ceil(len(steps) / limit))
    bars: list[dict[str, Any]] = []
    cumulative = 0.0
    for i in range(0, len(steps), size):
        part = steps[i : i + size]
        abatement = math.fsum(s["annual_abatement_t"] for s in part)
        cost = math.fsum(s["cost_per_t"] * s["annual_abatement_t"] for s in part) / abatement
        cumulative += abatement
        label = (
            f"{part[0]['enterprise']} · {part[0]['technology']}"
            if len(part) == 1
            else _("%(n)s measures, %(low).0f to %(high).0f yuan/t")
            % {"n": len(part), "low": part[0]["cost_per_t"], "high": part[-1]["cost_per_t"]}
        )
        bars.append(
            {
                "id": f"bar-{i}",
                "label": label,
                "annual_abatement_t": abatement,
                "cumulative_abatement_t": cumulative,
                "cost_per_t": cost,
            }
        )
    return bars


@require_safe
def district_macc(request: HttpRequest, pk: int) -> HttpResponse:
    """The district's (or, with ?park=, one park's) abatement cost curve of a run: every
    enterprise's MACC steps merged in cost order."""
    if (response := _refused(request)) is not None:
        return response
    run = _run(request, pk)
    if run.status != JobStatus.SUCCEEDED:
        raise Http404
    parks = {e["park_id"]: e["park"] for e in run.result.get("enterprises", []) if e["park_id"]}
    park_text = request.GET.get("park") or ""
    park_id = int(park_text) if park_text.isdigit() and len(park_text) <= 18 else None
    if park_text and park_id not in parks:
        raise Http404
    social = request.GET.get("view") == "social" and selectors.has_social_view(run)
    curve = selectors.district_macc(run, park_id=park_id, social=social)
    bars = _binned(curve, MACC_BARS)
    context = {
        "nav": NAV,
        "run": run,
        "parks": sorted(parks.items(), key=lambda p: p[1]),
        "park_id": park_id,
        "park_name": parks.get(park_id, "") if park_id else "",
        "view": "social" if social else "private",
        "has_social": selectors.has_social_view(run),
        "private_rate": f"{run.parameters.get('discount_rate', 0.0):g}",
        "social_rate": f"{run.parameters.get('social_rate', 0.0):g}",
        "steps": len(curve),
        "bars": len(bars),
        "merged": len(bars) < len([c for c in curve if c["cost_per_t"] is not None]),
        "total_t": curve[-1]["cumulative_abatement_t"] if curve else 0.0,
        "paying_t": math.fsum(
            c["annual_abatement_t"]
            for c in curve
            if c["cost_per_t"] is not None and c["cost_per_t"] < 0
        ),
        "chart": charts.macc(bars, names={b["id"]: b["label"] for b in bars}),
        "page": Paginator(curve, PER_PAGE * 2).get_page(request.GET.get("page")),
        "plotly_version": plotly_version(),
    }
    return render(request, "planning/district_macc.html", context)


urlpatterns = [
    path("district/", district, name="district"),
    path("district/runs/<int:pk>/", district_run, name="district_run"),
    path("district/runs/<int:pk>/macc/", district_macc, name="district_macc"),
]
