"""Counting the queries of one page request (the query-count tests of each app)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries(client: Client, url: str, *, cold: bool = True, **headers: Any) -> int:
    """The queries of one request; ``cold``: with the cached counts forgotten first.

    Use with the ``no_page_cache`` fixture, or a page read again is served whole from the cache.
    """
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)
