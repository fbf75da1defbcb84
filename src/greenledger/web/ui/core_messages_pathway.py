"""Pathway-optimiser messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

PATHWAY: dict[str, Promise | Callable[[int], str]] = {
    "pathway.end_use.too_many": pgettext_lazy(
        "core",
        "end use {end_use}: {count} measures; the pathway optimiser models their interactions "
        "exactly by enumerating combinations and takes at most {limit} measures per end use",
    ),
}
