"""Helpers shared by the alliance services: one-time secrets, absolute links for mail, the
private directory of uploaded files."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings

from greenledger.web.reporting.services._common import invalid, now, refuse, require

__all__ = [
    "absolute_url",
    "invalid",
    "new_secret",
    "now",
    "refuse",
    "require",
    "secret_hash",
    "upload_directory",
]


def new_secret() -> tuple[str, str]:
    """(secret for the link, its SHA-256 to store): only the hash is kept."""
    secret = secrets.token_urlsafe(32)
    return secret, secret_hash(secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def absolute_url(path: str) -> str:
    """``path`` on the platform's public address (GREENLEDGER_PUBLIC_URL), for mail."""
    return f"{settings.GREENLEDGER_PUBLIC_URL.rstrip('/')}/{path.lstrip('/')}"


def upload_directory(*parts: str) -> Path:
    """Where the alliance's uploaded files of one kind live, outside the web root."""
    return Path(settings.PRIVATE_MEDIA_ROOT, "alliance", *parts)
