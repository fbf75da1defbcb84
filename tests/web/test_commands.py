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
