"""The web commands as `greenledger` runs them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from greenledger.cli import main


def test_the_web_commands_are_listed_by_greenledger() -> None:
    result = CliRunner().invoke(main, ["--help"])
    for name in ("serve", "demo-data", "audit", "manage"):
        assert name in result.output


def test_serve_offers_host_and_port() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output


@pytest.mark.django_db
def test_manage_passes_commands_through_to_django() -> None:
    result = CliRunner().invoke(main, ["manage", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.django_db
def test_audit_verify_is_reachable_through_greenledger() -> None:
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0
    assert "OK: 0 audit entries" in result.output


def test_the_worker_polls_again_when_the_database_was_locked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite's lock held past busy_timeout by another writer must not stop the worker."""
    from django.db import OperationalError

    from greenledger.web import commands

    monkeypatch.setattr("time.sleep", lambda seconds: None)
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)
    calls: list[int] = []

    def run() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")

    commands._poll_queue(run, once=False, interval=1.0)
    assert len(calls) == 3


def test_a_single_batch_of_the_worker_reports_a_locked_database() -> None:
    from django.db import OperationalError

    from greenledger.web import commands

    def run() -> None:
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        commands._poll_queue(run, once=True, interval=1.0)
