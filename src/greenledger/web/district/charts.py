"""Plotly chart specifications of the district progress pages (plain JSON, drawn by plotly.js
from the installed package, see ``web/ui/assets.py``). Layout and labels only: every figure
comes from the district selectors (the fact table and the core decomposition)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenledger.core.progress.coordinated import CoordinatedReduction
from greenledger.core.progress.decomposition import TERMS, Decomposition
from greenledger.web.district.progress_data import by_pollutant

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
GREEN = "#1b6b4f"
LIGHT_GREEN = "#86c9a8"
BLUE = "#2b6cb0"
AMBER = "#b7791f"
PURPLE = "#7b5ea7"
RED = "#b23b3b"
GREY = "#5d6b64"

#: the decomposition's terms as the pages name them
TERM_LABELS: dict[str, Promise] = {
    "activity": gettext_lazy("Activity (output growth)"),
    "structure": gettext_lazy("Structure (output shares)"),
    "energy_intensity": gettext_lazy("Energy intensity"),
    "energy_mix": gettext_lazy("Energy mix"),
    "emission_factor": gettext_lazy("Emission factors"),
    "other": gettext_lazy("Process, fugitive and exports"),
    "entry": gettext_lazy("Enterprises entering"),
    "exit": gettext_lazy("Enterprises leaving"),
}

QUADRANT_LABELS: dict[str, Promise] = {
    "both_down": gettext_lazy("CO2 and pollutants down"),
    "co2_down_only": gettext_lazy("CO2 down only"),
    "pollutants_down_only": gettext_lazy("Pollutants down only"),
    "neither_down": gettext_lazy("Neither down (or mixed)"),
}
QUADRANT_COLOURS = {
    "both_down": GREEN,
    "co2_down_only": BLUE,
    "pollutants_down_only": AMBER,
    "neither_down": RED,
}


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 70, "r": 20, "t": 10, "b": 40},
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


def trends(series: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The trend charts since the first year: energy (both electricity methods), emissions
    (GB/T 32150, Scope 1, Scope 2 both ways), output value and the two intensities."""
    x = [str(row["year"]) for row in series]

    def column(key: str) -> list[Any]:
        return [row.get(key) for row in series]

    return {
        "energy": {
            "data": [
                _line(_("Energy, calorific value (tce)"), x, column("energy_tce"), GREEN),
                _line(
                    _("Energy, generation coal consumption (tce)"),
                    x,
                    column("energy_tce_generation"),
                    LIGHT_GREEN,
                    line={"color": LIGHT_GREEN, "width": 2, "dash": "dot"},
                ),
            ],
            "layout": _layout(yaxis={"title": {"text": "tce"}, "rangemode": "tozero"}),
        },
        "emissions": {
            "data": [
                _line(_("GB/T 32150 emissions"), x, column("gbt32150_co2e_t"), GREEN),
                _line(_("Scope 1"), x, column("scope1_co2e_t"), PURPLE),
                _line(_("Scope 2 location-based"), x, column("scope2_location_t"), BLUE),
                _line(
                    _("Scope 2 market-based"),
                    x,
                    column("scope2_market_t"),
                    BLUE,
                    line={"color": BLUE, "width": 2, "dash": "dot"},
                ),
            ],
            "layout": _layout(yaxis={"title": {"text": "tCO2e"}, "rangemode": "tozero"}),
        },
        "output": {
            "data": [
                {
                    "type": "bar",
                    "name": _("Output value (10^4 yuan, current prices)"),
                    "x": x,
                    "y": column("output_value_wan_yuan"),
                    "marker": {"color": LIGHT_GREEN},
                }
            ],
            "layout": _layout(
                showlegend=False, yaxis={"title": {"text": _("10^4 yuan")}, "rangemode": "tozero"}
            ),
        },
        "intensity": {
            "data": [
                _line(_("tce per 10^4 yuan"), x, column("tce_per_wan_yuan"), GREEN),
                _line(
                    _("tCO2e per 10^4 yuan"), x, column("co2e_t_per_wan_yuan"), AMBER, yaxis="y2"
                ),
            ],
            "layout": _layout(
                yaxis={"title": {"text": _("tce per 10^4 yuan")}, "rangemode": "tozero"},
                yaxis2={
                    "title": {"text": _("tCO2e per 10^4 yuan")},
                    "overlaying": "y",
                    "side": "right",
                    "rangemode": "tozero",
                    "showgrid": False,
                },
                margin={"l": 70, "r": 70, "t": 10, "b": 40},
            ),
        },
    }


def waterfall(decomposition: Decomposition) -> dict[str, Any]:
    """Base-year total, each term of the change, later-year total (the terms close the gap)."""
    labels = [str(decomposition.base_year)]
    labels += [str(TERM_LABELS[term]) for term in TERMS]
    labels.append(str(decomposition.year))
    values = [decomposition.total_base_t]
    values += [decomposition.terms_t[term] for term in TERMS]
    values.append(decomposition.total_year_t)
    return {
        "data": [
            {
                "type": "waterfall",
                "orientation": "v",
                "x": labels,
                "y": values,
                "measure": ["absolute", *(["relative"] * len(TERMS)), "total"],
                "connector": {"line": {"color": "#c8d3cd"}},
                "increasing": {"marker": {"color": RED}},
                "decreasing": {"marker": {"color": GREEN}},
                "totals": {"marker": {"color": GREY}},
                "text": [f"{value:,.0f}" for value in values],
                "textposition": "outside",
            }
        ],
        "layout": _layout(
            showlegend=False,
            yaxis={"title": {"text": "tCO2e"}, "gridcolor": "#e6ece9"},
            margin={"l": 70, "r": 20, "t": 20, "b": 90},
        ),
    }


def quadrant(
    coordinated: CoordinatedReduction, pollutant: str, names: Mapping[str, str]
) -> dict[str, Any]:
    """One point per enterprise reporting in both years: CO2e change (x) against the change of
    ``pollutant`` (y), coloured by the quadrant of the dominance rule over all pollutants."""
    traces = []
    for which, label in QUADRANT_LABELS.items():
        points = [item for item in coordinated.enterprises if item.quadrant == which]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{label} ({len(points)})",
                "x": [item.co2e_change_t for item in points],
                "y": [by_pollutant(item.pollutant_change_t).get(pollutant) for item in points],
                "text": [names.get(item.key, item.key) for item in points],
                "hovertemplate": "%{text}<br>tCO2e %{x:,.1f}<br>" + pollutant + " %{y:,.3f} t"
                "<extra></extra>",
                "marker": {"color": QUADRANT_COLOURS[which], "size": 9, "opacity": 0.8},
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            xaxis={
                "title": {"text": _("Change in GB/T 32150 emissions (tCO2e)")},
                "zeroline": True,
                "zerolinecolor": GREY,
                "gridcolor": "#e6ece9",
            },
            yaxis={
                "title": {"text": _("Change in %(pollutant)s (t)") % {"pollutant": pollutant}},
                "zeroline": True,
                "zerolinecolor": GREY,
                "gridcolor": "#e6ece9",
            },
            margin={"l": 70, "r": 20, "t": 10, "b": 60},
            legend={"orientation": "h", "y": -0.32},
        ),
    }


def coverage(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Enterprises reported (verified), estimated and missing without an estimate per year
    (stacked bars: the estimated ones are among the missing, so each is counted once)."""
    x = [str(row["year"]) for row in rows]
    rows = [{**row, "unestimated": row["missing"] - row["estimated"]} for row in rows]
    parts = (
        ("reported", _("Verified"), GREEN),
        ("estimated", _("Estimated"), AMBER),
        ("unestimated", _("Missing, no estimate"), "#c8d3cd"),
    )
    return {
        "data": [
            {
                "type": "bar",
                "name": label,
                "x": x,
                "y": [row[key] for row in rows],
                "marker": {"color": colour},
            }
            for key, label, colour in parts
        ],
        "layout": _layout(barmode="stack", yaxis={"title": {"text": _("Enterprises")}}),
    }
