"""Helpers shared by the alliance services: one-time secrets, absolute links for mail, the
private directory of uploaded files and storing one checked upload with its row."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings

from greenledger.web.assessments.services.evidence import store_evidence_file
from greenledger.web.reporting.services._common import invalid, now, refuse, require

__all__ = [
    "absolute_url",
    "invalid",
    "new_secret",
    "now",
    "refuse",
    "require",
    "secret_hash",
    "store_upload",
    "upload_directory",
]

Row = TypeVar("Row")


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


def store_upload(
    directory: Path,
    upload: IO[bytes],
    name: str,
    create: Callable[[dict[str, Any]], Row],
    store: Callable[[Path, IO[bytes], str], tuple[Path, str, str]] = store_evidence_file,
) -> Row:
    """Store ``upload`` under ``directory`` with ``store`` (checked by content; a ValidationError
    leaves nothing on disk), then ``create`` its row from the file's fields (``filename``,
    ``content_type``, ``size``, ``sha256``, ``stored_path`` relative to PRIVATE_MEDIA_ROOT).
    Nothing is half-written: if ``create`` fails, the stored file is removed."""
    target, content_type, sha256 = store(directory, upload, name)
    try:
        return create(
            {
                "filename": name,
                "content_type": content_type,
                "size": target.stat().st_size,
                "sha256": sha256,
                "stored_path": str(target.relative_to(settings.PRIVATE_MEDIA_ROOT)),
            }
        )
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written: no row, no file
        raise
