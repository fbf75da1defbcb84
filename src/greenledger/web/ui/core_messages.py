"""The core's coded messages in the user's language.

The pure core gives every problem, explanation and refusal as a ``Message`` (a stable code and
its parameters; see ``greenledger.core.messages``). This catalogue holds, for every code, the
English template marked for translation (context "core"), so the platform catalogue carries its
Chinese; ``render`` formats a message in the active language. English msgids are the core's own
templates, so the English pages read exactly as the CLI prints.

Parameters that name things the user knows by a label (a file's column, an activity) are shown
through ``labels``: the reporting pages pass their column and activity names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

from greenledger.core.messages import TEXT, Message
from greenledger.web.ui.core_messages_accounting import ACCOUNTING
from greenledger.web.ui.core_messages_assessment import ASSESSMENT
from greenledger.web.ui.core_messages_catalogue import CATALOGUE
from greenledger.web.ui.core_messages_cbam import CBAM
from greenledger.web.ui.core_messages_cfe import CFE
from greenledger.web.ui.core_messages_eligibility import ELIGIBILITY
from greenledger.web.ui.core_messages_footprint import FOOTPRINT
from greenledger.web.ui.core_messages_pathway import PATHWAY
from greenledger.web.ui.core_messages_pcaf import PCAF
from greenledger.web.ui.core_messages_planning import PLANNING
from greenledger.web.ui.core_messages_progress import PROGRESS
from greenledger.web.ui.core_messages_scenarios import SCENARIOS
from greenledger.web.ui.core_messages_symbiosis import SYMBIOSIS

Labels = Mapping[str, Callable[[Any], str]]

TEMPLATES: dict[str, Promise | Callable[[int], str]] = {
    "common.none": pgettext_lazy("core", "none"),
    "problems.found": lambda n: npgettext(
        "core",
        "{count} problem found",
        "{count} problems found",
        n,
    ),
    **ACCOUNTING,
    **ASSESSMENT,
    **PROGRESS,
    **PLANNING,
    **PATHWAY,
    **CATALOGUE,
    **SCENARIOS,
    **ELIGIBILITY,
    **PCAF,
    **CFE,
    **SYMBIOSIS,
    **CBAM,
    **FOOTPRINT,
}


def as_message(value: Message | Mapping[str, Any]) -> Message:
    """A message, from itself or from its stored form (``Message.as_dict``)."""
    return value if isinstance(value, Message) else Message.from_dict(value)


def template(code: str, count: object = None) -> str | None:
    """The template of ``code`` in the active language (None for a code this catalogue lacks)."""
    entry = TEMPLATES.get(code)
    if entry is None:
        return None
    if isinstance(entry, Promise):
        return str(entry)
    return entry(count if isinstance(count, int) else 2)


def render(value: Message | Mapping[str, Any], *, labels: Labels | None = None) -> str:
    """The message in the active language; the core's English if this catalogue lacks it."""
    message = as_message(value)
    if message.code == TEXT:
        return str(message.params.get("text", ""))
    text = template(message.code, message.params.get("count"))
    if text is None:
        return message.english()
    params: dict[str, object] = {}
    for key, param in message.params.items():
        if isinstance(param, Message | Mapping):
            params[key] = render(param, labels=labels)
        elif labels and key in labels and param not in (None, ""):
            params[key] = labels[key](param)
        else:
            params[key] = param
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return message.english()
