"""Row counts of list queries, cached until the next change of state.

Counting a scoped list of 20,000 organisations is most of what a list page or an API list costs;
the count changes only when the data does. ``cached_count`` keeps it in ``django.core.cache``
(shared by every web host) under the query's SQL and parameters, which carry the viewer's scope
and filters, and the audit ledger's head, which moves with every change made through a service.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet

from greenledger.web.audit.selectors import ledger_version

TIMEOUT_SECONDS = 600


def count_key(queryset: QuerySet[Any], cap: int | None = None) -> str:
    sql, params = queryset.order_by().query.sql_with_params()
    vendor = connections[queryset.db].vendor
    text = "\x1f".join([vendor, sql, repr(params), repr(cap), ledger_version()])
    return "count:" + hashlib.sha256(text.encode()).hexdigest()


def cached_count(queryset: QuerySet[Any], *, cap: int | None = None) -> int:
    """``queryset.count()``, or with ``cap`` the count of at most ``cap`` rows, from the cache
    while nothing changed."""
    if queryset.query.is_empty():  # .none(): no SQL to key on, and nothing to count
        return 0
    key = count_key(queryset, cap)
    found = cache.get(key)
    if found is None:
        rows = queryset.order_by()
        found = (rows[:cap] if cap is not None else rows).count()
        cache.set(key, found, TIMEOUT_SECONDS)
    return int(found)
