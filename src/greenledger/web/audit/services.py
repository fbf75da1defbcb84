"""Appending to the audit ledger. Every service that changes state calls ``audit_append``
inside its own transaction, so the change and its entry commit or roll back together."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from greenledger.core.audit import chain
from greenledger.web.audit.models import AuditEntry

# Any fixed number: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 74_117_002


@dataclass(frozen=True)
class SystemActor:
    """A part of the platform acting on its own, with no user behind it (the entry has no
    actor id); its ``name`` is the entry's actor, e.g. "system:scheduler"."""

    name: str
    is_authenticated = False


# The worker's schedule (greenledger.web.ops): expiries and renewal reminders.
SCHEDULER = SystemActor("system:scheduler")


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The JSON-safe state of a model instance: concrete fields, foreign keys by id."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "token_hash"}:
            continue
        data[field.attname] = _json_safe(getattr(instance, field.attname))
    return data


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: the settings open write transactions IMMEDIATE, which already serialises them.


def entry_fields(entry: AuditEntry) -> dict[str, Any]:
    """What an entry's hash covers, in the form both the writer and the verifier use."""
    return {
        "sequence": entry.sequence,
        "timestamp": entry.timestamp.astimezone(dt.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
    }


def audit_append(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the ledger; ``actor`` is a user, a ``SystemActor``, None (the system)
    or anonymous."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    if not object_type:
        raise ValueError("an audit entry needs an object type")
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    if actor_id is not None:
        actor_username = actor.get_username()
    else:
        actor_username = actor.name if isinstance(actor, SystemActor) else "system"
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        entry = AuditEntry(
            sequence=(last.sequence + 1) if last else 1,
            timestamp=timezone.now(),
            actor_id=actor_id,
            actor_username=actor_username,
            action=action,
            object_type=object_type,
            object_id="" if object_id is None else str(object_id),
            # Round-trip through canonical JSON so what is hashed is exactly what is read back.
            before=None if before is None else json.loads(chain.canonical_json(_json_safe(before))),
            after=None if after is None else json.loads(chain.canonical_json(_json_safe(after))),
            previous_hash=last.hash if last else chain.GENESIS,
        )
        entry.hash = chain.entry_hash(entry_fields(entry), entry.previous_hash)
        entry.save(force_insert=True)
    return entry
