"""The database cache's table (settings.CACHES), shared by every web and worker host.

``createcachetable`` is a management command, not a migration; running it from here gives every
database that is migrated (``greenledger manage migrate``, ``make demo``, the test databases,
production) the table. It creates only the tables of database caches in the settings, skips
tables that exist, and does nothing for other cache backends.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)
    ]
