"""The hash chain of the audit ledger, independent of any storage.

Each entry's hash is SHA-256 over the canonical JSON of its fields (sorted keys, no blanks,
UTF-8) followed by the previous entry's hash. Changing any field of any entry, removing an entry
or reordering entries breaks the chain from that entry on; ``verify`` names the first break.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One byte-exact text for a JSON value: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(fields: Mapping[str, Any], previous_hash: str) -> str:
    payload = canonical_json(dict(fields)) + previous_hash
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored entry as the verifier sees it."""

    id: int
    sequence: int
    fields: Mapping[str, Any]  # what the hash covers (everything but the two hashes)
    previous_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    entry_id: int
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.entry_id} (sequence {self.sequence}): {self.reason}"


@dataclass(frozen=True, slots=True)
class ChainReport:
    checked: int
    first_break: ChainBreak | None
    head_hash: str

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify(entries: Iterable[ChainEntry]) -> ChainReport:
    """Walk the entries in sequence order; stop at the first one that does not fit the chain."""
    previous = GENESIS
    expected_sequence = 1
    checked = 0
    for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked,
                ChainBreak(
                    entry.id,
                    entry.sequence,
                    f"sequence number {entry.sequence} where {expected_sequence} was expected "
                    "(an entry is missing or was inserted)",
                ),
                previous,
            )
        if entry.previous_hash != previous:
            return ChainReport(
                checked,
                ChainBreak(
                    entry.id,
                    entry.sequence,
                    "its previous-hash does not match the hash of the entry before it",
                ),
                previous,
            )
        recomputed = entry_hash(entry.fields, entry.previous_hash)
        if recomputed != entry.hash:
            return ChainReport(
                checked,
                ChainBreak(
                    entry.id,
                    entry.sequence,
                    "its content does not match its hash (the entry was altered)",
                ),
                previous,
            )
        previous = entry.hash
        expected_sequence += 1
        checked += 1
    return ChainReport(checked, None, previous)
