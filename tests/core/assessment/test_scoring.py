"""The scoring methods on a small rule set whose numbers are easy to follow by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from greenledger.core.assessment import Application, assess, load_ruleset_file

DEMO = """\
id: demo
edition: "1"
title: Demo
documents:
  doc: {citation: Demo standard, issued_by: Demo body}
inputs:
  share: {title: Share, unit: "1"}
  intensity: {title: Intensity, unit: t/t}
  pue: {title: PUE, unit: "1"}
  declared: {title: Declared, type: bool}
basic_requirements: []
indicators:
  - id: share_linear
    formula: share
    method: linear
    benchmark: {value: 0.2, confirmed: true, source: {document: doc, clause: "1"}}
    leading: {value: 0.6, confirmed: true, source: {document: doc, clause: "1"}}
    at_benchmark: {value: 0.5, confirmed: true, source: {document: doc, clause: "1"}}
    weight: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
    source: {document: doc, clause: "1"}
  - id: intensity_steps
    formula: intensity
    method: steps
    steps:
      - at_most:
          {value: 1, bound: inclusive, wording: "1以下", confirmed: true,
           source: {document: doc, clause: "1"}}
        points: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
      - at_most:
          {value: 2, bound: inclusive, wording: "2以下", confirmed: true,
           source: {document: doc, clause: "1"}}
        points: {value: 10, confirmed: true, source: {document: doc, clause: "1"}}
    weight: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
    source: {document: doc, clause: "1"}
  - id: intensity_ratio
    formula: intensity
    method: ratio_to_leading
    better: lower
    leading: {value: 0.5, confirmed: true, source: {document: doc, clause: "1"}}
    weight: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
    source: {document: doc, clause: "1"}
  - id: pue_points
    formula: pue
    method: formula_points
    points: 80 - 20 * value
    weight: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
    source: {document: doc, clause: "1"}
  - id: declared_item
    formula: declared
    method: declaration
    evidence: required
    weight: {value: 20, confirmed: true, source: {document: doc, clause: "1"}}
    source: {document: doc, clause: "1"}
total: {value: 100, confirmed: true, source: {document: doc, clause: "1"}}
levels:
  - {id: none, min: 0}
"""


@pytest.fixture
def ruleset(tmp_path: Path):
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "1.yaml").write_text(textwrap.dedent(DEMO), encoding="utf-8")
    return load_ruleset_file(folder / "1.yaml")


def points(ruleset, evidence=None, **inputs):
    base = {"share": 0.2, "intensity": 5.0, "pue": 4.0, "declared": False}
    result = assess(ruleset, Application({**base, **inputs}, evidence or {}))
    return {item.id: item.points for item in result.indicators}


def test_linear_earns_the_benchmark_share_at_the_benchmark_and_full_weight_at_leading(ruleset):
    assert points(ruleset, share=0.1)["share_linear"] == 0  # worse than the benchmark
    assert points(ruleset, share=0.2)["share_linear"] == pytest.approx(10)  # 0.5 x 20
    # halfway: 0.5 + 0.5 x 0.5 = 0.75 of 20 = 15
    assert points(ruleset, share=0.4)["share_linear"] == pytest.approx(15)
    assert points(ruleset, share=0.9)["share_linear"] == pytest.approx(20)


def test_steps_take_the_first_step_reached(ruleset):
    assert points(ruleset, intensity=0.8)["intensity_steps"] == 20
    assert points(ruleset, intensity=2.0)["intensity_steps"] == 10
    assert points(ruleset, intensity=2.1)["intensity_steps"] == 0


def test_ratio_to_leading_for_a_lower_is_better_indicator_is_capped_at_one(ruleset):
    assert points(ruleset, intensity=1.0)["intensity_ratio"] == pytest.approx(10)  # 0.5/1
    assert points(ruleset, intensity=0.25)["intensity_ratio"] == pytest.approx(20)  # capped


def test_formula_points_are_kept_between_zero_and_the_weight(ruleset):
    assert points(ruleset, pue=1.5)["pue_points"] == pytest.approx(20)  # 50, kept at 20
    assert points(ruleset, pue=3.5)["pue_points"] == pytest.approx(10)  # 80 - 70
    assert points(ruleset, pue=4.5)["pue_points"] == 0  # -10, kept at 0


def test_a_declaration_needs_its_evidence(ruleset):
    assert points(ruleset, declared=True)["declared_item"] == 0
    evidence = {"declared_item": ("audit.pdf",)}
    assert points(ruleset, evidence, declared=True)["declared_item"] == 20
    assert points(ruleset, evidence, declared=False)["declared_item"] == 0
