"""English templates of the pathway optimiser's messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_pathway``.
"""

from __future__ import annotations

from typing import Final

PATHWAY: Final[dict[str, str | tuple[str, str]]] = {
    # core/planning/pathway.py
    "pathway.end_use.too_many": (
        "end use {end_use}: {count} measures; the pathway optimiser models their interactions "
        "exactly by enumerating combinations and takes at most {limit} measures per end use"
    ),
}
