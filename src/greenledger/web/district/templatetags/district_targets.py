"""Template filters of the targets and budgets panels: status badges and labels in the page's
language, fractions as percentages, and the Plotly specifications of the charts (actual
against the trajectory; an enterprise's verified emissions against its budget and trajectory).
The charts are drawn by ``ui/charts.js`` from the installed plotly.js, which the including page
loads (``{% url 'ui:plotly_js' plotly_version %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from greenledger.web.reporting.views.charts import AMBER, BLUE, GREEN, _layout

register = template.Library()

STATUS_BADGES = {"on track": "", "at risk": "warn", "off track": "bad"}


@register.filter
def progress_badge(status: str | None) -> str:
    """The badge class of a progress status (on track: plain green)."""
    return STATUS_BADGES.get(status or "", "neutral")


@register.filter
def progress_label(status: str | None) -> str:
    labels = {
        "on track": pgettext("progress", "on track"),
        "at risk": pgettext("progress", "at risk"),
        "off track": pgettext("progress", "off track"),
    }
    return labels.get(status or "", _("no status"))


@register.filter
def fraction_percent(value: Any, digits: Any = 1) -> str:
    """A signed fraction as a percentage: -0.0304 -> "-3.0 %"; "—" when missing."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:+,.{int(digits)}f} %"


@register.filter
def target_chart_id(item: Any) -> str:
    return f"chart-target-{item.target.pk}"


@register.filter
def target_chart(item: Any) -> dict[str, Any]:
    """Actual (markers and line) against the trajectory (dashed) by year, one target."""
    path_years = sorted(item.trajectory)
    actual_years = sorted(item.actual)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Trajectory"),
                "x": path_years,
                "y": [item.trajectory[y] for y in path_years],
                "line": {"color": BLUE, "width": 2, "dash": "dash"},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("Actual (verified)"),
                "x": actual_years,
                "y": [item.actual[y] for y in actual_years],
                "line": {"color": GREEN, "width": 2},
            },
        ],
        "layout": _layout(
            xaxis={"type": "linear", "dtick": 1, "tickformat": "d"},
            yaxis={"title": {"text": item.unit}, "gridcolor": "#e6ece9", "zeroline": False},
        ),
    }


@register.filter
def budget_chart(view: Any) -> dict[str, Any]:
    """An enterprise's budget (bars), trajectory (dashed) and verified emissions by year."""
    rows = view.rows
    years = [r["year"] for r in rows]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _("Budget (tCO2e)"),
            "x": years,
            "y": [r["budget_t"] for r in rows],
            "marker": {"color": "#86c9a8"},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Verified emissions (tCO2e)"),
            "x": [r["year"] for r in rows if r["verified_t"] is not None],
            "y": [r["verified_t"] for r in rows if r["verified_t"] is not None],
            "line": {"color": AMBER, "width": 2},
        },
    ]
    if any(r["trajectory_t"] is not None for r in rows):
        data.insert(
            1,
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Trajectory (tCO2e)"),
                "x": [r["year"] for r in rows if r["trajectory_t"] is not None],
                "y": [r["trajectory_t"] for r in rows if r["trajectory_t"] is not None],
                "line": {"color": BLUE, "width": 2, "dash": "dash"},
            },
        )
    return {
        "data": data,
        "layout": _layout(
            xaxis={"type": "linear", "dtick": 1, "tickformat": "d"},
            yaxis={"title": {"text": "tCO2e"}, "gridcolor": "#e6ece9", "rangemode": "tozero"},
        ),
    }
