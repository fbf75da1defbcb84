"""The one place that reads the environment for the settings modules.

Every value is parsed and checked here; a value that does not parse raises ImproperlyConfigured
so a misconfigured deployment fails at start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# src/greenledger/web/settings/env.py -> repository root is four levels above `greenledger`.
PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/greenledger
REPO_DIR = PACKAGE_DIR.parents[1]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def raw(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value is None else value.strip()


def flag(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {value!r}")


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    value = raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def listing(name: str, default: list[str]) -> list[str]:
    value = raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name: str) -> str:
    value = raw(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment")
    return value


def data_dir() -> Path:
    """Where the embedded database, cache and uploads live: GREENLEDGER_DATA_DIR or ./var."""
    value = raw("GREENLEDGER_DATA_DIR")
    path = Path(value).expanduser().resolve() if value else REPO_DIR / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def directory(name: str, default: Path) -> Path:
    """A directory named by the environment (made absolute), or ``default``."""
    value = raw(name)
    return Path(value).expanduser().resolve() if value else default


def sqlite_database(path: Path) -> dict[str, Any]:
    """The embedded database: SQLite in WAL mode, writes taking the lock up front."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


def database_from_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Parse ``postgres://user:password@host:port/dbname?sslmode=require`` (psycopg 3)."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ImproperlyConfigured(f"{name} names no database: {parts.scheme}://.../<name>")
        try:
            port = parts.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} has an invalid port") from exc
        options = dict(parse_qsl(parts.query))
        config: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": integer("GREENLEDGER_CONN_MAX_AGE", 60),
            "OPTIONS": options,
        }
        return config
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ImproperlyConfigured(f"{name} names no SQLite file: sqlite:////absolute/path")
        return sqlite_database(Path(path))
    raise ImproperlyConfigured(
        f"{name} must start with postgres:// or postgresql:// (or sqlite:///), got {parts.scheme!r}"
    )
