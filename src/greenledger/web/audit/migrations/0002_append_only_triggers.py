"""The ledger append-only in the database too: triggers refuse UPDATE and DELETE of audit entries.

The model and its queryset already refuse changes through the ORM; these triggers also stop raw
SQL and any other client of the database. They do not stop an owner of the database, who can drop
them: the hash chain (``greenledger audit verify``) is what detects that.

Both refusals raise an integrity error (SQLSTATE 23000 on PostgreSQL, SQLITE_CONSTRAINT on SQLite),
which Django reports as ``django.db.IntegrityError`` on both. Whole-database resets stay possible:
PostgreSQL's TRUNCATE fires no row triggers, and on SQLite the audit app's ``flush`` command lifts
the triggers for the duration of the flush (see ``audit/management/commands/flush.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLE = "audit_auditentry"

POSTGRESQL_CREATE = [
    """
    CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            ERRCODE = 'integrity_constraint_violation',
            MESSAGE = format(
                'audit entries are append-only: %s of audit entry %s (sequence %s) refused',
                TG_OP, OLD.id, OLD.sequence
            ),
            HINT = 'The ledger is hash-chained; a correction is a new entry.';
    END
    $$
    """,
    f"""
    CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
]

# SQLite's RAISE takes a literal message, so each operation has its own trigger.
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER audit_entry_refuse_{operation.lower()}
    BEFORE {operation} ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, 'audit entries are append-only: {operation} of an audit entry refused');
    END
    """
    for operation in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_refuse_update",
    "DROP TRIGGER IF EXISTS audit_entry_refuse_delete",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
}


def _run(schema_editor: Any, create: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(
            f"the append-only triggers of the audit ledger exist for PostgreSQL and SQLite, "
            f"not for {vendor}"
        )
    for statement in STATEMENTS[vendor][0 if create else 1]:
        # No parameters: the PL/pgSQL body's %s are format() placeholders, not the driver's.
        schema_editor.execute(statement, params=None)


def create_triggers(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, create=True)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
