"""The demo district's loaders: the command, synthetic organisations (the loaded district's own
tests are in test_demo_district.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from greenledger.core.registry.credit_code import is_valid
from greenledger.web.audit.models import AuditEntry
from greenledger.web.commands import demo_data
from greenledger.web.members.demo import (
    DEMO_PASSWORD,
    demo_token,
    organisations_bulk_create_synthetic,
)
from greenledger.web.members.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_command_prints_the_accounts_and_tokens(db: None) -> None:
    result = CliRunner().invoke(demo_data, ["--print-tokens"])
    assert result.exit_code == 0, result.output
    assert "Demo district loaded" in result.output
    assert DEMO_PASSWORD in result.output
    assert demo_token("analyst") in result.output
    again = CliRunner().invoke(demo_data, [])
    assert "nothing changed" in again.output


def test_the_bulk_loader_adds_synthetic_organisations_with_valid_codes(db: None) -> None:
    assert organisations_bulk_create_synthetic(actor=None, count=250) == 250
    assert organisations_bulk_create_synthetic(actor=None, count=50) == 50
    codes = list(Organisation.objects.values_list("credit_code", flat=True))
    assert len(codes) == len(set(codes)) == 300
    assert all(is_valid(code) for code in codes)
    assert AuditEntry.objects.filter(action="organisation_bulk_create").count() == 2
