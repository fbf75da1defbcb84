"""The district overview page: the district summary of ``members.selectors`` laid out as key
figures, tables and Plotly chart specifications (plain JSON, drawn by plotly.js in the browser).

The page body is the same for every visitor (district-wide aggregates), so the template caches
it per language under ``data_version``: the sequence number and hash of the newest audit-ledger
entry. Every change to the registry goes through a service that appends to the ledger, so any
change gives a new version and the next visitor sees fresh figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenledger.web.members import selectors
from greenledger.web.members.models import DesignationLevel, DesignationType, OrganisationKind

TYPE_LABELS = dict(DesignationType.choices)
LEVEL_LABELS = dict(DesignationLevel.choices)
KIND_LABELS = dict(OrganisationKind.choices)

GREEN = ["#1b6b4f", "#23835f", "#3a9b74", "#5bb28c", "#86c9a8", "#b3dec6", "#d6eee0"]
LEVEL_COLOURS = {"national": "#14503b", "municipal": "#3a9b74", "district": "#9fd3b7"}
KIND_COLOURS = ["#1b6b4f", "#2b6cb0", "#b7791f", "#7b5ea7"]
FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    zero_carbon: bool


@dataclass(frozen=True)
class LevelRow:
    key: str
    label: str
    counts: list[int]
    total: int


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": {"family": FONT, "size": 13, "color": "#1d2a24"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def overview_context(*, district: str | None = None) -> dict[str, Any]:
    summary = selectors.district_summary(district=district)
    by_level = selectors.designations_by_type_and_level(district=district)

    figures = [
        Figure(key, str(TYPE_LABELS[key]), count, key.startswith("zero_carbon"))
        for key, count in summary.designations.items()
    ]
    recognitions = [
        Figure(key, str(TYPE_LABELS[key]), count, False)
        for key, count in summary.recognitions.items()
    ]
    members = [
        Figure(key, str(KIND_LABELS[key]), count, False)
        for key, count in summary.members_by_kind.items()
    ]
    levels = list(DesignationLevel.values)
    all_types = [*summary.designations, *summary.recognitions]
    level_rows = []
    for key in all_types:
        counts = [by_level.get((key, level), 0) for level in levels]
        level_rows.append(LevelRow(key, str(TYPE_LABELS[key]), counts, sum(counts)))
    level_totals = [sum(row.counts[i] for row in level_rows) for i in range(len(levels))]

    parks = [
        {
            "park": park,
            "total": sum(park.designations.values()),
            "breakdown": [
                (str(TYPE_LABELS.get(key, key)), n)
                for key, n in sorted(park.designations.items(), key=lambda item: -item[1])
            ],
        }
        for park in summary.parks
    ]

    type_chart = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [f.label for f in reversed(figures)],
                "x": [f.value for f in reversed(figures)],
                "text": [f.value for f in reversed(figures)],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {
                    "color": ["#2b6cb0" if f.zero_carbon else "#23835f" for f in reversed(figures)]
                },
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": _layout(
            xaxis={"showgrid": True, "gridcolor": "#e6ece9", "zeroline": False},
            yaxis={"automargin": True},
            margin={"l": 10, "r": 40, "t": 10, "b": 30},
        ),
    }
    level_chart = {
        "data": [
            {
                "type": "bar",
                "name": str(LEVEL_LABELS[level]),
                "x": [row.label for row in level_rows if row.total],
                "y": [row.counts[i] for row in level_rows if row.total],
                "marker": {"color": LEVEL_COLOURS.get(level, "#86c9a8")},
                "hovertemplate": "%{x}<br>" + str(LEVEL_LABELS[level]) + ": %{y}<extra></extra>",
            }
            for i, level in enumerate(levels)
        ],
        "layout": _layout(
            barmode="stack",
            showlegend=True,
            # above the plot area, its bottom on the area's top edge: it never covers a bar
            legend={
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
                "traceorder": "normal",
            },
            xaxis={"automargin": True, "tickangle": -35},
            yaxis={"gridcolor": "#e6ece9"},
            margin={"l": 40, "r": 10, "t": 40, "b": 10},
        ),
    }
    members_chart = {
        "data": [
            {
                "type": "pie",
                "hole": 0.55,
                "labels": [m.label for m in members],
                "values": [m.value for m in members],
                "marker": {"colors": KIND_COLOURS},
                "textinfo": "value",
                "sort": False,
                "hovertemplate": "%{label}: %{value} (%{percent})<extra></extra>",
            }
        ],
        "layout": _layout(showlegend=True, legend={"orientation": "v", "x": 1, "y": 0.5}),
    }

    return {
        "summary": summary,
        "figures": figures,
        "recognitions": recognitions,
        "members": members,
        "members_total": sum(m.value for m in members),
        "levels": [str(LEVEL_LABELS[level]) for level in levels],
        "level_rows": level_rows,
        "level_totals": level_totals,
        "level_grand_total": sum(level_totals),
        "parks": parks,
        "charts": {
            "types": type_chart,
            "levels": level_chart,
            "members": members_chart,
        },
    }
