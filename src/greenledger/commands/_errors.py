"""How every accounting command reports a refusal: on standard error, each problem on its own
line, exit code 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from rich.console import Console

from greenledger.core.errors import GreenLedgerError, ProblemsError


def fail(console: Console, reason: str) -> NoReturn:
    """Print ``reason`` (as given: no markup) after "error:" and exit 2."""
    console.print("[bold red]error:[/] ", end="", highlight=False)
    console.print(reason, highlight=False, markup=False)
    sys.exit(2)


@contextmanager
def refusals_reported(console: Console) -> Iterator[None]:
    """Inside this block a ``ProblemsError`` prints its headline and every problem, any other
    ``GreenLedgerError`` its message; both exit 2."""
    try:
        yield
    except ProblemsError as exc:
        console.print(f"[bold red]error:[/] {exc.headline}", highlight=False)
        for problem in exc.problems:
            console.print(f"  - {problem}", highlight=False, markup=False)
        sys.exit(2)
    except GreenLedgerError as exc:
        fail(console, str(exc))
