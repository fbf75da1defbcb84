"""Messages the core gives users: a stable code, its parameters, and the English template.

The core never writes a sentence for a user directly: it builds a ``Message`` (a code from
``ENGLISH`` and the values its template names) and ``Message.english()`` renders it, which is
what the CLI prints. The web renders the same code in the user's language from its own
catalogue (``greenledger.web.ui.core_messages``), so the Chinese interface says it in Chinese.

Parameters are plain values (text, numbers, booleans, None) or other messages, so a message
stores as JSON (``as_dict``/``from_dict``) and is rendered again later in another language.
A template is either one ``str.format`` template or, where English needs a plural, a pair
(singular, plural) chosen by the ``count`` parameter.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from greenledger.core.message_templates import ENGLISH

__all__ = ["ENGLISH", "TEXT", "Message", "message", "placeholders", "text"]

# The code of a message whose text is given verbatim (text from outside the core, such as a
# library's error, or a problem stored before messages had codes). It is never translated.
TEXT = "text"


@dataclass(frozen=True, slots=True)
class Message:
    """A user-facing message: its code in ``ENGLISH`` and the values its template names."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def english(self) -> str:
        """The message in English, as the CLI prints it."""
        template = ENGLISH[self.code]
        if isinstance(template, tuple):
            template = template[0] if self.params.get("count") == 1 else template[1]
        values = {
            key: value.english() if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return template.format(**values)

    def __str__(self) -> str:
        return self.english()

    def as_dict(self) -> dict[str, Any]:
        """The message as JSON-ready data: {"code": ..., "params": {...}}."""
        return {
            "code": self.code,
            "params": {
                key: value.as_dict() if isinstance(value, Message) else value
                for key, value in self.params.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """The message ``as_dict`` gave (an unknown code becomes verbatim text)."""
        code = str(data.get("code", TEXT))
        params = {
            key: cls.from_dict(value) if isinstance(value, Mapping) and "code" in value else value
            for key, value in dict(data.get("params") or {}).items()
        }
        if code not in ENGLISH:
            return text(str(params.get("text", code)))
        return cls(code, params)


def message(code: str, **params: object) -> Message:
    """A message with a registered code; KeyError for a code ``ENGLISH`` does not have."""
    if code not in ENGLISH:
        raise KeyError(f"no English template for the message code {code!r}")
    return Message(code, params)


def text(value: str) -> Message:
    """Verbatim text, never translated (see ``TEXT``)."""
    return Message(TEXT, {"text": value})


def placeholders(template: str) -> set[str]:
    """The parameter names a ``str.format`` template uses."""
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }
