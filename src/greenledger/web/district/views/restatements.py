"""Restatement pages (the staff only): the list with the "restate a year" form, and one
restatement with the verified and restated figures side by side.

Anonymous visitors are sent to sign in; a signed-in user without the right gets 403 on the list
(the page exists, the accounts are not theirs) and 404 on one restatement (a hidden object).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.district.models import Restatement
from greenledger.web.district.selectors import restatements as selectors
from greenledger.web.district.services.restatements import restatement_run
from greenledger.web.reporting.views.charts import AMBER, FONT, GREEN
from greenledger.web.ui.assets import plotly_version

NAV = "district"
PER_PAGE = 50


class RestateForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year to restate"), coerce=int)
    basis = forms.ChoiceField(label=gettext_lazy("Restate with"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = selectors.restatement_years()
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]
        self.fields["basis"].choices = selectors.basis_choices()

    def add_service_errors(self, error: ValidationError) -> None:
        by_field = error.message_dict if hasattr(error, "error_dict") else {}
        for field, texts in by_field.items():
            for text in texts:
                self.add_error(field if field in self.fields else None, text)
        if not by_field:
            self.add_error(None, error)


def _refused(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def restatement_index(request: HttpRequest) -> HttpResponse:
    """Every restatement, newest first, and the form that restates a year."""
    if (response := _refused(request)) is not None:
        return response
    if not permissions.can_view_district_accounts(request.user):
        raise PermissionDenied
    form = RestateForm(request.POST or None)
    if request.method == "POST":
        # The service decides (and names the field): a year without verified figures or an
        # unknown basis is refused by it, not only by the form's choices.
        year = (request.POST.get("year") or "").strip()
        try:
            restatement = restatement_run(
                actor=request.user,
                year=int(year) if year.isdigit() and len(year) <= 4 else 0,
                basis=(request.POST.get("basis") or "").strip(),
            )
        except ValidationError as error:
            form = RestateForm(request.POST)
            form.is_valid()
            form.errors.clear()
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(year)s restated: %(count)s enterprises.")
                % {"year": restatement.year, "count": restatement.enterprise_count},
            )
            return redirect(reverse("district:restatement", args=[restatement.pk]))
    page = Paginator(selectors.restatement_list(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"restatement": r, "basis": selectors.basis_label(r.context.get("basis", ""), r.context)}
        for r in page.object_list
    ]
    context = {
        "nav": NAV,
        "form": form,
        "page": page,
        "rows": rows,
        "bases": selectors.available_bases_described(),
        "has_years": bool(form.fields["year"].choices),
    }
    return render(request, "district/restatements.html", context)


@require_safe
def restatement_page(request: HttpRequest, restatement_id: int) -> HttpResponse:
    """One restatement: which data and rules produced each side, the totals side by side, the
    like-for-like series and the enterprises, the largest differences first."""
    if (response := _refused(request)) is not None:
        return response
    if not permissions.can_view_district_accounts(request.user):
        raise Http404
    restatement = Restatement.objects.filter(pk=restatement_id).first()
    if restatement is None:
        raise Http404
    detail = selectors.restatement_detail(restatement)
    series = selectors.restated_series(restatement)
    page = Paginator(selectors.restated_enterprises(restatement), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": NAV,
        **detail,
        "series": series,
        "chart": series_chart(series),
        "page": page,
        "plotly_version": plotly_version(),
    }
    return render(request, "district/restatement.html", context)


def series_chart(series: list[dict[str, Any]]) -> dict[str, Any]:
    """GB/T 32150 totals per year: verified, and restated on this restatement's basis."""
    years = [str(row["year"]) for row in series]

    def values(side: str) -> list[float | None]:
        return [
            (row[side] or {}).get("gbt32150_co2e_t") if row[side] is not None else None
            for row in series
        ]

    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Verified (tCO2e)"),
                "x": years,
                "y": values("verified"),
                "line": {"color": GREEN, "width": 2},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Restated (tCO2e)"),
                "x": years,
                "y": values("restated"),
                "line": {"color": AMBER, "width": 2, "dash": "dash"},
                "connectgaps": False,
            },
        ],
        "layout": {
            "margin": {"l": 70, "r": 20, "t": 10, "b": 40},
            "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "legend": {"orientation": "h", "y": -0.18},
            "xaxis": {"type": "category"},
            "yaxis": {"title": {"text": "tCO2e"}, "gridcolor": "#e6ece9", "rangemode": "tozero"},
        },
    }


urlpatterns = [
    path("restatements/", restatement_index, name="restatements"),
    path("restatements/<int:restatement_id>/", restatement_page, name="restatement"),
]
