"""The /pact/ API's authentication, tokens, refusals and events, as the PACT spec lists them.

Error responses are ``{"code", "message"}`` with the
HTTP status of the spec's Error Codes Table (core ``error_status``); authentication follows
RFC 6749 client credentials with the spec's 400 ``invalid_client``. Figures by hand in
``pact_support``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from greenledger.core.products.pact import (
    error_status,
    request_created_event,
    validate_event,
)
from greenledger.web.products.models import (
    FootprintRead,
    FootprintStatus,
    PactEvent,
    PactToken,
)
from greenledger.web.products.services.pact import pact_client_revoke
from tests.web.products.conftest import ProductsWorld
from tests.web.products.pact_support import (
    PactSetup,
    basic,
    footprint,
    pact_setup,
    token_for,
)

LIST = "/pact/2/footprints"
EVENTS = "/pact/2/events"


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def assert_error(response: Any, code: str) -> None:
    assert response.status_code == error_status(code), response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


@pytest.fixture
def setup(products_world: ProductsWorld) -> PactSetup:
    """Authentication, tokens, refusals and events need no servable footprint: the supplier's
    statements are left out here (``test_pact_conformance`` serves footprints)."""
    return pact_setup(products_world, statements=False)


# -------------------------------------------------------------------- Action Authenticate


def test_client_credentials_give_a_bearer_token_that_expires(db: None, setup: PactSetup) -> None:
    response = Client().post(
        "/pact/auth/token",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic(setup.client.client_id, setup.secret),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert response["Cache-Control"] == "no-store"
    row = PactToken.objects.get(client=setup.client)
    assert row.token_hash != body["access_token"]  # kept hashed only
    assert (row.expires_at - row.issued_at) == dt.timedelta(seconds=3600)


@pytest.mark.parametrize(
    ("header", "form", "error"),
    [
        (None, {"grant_type": "client_credentials"}, "invalid_client"),
        ("wrong-secret", {"grant_type": "client_credentials"}, "invalid_client"),
        ("Basic not-base64!", {"grant_type": "client_credentials"}, "invalid_client"),
        ("good", {"grant_type": "password"}, "unsupported_grant_type"),
        ("good", {}, "unsupported_grant_type"),
    ],
)
def test_authentication_refused_as_rfc6749_section_5_2(
    db: None, setup: PactSetup, header: str | None, form: dict[str, str], error: str
) -> None:
    headers: dict[str, str] = {}
    if header == "good":
        headers["HTTP_AUTHORIZATION"] = basic(setup.client.client_id, setup.secret)
    elif header == "wrong-secret":
        headers["HTTP_AUTHORIZATION"] = basic(setup.client.client_id, setup.secret + "x")
    elif header is not None:
        headers["HTTP_AUTHORIZATION"] = header
    response = Client().post("/pact/auth/token", form, **headers)
    assert response.status_code == 400
    assert response.json()["error"] == error
    assert response.json()["error_description"]
    assert not PactToken.objects.exists()


def test_a_revoked_client_gets_no_token_and_its_tokens_stop(
    db: None, products_world: ProductsWorld, setup: PactSetup
) -> None:
    http = Client()
    token = token_for(http, setup)
    pact_client_revoke(actor=products_world.manager_s, client=setup.client)
    assert_error(http.get(LIST, **bearer(token)), "BadRequest")
    response = http.post(
        "/pact/auth/token",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic(setup.client.client_id, setup.secret),
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_client"


# ------------------------------------------------------------------ tokens on every action


# a fixed id no footprint has: xdist workers must collect the same test ids
@pytest.mark.parametrize("url", [LIST, f"{LIST}/00000000-0000-4000-8000-000000000000"])
def test_no_or_unknown_token_is_a_bad_request(db: None, setup: PactSetup, url: str) -> None:
    http = Client()
    assert_error(http.get(url), "BadRequest")
    assert_error(http.get(url, **bearer("not-a-token")), "BadRequest")
    assert_error(http.get(url, HTTP_AUTHORIZATION=basic("a", "b")), "BadRequest")
    assert not FootprintRead.objects.exists()


def test_an_expired_token_answers_token_expired(db: None, setup: PactSetup) -> None:
    http = Client()
    token = token_for(http, setup)
    PactToken.objects.filter(client=setup.client).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert_error(http.get(LIST, **bearer(token)), "TokenExpired")
    assert_error(http.get(f"{LIST}/{setup.v2.pact_id}", **bearer(token)), "TokenExpired")
    response = http.post(
        EVENTS, b"{}", content_type="application/cloudevents+json", **bearer(token)
    )
    assert_error(response, "TokenExpired")


def test_footprints_without_the_suppliers_statements_are_not_offered(
    db: None, products_world: ProductsWorld
) -> None:
    setup = pact_setup(products_world, statements=False)
    http = Client()
    token = token_for(http, setup)
    response = http.get(LIST, **bearer(token))
    assert response.status_code == 200 and response.json()["data"] == []
    answer = http.get(f"{LIST}/{setup.v2.pact_id}", **bearer(token))
    assert_error(answer, "NoSuchFootprint")
    assert "fossil carbon content" in answer.json()["message"]
    assert not FootprintRead.objects.exists()


# -------------------------------------------------------------------- Action GetFootprint


def test_get_a_footprint_not_shared_or_unknown_is_no_such_footprint(
    db: None, products_world: ProductsWorld, setup: PactSetup
) -> None:
    bracket = footprint(products_world.bracket, 1, 1.0, FootprintStatus.CURRENT, timezone.now())
    http = Client()
    token = token_for(http, setup)
    assert_error(http.get(f"{LIST}/{bracket.pact_id}", **bearer(token)), "NoSuchFootprint")
    assert_error(http.get(f"{LIST}/{uuid.uuid4()}", **bearer(token)), "NoSuchFootprint")
    assert_error(http.get(f"{LIST}/not-a-uuid", **bearer(token)), "NoSuchFootprint")
    assert not FootprintRead.objects.exists()


def test_after_the_share_is_revoked_the_footprint_is_gone_and_the_attempt_logged(
    db: None, products_world: ProductsWorld, setup: PactSetup
) -> None:
    http = Client()
    token = token_for(http, setup)
    setup.share.revoked_at = timezone.now()
    setup.share.revoked_by = products_world.manager_s
    setup.share.save()
    assert http.get(LIST, **bearer(token)).json()["data"] == []
    url = f"{LIST}/{setup.v2.pact_id}"
    assert_error(http.get(url, **bearer(token)), "NoSuchFootprint")
    refused = FootprintRead.objects.get()
    assert (refused.share_id, refused.footprint_id, refused.refused) == (
        setup.share.pk,
        setup.v2.pk,
        True,
    )


def test_an_expired_share_is_gone_too(db: None, setup: PactSetup) -> None:
    setup.share.expires_at = timezone.now() - dt.timedelta(minutes=1)
    setup.share.save()
    http = Client()
    token = token_for(http, setup)
    assert http.get(LIST, **bearer(token)).json()["data"] == []
    assert_error(http.get(f"{LIST}/{setup.v1.pact_id}", **bearer(token)), "NoSuchFootprint")
    assert FootprintRead.objects.get().refused


# ----------------------------------------------------------------------------- Action Events


def test_a_request_created_event_is_accepted_and_stored(db: None, setup: PactSetup) -> None:
    http = Client()
    event = request_created_event(
        {"productIds": ["urn:pact:importer.example:product-id:billet"]},
        source="//importer.example/pact",
        comment="2025 billet, please",
    )
    assert validate_event(event) == []
    response = http.post(
        EVENTS,
        json.dumps(event),
        content_type="application/cloudevents+json; charset=UTF-8",
        **bearer(token_for(http, setup)),
    )
    assert response.status_code == 200 and response.content == b""
    stored = PactEvent.objects.get()
    assert stored.client_id == setup.client.pk
    assert stored.type == "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"
    assert stored.payload["data"]["comment"] == "2025 billet, please"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/cloudevents+json"),
        (json.dumps({"type": "org.example.Other", "specversion": "1.0"}), "application/json"),
        (json.dumps({"specversion": "1.0", "id": "1", "source": "//x/y"}), "application/json"),
        ("{}", "text/plain"),
    ],
)
def test_a_malformed_event_is_a_bad_request(
    db: None, setup: PactSetup, body: str, content_type: str
) -> None:
    http = Client()
    token = token_for(http, setup)
    response = http.post(EVENTS, body, content_type=content_type, **bearer(token))
    assert_error(response, "BadRequest")
    assert not PactEvent.objects.exists()


def test_events_need_a_token(db: None, setup: PactSetup) -> None:
    event = request_created_event({"productIds": ["urn:x:y"]}, source="//a/b")
    response = Client().post(EVENTS, json.dumps(event), content_type="application/cloudevents+json")
    assert_error(response, "BadRequest")
    assert not PactEvent.objects.exists()
