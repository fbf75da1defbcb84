"""Inline SVG charts for the PDF: drawn here in Python, no JavaScript in a PDF."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from greenledger.web.reports.figures import format_number

POSITIVE = "#2f7d5b"
NEGATIVE = "#c0703a"
AXIS = "#8a948f"
TEXT = "#1d2521"
MUTED = "#5b6b63"
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


def bar_chart_svg(
    bars: Sequence[tuple[str, float]],
    *,
    unit: str,
    width: int = 480,
    bar_height: int = 12,
    gap: int = 6,
    label_width: int = 190,
    value_width: int = 70,
    font_size: float = 7.5,
) -> SafeString:
    """A horizontal bar chart of labelled values, negatives drawn left of the zero line."""
    if not bars:
        return mark_safe("")
    low = min(0.0, *(value for _label, value in bars))
    high = max(0.0, *(value for _label, value in bars))
    span = (high - low) or 1.0
    plot_left = label_width
    plot_width = width - label_width - value_width
    zero_x = plot_left + plot_width * (-low / span)
    height = len(bars) * (bar_height + gap) + gap + 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}pt" height="{height}pt" role="img" '
        f'font-family="{FONT}" font-size="{font_size}" fill="{TEXT}">'
    ]
    for index, (label, value) in enumerate(bars):
        y = gap + index * (bar_height + gap)
        length = plot_width * abs(value) / span
        x = zero_x if value >= 0 else zero_x - length
        colour = POSITIVE if value >= 0 else NEGATIVE
        middle = y + bar_height * 0.7
        parts.append(
            f'<text x="{plot_left - 8}" y="{middle:.1f}" text-anchor="end" >{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 0.5):.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{width - value_width + 8}" y="{middle:.1f}" '
            f">{escape(format_number(value))}</text>"
        )
    axis_bottom = height - 12
    parts.append(
        f'<line x1="{zero_x:.1f}" y1="{gap - 3}" x2="{zero_x:.1f}" y2="{axis_bottom}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    parts.append(
        f'<text x="{width - value_width + 8}" y="{height - 3}" fill="{MUTED}">{escape(unit)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
