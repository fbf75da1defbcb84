"""PACT client credentials and tokens (services.pact): create, revoke, issue, and the checks."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.core.products.pact_api import PactRequestError
from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import PactClient, PactToken
from greenledger.web.products.services.pact import (
    PactAuthError,
    pact_client_create,
    pact_client_revoke,
    pact_token_client,
    pact_token_issue,
)
from tests.web.products.conftest import ProductsWorld


def test_a_client_is_created_with_its_secret_shown_once_and_kept_hashed(
    db: None, products_world: ProductsWorld
) -> None:
    client, secret = pact_client_create(
        actor=products_world.manager_s, organisation=products_world.supplier, name=" Importer "
    )
    assert client.name == "Importer" and len(client.client_id) == 32
    assert len(secret) >= 40
    assert client.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(PactClient.objects.filter(pk=client.pk).values().get())
    entry = AuditEntry.objects.filter(action="products.pact_client.create").get()
    assert entry.object_id == str(client.pk) and secret not in str(entry.after)
    token, row = pact_token_issue(client_id=client.client_id, secret=secret)
    assert pact_token_client(token).pk == client.pk
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_given_demo_credentials_are_used(db: None, products_world: ProductsWorld) -> None:
    client, secret = pact_client_create(
        actor=products_world.manager_s,
        organisation=products_world.supplier,
        name="Demo importer",
        client_id="demo-client",
        secret="a-demo-secret-of-enough-length",
    )
    assert (client.client_id, secret) == ("demo-client", "a-demo-secret-of-enough-length")
    with pytest.raises(ValueError, match="taken"):
        pact_client_create(
            actor=products_world.manager_s,
            organisation=products_world.supplier,
            name="Other",
            client_id="demo-client",
        )
    with pytest.raises(ValueError, match="16 characters"):
        pact_client_create(
            actor=products_world.manager_s,
            organisation=products_world.supplier,
            name="Other",
            secret="short",
        )


def test_only_the_suppliers_manager_creates_and_names_are_checked(
    db: None, products_world: ProductsWorld
) -> None:
    for actor in (products_world.manager_c, products_world.staff, products_world.evaluator):
        with pytest.raises(PermissionDenied):
            pact_client_create(actor=actor, organisation=products_world.supplier, name="X")
    with pytest.raises(ValidationError) as blank:
        pact_client_create(
            actor=products_world.manager_s, organisation=products_world.supplier, name="  "
        )
    assert "name" in blank.value.message_dict
    pact_client_create(
        actor=products_world.manager_s, organisation=products_world.supplier, name="Importer"
    )
    with pytest.raises(ValidationError) as twice:
        pact_client_create(
            actor=products_world.manager_s, organisation=products_world.supplier, name="Importer"
        )
    assert "name" in twice.value.message_dict
    assert PactClient.objects.count() == 1


def test_revoking_ends_the_tokens_and_is_audited(db: None, products_world: ProductsWorld) -> None:
    client, secret = pact_client_create(
        actor=products_world.manager_s, organisation=products_world.supplier, name="Importer"
    )
    token, _row = pact_token_issue(client_id=client.client_id, secret=secret)
    with pytest.raises(PermissionDenied):
        pact_client_revoke(actor=products_world.manager_c, client=client)
    pact_client_revoke(actor=products_world.manager_s, client=client)
    assert not PactToken.objects.exists()
    with pytest.raises(PactRequestError) as refused:
        pact_token_client(token)
    assert refused.value.code == "BadRequest"
    with pytest.raises(PactAuthError):
        pact_token_issue(client_id=client.client_id, secret=secret)
    with pytest.raises(ValidationError):
        pact_client_revoke(actor=products_world.manager_s, client=client)
    entry = AuditEntry.objects.filter(action="products.pact_client.revoke").get()
    assert entry.after["tokens_deleted"] == 1


def test_wrong_credentials_and_expired_tokens(db: None, products_world: ProductsWorld) -> None:
    client, secret = pact_client_create(
        actor=products_world.manager_s, organisation=products_world.supplier, name="Importer"
    )
    for client_id, given in ((client.client_id, secret + "x"), ("nobody", secret)):
        with pytest.raises(PactAuthError) as failed:
            pact_token_issue(client_id=client_id, secret=given)
        assert failed.value.response()["error"] == "invalid_client"
    token, row = pact_token_issue(client_id=client.client_id, secret=secret)
    PactToken.objects.filter(pk=row.pk).update(expires_at=timezone.now())
    with pytest.raises(PactRequestError) as expired:
        pact_token_client(token)
    assert expired.value.code == "TokenExpired"
    with pytest.raises(PactRequestError) as missing:
        pact_token_client(None)
    assert missing.value.code == "BadRequest"
