"""The per-viewer page cache (``ui.viewer_cache``): a page read again costs no rendering, shows a
change as soon as a service made it, is never shared between viewers, and its forms post with
the reading browser's own CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greenledger.web.members import services
from tests.web.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


def get(client: Client, url: str, **headers: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def without_token(html: str) -> str:
    return TOKEN.sub("", re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))


def test_a_page_read_again_comes_from_the_cache_with_the_same_content(world: World) -> None:
    admin = world.client("district_admin")
    first, rendered = get(admin, "/members/", **EN)
    again, cached = get(admin, "/members/", **EN)
    assert without_token(again) == without_token(first)
    assert "Company A" in again
    # session, user and the ledger's head; nothing of the page itself
    assert cached <= 3 < rendered


def test_a_change_made_through_a_service_shows_at_once(world: World) -> None:
    admin = world.client("district_admin")
    assert "Company A" in get(admin, "/members/", **EN)[0]
    services.organisation_update(
        actor=None, organisation=world.company_a, name_en="Company A Renamed"
    )
    assert "Company A Renamed" in get(admin, "/members/", **EN)[0]


def test_viewers_never_see_each_others_cached_page(world: World) -> None:
    manager = world.client("enterprise_a")
    anonymous = world.client("anonymous")
    assert "Company A" in get(manager, "/members/", **EN)[0]  # its own, unpublished
    assert "Company A" not in get(anonymous, "/members/", **EN)[0]
    assert "Company A" in get(manager, "/members/", **EN)[0]
    # the language is part of the key too
    assert "甲公司" in get(manager, "/members/", HTTP_ACCEPT_LANGUAGE="zh-hans")[0]


def test_a_cached_page_carries_the_reading_browsers_own_csrf_token(world: World) -> None:
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    for browser in (first, second):
        assert browser.login(username="district-admin", password=PASSWORD)
    tokens = []
    for browser in (first, second):
        html, _ = get(browser, "/members/", **EN)
        token = TOKEN.search(html).group(1)  # type: ignore[union-attr]
        secret = browser.cookies["csrftoken"].value
        assert _unmask_cipher_token(token) == secret
        tokens.append(token)
    assert tokens[0] != tokens[1]
    # The second browser's page came from the cache; its form posts with its own token.
    response = second.post("/logout/", {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302


def test_pages_with_messages_to_show_are_rendered_not_cached(world: World, settings: Any) -> None:
    admin = world.client("district_admin")
    get(admin, "/designations/", **EN)  # cached
    session = admin.session
    session["_messages"] = (
        '[["__json_message",0,25,"A message shown once"]]'  # SessionStorage's encoding
    )
    session.save()
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    html, _ = get(admin, "/designations/", **EN)
    assert "A message shown once" in html
    assert "A message shown once" not in get(admin, "/designations/", **EN)[0]
