"""Plotly chart specifications of the ecology pages (plain JSON, drawn by plotly.js from the
installed package, see ``web/ui/assets.py``). Layout and labels only: every figure comes from a
stored run (``CfeRun.result``, the core's JSON).

- ``unmatched_by_hour``: the unmatched MWh by local hour of the day (0..23).
- ``unmatched_by_month``: the unmatched MWh by month.
- ``heatmap``: the unmatched MWh of every hour of the year, one row per day and one column per
  local hour (24 x 365, or 366 in a leap year).
- ``duration_curve``: the load and the clean supply (supply series plus storage discharge), each
  sorted from its largest hour down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
GREEN = "#1b6b4f"
BLUE = "#2b6cb0"
AMBER = "#b7791f"
RED = "#b23b3b"


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 70, "r": 20, "t": 10, "b": 50},
        "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"gridcolor": "#e6ece9", "zeroline": False, "rangemode": "tozero"},
    }
    layout.update(extra)
    return layout


def _mwh_axis() -> dict[str, Any]:
    return {"title": {"text": "MWh"}, "gridcolor": "#e6ece9", "rangemode": "tozero"}


def unmatched_by_hour(by_hour: Sequence[float]) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Unmatched (MWh)"),
                "x": list(range(24)),
                "y": list(by_hour),
                "marker": {"color": AMBER},
                "hovertemplate": "%{x}:00<br>%{y:,.1f} MWh<extra></extra>",
            }
        ],
        "layout": _layout(
            xaxis={"title": {"text": _("Hour of day (UTC+08:00)")}, "dtick": 2},
            yaxis=_mwh_axis(),
        ),
    }


def unmatched_by_month(by_month: Sequence[float]) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Unmatched (MWh)"),
                "x": [f"{m:02d}" for m in range(1, 13)],
                "y": list(by_month),
                "marker": {"color": AMBER},
            }
        ],
        "layout": _layout(
            xaxis={"title": {"text": _("Month")}, "type": "category"}, yaxis=_mwh_axis()
        ),
    }


def heatmap(rows: Sequence[Sequence[float | None]], start: str) -> dict[str, Any]:
    """``rows``: days x 24 unmatched MWh from ``start`` (the run's first day, ISO)."""
    return {
        "data": [
            {
                "type": "heatmap",
                "z": [list(row) for row in rows],
                "x": list(range(24)),
                "y": list(range(1, len(rows) + 1)),
                "colorscale": [[0, "#e8f5ee"], [0.5, AMBER], [1, RED]],
                "zmin": 0,
                "colorbar": {"title": {"text": "MWh"}},
                "hovertemplate": _("day %{y}, %{x}:00: %{z:,.2f} MWh unmatched")
                + "<extra></extra>",
            }
        ],
        "layout": _layout(
            xaxis={"title": {"text": _("Hour of day (UTC+08:00)")}, "dtick": 2},
            yaxis={
                "title": {"text": _("Day of the year from %(start)s") % {"start": start[:10]}},
                "autorange": "reversed",
            },
            height=520,
        ),
    }


def duration_curve(load: Sequence[float], clean: Sequence[float]) -> dict[str, Any]:
    hours = list(range(1, len(load) + 1))
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Load"),
                "x": hours,
                "y": list(load),
                "line": {"color": BLUE, "width": 2},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Clean supply (with storage)"),
                "x": hours,
                "y": list(clean),
                "line": {"color": GREEN, "width": 2},
            },
        ],
        "layout": _layout(
            xaxis={"title": {"text": _("Hours of the year, largest first")}},
            yaxis={**_mwh_axis(), "title": {"text": _("MWh in the hour")}},
        ),
    }
