"""The analyst's transition-loan KPI page: per transition loan of the institution, the
borrower's KPI year by year from its verified inventories (``selectors.transition``) against the
transition catalogue's entry and advanced values, as a table and a small chart.

Anonymous visitors asking for the page are sent to sign in; anyone but an analyst of a
financial institution gets 403 (the page is the institution's own book, as the portfolio).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.finance.selectors import transition as selectors
from greenledger.web.members.models import Organisation
from greenledger.web.planning.charts import AMBER, BLUE, FONT, GREEN
from greenledger.web.ui.assets import plotly_version

__all__ = ["kpi_chart", "urlpatterns"]


def kpi_chart(track: selectors.TransitionTrack) -> dict[str, Any] | None:
    """The KPI by year (line) with the entry and advanced values (dashed), or None when no year
    has a KPI."""
    shown = [y for y in track.years if y.kpi is not None]
    if not shown:
        return None
    x = [str(y.year) for y in shown]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("KPI"),
            "x": x,
            "y": [y.kpi for y in shown],
            "line": {"color": BLUE, "width": 2},
        }
    ]
    for name, field, colour in (
        (_("Entry value"), "entry", AMBER),
        (_("Advanced value"), "advanced", GREEN),
    ):
        values = [getattr(y, field) for y in shown]
        if any(v is not None for v in values):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": name,
                    "x": x,
                    "y": values,
                    "line": {"color": colour, "width": 2, "dash": "dash"},
                }
            )
    return {
        "data": data,
        "layout": {
            "height": 260,
            "margin": {"l": 60, "r": 20, "t": 10, "b": 40},
            "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "legend": {"orientation": "h", "y": -0.25},
            "xaxis": {"type": "category"},
            "yaxis": {
                "title": {"text": track.unit},
                "gridcolor": "#e6ece9",
                "zeroline": False,
                "rangemode": "tozero",
            },
        },
    }


@require_safe
def transition(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    institution = Organisation.objects.filter(pk=user.organisation_id).first()
    if institution is None or not permissions.can_manage_portfolio(user, institution):
        raise PermissionDenied
    tracks = selectors.transition_tracking(
        user=user, institution=institution, path=request.get_full_path()
    )
    rows = [
        {"track": t, "chart": kpi_chart(t), "chart_id": f"chart-transition-{t.position.pk}"}
        for t in tracks
    ]
    context = {
        "institution": institution,
        "rows": rows,
        "catalogue": selectors.CATALOGUE,
        "plotly_version": plotly_version(),
    }
    return render(request, "finance/transition.html", context)


urlpatterns = [
    path("portfolio/transition/", transition, name="portfolio_transition"),
]
