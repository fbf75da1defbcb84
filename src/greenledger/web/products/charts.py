"""Plotly chart specifications of the footprint pages (plain JSON, drawn by plotly.js from the
installed package, see ``web/ui/assets.py``). Layout and labels only: every figure comes from a
stored ``Footprint.contributions`` (the core's contribution analysis).

- ``contributions``: one horizontal bar per contribution to a product's footprint per unit:
  the process's own direct emissions and each input (own product, supplier's footprint,
  background factor, electricity), which add up to the footprint; a supplier's bar names the
  supplier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
COLOURS = {
    "direct": "#1b6b4f",
    "own": "#86c9a8",
    "supplier": "#2b6cb0",
    "background": "#b7791f",
    "electricity": "#7b5ea7",
}


def contribution_label(entry: Mapping[str, Any]) -> str:
    """What one contribution is, in the reader's language."""
    kind = entry.get("kind")
    label = str(entry.get("label", entry.get("key", "")))
    if kind == "electricity":
        return _("Electricity of %(process)s") % {"process": label}
    if kind == "supplier":
        return _("%(product)s (supplier %(supplier)s)") % {
            "product": label,
            "supplier": entry.get("supplier", ""),
        }
    if kind == "background":
        return _("%(factor)s (background factor)") % {"factor": label}
    return label


def contribution_rows(contributions: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The process's direct emissions, then each input: label, kind, tCO2e per unit, share."""
    total = float(contributions.get("total") or 0.0)
    rows = [
        {
            "label": _("Direct emissions of the process"),
            "kind": "direct",
            "tco2e_per_unit": float(contributions.get("direct") or 0.0),
        }
    ]
    for entry in contributions.get("inputs", []):
        rows.append(
            {
                "label": contribution_label(entry),
                "kind": entry.get("kind"),
                "tco2e_per_unit": float(entry["tco2e_per_unit"]),
                "supplier": entry.get("supplier"),
                "footprint_id": entry.get("footprint_id"),
                "version": entry.get("version"),
            }
        )
    for row in rows:
        row["share"] = row["tco2e_per_unit"] / total if total else None
    return rows


def contributions(rows: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    """Horizontal bars, largest at the top; ``rows`` from ``contribution_rows``."""
    ordered = sorted(rows, key=lambda r: abs(r["tco2e_per_unit"]))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [r["tco2e_per_unit"] for r in ordered],
                "y": [r["label"] for r in ordered],
                "marker": {"color": [COLOURS.get(str(r["kind"]), "#5d6b64") for r in ordered]},
                "hovertemplate": "%{y}: %{x:.6g} tCO2e/" + unit + "<extra></extra>",
            }
        ],
        "layout": {
            "margin": {"l": 220, "r": 20, "t": 10, "b": 50},
            "font": {"family": FONT, "size": 12, "color": "#1d2a24"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False,
            "height": 120 + 40 * len(ordered),
            "xaxis": {
                "title": {"text": f"tCO2e/{unit}"},
                "gridcolor": "#e6ece9",
                "zeroline": True,
            },
            "yaxis": {"automargin": True},
        },
    }
