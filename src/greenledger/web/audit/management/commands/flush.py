"""Django's ``flush``, able to empty the append-only audit ledger on SQLite too.

The audit ledger's triggers (migration ``audit.0002``) refuse every UPDATE and DELETE of an
entry. Emptying the whole database is a different act, the owner's: PostgreSQL's flush uses
TRUNCATE, which fires no row triggers, but SQLite's flush is ``DELETE FROM`` each table, which the
triggers refuse. So on SQLite this command lifts the ledger's triggers, flushes, and puts the same
triggers back (as read from ``sqlite_master``), all in one transaction: if anything fails the
triggers are still there, and no other connection ever sees the ledger unguarded.

Django's test framework flushes through this command (``TransactionTestCase`` teardown, hence
pytest-django's ``transactional_db`` and ``live_server``), and so does
``greenledger manage flush``. Nothing else in the platform deletes audit entries.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from greenledger.web.audit.models import AuditEntry


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        if options["interactive"]:
            name = connection.settings_dict["NAME"]
            confirm = input(
                f'This will IRREVERSIBLY DESTROY all data in the "{name}" database, the audit '
                "ledger included.\nAre you sure you want to do this?\n\n"
                "    Type 'yes' to continue, or 'no' to cancel: "
            )
            if confirm != "yes":
                self.stdout.write("Flush cancelled.")
                return
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [AuditEntry._meta.db_table],
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            super().handle(**{**options, "interactive": False})
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
