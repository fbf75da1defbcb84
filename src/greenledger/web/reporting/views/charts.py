"""Plotly chart specifications (plain JSON, drawn by plotly.js from the installed package) for
the inventory page. Layout only: the figures come from the stored inventory."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from greenledger.web.reports.labels import CATEGORIES

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
GREEN = "#1b6b4f"
LIGHT_GREEN = "#86c9a8"
BLUE = "#2b6cb0"
AMBER = "#b7791f"
PALETTE = ["#1b6b4f", "#2b6cb0", "#b7791f", "#7b5ea7", "#3a9b74", "#b23b3b", "#5d6b64"]


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 60, "r": 60, "t": 10, "b": 40},
        "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.18},
        "yaxis": {"gridcolor": "#e6ece9", "zeroline": False},
    }
    layout.update(extra)
    return layout


def monthly(periods: list[dict[str, Any]]) -> dict[str, Any]:
    """Energy (tce, bars) and GB/T 32150 emissions (tCO2e, line) per period."""
    x = [row["period"] for row in periods]
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Energy (tce)"),
                "x": x,
                "y": [row.get("energy_tce") or 0 for row in periods],
                "marker": {"color": LIGHT_GREEN},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("GB/T 32150 emissions (tCO2e)"),
                "x": x,
                "y": [row.get("gbt32150_co2e_t") or 0 for row in periods],
                "yaxis": "y2",
                "line": {"color": GREEN, "width": 2},
            },
        ],
        "layout": _layout(
            xaxis={"type": "category"},
            yaxis={"title": {"text": "tce"}, "gridcolor": "#e6ece9", "rangemode": "tozero"},
            yaxis2={
                "title": {"text": "tCO2e"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
            },
        ),
    }


def by_source(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """GB/T 32150 emissions by source category (horizontal bars)."""
    shown = [r for r in rows if r["gbt32150_co2e_t"] or r["energy_tce"]]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": _("tCO2e"),
                "y": [str(CATEGORIES.get(r["category"], r["category"])) for r in shown],
                "x": [r["gbt32150_co2e_t"] for r in shown],
                "marker": {"color": PALETTE[: len(shown)] or GREEN},
            }
        ],
        "layout": _layout(
            showlegend=False,
            margin={"l": 160, "r": 20, "t": 10, "b": 40},
            yaxis={"automargin": True},
            xaxis={"title": {"text": "tCO2e"}, "gridcolor": "#e6ece9"},
        ),
    }


def by_scope(scope1: list[tuple[str, float]], location: float, market: float) -> dict[str, Any]:
    """Scope 1 stacked by category beside Scope 2 location- and market-based."""
    columns = [_("Scope 1"), _("Scope 2 (location)"), _("Scope 2 (market)")]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": name,
            "x": [columns[0]],
            "y": [value],
            "marker": {"color": PALETTE[index % len(PALETTE)]},
        }
        for index, (name, value) in enumerate(scope1)
    ]
    data.append(
        {
            "type": "bar",
            "name": _("Purchased electricity and heat"),
            "x": columns[1:],
            "y": [location, market],
            "marker": {"color": BLUE},
        }
    )
    return {
        "data": data,
        "layout": _layout(barmode="stack", yaxis={"title": {"text": "tCO2e"}}),
    }


def yearly(rows: list[dict[str, Any]]) -> dict[str, Any]:
    x = [str(r["year"]) for r in rows]
    return {
        "data": [
            {
                "type": "bar",
                "name": _("Energy (tce)"),
                "x": x,
                "y": [r.get("energy_tce") or 0 for r in rows],
                "marker": {"color": LIGHT_GREEN},
            },
            {
                "type": "bar",
                "name": _("GB/T 32150 emissions (tCO2e)"),
                "x": x,
                "y": [r.get("gbt32150_co2e_t") or 0 for r in rows],
                "marker": {"color": GREEN},
            },
        ],
        "layout": _layout(barmode="group", xaxis={"type": "category"}),
    }


def meter_months(monthly_kwh: list[float]) -> dict[str, Any]:
    months = [f"{m:02d}" for m in range(1, len(monthly_kwh) + 1)]
    return {
        "data": [
            {
                "type": "bar",
                "name": "kWh",
                "x": months,
                "y": monthly_kwh,
                "marker": {"color": AMBER},
            }
        ],
        "layout": _layout(
            showlegend=False, xaxis={"type": "category"}, yaxis={"title": {"text": "kWh"}}
        ),
    }
