"""Test settings: the same as base, fast password hashing, in-memory cache.

When DATABASE_URL is set (scripts/with-postgres.sh exports it) the suite runs on PostgreSQL.
"""

from __future__ import annotations

from greenledger.web.settings import env
from greenledger.web.settings.base import *  # noqa: F403
from greenledger.web.settings.base import DATA_DIR

SECRET_KEY = "greenledger-test-key-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

_database_url = env.raw("DATABASE_URL")
DATABASES = {
    "default": env.database_from_url(_database_url)
    if _database_url
    else env.sqlite_database(DATA_DIR / "greenledger-test.sqlite3")
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A runaway query fails on the server too: a client-side test timeout alone leaves the
    # statement running with its locks, and every later test waits behind it.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c statement_timeout=300000")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Per process and cleared around every test (tests/web/conftest.py), also in tests that use no
# database. The database cache of base and production is what tests/web/test_several_machines.py
# runs across two web instances. (Measured on the accounts, ui and members tests, SQLite: the
# database cache took 141 and 156 s against 139 and 140 s for this one.)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"greenledger": {"level": "INFO"}},
}
