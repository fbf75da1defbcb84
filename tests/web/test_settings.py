"""Settings fail closed: production refuses to start on missing or malformed values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from greenledger.web.settings import env

GOOD_KEY = "k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789"


def import_production(**overrides: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GREENLEDGER_", "DATABASE_URL"))
    }
    environment.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import greenledger.web.settings.production"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = import_production(DATABASE_URL="postgres://u:p@localhost/gl")
    assert result.returncode != 0
    assert "GREENLEDGER_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = import_production(GREENLEDGER_SECRET_KEY="short")
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = import_production(
        GREENLEDGER_SECRET_KEY=GOOD_KEY, DATABASE_URL="postgres://u:p@localhost/gl"
    )
    assert "GREENLEDGER_ALLOWED_HOSTS" in result.stderr


def test_production_needs_postgresql() -> None:
    result = import_production(
        GREENLEDGER_SECRET_KEY=GOOD_KEY,
        GREENLEDGER_ALLOWED_HOSTS="ledger.example.org",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
    )
    assert "must point at PostgreSQL" in result.stderr


def test_production_starts_with_complete_settings() -> None:
    result = import_production(
        GREENLEDGER_SECRET_KEY=GOOD_KEY,
        GREENLEDGER_ALLOWED_HOSTS="ledger.example.org",
        DATABASE_URL="postgresql://gl:s%40cret@db.example.org:5433/greenledger?sslmode=require",
    )
    assert result.returncode == 0, result.stderr


def test_a_database_url_is_parsed_into_psycopg_settings() -> None:
    config = env.database_from_url("postgresql://gl:s%40cret@db:5433/ledger?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "gl",
        "s@cret",
        "db",
        "5433",
    )
    assert config["NAME"] == "ledger"
    assert config["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h/", "postgres://u@h:notaport/x"])
def test_an_unusable_database_url_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        env.database_from_url(url)


def test_a_malformed_flag_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENLEDGER_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env.flag("GREENLEDGER_DEBUG", False)


def test_the_embedded_database_runs_in_wal_mode() -> None:
    from django.conf import settings

    from greenledger.web.settings import base

    options = base.DATABASES["default"]["OPTIONS"]
    if base.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in options["init_command"]
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
