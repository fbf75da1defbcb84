"""The park map ``/ecology/map/``: the district's sites by their coordinates on a plain
longitude/latitude Plotly chart (drawn by plotly.js from the installed package, no map tiles:
one degree of latitude is drawn 1 / cos(latitude) times as long as one of longitude, so
distances look right), the parks as squares, the exchanges (proposed dashed, confirmed solid)
and the core matcher's candidate matches (dotted) as lines, filterable by resource. An
anonymous offer or need of another enterprise is a point of its park, never of its site
(``selectors.map``). Filters: the resource, and one park (its tenants' listings and the
exchanges with a side there). Tables under the chart say the same in words.

For the staff, enterprise users and researchers (403 for other roles); anonymous visitors are
sent to sign in.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from greenledger.web.ecology.charts import FONT
from greenledger.web.ecology.models import ExchangeStatus, ResourceKind
from greenledger.web.ecology.selectors import listings as listing_selectors
from greenledger.web.ecology.selectors.map import Line, MapData, Point, map_data
from greenledger.web.ecology.views.listings import signed_in
from greenledger.web.members.models import Site
from greenledger.web.ui.assets import plotly_version

__all__ = ["urlpatterns", "map_figure"]

NAV = "ecology"
PARK_COLOUR = "#8fb9a8"
OFFER_COLOUR = "#b7791f"
NEED_COLOUR = "#2b6cb0"
BOTH_COLOUR = "#6b46c1"
EXCHANGE_COLOUR = "#1b6b4f"
CANDIDATE_COLOUR = "#7a8a83"


class MapFilter(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Resource"), required=False)
    park = forms.ModelChoiceField(
        label=gettext_lazy("Park"), queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any"))] + list(ResourceKind.choices)  # type: ignore[attr-defined]
        self.fields["park"].queryset = listing_selectors.parks()  # type: ignore[attr-defined]


def _kinds(rows: list[dict[str, Any]]) -> str:
    labels = sorted({str(row["kind_label"]) for row in rows})
    return ", ".join(labels)


def _hover(point: Point) -> str:
    lines = [point.name]
    for rows, text in ((point.offers, _("Offers")), (point.needs, _("Needs"))):
        if rows:
            lines.append(f"{text}: {len(rows)} ({_kinds(rows)})")
    if point.level == "park" and (point.offers or point.needs):
        lines.append(_("anonymous listings are shown at their park"))
    return "<br>".join(lines)


def _colour(point: Point) -> str:
    if point.offers and point.needs:
        return BOTH_COLOUR
    return OFFER_COLOUR if point.offers else NEED_COLOUR


def _markers(points: list[Point], meta: str, name: str, **marker: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "meta": meta,
        "mode": "markers",
        "name": name,
        "x": [p.lon for p in points],
        "y": [p.lat for p in points],
        "text": [_hover(p) for p in points],
        "hovertemplate": "%{text}<extra></extra>",
        "marker": marker,
    }


def _lines(
    lines: list[Line], points: dict[str, Point], meta: str, name: str, **line: Any
) -> dict[str, Any]:
    x: list[float | None] = []
    y: list[float | None] = []
    for drawn in lines:
        start, end = points[drawn.offer_point], points[drawn.need_point]
        x += [start.lon, end.lon, None]
        y += [start.lat, end.lat, None]
    return {
        "type": "scatter",
        "meta": meta,
        "mode": "lines",
        "name": name,
        "x": x,
        "y": y,
        "hoverinfo": "skip",
        "line": line,
    }


def map_figure(data: MapData) -> dict[str, Any]:
    """The Plotly spec of the map (plain JSON): parks, sites, exchanges, candidate matches;
    each trace's ``meta`` names what it is (sites, parks, candidates, proposed, active)."""
    traces: list[dict[str, Any]] = []
    if data.candidates:
        traces.append(
            _lines(data.candidates, data.points, "candidates", _("Candidate matches"),
                   color=CANDIDATE_COLOUR, width=1, dash="dot")
        )  # fmt: skip
    for status, dash, label in (
        (ExchangeStatus.PROPOSED, "dash", _("Exchanges proposed")),
        (ExchangeStatus.ACTIVE, "solid", _("Exchanges confirmed by both")),
    ):
        chosen = [line for line in data.exchanges if line.status == status]
        if chosen:
            traces.append(
                _lines(
                    chosen, data.points, status, label, color=EXCHANGE_COLOUR, width=3, dash=dash
                )
            )
    if data.parks:
        traces.append(
            _markers(data.parks, "parks", _("Parks"), symbol="square", size=16, color=PARK_COLOUR,
                     line={"color": EXCHANGE_COLOUR, "width": 1})
        )  # fmt: skip
    sites = data.sites
    if sites:
        traces.append(
            _markers(sites, "sites", _("Sites with offers or needs"), size=11,
                     color=[_colour(p) for p in sites], line={"color": "#ffffff", "width": 1})
        )  # fmt: skip
    lats = [p.lat for p in data.points.values()] or [31.2]
    middle = (min(lats) + max(lats)) / 2
    return {
        "data": traces,
        "layout": {
            "margin": {"l": 70, "r": 20, "t": 10, "b": 50},
            "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "#f6f9f7",
            "height": 560,
            "legend": {"orientation": "h", "y": -0.12},
            "xaxis": {"title": {"text": _("Longitude (°E)")}, "gridcolor": "#e6ece9",
                      "zeroline": False},
            "yaxis": {"title": {"text": _("Latitude (°N)")}, "gridcolor": "#e6ece9",
                      "zeroline": False, "scaleanchor": "x",
                      "scaleratio": round(1 / math.cos(math.radians(middle)), 4)},
        },
    }  # fmt: skip


@require_safe
def park_map(request: HttpRequest) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    if not listing_selectors.can_view_listings(request.user):
        raise PermissionDenied
    form = MapFilter(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    park = chosen.get("park")
    data = map_data(request.user, kind=chosen.get("kind") or None, park=park.pk if park else None)
    context = {
        "nav": NAV,
        "form": form,
        "data": data,
        "figure": map_figure(data),
        "points": data.points,
        "anonymous_parks": [p for p in data.parks if p.offers or p.needs],
        "plotly_version": plotly_version(),
    }
    return render(request, "ecology/map.html", context)


urlpatterns = [path("map/", park_map, name="map")]
