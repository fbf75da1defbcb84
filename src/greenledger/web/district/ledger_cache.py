"""Figures computed once per state of the audit ledger, shared by every caller and web host.

The district's aggregates change only when a service writes (a verification, a target, an
estimate, a rebuild), and every such write appends to the audit ledger. A JSON answer the API
computes from the whole fact table (the progress, the public aggregates) is therefore kept in
``django.core.cache`` under a key holding the ledger's head (``audit.selectors.ledger_version``)
and the request's parameters and language: the first caller after a change computes it, the
others read it. ``GREENLEDGER_PAGE_CACHE=0`` (the same switch as the page cache) turns it off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from greenledger.web.audit.selectors import ledger_version

TIMEOUT_SECONDS = 600
T = TypeVar("T")


def until_the_ledger_moves(name: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its value from the cache when the ledger has not moved since."""
    if not getattr(settings, "GREENLEDGER_PAGE_CACHE", True):
        return compute()
    raw = "\x1f".join([name, ledger_version(), get_language() or "", *map(repr, parts)])
    key = "district-figures:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(key, value, TIMEOUT_SECONDS)
    return value
