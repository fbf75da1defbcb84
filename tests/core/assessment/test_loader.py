"""Loading rule sets: the shipped ones are valid; bad ones are refused with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from greenledger.core.assessment import available_rulesets, load_ruleset, load_ruleset_file
from greenledger.core.assessment.loader import RuleSetNotFound
from greenledger.core.errors import FactorDataError

GOOD = """\
id: demo
edition: "1"
title: Demo
documents:
  doc: {citation: Demo standard, issued_by: Demo body}
inputs:
  x: {title: X, unit: "1"}
  ok: {title: OK, type: bool}
basic_requirements:
  - {id: ok, title: OK, condition: ok, source: {document: doc, clause: "1"}}
indicators:
  - id: share
    formula: x
    method: linear
    benchmark: {value: 0.2, confirmed: true, source: {document: doc, clause: "2"}}
    leading: {value: 0.8, confirmed: true, source: {document: doc, clause: "2"}}
    weight: {value: 60, confirmed: true, source: {document: doc, clause: "3"}}
    source: {document: doc, clause: "2"}
  - id: declared
    formula: ok
    method: declaration
    evidence: required
    weight: {value: 40, confirmed: true, source: {document: doc, clause: "3"}}
    source: {document: doc, clause: "4"}
total: {value: 100, confirmed: true, source: {document: doc, clause: "3"}}
levels:
  - {id: none, min: 0}
  - id: pass
    min: {value: 60, confirmed: true, source: {document: doc, clause: "5"}}
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    path = folder / "1.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_of(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(FactorDataError) as caught:
        load_ruleset_file(path)
    for problem in caught.value.problems:
        assert problem.file == str(path)
    return [(p.row, p.reason) for p in caught.value.problems]


def test_a_valid_rule_set_loads(tmp_path):
    ruleset = load_ruleset_file(write(tmp_path, GOOD))
    assert ruleset.id == "demo/1"
    assert [i.id for i in ruleset.indicators] == ["share", "declared"]
    assert ruleset.unconfirmed() == ()


def test_every_shipped_rule_set_loads_and_every_unconfirmed_threshold_is_configurable():
    ids = available_rulesets()
    assert len(ids) >= 12
    for ruleset_id in ids:
        ruleset = load_ruleset(ruleset_id)
        for threshold in ruleset.thresholds():
            assert threshold.source.document in ruleset.documents, threshold.path
            assert threshold.confirmed or threshold.configurable, threshold.path


def test_weights_that_do_not_sum_to_the_total_are_refused_at_the_total_line(tmp_path):
    path = write(tmp_path, GOOD.replace("value: 40, confirmed", "value: 30, confirmed"))
    assert (
        line_of(GOOD, "total:"),
        "indicator weights sum to 90, but the total is 100",
    ) in problems_of(path)


def test_an_unknown_indicator_in_a_level_condition_is_refused_with_its_line(tmp_path):
    text = GOOD + "    conditions: [shares >= 0.5]\n"
    found = problems_of(write(tmp_path, text))
    assert len(found) == 1
    row, reason = found[0]
    assert row == line_of(text, "conditions") and "undeclared name(s): shares" in reason


def test_a_formula_reading_an_unknown_input_is_refused_at_its_line(tmp_path):
    found = problems_of(write(tmp_path, GOOD.replace("formula: x\n", "formula: x / y\n")))
    assert found == [
        (line_of(GOOD, "formula: x"), "indicator share: formula 'x / y' uses undeclared name(s): y")
    ]


def test_an_unsafe_formula_is_refused_at_load_time(tmp_path):
    found = problems_of(write(tmp_path, GOOD.replace("formula: x\n", "formula: x.real\n")))
    assert found[0][0] == line_of(GOOD, "formula: x") and "Attribute is not allowed" in found[0][1]


def test_a_missing_threshold_is_refused(tmp_path):
    text = GOOD.replace(
        '    leading: {value: 0.8, confirmed: true, source: {document: doc, clause: "2"}}\n', ""
    )
    line = line_of(GOOD, "- id: share")
    assert (line, "indicators.share.leading: threshold 'leading' is missing") in problems_of(
        write(tmp_path, text)
    )


def test_a_bare_number_is_not_a_threshold(tmp_path):
    text = GOOD.replace(
        'total: {value: 100, confirmed: true, source: {document: doc, clause: "3"}}', "total: 100"
    )
    assert (
        line_of(GOOD, "total:"),
        "total: a threshold needs value, source and confirmed",
    ) in problems_of(write(tmp_path, text))


def test_an_unconfirmed_threshold_must_be_configurable(tmp_path):
    text = GOOD.replace("value: 0.2, confirmed: true", "value: 0.2, confirmed: false")
    assert (
        line_of(GOOD, "benchmark:"),
        "indicators.share.benchmark: an unconfirmed threshold must be configurable",
    ) in problems_of(write(tmp_path, text))


def test_duplicate_indicator_ids_are_refused(tmp_path):
    text = GOOD.replace("  - id: declared\n", "  - id: share\n")
    assert (line_of(GOOD, "- id: declared"), "indicator: duplicate id 'share'") in problems_of(
        write(tmp_path, text)
    )


def test_levels_that_do_not_start_at_zero_or_do_not_increase_are_refused(tmp_path):
    text = GOOD.replace("  - {id: none, min: 0}\n", "")
    found = problems_of(write(tmp_path, text))
    assert (
        line_of(text, "- id: pass"),
        "levels must cover the range: the first starts at 0",
    ) in found


def test_an_unknown_source_document_is_refused(tmp_path):
    text = GOOD.replace('{document: doc, clause: "5"}', '{document: nowhere, clause: "5"}')
    found = problems_of(write(tmp_path, text))
    assert found == [
        (line_of(text, "nowhere"), "levels.pass.min: source names unknown document 'nowhere'")
    ]


def test_levels_that_do_not_increase_are_refused(tmp_path):
    text = GOOD + "  - id: better\n    min: {value: 50, confirmed: true, source: {document: doc}}\n"
    assert (line_of(text, "- id: better"), "level better: minimums must increase") in problems_of(
        write(tmp_path, text)
    )


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    found = problems_of(write(tmp_path, GOOD.replace("title: Demo", "title: [Demo")))
    assert found[0][0] is not None and found[0][1].startswith("YAML:")


def test_a_duplicate_key_is_refused_with_its_line(tmp_path):
    found = problems_of(
        write(tmp_path, GOOD.replace("title: Demo\n", "title: Demo\ntitle: Again\n"))
    )
    assert found[0][0] == 4 and "duplicate key 'title'" in found[0][1]


def test_an_unknown_rule_set_id_is_refused_with_the_known_ones():
    with pytest.raises(RuleSetNotFound, match="green_factory/2025"):
        load_ruleset("green_factory/1999")


def test_an_input_no_formula_reads_is_refused(tmp_path):
    text = GOOD.replace(
        "  ok: {title: OK, type: bool}\n", "  ok: {title: OK, type: bool}\n  z: {title: Z}\n"
    )
    assert (line_of(text, "  z: {"), "input z: no formula reads it") in problems_of(
        write(tmp_path, text)
    )


def test_points_formulas_read_only_the_value(tmp_path):
    text = GOOD.replace(
        """    method: linear
    benchmark: {value: 0.2, confirmed: true, source: {document: doc, clause: "2"}}
    leading: {value: 0.8, confirmed: true, source: {document: doc, clause: "2"}}
""",
        "    method: formula_points\n    points: 80 - 20 * x\n",
    )
    found = problems_of(write(tmp_path, text))
    assert found == [
        (
            line_of(text, "points:"),
            "indicator share: formula '80 - 20 * x' uses undeclared name(s): x",
        )
    ]
