"""One exception hierarchy for the whole core, rooted at GreenLedgerError.

Errors a user sees name the file, the row, the column and the reason: a `Problem` carries
those, and `InputError` carries every problem found in one input, so a user can fix them all
in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an input, located as precisely as the input allows."""

    reason: str
    file: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str | None = None
    sheet: str | None = None

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


class FactorNotFound(GreenLedgerError):
    """No factor in the library matches a query."""


class ProblemsError(GreenLedgerError):
    """An error that carries one or more located problems."""

    def __init__(self, problems: Iterable[Problem], headline: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        self.headline = headline or f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(self.headline + "\n" + "\n".join(f"  - {p}" for p in self.problems))


class FactorDataError(ProblemsError):
    """The factor library's data files are invalid (a bug in shipped or user-supplied data)."""


class InputError(ProblemsError):
    """A user's input file or record is invalid; nothing was computed or written."""
