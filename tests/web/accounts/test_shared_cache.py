"""The cache of the base and production settings is the database's, so every host shares it.

The test settings keep a per-process cache; here the base settings' cache is switched on, its
table made by the migration that makes it on every migrated database, and the login throttle
counts in it. tests/web/test_several_machines.py shows the same across two web instances.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from greenledger.web.accounts import throttle
from greenledger.web.settings import base

pytestmark = pytest.mark.django_db


def test_the_base_settings_and_so_production_use_the_database_cache() -> None:
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_migration_makes_the_table_and_the_throttle_counts_in_it(settings: Any) -> None:
    settings.CACHES = base.CACHES
    table = base.CACHES["default"]["LOCATION"]
    migration = importlib.import_module(
        "greenledger.web.accounts.migrations.0002_shared_cache_table"
    )
    migration.create_cache_tables(None, SimpleNamespace(connection=connection))
    assert table in connection.introspection.table_names()

    for _attempt in range(settings.GREENLEDGER_LOGIN_MAX_FAILURES):
        throttle.record_failure(username="manager", address="192.0.2.10")
    assert throttle.is_locked(username="manager", address="192.0.2.10")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        assert cursor.fetchone() == (2,)  # the failure count and the lock, in the database
    throttle.clear(username="manager", address="192.0.2.10")
    assert not throttle.is_locked(username="manager", address="192.0.2.10")
