"""The audit ledger: every change appends a chained entry; tampering is found by the CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.db import connection

from greenledger.web.audit.models import AppendOnlyError, AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.commands import audit
from greenledger.web.members import services
from tests.web.audit.guard import drop_ledger_triggers
from tests.web.conftest import World, organisation_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_each_service_call_appends_one_entry_with_before_and_after(world: World) -> None:
    before = AuditEntry.objects.count()
    services.organisation_update(
        actor=world.users["secretariat"], organisation=world.company_a, address="甲路1号"
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert entry.action == "organisation_update"
    assert entry.actor_username == "secretariat"
    assert entry.object_type == "members.organisation"
    assert entry.object_id == str(world.company_a.pk)
    assert entry.before["address"] == ""
    assert entry.after["address"] == "甲路1号"


def test_entries_are_chained_to_their_predecessors(world: World) -> None:
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    for earlier, later in zip(entries, entries[1:], strict=False):
        assert later.previous_hash == earlier.hash
    assert audit_verify().ok


def test_entries_cannot_be_changed_or_deleted_through_the_orm(world: World) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_a_failed_change_leaves_no_entry_behind(world: World) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        services.organisation_create(actor=None, **organisation_values(1))  # duplicate of A
    assert AuditEntry.objects.count() == before


def test_audit_verify_says_ok_for_an_intact_ledger(world: World) -> None:
    result = CliRunner().invoke(audit, ["verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


def test_audit_verify_names_an_entry_tampered_with_in_the_database_and_exits_1(
    world: World,
) -> None:
    entries = list(AuditEntry.objects.order_by("sequence"))
    victim = entries[len(entries) // 2]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    drop_ledger_triggers()  # the database refuses the change otherwise (test_triggers)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET actor_username = %s WHERE id = %s", ["mallory", victim.pk]
        )
    result = CliRunner().invoke(audit, ["verify"])
    assert result.exit_code == 1
    # click 8.2+: ``output`` holds what went to stdout and stderr.
    assert f"entry {victim.pk} " in result.output
    assert f"sequence {victim.sequence}" in result.output
    assert "altered" in result.output


def test_audit_verify_notices_an_entry_deleted_in_the_database(world: World) -> None:
    entries = list(AuditEntry.objects.order_by("sequence"))
    victim, successor = entries[3], entries[4]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    drop_ledger_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [victim.pk])
    result = CliRunner().invoke(audit, ["verify"])
    assert result.exit_code == 1
    assert f"entry {successor.pk} " in result.output
    assert "missing" in result.output
