"""The PACT API's writes: client credentials, access tokens, received events and read logs.

A supplier's manager creates a ``PactClient`` for an outside customer (``pact_client_create``):
the client id and a random secret, shown once and kept only as a SHA-256 hash (the secret has
256 random bits, so a slow password hash adds nothing), and revokes it (``pact_client_revoke``:
its tokens stop working at once). The customer's system exchanges the credentials for a bearer
token (``pact_token_issue``, OAuth 2.0 client credentials, RFC 6749 section 4.4) that expires
after ``TOKEN_SECONDS``; ``pact_token_client`` tells the API which client a token belongs to,
or raises the spec's error (``BadRequest`` for an unknown token, ``TokenExpired``). Events a
client sends are checked with the core and stored (``pact_event_receive``); each footprint the
API answers is a ``FootprintRead`` of the share that allows it (``pact_reads_log``), and a
footprint asked for after its share ended is logged as a refused read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.products.pact import spec, validate_event
from greenledger.core.products.pact_api import PactRequestError
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import SystemActor, audit_append
from greenledger.web.members.models import Organisation
from greenledger.web.products.models import (
    Footprint,
    FootprintRead,
    FootprintShare,
    PactClient,
    PactEvent,
    PactToken,
    Product,
)

TOKEN_SECONDS = 3600
PACT_API = SystemActor("system:pact-api")


class PactAuthError(Exception):
    """Client authentication failed: the RFC 6749 section 5.2 ``error`` and its description."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description

    def response(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Client credentials


@transaction.atomic
def pact_client_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    client_id: str | None = None,
    secret: str | None = None,
) -> tuple[PactClient, str]:
    """A new client for the outside customer ``name``; returns it and its secret (shown once).

    ``client_id`` and ``secret`` are drawn at random unless given (the demo's documented
    credentials); a given secret has at least 16 characters."""
    if not permissions.can_manage_products(actor, organisation):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the outside customer.")}, code="required")
    if len(name) > 200:
        raise ValidationError({"name": _("At most 200 characters.")}, code="max_length")
    if PactClient.objects.filter(
        organisation=organisation, name=name, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {"name": _("A client for this customer is already in use: revoke it first.")},
            code="unique",
        )
    if secret is not None and len(secret) < 16:
        raise ValueError("a given PACT client secret has at least 16 characters")
    if client_id is not None and PactClient.objects.filter(client_id=client_id).exists():
        raise ValueError(f"the PACT client id {client_id!r} is taken")
    secret = secret if secret is not None else secrets.token_urlsafe(32)
    client = PactClient.objects.create(
        organisation=organisation,
        name=name,
        client_id=client_id if client_id is not None else secrets.token_hex(16),
        secret_hash=_hash(secret),
        created_by=actor,
        created_at=timezone.now(),
    )
    audit_append(
        actor=actor,
        action="products.pact_client.create",
        obj=client,
        after={"organisation": organisation.pk, "name": name, "client_id": client.client_id},
    )
    return client, secret


@transaction.atomic
def pact_client_revoke(*, actor: Any, client: PactClient) -> PactClient:
    """Revoke ``client``: no new token, and its tokens are refused from now on."""
    client = PactClient.objects.select_for_update().get(pk=client.pk)
    if not permissions.can_manage_products(actor, client.organisation):
        raise PermissionDenied
    if client.revoked_at is not None:
        raise ValidationError(_("This client is already revoked."), code="revoked")
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    deleted, _counts = client.tokens.all().delete()
    audit_append(
        actor=actor,
        action="products.pact_client.revoke",
        obj=client,
        after={"revoked_at": client.revoked_at, "tokens_deleted": deleted},
    )
    return client


# --------------------------------------------------------------------------------------------
# Tokens


def _client_for(client_id: str, secret: str) -> PactClient:
    client = PactClient.objects.filter(client_id=client_id).first()
    if client is None or not hmac.compare_digest(client.secret_hash, _hash(secret)):
        raise PactAuthError("invalid_client", "Authentication failed")
    if client.revoked_at is not None:
        raise PactAuthError("invalid_client", "Authentication failed: the client was revoked")
    return client


@transaction.atomic
def pact_token_issue(*, client_id: str, secret: str) -> tuple[str, PactToken]:
    """A bearer token for the client's credentials (PactAuthError when they do not match)."""
    client = _client_for(client_id, secret)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    PactToken.objects.filter(client=client, expires_at__lt=now).delete()
    row = PactToken.objects.create(
        client=client,
        token_hash=_hash(token),
        issued_at=now,
        expires_at=now + timedelta(seconds=TOKEN_SECONDS),
    )
    return token, row


def pact_token_client(token: str | None) -> PactClient:
    """The client a bearer token belongs to; PactRequestError as the spec says otherwise."""
    if not token:
        raise PactRequestError("BadRequest", "no bearer access token in the authorization header")
    row = (
        PactToken.objects.select_related("client", "client__organisation")
        .filter(token_hash=_hash(token))
        .first()
    )
    if row is None or row.client.revoked_at is not None:
        raise PactRequestError("BadRequest", "the access token is not valid")
    if row.expires_at <= timezone.now():
        raise PactRequestError("TokenExpired", "The specified access token has expired")
    return row.client


# --------------------------------------------------------------------------------------------
# Events and reads


@transaction.atomic
def pact_event_receive(*, client: PactClient, event: object) -> PactEvent:
    """Store a CloudEvent ``client`` sent; PactRequestError(BadRequest) naming every fault."""
    problems = validate_event(event)
    if problems:
        raise PactRequestError("BadRequest", "; ".join(problems))
    assert isinstance(event, Mapping)
    row = PactEvent.objects.create(
        client=client, type=str(event["type"]), payload=dict(event), received_at=timezone.now()
    )
    audit_append(
        actor=PACT_API,
        action="products.pact_event.receive",
        obj=row,
        after={"client": client.client_id, "type": row.type, "event_id": event.get("id")},
    )
    return row


def pact_reads_log(
    *, reads: Iterable[tuple[FootprintShare, Footprint]], path: str, refused: bool = False
) -> list[FootprintRead]:
    """One FootprintRead per (share, footprint) answered (or refused) on ``path``."""
    now = timezone.now()
    rows = [
        FootprintRead(
            share=share, footprint=footprint, user=None, path=path[:500], refused=refused, at=now
        )
        for share, footprint in reads
    ]
    return FootprintRead.objects.bulk_create(rows)


# --------------------------------------------------------------------------------------------
# The supplier's statements for PACT

STATEMENT_NUMBERS = ("fossil_carbon_content", "biogenic_carbon_content")
LAND_USE = ("dLucGhgEmissions", "landManagementGhgEmissions", "otherBiogenicGhgEmissions")


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(_("Enter a number.")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(_("Enter a number."))
    return number


def clean_statements(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The statements in their stored form; ValidationError naming each field at fault."""
    pact = spec()
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def number(
        key: str, value: object, *, low: float | None = None, high: float | None = None
    ) -> float | None:
        try:
            figure = _number(value)
        except ValueError as exc:
            errors.setdefault(key, []).append(str(exc))
            return None
        if figure is not None and low is not None and figure < low:
            errors.setdefault(key, []).append(_("At least %(low)s.") % {"low": low})
        if figure is not None and high is not None and figure > high:
            errors.setdefault(key, []).append(_("At most %(high)s.") % {"high": high})
        return figure

    for key in STATEMENT_NUMBERS:
        figure = number(key, raw.get(key), low=0)
        if figure is None and key not in errors:
            errors[key] = [_("State it: PACT makes it mandatory.")]
        out[key] = figure
    withdrawal = number("biogenic_carbon_withdrawal", raw.get("biogenic_carbon_withdrawal"), high=0)
    if withdrawal is not None:
        out["biogenic_carbon_withdrawal"] = withdrawal
    land = raw.get("land_use") or {}
    land_out = {}
    for key in LAND_USE:
        figure = number(key, land.get(key))
        if figure is not None:
            land_out[key] = figure
    if land_out:
        out["land_use"] = land_out
    method = (raw.get("biogenic_accounting_methodology") or "").strip()
    if method:
        if method not in pact.biogenic_accounting_methodologies:
            errors["biogenic_accounting_methodology"] = [
                _("Choose one of %(choices)s.")
                % {"choices": ", ".join(pact.biogenic_accounting_methodologies)}
            ]
        out["biogenic_accounting_methodology"] = method
    dqi_raw = raw.get("dqi") or {}
    dqi = {}
    low, high = pact.dqr_range
    for key in pact.dqi_required:
        bounds = (0.0, 100.0) if key == "coveragePercent" else (low, high)
        figure = number(key, dqi_raw.get(key), low=bounds[0], high=bounds[1])
        if figure is not None:
            dqi[key] = figure
    if dqi:
        missing = [key for key in pact.dqi_required if key not in dqi and key not in errors]
        for key in missing:
            errors[key] = [_("Rate every data-quality criterion, or none.")]
        out["dqi"] = dqi
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def pact_statements_set(*, actor: Any, product: Product, statements: Mapping[str, Any]) -> Product:
    """Save the supplier's PACT statements on ``product`` (all or nothing; audited)."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not permissions.can_manage_products(actor, product.organisation):
        raise PermissionDenied
    before = dict(product.pact_statements or {})
    product.pact_statements = clean_statements(statements)
    product.updated_at = timezone.now()
    product.save(update_fields=["pact_statements", "updated_at"])
    audit_append(
        actor=actor,
        action="products.product.pact_statements",
        obj=product,
        before=before,
        after=product.pact_statements,
    )
    return product
