"""The audit hash chain, independent of storage: any change is found and located."""

from __future__ import annotations

import dataclasses

from greenledger.core.audit import chain


def build(count: int) -> list[chain.ChainEntry]:
    entries = []
    previous = chain.GENESIS
    for sequence in range(1, count + 1):
        fields = {"sequence": sequence, "action": "test", "after": {"n": sequence, "名": "甲"}}
        digest = chain.entry_hash(fields, previous)
        entries.append(chain.ChainEntry(sequence * 10, sequence, fields, previous, digest))
        previous = digest
    return entries


def test_canonical_json_sorts_keys_and_keeps_chinese() -> None:
    assert chain.canonical_json({"b": 1, "a": "甲"}) == '{"a":"甲","b":1}'


def test_an_intact_chain_verifies_and_reports_its_head() -> None:
    entries = build(5)
    report = chain.verify(entries)
    assert report.ok
    assert report.checked == 5
    assert report.head_hash == entries[-1].hash


def test_an_empty_ledger_is_intact() -> None:
    report = chain.verify([])
    assert report.ok and report.head_hash == chain.GENESIS


def test_a_changed_field_is_found_at_its_entry() -> None:
    entries = build(5)
    entries[2] = dataclasses.replace(entries[2], fields={**entries[2].fields, "action": "forged"})
    report = chain.verify(entries)
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.entry_id == 30
    assert "altered" in report.first_break.reason
    assert report.checked == 2


def test_a_removed_entry_is_found_where_the_gap_is() -> None:
    entries = build(5)
    del entries[1]
    report = chain.verify(entries)
    assert report.first_break is not None
    assert report.first_break.sequence == 3
    assert "missing" in report.first_break.reason


def test_a_rehashed_entry_breaks_the_link_to_the_next_one() -> None:
    entries = build(4)
    forged_fields = {**entries[1].fields, "action": "forged"}
    forged_hash = chain.entry_hash(forged_fields, entries[1].previous_hash)
    entries[1] = dataclasses.replace(entries[1], fields=forged_fields, hash=forged_hash)
    report = chain.verify(entries)
    assert report.first_break is not None
    assert report.first_break.sequence == 3
    assert "previous-hash" in report.first_break.reason
