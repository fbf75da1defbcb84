"""The throttle's client address behind trusted reverse proxies (GREENLEDGER_TRUSTED_PROXIES)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from greenledger.web.accounts import throttle


def address(forwarded: str | None, **extra: Any) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.5", **headers, **extra)
    return throttle.client_address(request)


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.GREENLEDGER_TRUSTED_PROXIES = 0
    assert address("203.0.113.9") == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),  # the balancer saw the client
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a client-written entry is skipped
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.7", "203.0.113.9"),  # CDN, then balancer
        (2, "203.0.113.9", "10.0.0.5"),  # fewer entries than proxies: the direct peer
        (1, None, "10.0.0.5"),
    ],
)
def test_the_address_the_outermost_trusted_proxy_saw(
    settings: Any, proxies: int, forwarded: str | None, expected: str
) -> None:
    settings.GREENLEDGER_TRUSTED_PROXIES = proxies
    assert address(forwarded) == expected


@pytest.mark.django_db
def test_clients_behind_one_balancer_are_throttled_apart(settings: Any) -> None:
    settings.GREENLEDGER_TRUSTED_PROXIES = 1
    for _attempt in range(settings.GREENLEDGER_LOGIN_MAX_FAILURES):
        throttle.record_failure(username="manager", address=address("203.0.113.9"))
    assert throttle.is_locked(username="manager", address=address("203.0.113.9"))
    assert not throttle.is_locked(username="manager", address=address("198.51.100.1"))
