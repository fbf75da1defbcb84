"""API authentication: ``Authorization: Bearer <token>``.

``BearerToken`` requires a valid token. ``BearerTokenOrAnonymous`` lets requests without an
Authorization header through as an anonymous visitor (who sees published data only), but a
header with a wrong, revoked or malformed token is still refused with 401.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from greenledger.web.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token:
            return None
        user = api_token_authenticate(token=token)
        if user is not None:
            request.user = user
        return user


class BearerTokenOrAnonymous(BearerToken):
    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return AnonymousUser()
        return super().__call__(request)
