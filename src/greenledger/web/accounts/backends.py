"""The authentication backend: Django's model backend behind the login throttle."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from greenledger.web.accounts import throttle

security_log = logging.getLogger("greenledger.security")


class ThrottledModelBackend(ModelBackend):
    """Refuses sign-in (even with the right password) while a (username, address) is locked."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        address = throttle.client_address(request)
        if throttle.is_locked(username=username, address=address):
            security_log.warning("sign-in refused: %r from %s is locked out", username, address)
            # PermissionDenied stops django.contrib.auth.authenticate() trying other backends.
            raise PermissionDenied("too many failed sign-ins")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            failures = throttle.record_failure(username=username, address=address)
            security_log.warning(
                "failed sign-in for %r from %s (%d in a row)", username, address, failures
            )
            return None
        throttle.clear(username=username, address=address)
        return user
