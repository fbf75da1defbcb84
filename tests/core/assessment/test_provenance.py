"""A rule set's thresholds stand on their own sources: a primary document confirms a threshold,
a reproduction, a platform default or the design notes never do."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from greenledger.core.assessment import available_rulesets, load_ruleset, load_ruleset_file
from greenledger.core.errors import FactorDataError

RULESET = """\
id: demo
edition: "1"
title: Demo
documents:
  notice:
    citation: 示例通知 (示例〔2025〕1号)
    issued_by: Demo ministry
  summary:
    citation: A public summary of the notice
    kind: reproduction
    of: notice
  greenledger:
    citation: GreenLedger default, not taken from any standard
    kind: platform
  convention:
    citation: Counting convention of this rule set
    kind: convention
inputs:
  tick: {{title: Tick, type: bool}}
basic_requirements: []
indicators:
  - id: ticked
    formula: tick
    method: declaration
    weight: {weight}
    source: {{document: notice, clause: "art. 2"}}
total: {{value: 1, confirmed: true, source: {{document: convention, clause: ""}}}}
levels:
  - {{id: pass, title: Pass, min: 0}}
"""


def load(tmp_path: Path, weight: str, text: str = RULESET):
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    path = folder / "1.yaml"
    path.write_text(textwrap.dedent(text.format(weight=weight)), encoding="utf-8")
    return load_ruleset_file(path)


def reasons(tmp_path: Path, weight: str, text: str = RULESET) -> list[tuple[int | None, str]]:
    with pytest.raises(FactorDataError) as caught:
        load(tmp_path, weight, text)
    return [(p.row, p.reason) for p in caught.value.problems]


def test_a_threshold_checked_in_the_primary_document_is_confirmed(tmp_path):
    weight = '{value: 1, confirmed: true, source: {document: notice, clause: "art. 2"}}'
    rules = load(tmp_path, weight)
    assert [t.confirmed for t in rules.thresholds()] == [True, True]


@pytest.mark.parametrize(
    ("weight", "reason"),
    [
        (
            "{value: 1, confirmed: true, source: {document: summary, clause: table}}",
            "a confirmed threshold cites a primary document, not the reproduction document",
        ),
        (
            '{value: 1, confirmed: true, source: {document: greenledger, clause: ""}}',
            "a confirmed threshold cites a primary document, not the platform document",
        ),
        (
            '{value: 1, confirmed: true, source: {document: notice, clause: ""}}',
            "a confirmed threshold names the clause or table it was checked in",
        ),
        (
            "{value: 1, confirmed: false, configurable: true, source: {document: convention}}",
            "a convention is confirmed by definition",
        ),
        (
            "{value: 1, confirmed: true, source: {document: notice, clause: as in DESIGN.md}}",
            "'DESIGN.md' is not a source",
        ),
        (
            "{value: 1, confirmed: false, configurable: true, source: {document: notice, "
            'clause: "art. 2", note: checked in this session}}',
            "'this session' is not a source",
        ),
    ],
)
def test_a_threshold_whose_source_does_not_support_it_is_refused(tmp_path, weight, reason):
    found = reasons(tmp_path, weight)
    assert any(row == 25 and "indicators.ticked.weight: " + reason in text for row, text in found)


def test_a_document_without_its_issuer_or_citing_the_design_notes_is_refused(tmp_path):
    weight = '{value: 1, confirmed: true, source: {document: notice, clause: "art. 2"}}'
    text = RULESET.replace("    issued_by: Demo ministry\n", "").replace(
        "A public summary of the notice", "PUE limits as summarised in DESIGN.md"
    )
    found = reasons(tmp_path, weight, text)
    assert (5, "document notice: a primary document names its issuer ('issued_by')") in found
    assert any(
        row == 7 and "document summary: 'DESIGN.md' is not a source" in reason
        for row, reason in found
    )
    orphan = RULESET.replace("    of: notice\n", "")
    assert any(
        "a reproduction names the primary document it copies" in reason
        for _, reason in reasons(tmp_path, weight, orphan)
    )


def test_every_shipped_confirmed_threshold_cites_a_clause_of_a_primary_document_or_a_convention():
    for ruleset_id in available_rulesets():
        ruleset = load_ruleset(ruleset_id)
        for threshold in ruleset.thresholds():
            document = ruleset.documents[threshold.source.document]
            text = f"{document.citation} {threshold.source.clause} {threshold.source.note}"
            assert "DESIGN" not in text and "design notes" not in text, threshold.path
            if threshold.confirmed:
                assert document.kind in ("primary", "convention"), (ruleset_id, threshold.path)
                assert document.kind == "convention" or threshold.source.clause
            if document.kind in ("platform", "reproduction"):
                assert not threshold.confirmed and threshold.configurable
        for document in ruleset.documents.values():
            assert document.kind != "primary" or document.issued_by, (ruleset_id, document.key)
