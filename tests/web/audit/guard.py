"""What an owner of the database can do and the application cannot: drop the ledger's triggers.

Inside a test's transaction the drop is rolled back with everything else (both PostgreSQL and
SQLite have transactional DDL), so the next test finds the triggers in place.
"""

from __future__ import annotations

from django.db import connection

from greenledger.web.audit.models import AuditEntry


def triggers_on_the_ledger() -> list[str]:
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        return sorted(row[0] for row in cursor.fetchall())


def drop_ledger_triggers() -> None:
    """As the owner of the database could: remove the append-only triggers."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        for name in triggers_on_the_ledger():
            quoted = connection.ops.quote_name(name)
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER {quoted} ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER {quoted}")
    assert triggers_on_the_ledger() == []
