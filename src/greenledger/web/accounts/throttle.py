"""Login throttling: a cache counter per (username, client address).

After ``GREENLEDGER_LOGIN_MAX_FAILURES`` failed sign-ins the pair is locked for
``GREENLEDGER_LOGIN_LOCK_SECONDS``; a successful sign-in clears the counter. The counters live in
the default cache, the database in every settings module but the tests', so all web hosts count
together.

Behind ``GREENLEDGER_TRUSTED_PROXIES`` reverse proxies (a load balancer: 1) the client's address
is the one the outermost trusted proxy appended to ``X-Forwarded-For``; without it every client
would share the balancer's address and one bad password spree would lock a user out for all.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    proxies = settings.GREENLEDGER_TRUSTED_PROXIES
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:  # entries left of these were written by the client
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "-"


def _key(kind: str, username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}|{address}".encode()).hexdigest()
    return f"greenledger:login:{kind}:{digest}"


def is_locked(*, username: str, address: str) -> bool:
    return bool(cache.get(_key("lock", username, address)))


def _slots(username: str, address: str) -> list[str]:
    limit = settings.GREENLEDGER_LOGIN_MAX_FAILURES
    return [_key(f"fail{number}", username, address) for number in range(limit)]


def record_failure(*, username: str, address: str) -> int:
    """Count one failure; lock the pair when the limit is reached. Returns the count.

    Each failure takes a free slot with ``cache.add``, which one request wins even when several
    hosts record failures at the same moment (a read-and-increment would lose some of them; the
    database cache's ``incr`` is one). A slot lasts the lock window from its own failure.
    """
    window = settings.GREENLEDGER_LOGIN_LOCK_SECONDS
    slots = _slots(username, address)
    for slot in slots:
        if cache.add(slot, True, timeout=window):
            break
    failures = len(cache.get_many(slots))
    if failures >= settings.GREENLEDGER_LOGIN_MAX_FAILURES:
        cache.set(_key("lock", username, address), True, timeout=window)
    return failures


def clear(*, username: str, address: str) -> None:
    cache.delete_many([*_slots(username, address), _key("lock", username, address)])
