"""Reading and verifying the audit ledger."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from greenledger.core.audit import chain
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.services import entry_fields


def audit_entries_for(*, object_type: str, object_id: str | int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))


def _chain_entries() -> Iterator[chain.ChainEntry]:
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        yield chain.ChainEntry(
            id=entry.pk,
            sequence=entry.sequence,
            fields=entry_fields(entry),
            previous_hash=entry.previous_hash,
            hash=entry.hash,
        )


def audit_verify() -> chain.ChainReport:
    """Recompute the whole chain from the database; the report names the first broken entry."""
    return chain.verify(_chain_entries())


def ledger_version() -> str:
    """A token that changes with every ledger entry, hence with every change of state (pages
    cache on it). The entry's chain hash is part of it, so a database rebuilt from scratch never
    reuses an old token."""
    latest = AuditEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return f"{latest[0]}-{latest[1][:16]}" if latest else "0"
