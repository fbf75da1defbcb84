"""Unknown keys are refused: a typo or a text that YAML cut at an unquoted comma never passes
silently; every shipped text keeps its parentheses whole."""

from __future__ import annotations

import pytest

from greenledger.core.assessment import available_rulesets, load_ruleset, load_ruleset_file
from greenledger.core.assessment.schema import INDICATOR, INPUT
from tests.core.assessment.test_loader import GOOD, line_of, problems_of, write


def test_an_unknown_key_in_an_indicator_is_refused_naming_file_path_key_and_allowed(tmp_path):
    text = GOOD.replace("    formula: ok\n", "    formula: ok\n    weigth: 40\n")
    path = write(tmp_path, text)
    found = problems_of(path)  # also checks every problem names the file
    allowed = ", ".join(sorted(INDICATOR.keys))
    assert found == [
        (
            line_of(text, "weigth:"),
            f"indicators[1] (declared): unknown key 'weigth'; allowed: {allowed}",
        )
    ]
    assert "at_benchmark, benchmark, better" in allowed


def test_a_title_cut_at_an_unquoted_comma_is_refused_with_the_hint(tmp_path):
    text = GOOD.replace(
        '  x: {title: X, unit: "1"}',
        '  x: {title: Renewable share (on-site, green power, certificates), unit: "1"}',
    )
    found = problems_of(write(tmp_path, text))
    assert len(found) == 1
    row, reason = found[0]
    assert row == line_of(text, "x: {title")
    assert reason.startswith("inputs.x: unknown keys 'green power', 'certificates)'; allowed: ")
    assert ", ".join(sorted(INPUT.keys)) in reason
    assert "unquoted comma" in reason and 'title: "a, b"' in reason


def test_the_quoted_title_loads_whole(tmp_path):
    text = GOOD.replace(
        '  x: {title: X, unit: "1"}',
        '  x: {title: "Renewable share (on-site, green power, certificates)", unit: "1"}',
    )
    loaded = load_ruleset_file(write(tmp_path, text))
    assert loaded.inputs["x"].title == "Renewable share (on-site, green power, certificates)"


def test_unknown_keys_at_every_depth_are_all_reported_with_their_paths(tmp_path):
    text = (
        GOOD.replace("title: Demo\n", "title: Demo\nauthor: someone\n")
        .replace("issued_by: Demo body}", "issued_by: Demo body, issuer: Demo body}")
        .replace("{id: ok, title: OK,", "{id: ok, title: OK, conditon: ok,")
        .replace(
            'weight: {value: 60, confirmed: true, source: {document: doc, clause: "3"}}',
            'weight: {value: 60, confirmed: true, source: {document: doc, clause: "3", page: 4}}',
        )
        .replace(
            'min: {value: 60, confirmed: true, source: {document: doc, clause: "5"}}',
            'min: {value: 60, confirmed: true, limits: max, source: {document: doc, clause: "5"}}',
        )
    )
    found = problems_of(write(tmp_path, text))
    heads = [(row, reason.split("; allowed")[0]) for row, reason in found]
    assert heads == [
        (line_of(text, "author:"), "the rule set: unknown key 'author'"),
        (line_of(text, "issuer:"), "documents.doc: unknown key 'issuer'"),
        (line_of(text, "conditon:"), "basic_requirements[0] (ok): unknown key 'conditon'"),
        (line_of(text, "page: 4"), "indicators[0] (share).weight.source: unknown key 'page'"),
        (line_of(text, "limits: max"), "levels[1] (pass).min: unknown key 'limits'"),
    ]
    # A key with a value is a typo, not a cut text: no hint about commas.
    assert not any("unquoted comma" in reason for _, reason in found)


def test_every_optional_field_in_use_is_allowed(tmp_path):
    text = (
        GOOD.replace('edition: "1"\n', 'edition: "1"\nsubject: factory\nstatus: current\n')
        .replace(
            "issued_by: Demo body}",
            "issued_by: Demo body, kind: primary, in_force: 2020-01-01, url: https://example.org}",
        )
        .replace('x: {title: X, unit: "1"}', 'x: {title: X, unit: "1", min: 0, max: 1}')
        .replace(
            "    leading: {value: 0.8,",
            "    at_benchmark: {value: 0.6, confirmed: false, configurable: true,"
            ' source: {document: doc, clause: "2", note: share at the benchmark}}\n'
            "    leading: {value: 0.8,",
        )
    )
    ruleset = load_ruleset_file(write(tmp_path, text))
    assert ruleset.subject == "factory"
    at_benchmark = ruleset.indicators[0].at_benchmark
    assert at_benchmark is not None and at_benchmark.value == 0.6


@pytest.mark.parametrize("ruleset_id", available_rulesets())
def test_every_shipped_title_closes_the_parentheses_it_opens(ruleset_id: str) -> None:
    """A title cut at an unquoted comma ("Renewable electricity share (on-site") opens a
    parenthesis it never closes."""
    ruleset = load_ruleset(ruleset_id)
    titles = [
        ("title", ruleset.title),
        *((f"groups.{g.id}", g.title) for g in ruleset.groups.values()),
        *((f"inputs.{i.name}", i.title) for i in ruleset.inputs.values()),
        *((f"basic requirement {r.id}", r.title) for r in ruleset.requirements),
        *((f"indicator {i.id}", i.title) for i in ruleset.indicators),
        *((f"level {level.id}", level.title) for level in ruleset.levels),
    ]
    assert len(titles) > 10
    unbalanced = [
        (where, title)
        for where, title in titles
        for opening, closing in (("(", ")"), ("（", "）"))
        if title.count(opening) != title.count(closing)
    ]
    assert unbalanced == []
