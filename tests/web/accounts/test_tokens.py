"""Per-user API tokens: shown once, stored as a hash, revocable, last use recorded."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from greenledger.web.accounts import services
from greenledger.web.accounts.models import ApiToken
from greenledger.web.accounts.tokens import token_digest
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_only_the_hash_of_a_token_is_stored(world: World) -> None:
    issued = services.api_token_create(actor=world.users["public"], name="laptop")
    record = ApiToken.objects.get(pk=issued.record.pk)
    assert record.token_hash == token_digest(issued.token)
    assert issued.token not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_a_token_created_through_the_api_is_shown_once(world: World) -> None:
    client = Client()
    created = client.post(
        "/api/tokens",
        data=json.dumps({"name": "script"}),
        content_type="application/json",
        **bearer(world.tokens["enterprise_a"]),
    )
    assert created.status_code == 201
    token = created.json()["token"]
    assert client.get("/api/organisations", **bearer(token)).status_code == 200
    listed = client.get("/api/tokens", **bearer(token)).json()
    assert {item["name"] for item in listed} == {"tests", "script"}
    assert all("token" not in item for item in listed)


def test_a_revoked_token_is_refused(world: World) -> None:
    client = Client()
    headers = bearer(world.tokens["enterprise_a"])
    assert client.get("/api/organisations", **headers).status_code == 200
    revoked = client.delete(f"/api/tokens/{world.token_a.pk}", **headers)
    assert revoked.status_code == 204
    assert client.get("/api/organisations", **headers).status_code == 401
    world.token_a.refresh_from_db()
    assert world.token_a.revoked_at is not None


def test_nobody_else_can_revoke_a_users_token(world: World) -> None:
    response = Client().delete(
        f"/api/tokens/{world.token_a.pk}", **bearer(world.tokens["enterprise_b"])
    )
    assert response.status_code == 404
    world.token_a.refresh_from_db()
    assert world.token_a.revoked_at is None


def test_using_a_token_records_when_it_was_last_used(world: World) -> None:
    assert world.token_a.last_used_at is None
    Client().get("/api/sites", **bearer(world.tokens["enterprise_a"]))
    world.token_a.refresh_from_db()
    assert world.token_a.last_used_at is not None


def test_a_wrong_or_malformed_token_is_refused_not_treated_as_anonymous(world: World) -> None:
    client = Client()
    assert client.get("/api/organisations", HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    assert client.get("/api/organisations", HTTP_AUTHORIZATION="Token abc").status_code == 401


def test_a_deactivated_users_tokens_stop_working(world: World) -> None:
    services.user_deactivate(actor=world.users["secretariat"], user=world.users["enterprise_a"])
    response = Client().get("/api/organisations", **bearer(world.tokens["enterprise_a"]))
    assert response.status_code == 401
