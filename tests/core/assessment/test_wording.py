"""Limits as the texts word them: 以下/以内/不超过/以上/不低于 include the number (Civil Code
art. 1259), 低于/超过/高于 exclude it; the loader checks the wording, the engine compares by it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from greenledger.core.assessment import Application, assess, load_ruleset_file
from greenledger.core.assessment.wording import read_wording, wording_problems
from greenledger.core.errors import FactorDataError

RULESET = """\
id: demo
edition: "1"
title: Demo
documents:
  doc: {{citation: Demo notice (示例〔2025〕1号), issued_by: Demo ministry}}
inputs:
  x: {{title: X, unit: "1"}}
  tick: {{title: Tick, type: bool}}
constants:
  limit:
    {{value: {value}, limit: {limit}, bound: {bound}, wording: "{wording}", confirmed: true,
     source: {{document: doc, clause: "art. 1"}}}}
basic_requirements:
  - id: within
    title: Within the limit
    condition: "{condition}"
    source: {{document: doc, clause: "art. 1"}}
indicators:
  - id: ticked
    formula: tick
    method: declaration
    weight: {{value: 1, confirmed: true, source: {{document: doc, clause: "art. 2"}}}}
    source: {{document: doc, clause: "art. 2"}}
total: {{value: 1, confirmed: true, source: {{document: doc, clause: "art. 2"}}}}
levels:
  - {{id: pass, title: Pass, min: 0}}
"""

OPERATORS = {
    ("max", "inclusive"): "<=",
    ("max", "exclusive"): "<",
    ("min", "inclusive"): ">=",
    ("min", "exclusive"): ">",
}


def ruleset(tmp_path: Path, wording: str, limit: str, bound: str, **overrides: str):
    fields = {
        "value": "1.3",
        "limit": limit,
        "bound": bound,
        "wording": wording,
        "condition": f"x {OPERATORS[(limit, bound)]} limit",
    }
    fields.update(overrides)
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    path = folder / "1.yaml"
    path.write_text(textwrap.dedent(RULESET.format(**fields)), encoding="utf-8")
    return load_ruleset_file(path)


def requirement(rules, x: float):
    result = assess(rules, Application({"x": x, "tick": True}))
    return result.requirements[0]


# (wording, limit, bound, at the number, just above, just below)
CASES = [
    ("PUE 1.3以下", "max", "inclusive", True, False, True),
    ("1.3以内", "max", "inclusive", True, False, True),
    ("不超过1.3", "max", "inclusive", True, False, True),
    ("不高于1.3", "max", "inclusive", True, False, True),
    ("低于1.3", "max", "exclusive", False, False, True),
    ("不满1.3", "max", "exclusive", False, False, True),
    ("1.3以上", "min", "inclusive", True, True, False),
    ("不低于1.3", "min", "inclusive", True, True, False),
    ("超过1.3", "min", "exclusive", False, True, False),
    ("高于1.3", "min", "exclusive", False, True, False),
]


@pytest.mark.parametrize(("wording", "limit", "bound", "at", "above", "below"), CASES)
def test_a_limit_is_met_at_its_boundary_as_its_wording_says(
    tmp_path, wording, limit, bound, at, above, below
):
    rules = ruleset(tmp_path, wording, limit, bound)
    assert requirement(rules, 1.3).passed is at
    assert requirement(rules, 1.3001).passed is above
    assert requirement(rules, 1.2999).passed is below


def test_the_explanation_states_the_wording_and_the_comparison(tmp_path):
    rules = ruleset(tmp_path, "1.3以下", "max", "inclusive")
    assert requirement(rules, 1.3).explanation == "x 1.3 ≤ 1.3 (1.3以下, inclusive)"
    assert requirement(rules, 1.31).explanation == "x 1.31 > 1.3 (1.3以下, inclusive)"
    rules = ruleset(tmp_path, "低于1.3", "max", "exclusive")
    assert requirement(rules, 1.3).explanation == "x 1.3 ≥ 1.3 (低于1.3, exclusive)"
    assert requirement(rules, 1.2).explanation == "x 1.2 < 1.3 (低于1.3, exclusive)"
    rules = ruleset(tmp_path, "不低于1.3", "min", "inclusive", condition="limit <= x")
    assert requirement(rules, 1.3).explanation == "x 1.3 ≥ 1.3 (不低于1.3, inclusive)"


def test_a_call_overriding_a_limit_keeps_its_wording(tmp_path):
    rules = ruleset(tmp_path, "1.3以下", "max", "inclusive")
    application = Application({"x": 1.4, "tick": True}, thresholds={})
    assert not assess(rules, application).requirements[0].passed


@pytest.mark.parametrize(
    ("wording", "limit", "bound", "condition", "reason"),
    [
        # "1.3以下" includes 1.3: a formula writing < would fail a centre at exactly 1.3
        ("1.3以下", "max", "inclusive", "x < limit", "value <= limit, not value < limit"),
        ("低于1.3", "max", "exclusive", "x <= limit", "value < limit, not value <= limit"),
        ("1.3以上", "min", "inclusive", "x > limit", "value >= limit, not value > limit"),
        ("超过1.3", "min", "exclusive", "limit <= x", "value > limit, not value >= limit"),
    ],
)
def test_the_loader_refuses_an_operator_the_wording_does_not_allow(
    tmp_path, wording, limit, bound, condition, reason
):
    with pytest.raises(FactorDataError) as caught:
        ruleset(tmp_path, wording, limit, bound, condition=condition)
    assert any(reason in p.reason and p.row == 14 for p in caught.value.problems)
    assert any("constants.limit is worded" in p.reason for p in caught.value.problems)


@pytest.mark.parametrize(
    ("wording", "limit", "bound", "value", "reason"),
    [
        ("1.3以下", "max", "exclusive", "1.3", "(以下) means limit max, inclusive"),
        ("1.3以下", "min", "inclusive", "1.3", "(以下) means limit max, inclusive"),
        ("不超过1.3", "min", "exclusive", "1.3", "(不超过) means limit max, inclusive"),
        ("1.25以内", "max", "inclusive", "1.3", "names 1.25, the value is 1.3"),
        ("PUE限值", "max", "inclusive", "1.3", "has no single limit word"),
        ("1.3以下", "upper", "inclusive", "1.3", "'limit' must be one of max, min"),
        ("1.3以下", "max", "closed", "1.3", "'bound' must be one of inclusive, exclusive"),
    ],
)
def test_the_loader_refuses_a_wording_that_disagrees_with_the_threshold(
    tmp_path, wording, limit, bound, value, reason
):
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / "1.yaml"
    text = RULESET.format(
        value=value, limit=limit, bound=bound, wording=wording, condition="x <= limit"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactorDataError) as caught:
        load_ruleset_file(path)
    reasons = [p.reason for p in caught.value.problems]
    assert any(reason in r for r in reasons), reasons
    assert all(p.row == 11 for p in caught.value.problems if "constants.limit:" in p.reason)


def test_a_constant_compared_in_a_formula_must_record_its_wording(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / "1.yaml"
    text = RULESET.format(
        value="1.3", limit="max", bound="inclusive", wording="1.3以下", condition="x <= limit"
    ).replace('limit: max, bound: inclusive, wording: "1.3以下", ', "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactorDataError) as caught:
        load_ruleset_file(path)
    [problem] = caught.value.problems
    assert problem.row == 11
    assert "constants.limit is compared in basic requirement within" in problem.reason
    assert "bound (inclusive | exclusive)" in problem.reason


def test_a_confirmed_limit_quotes_the_text(tmp_path):
    with pytest.raises(FactorDataError, match="a confirmed limit quotes the text's wording"):
        ruleset(tmp_path, "", "max", "inclusive")


def test_the_longest_limit_word_is_read_first():
    assert read_wording("不超过1.3") is not None
    reading = read_wording("不超过1.3")
    assert reading is not None and (reading.limit, reading.bound) == ("max", "inclusive")
    reading = read_wording("超过1.3")
    assert reading is not None and (reading.limit, reading.bound) == ("min", "exclusive")
    assert read_wording("1.3以下且不低于1.0") is None  # two limits: record them separately
    assert wording_problems("1.3以下", "max", "inclusive", 1.3) == []
