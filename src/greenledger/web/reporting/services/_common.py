"""Shared helpers of the reporting services: clocks, refusals, the factor library."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.functional import Promise

from greenledger.core.factors import load_library
from greenledger.core.factors.library import FactorLibrary


def now() -> dt.datetime:
    return timezone.now()


@lru_cache(maxsize=1)
def library() -> FactorLibrary:
    return load_library()


def refuse(message: str | Promise) -> None:
    """Raise PermissionDenied (the API answers 403) with a message the user can read."""
    raise PermissionDenied(str(message))


def invalid(field: str, message: str | Promise) -> ValidationError:
    """A field error (the API answers 422 with {"errors": {field: [message]}})."""
    return ValidationError({field: [str(message)]})


def require(condition: bool, message: str | Promise) -> None:
    if not condition:
        refuse(message)


def problem_dicts(problems: Any, *, sheet: str | None = None) -> list[dict[str, Any]]:
    """Located problems as JSON: file, sheet, row, column, the reason in English, and the
    reason's message code and parameters (rendered in the reader's language when shown)."""
    return [
        {
            "file": p.file,
            "sheet": p.sheet or sheet,
            "row": p.row,
            "column": p.column,
            "reason": p.reason,
            **p.message.as_dict(),
        }
        for p in problems
    ]
