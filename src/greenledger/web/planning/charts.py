"""Plotly chart specifications of the planning result pages (plain JSON, drawn by plotly.js from
the installed package, see ``web/ui/assets.py``). Layout and labels only: every figure comes
from a solved run (``PlanRun.result``, the core's curve and pathway as JSON).

- ``macc``: the abatement cost curve as a step chart: one bar per measure, its width the annual
  abatement, its height the cost per tonne, placed along the cumulative abatement in the order
  the core applied the measures (cost order on the remaining baseline); bars below zero are the
  measures that pay for themselves, drawn in their own colour; the carbon price as a line.
- ``pathway``: emissions by year against the no-measure baseline and the caps.
- ``adoptions``: when each measure is first adopted (a timeline).
- ``comparison``: the scenarios' emissions side by side, and their net present costs.
- ``commitment``: committed emissions by year against the verified ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
GREEN = "#1b6b4f"
LIGHT_GREEN = "#86c9a8"
BLUE = "#2b6cb0"
AMBER = "#b7791f"
PURPLE = "#7b5ea7"
RED = "#b23b3b"
GREY = "#5d6b64"
SERIES = (GREEN, BLUE, AMBER, PURPLE, RED, GREY)


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 80, "r": 20, "t": 10, "b": 50},
        "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"type": "category"},
        "yaxis": {"gridcolor": "#e6ece9", "zeroline": False, "rangemode": "tozero"},
    }
    layout.update(extra)
    return layout


def _line(name: str, x: list[str], y: list[Any], colour: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": x,
        "y": y,
        "line": {"color": colour, "width": 2},
        **extra,
    }


def macc_bars(steps: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The bars of the curve: the steps that abate something, in the core's order, each from
    its left edge (cumulative abatement before it) to its right edge."""
    bars = []
    for step in steps:
        abatement = float(step["annual_abatement_t"])
        if abatement <= 0 or step.get("cost_per_t") is None:
            continue
        right = float(step["cumulative_abatement_t"])
        bars.append(
            {
                "id": step["id"],
                "left": right - abatement,
                "right": right,
                "width": abatement,
                "centre": right - abatement / 2,
                "cost_per_t": float(step["cost_per_t"]),
            }
        )
    return bars


def macc(
    steps: Sequence[Mapping[str, Any]],
    *,
    names: Mapping[str, str] | None = None,
    carbon_price_yuan_per_t: float = 0.0,
) -> dict[str, Any]:
    """The step chart (see the module's docstring); ``names`` labels the measures."""
    names = names or {}
    bars = macc_bars(steps)
    traces = []
    for paying, label, colour in (
        (True, _("Pays for itself (negative cost)"), GREEN),
        (False, _("Costs money"), AMBER),
    ):
        part = [b for b in bars if (b["cost_per_t"] < 0) == paying]
        if not part:
            continue
        traces.append(
            {
                "type": "bar",
                "name": label,
                "x": [b["centre"] for b in part],
                "width": [b["width"] for b in part],
                "y": [b["cost_per_t"] for b in part],
                "text": [names.get(b["id"], b["id"]) for b in part],
                "customdata": [[b["left"], b["right"]] for b in part],
                "hovertemplate": "%{text}<br>%{y:,.0f} yuan/t<br>"
                "%{customdata[0]:,.0f}–%{customdata[1]:,.0f} tCO2e/a<extra></extra>",
                "marker": {"color": colour, "line": {"color": "#ffffff", "width": 1}},
                "textposition": "none",
            }
        )
    total = bars[-1]["right"] if bars else 0.0
    shapes = []
    if carbon_price_yuan_per_t and total > 0:
        shapes.append(
            {
                "type": "line",
                "x0": 0,
                "x1": total,
                "y0": carbon_price_yuan_per_t,
                "y1": carbon_price_yuan_per_t,
                "line": {"color": RED, "width": 2, "dash": "dash"},
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            bargap=0,
            shapes=shapes,
            margin={"l": 80, "r": 20, "t": 10, "b": 60},
            legend={"orientation": "h", "y": -0.3},
            xaxis={
                "type": "linear",
                "range": [0, total * 1.02 if total else 1],
                "title": {"text": _("Annual abatement, cumulative (tCO2e a year), in cost order")},
                "gridcolor": "#e6ece9",
            },
            yaxis={
                "title": {"text": _("Cost (yuan per tCO2e)")},
                "gridcolor": "#e6ece9",
                "zeroline": True,
                "zerolinecolor": GREY,
            },
        ),
    }


def _years(values: Mapping[str, Any]) -> list[str]:
    return sorted(values, key=int)


def pathway(
    emissions_t: Mapping[str, float],
    baseline_t: Mapping[str, float],
    caps_t: Mapping[str, float],
    shortfall_t: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Emissions by model year with the plan's measures, the baseline without any measure
    (growth and the grid path only) and the caps of the target years; shortfalls as bars."""
    x = _years(emissions_t)
    traces = [
        _line(_("Baseline without measures"), _years(baseline_t),
              [baseline_t[y] for y in _years(baseline_t)], GREY,
              line={"color": GREY, "width": 2, "dash": "dot"}),
        _line(_("Emissions with the pathway"), x, [emissions_t[y] for y in x], GREEN),
    ]  # fmt: skip
    if caps_t:
        caps = _years(caps_t)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Cap of the target year"),
                "x": caps,
                "y": [caps_t[y] for y in caps],
                "marker": {
                    "color": RED,
                    "size": 11,
                    "symbol": "line-ew-open",
                    "line": {"width": 3},
                },
            }
        )
    shortfall = {y: v for y, v in (shortfall_t or {}).items() if v > 1e-9}
    if shortfall:
        years = _years(shortfall)
        traces.append(
            {
                "type": "bar",
                "name": _("Shortfall (tCO2e above the cap)"),
                "x": years,
                "y": [shortfall[y] for y in years],
                "marker": {"color": RED, "opacity": 0.5},
            }
        )
    every = sorted(set(x) | set(baseline_t) | set(caps_t), key=int)
    return {
        "data": traces,
        "layout": _layout(
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": every},
            yaxis={"title": {"text": "tCO2e"}, "rangemode": "tozero", "gridcolor": "#e6ece9"},
        ),
    }


def adoptions(
    items: Sequence[Mapping[str, Any]], years: Sequence[int], names: Mapping[str, str]
) -> dict[str, Any]:
    """One marker per adopted measure at its first year (measures top-down in adoption
    order), on the plan's model years."""
    order = [item["id"] for item in items]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("First adopted"),
                "x": [str(item["year"]) for item in items],
                "y": [names.get(i, i) for i in order],
                "marker": {"color": GREEN, "size": 12, "symbol": "diamond"},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": _layout(
            showlegend=False,
            margin={"l": 200, "r": 20, "t": 10, "b": 40},
            height=max(160, 40 + 28 * len(order)),
            xaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": [str(y) for y in years],
                "range": [-0.5, len(years) - 0.5],
            },
            yaxis={"type": "category", "autorange": "reversed", "gridcolor": "#e6ece9"},
        ),
    }


def comparison(outcomes: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Side by side: each scenario's emissions by year (lines) and its net present cost
    (bars); ``outcomes`` = [{"name", "emissions_t": {"YYYY": t}, "npv_yuan"}]."""
    lines = []
    for index, outcome in enumerate(outcomes):
        x = _years(outcome["emissions_t"])
        lines.append(
            _line(
                outcome["name"],
                x,
                [outcome["emissions_t"][y] for y in x],
                SERIES[index % len(SERIES)],
            )
        )
    names = [o["name"] for o in outcomes]
    return {
        "emissions": {
            "data": lines,
            "layout": _layout(yaxis={"title": {"text": "tCO2e"}, "rangemode": "tozero"}),
        },
        "cost": {
            "data": [
                {
                    "type": "bar",
                    "name": _("Net present cost (yuan)"),
                    "x": names,
                    "y": [o["npv_yuan"] for o in outcomes],
                    "marker": {"color": [GREEN if o["npv_yuan"] < 0 else AMBER for o in outcomes]},
                }
            ],
            "layout": _layout(
                showlegend=False,
                yaxis={
                    "title": {"text": _("yuan, discounted")},
                    "zeroline": True,
                    "zerolinecolor": GREY,
                },
            ),
        },
    }


def commitment(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Committed emissions by year (line) against the verified ones (markers, red where over
    the commitment); ``rows`` = [{"year", "committed_t", "actual_t", "status"}]."""
    x = [str(r["year"]) for r in rows]
    seen = [r for r in rows if r["actual_t"] is not None]
    return {
        "data": [
            _line(_("Committed"), x, [r["committed_t"] for r in rows], GREEN),
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Verified"),
                "x": [str(r["year"]) for r in seen],
                "y": [r["actual_t"] for r in seen],
                "marker": {
                    "size": 11,
                    "color": [RED if r["status"] == "over" else BLUE for r in seen],
                },
            },
        ],
        "layout": _layout(
            yaxis={"title": {"text": "tCO2e"}, "rangemode": "tozero", "gridcolor": "#e6ece9"}
        ),
    }
