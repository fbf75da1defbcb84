"""Whole-page cache for read-only pages, per viewer, invalidated by every change of state.

A page wrapped in ``@cached_for_viewer`` is served from ``django.core.cache`` (shared by every
web host) when the same viewer asked for the same URL in the same language, on the same local
day, with the same htmx headers, and nothing changed since: the key holds the audit ledger's head
(``audit.selectors.ledger_version``), which moves with every change made through a service. A
view whose page also shows state that changes without a ledger entry (an import job's progress)
passes ``extra`` to add that state to the key.

What is never cached: anything but a GET/HEAD answered 200 with an HTML or JSON body; a request
carrying messages to show (they are shown once); a response that sets cookies. The CSRF token is
cut out of the stored page and the current request's own token put back on every hit (the
token is per browser), so forms on a cached page post as on a freshly rendered one.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from greenledger.web.audit.selectors import ledger_version

TIMEOUT_SECONDS = 600
CSRF_MARK = b"\x00csrf-token\x00"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)
_HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED", "HTTP_HX_TRIGGER")
_KEPT_HEADERS = ("Content-Type", "Vary", "Content-Disposition")


def _viewer(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return f"user:{user.pk}"


def page_key(request: HttpRequest, extra: str = "") -> str:
    parts = [
        request.get_full_path(),
        get_language() or "",
        _viewer(request),
        ledger_version(),
        timezone.localdate().isoformat(),
        *(request.META.get(header, "") for header in _HTMX_HEADERS),
        extra,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"viewer-page:{digest}"


def _has_messages(request: HttpRequest) -> bool:
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def _cut_csrf_token(request: HttpRequest, body: bytes) -> bytes:
    """The body with every masked form of the request's CSRF secret replaced by a mark."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def replace(match: re.Match[bytes]) -> bytes:
        token = match.group(0)
        return CSRF_MARK if _unmask_cipher_token(token.decode()) == secret else token

    return _TOKEN.sub(replace, body)


def _cacheable(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and content_type.startswith(("text/html", "application/json"))
    )


def cached_for_viewer(
    view: Callable[..., HttpResponse] | None = None,
    *,
    extra: Callable[..., str] | None = None,
) -> Any:
    """Decorate a read-only page view; ``extra(request, **kwargs)`` adds state to the key."""

    def decorate(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                request.method not in ("GET", "HEAD")
                or not getattr(settings, "GREENLEDGER_PAGE_CACHE", True)
                or _has_messages(request)
            ):
                return func(request, *args, **kwargs)
            key = page_key(request, extra(request, *args, **kwargs) if extra else "")
            stored = cache.get(key)
            if stored is not None:
                status, headers, body = stored
                if CSRF_MARK in body:
                    body = body.replace(CSRF_MARK, get_token(request).encode())
                response = HttpResponse(body, status=status)
                for name, value in headers.items():
                    response[name] = value
                return response
            response = func(request, *args, **kwargs)
            if _cacheable(response) and not _has_messages(request):
                headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
                body = _cut_csrf_token(request, response.content)
                cache.set(key, (response.status_code, headers, body), TIMEOUT_SECONDS)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
