"""Real-browser harness: Debian's Chromium driven by Playwright's sync API.

Playwright's own browser downloads are not used (and do not work offline): the tests launch the
system Chromium. A missing Chromium is a failure, not a skip, so a broken machine cannot pass.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse
# to run synchronous queries (fixtures, live_server data) from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run. "
            "Install it with `bash scripts/system-deps.sh` (Debian package `chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser context (own cookies) with a page; `page.base_url` is the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1366, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# The demo district's first load in this process, kept as an in-memory copy (SQLite).
_DEMO_COPIES: dict[str, Any] = {}


@pytest.fixture(scope="session")
def demo_private_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One private media directory for every browser test on the demo district: the copies
    of the district name the files its first load wrote there."""
    return tmp_path_factory.mktemp("demo-private")


@pytest.fixture
def committed_demo(transactional_db: Any, settings: Any, demo_private_root: Path) -> None:
    """The demo district, committed for the live server (the test flushes it afterwards).

    Loading it takes a minute or more. On SQLite the first load of the process is kept as a
    copy (the backup API) and later tests get the copy back in milliseconds: the same rows,
    ids and sequences as a fresh load."""
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection

    from greenledger.web.members.demo import demo_load

    cache.clear()
    settings.PRIVATE_MEDIA_ROOT = demo_private_root
    if connection.vendor != "sqlite":
        demo_load()
        return
    connection.ensure_connection()
    name = str(connection.settings_dict["NAME"])
    copy = _DEMO_COPIES.get(name)
    if copy is None:
        demo_load()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _DEMO_COPIES[name] = copy
    else:
        copy.backup(connection.connection)
    ContentType.objects.clear_cache()
