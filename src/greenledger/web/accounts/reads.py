"""Logging an analyst's reads of shared data from pages and API operations.

``access_log_for`` logs one read of an object the caller already found (GET and HEAD only: a
refused write is not a read). ``logged_read`` wraps a page that is served from the per-viewer
page cache (``ui.viewer_cache``): for a financial analyst it looks the object up again before the
cache is asked, so an expired or revoked grant answers 404 at once (an expiry moves no ledger
entry, hence no cache key) and every read is logged, cached or not. Other viewers pass through
untouched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import DataAccess, Role
from greenledger.web.accounts.services import access_log

__all__ = ["access_log_for", "logged_read"]

READ_METHODS = frozenset({"GET", "HEAD"})


def access_log_for(
    request: HttpRequest, *, user: Any, organisation: Any, scope: str, obj: Any
) -> DataAccess | None:
    """``access_log`` for a read (GET or HEAD) of ``obj``, with the request's path."""
    if request.method not in READ_METHODS:
        return None
    return access_log(
        user=user, organisation=organisation, scope=scope, obj=obj, path=request.get_full_path()
    )


def logged_read(
    scope: str, find: Callable[..., Any]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a cached page: for an analyst, ``find(user, **url_kwargs)`` (which raises Http404 when
    the user may not see the object) runs on every request, then the read is logged; the object
    must have ``organisation_id``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if permissions.role_of(user) == Role.FINANCIAL_ANALYST:
                obj = find(user, *args, **kwargs)
                access_log_for(
                    request, user=user, organisation=obj.organisation_id, scope=scope, obj=obj
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
