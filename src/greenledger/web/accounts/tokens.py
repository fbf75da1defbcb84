"""API token format and hashing (pure helpers)."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "gl_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def display_prefix(token: str) -> str:
    return token[:10]
