"""Logging an analyst's reads of shared data from pages and API operations.

``access_log_for`` logs one read of an object the caller already found (GET and HEAD only: a
refused write is not a read). ``logged_read`` wraps a page that is served from the per-viewer
page cache (``ui.viewer_cache``): for a financial analyst it looks the object up again before the
cache is asked, so an expired or revoked grant answers 404 at once (an expiry moves no ledger
entry, hence no cache key) and every read is logged, cached or not. Other viewers pass through
untouched.

``refused_or_404`` answers 404 for an object the viewer may not see; when the viewer is an
analyst whose institution's grant that covered it was revoked or has expired, the attempt is
logged first (``accounts.services.access_refused``: a ``DataAccess`` with ``refused=True``), so
the enterprise sees it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn

from django.http import Http404, HttpRequest, HttpResponse

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import DataAccess, Role
from greenledger.web.accounts.services import access_log, access_refused

__all__ = ["access_log_for", "logged_read", "refused_or_404", "refused_read"]

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


def _shareable(scope: str) -> Any:
    """What a grant covering ``scope`` lets an analyst read (an attempt on anything else was
    never covered by a grant and is not logged)."""
    if scope == "inventories":
        from greenledger.web.reporting.models import Submission, SubmissionStatus

        return Submission.objects.filter(status=SubmissionStatus.VERIFIED)
    if scope == "plans":
        from greenledger.web.planning.models import Plan, PlanStatus

        return Plan.objects.filter(status=PlanStatus.COMMITTED)
    if scope == "projects":
        from greenledger.web.finance.models import Project

        return Project.objects.all()
    from greenledger.web.members.models import Site

    return Site.objects.all()


def _an_id(pk: Any) -> bool:
    """A primary key a database column can hold (a URL's digits may be longer)."""
    try:
        return 0 < int(pk) < 2**63
    except (TypeError, ValueError):
        return False


def refused_read(
    request: HttpRequest, *, user: Any, organisation: Any, scope: str, obj: Any
) -> DataAccess | None:
    """``access_refused`` for a refused read (GET or HEAD) of ``obj``, with the request's path."""
    if request.method not in READ_METHODS:
        return None
    return access_refused(
        user=user, organisation=organisation, scope=scope, obj=obj, path=request.get_full_path()
    )


def refused_or_404(request: HttpRequest, *, user: Any, scope: str, pk: Any) -> NoReturn:
    """Raise Http404 for the object ``pk`` of ``scope`` (a SharingScope value: a verified
    submission, a committed plan, a financing project or a site's meter series) that ``user``
    may not see; an analyst's attempt through an ended grant is logged first."""
    if permissions.role_of(user) == Role.FINANCIAL_ANALYST and _an_id(pk):
        obj = _shareable(scope).filter(pk=int(pk)).first()
        if obj is not None:
            refused_read(request, user=user, organisation=obj.organisation_id, scope=scope, obj=obj)
    raise Http404


def logged_read(
    scope: str, find: Callable[..., Any]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a cached page: for an analyst, ``find(user, **url_kwargs)`` (which raises Http404 when
    the user may not see the object) runs on every request, then the read is logged; the object
    must have ``organisation_id``. A 404 is logged as a refused attempt when a grant that covered
    the object (named by the view's first URL argument) has ended."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if permissions.role_of(user) == Role.FINANCIAL_ANALYST:
                try:
                    obj = find(user, *args, **kwargs)
                except Http404:
                    pk = next(iter(kwargs.values()), None) if kwargs else next(iter(args), None)
                    refused_or_404(request, user=user, scope=scope, pk=pk)
                access_log_for(
                    request, user=user, organisation=obj.organisation_id, scope=scope, obj=obj
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
