"""The cache of the base and production settings is the database's, so every host shares it.

The test settings keep a per-process cache; here the base settings' cache is switched on, its
table made by the migration that makes it on every migrated database, and the login throttle
counts in it. tests/web/test_several_machines.py shows the same across two web instances.
"""

from __future__ import annotations

import importlib
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from greenledger.web.accounts import throttle
from greenledger.web.settings import base

pytestmark = pytest.mark.django_db
ADDRESS = "192.0.2.10"


def database_cache(settings: Any) -> str:
    """Switch the base settings' cache on and make its table; its name."""
    settings.CACHES = base.CACHES
    migration = importlib.import_module(
        "greenledger.web.accounts.migrations.0002_shared_cache_table"
    )
    migration.create_cache_tables(None, SimpleNamespace(connection=connection))
    cache.clear()
    return str(base.CACHES["default"]["LOCATION"])


def test_the_base_settings_and_so_production_use_the_database_cache() -> None:
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_migration_makes_the_table_and_the_throttle_counts_in_it(settings: Any) -> None:
    table = database_cache(settings)
    assert table in connection.introspection.table_names()

    limit = settings.GREENLEDGER_LOGIN_MAX_FAILURES
    for _attempt in range(limit):
        throttle.record_failure(username="manager", address=ADDRESS)
    assert throttle.is_locked(username="manager", address=ADDRESS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        assert cursor.fetchone() == (limit + 1,)  # the failures and the lock, in the database
    throttle.clear(username="manager", address=ADDRESS)
    assert not throttle.is_locked(username="manager", address=ADDRESS)


@pytest.mark.django_db(transaction=True)
def test_failures_at_the_same_moment_are_all_counted(settings: Any) -> None:
    """As from several hosts at once: each thread has its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: SQLite's shared in-memory test database refuses them")
    database_cache(settings)
    limit = settings.GREENLEDGER_LOGIN_MAX_FAILURES
    start = threading.Barrier(limit)
    counts: list[int] = []

    def fail() -> None:
        try:
            start.wait(timeout=30)
            counts.append(throttle.record_failure(username="manager", address=ADDRESS))
        finally:
            connection.close()

    threads = [threading.Thread(target=fail) for _ in range(limit)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(counts)[-1] == limit and len(counts) == limit
        assert throttle.is_locked(username="manager", address=ADDRESS)
    finally:
        cache.clear()
