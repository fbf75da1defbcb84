"""One exception hierarchy for the whole core, rooted at GreenLedgerError.

Errors a user sees name the file, the row, the column and the reason: a `Problem` carries
those, and `InputError` carries every problem found in one input, so a user can fix them all
in one pass. The reason is a coded `Message` (see ``greenledger.core.messages``): the CLI prints
it in English, the web in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from greenledger.core.messages import Message, message, text


@dataclass(frozen=True, slots=True, init=False)
class Problem:
    """One problem in an input, located as precisely as the input allows.

    The reason is a coded ``Message``; plain text is accepted for text from outside the core
    (it is shown verbatim, untranslated)."""

    message: Message
    file: str | None
    row: int | None  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str | None
    sheet: str | None

    def __init__(
        self,
        reason: Message | str,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
    ) -> None:
        object.__setattr__(self, "message", reason if isinstance(reason, Message) else text(reason))
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "sheet", sheet)

    @property
    def reason(self) -> str:
        """The reason in English."""
        return self.message.english()

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.reason}" if where else self.reason


class GreenLedgerError(Exception):
    """Root of every error the core raises on purpose."""


class UnitError(GreenLedgerError):
    """A unit that does not parse, or that has the wrong dimension for its use."""

    def __init__(self, reason: Message) -> None:
        self.message = reason
        super().__init__(reason.english())


class FactorNotFound(GreenLedgerError):
    """No factor in the library matches a query."""


class ProblemsError(GreenLedgerError):
    """An error that carries one or more located problems."""

    def __init__(self, problems: Iterable[Problem], headline: Message | str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if headline is None:
            headline = message("problems.found", count=len(self.problems))
        self.headline_message = headline if isinstance(headline, Message) else text(headline)
        self.headline = self.headline_message.english()
        super().__init__(self.headline + "\n" + "\n".join(f"  - {p}" for p in self.problems))


class FactorDataError(ProblemsError):
    """The factor library's data files are invalid (a bug in shipped or user-supplied data)."""


class InputError(ProblemsError):
    """A user's input file or record is invalid; nothing was computed or written."""
