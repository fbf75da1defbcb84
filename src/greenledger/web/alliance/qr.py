"""QR codes of check-in codes, drawn by segno as inline SVG (no image files, no third-party
script): the page embeds the ``<svg>`` element, the door scans it back into the code."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

__all__ = ["qr_svg"]


def qr_svg(code: str, *, title: str = "", scale: int = 4) -> SafeString:
    """An ``<svg>`` element holding ``code`` as a QR code (error correction M, quiet zone of 4
    modules), with ``title`` as its accessible name (segno escapes it)."""
    symbol = segno.make_qr(code, error="m")
    svg = symbol.svg_inline(scale=scale, title=title or None, dark="#000")
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno's own markup
