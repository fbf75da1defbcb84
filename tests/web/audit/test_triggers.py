"""The ledger protected in the database: triggers refuse UPDATE and DELETE of audit entries on
PostgreSQL and SQLite alike; an owner who drops them is still found out by the hash chain."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction

from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.commands import audit
from greenledger.web.members import services
from tests.web.audit.guard import drop_ledger_triggers, triggers_on_the_ledger
from tests.web.conftest import World, organisation_values

TABLE = connection.ops.quote_name(AuditEntry._meta.db_table)


def refused(sql: str, params: list[object]) -> str:
    """Run ``sql`` in a savepoint; return the database's refusal message."""
    with (
        pytest.raises(IntegrityError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(refusal.value)


@pytest.mark.django_db
def test_the_database_refuses_to_update_an_audit_entry_with_raw_sql(world: World) -> None:
    entry = AuditEntry.objects.order_by("sequence")[2]
    message = refused(
        f"UPDATE {TABLE} SET actor_username = %s WHERE id = %s", ["mallory", entry.pk]
    )
    assert "audit entries are append-only" in message
    assert "UPDATE" in message
    if connection.vendor == "postgresql":  # PostgreSQL's message also names the entry
        assert f"audit entry {entry.pk} (sequence {entry.sequence})" in message
    entry.refresh_from_db()
    assert entry.actor_username != "mallory"
    assert audit_verify().ok


@pytest.mark.django_db
def test_the_database_refuses_to_delete_audit_entries_with_raw_sql(world: World) -> None:
    before = AuditEntry.objects.count()
    message = refused(f"DELETE FROM {TABLE} WHERE sequence > %s", [0])
    assert "audit entries are append-only" in message and "DELETE" in message
    assert AuditEntry.objects.count() == before
    assert audit_verify().ok


@pytest.mark.django_db
def test_an_orm_update_past_the_models_guard_is_refused_by_the_database(world: World) -> None:
    # A plain QuerySet skips AuditEntryQuerySet's refusal and reaches the database.
    unguarded = models.QuerySet(model=AuditEntry)
    entry = AuditEntry.objects.order_by("sequence").first()
    assert entry is not None
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        unguarded.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        unguarded.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.action != "forged"


@pytest.mark.django_db
def test_appending_still_works_under_the_triggers(world: World) -> None:
    before = AuditEntry.objects.count()
    services.organisation_update(
        actor=world.users["secretariat"], organisation=world.company_a, address="甲路2号"
    )
    assert AuditEntry.objects.count() == before + 1
    assert audit_verify().ok


@pytest.mark.django_db
def test_an_owner_who_drops_the_triggers_is_still_found_out_by_audit_verify(world: World) -> None:
    assert triggers_on_the_ledger(), "the migration installs the triggers"
    entries = list(AuditEntry.objects.order_by("sequence"))
    victim = entries[len(entries) // 2]
    drop_ledger_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET after = %s WHERE id = %s", ['{"forged": true}', victim.pk]
        )
    result = CliRunner().invoke(audit, ["verify"])
    assert result.exit_code == 1, result.output
    assert f"entry {victim.pk} (sequence {victim.sequence})" in result.output
    assert "altered" in result.output
    assert f"{victim.sequence - 1} entries before it are intact." in result.output


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_empties_the_ledger_and_keeps_the_triggers() -> None:
    # The teardown of every transactional test (live server, browser tests) flushes like this.
    services.organisation_create(actor=None, **organisation_values(7))
    triggers = triggers_on_the_ledger()
    assert triggers and AuditEntry.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert triggers_on_the_ledger() == triggers
    services.organisation_create(actor=None, **organisation_values(8))
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE}")
