"""The shipped finance catalogues, and refusals of bad catalogue data with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenledger.core.errors import FactorDataError
from greenledger.core.finance.catalogue import (
    available_catalogues,
    load_catalogue_file,
    load_finance_catalogue,
)

GOOD = """\
key: {key}
title: 目录
title_en: a catalogue
kind: transition
version: "1"
in_force: "2024-01"
status: trial
levels: 1
documents:
  text:
    citation: 某目录
    issued_by: 某机关
  platform:
    citation: settings
    kind: platform
margin:
  value: 0.05
  confirmed: false
  configurable: true
  source: {{document: platform, clause: ""}}
categories:
  - code: C31
    name: 黑色金属冶炼和压延加工业
    name_en: steel
    code_confirmed: false
    industries: [C31]
    source: {{document: text, clause: 一}}
    criteria:
      - id: intensity
        metric: carbon_intensity
        unit: tCO2e/t
        evidence: [verified_inventory]
        threshold:
          value: 2.0
          limit: max
          bound: inclusive
          wording: 2.0以下
          confirmed: true
          configurable: false
          source: {{document: text, clause: 表1}}
        advanced:
          value: 1.6
          limit: max
          bound: inclusive
          confirmed: false
          configurable: true
          source: {{document: text, clause: 表1}}
"""


def write(tmp_path: Path, text: str, key: str = "demo") -> Path:
    path = tmp_path / f"{key}.yaml"
    path.write_text(text.format(key=key), encoding="utf-8")
    return path


def refusals(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(FactorDataError) as caught:
        load_catalogue_file(path)
    assert all(problem.file == str(path) for problem in caught.value.problems)
    return [(problem.row, str(problem)) for problem in caught.value.problems]


def test_the_three_catalogues_are_shipped_with_their_top_level_categories() -> None:
    assert available_catalogues() == (
        "green_bond_2021",
        "green_finance_2025",
        "shanghai_transition_2024",
    )
    green = load_finance_catalogue("green_finance_2025")
    assert (green.in_force, green.levels, green.status) == ("2025-10-01", 3, "current")
    assert [c.name for c in green.categories][-2:] == ["绿色贸易", "绿色消费"]
    assert len(green.categories) == 9
    bond = load_finance_catalogue("green_bond_2021")
    assert [c.name for c in bond.categories] == [
        "节能环保产业",
        "清洁生产产业",
        "清洁能源产业",
        "生态环境产业",
        "基础设施绿色升级",
        "绿色服务",
    ]
    assert "银发〔2021〕96号" in bond.documents["catalogue"].citation
    shanghai = load_finance_catalogue("shanghai_transition_2024")
    assert [c.industries for c in shanghai.categories] == [
        ("G55",),
        ("C31",),
        ("C251",),
        ("C26",),
        ("C36",),
        ("G56",),
    ]
    assert all(c.criteria[0].advanced is not None for c in shanghai.categories)


def test_no_shipped_code_or_threshold_claims_more_than_was_checked() -> None:
    for key in available_catalogues():
        catalogue = load_finance_catalogue(key)
        assert not any(category.code_confirmed for category in catalogue.categories)
        for limit in catalogue.limits():
            assert not limit.confirmed and limit.configurable, limit.path
            assert (limit.value is None) == (limit.path != "margin"), limit.path


def test_a_good_file_loads(tmp_path: Path) -> None:
    catalogue = load_catalogue_file(write(tmp_path, GOOD))
    criterion = catalogue.categories[0].criteria[0]
    assert (criterion.threshold.value, criterion.threshold.wording) == (2.0, "2.0以下")
    assert criterion.advanced is not None and criterion.advanced.value == 1.6


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "at", "reason"),
    [
        ("    name_en: steel\n", "    name_en: steel\n    colour: grey\n", "colour", "unknown key"),
        ("value: 2.0\n", "value: null\n", "value: null", "confirmed threshold states"),
        ("wording: 2.0以下", "wording: 2.0以上", "value: 2.0", "means limit min"),
        ("wording: 2.0以下", "wording: 1.8以下", "value: 2.0", "names 1.8"),
        ("value: 1.6", "value: 2.4", "value: 2.4", "looser than the entry"),
        ("industries: [C31]", "industries: [C99]", "industries", "does not belong to section C"),
        ("evidence: [verified_inventory]", "evidence: [a_photo]", "a_photo", "unknown evidence"),
        ("clause: 表1}}\n        advanced", "clause: 表1}}\n        advanced", "", ""),
    ],
)
def test_bad_catalogue_data_is_refused_with_file_and_line(
    tmp_path: Path, old: str, new: str, at: str, reason: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    if not reason:
        load_catalogue_file(write(tmp_path, text))  # unchanged: loads
        return
    found = refusals(write(tmp_path, text))
    line = line_of(text, at)
    assert any(row == line and reason in text_ for row, text_ in found), (line, found)


def test_unconfirmed_thresholds_must_be_configurable(tmp_path: Path) -> None:
    fixed = "confirmed: false\n          configurable: {}\n          source: {{{{document: text"
    text = GOOD.replace(fixed.format("true"), fixed.format("false"))
    found = refusals(write(tmp_path, text))
    assert found == [(line_of(text, "value: 1.6"), found[0][1])]
    assert "an unconfirmed threshold must be configurable" in found[0][1]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("kind: transition", "kind: brown").replace("code: C31", "code: ''")
    text = text.replace(
        "{{document: text, clause: 表1}}\n        advanced", "{{document: notes}}\n        advanced"
    )
    found = refusals(write(tmp_path, text, key="other"))
    reasons = " | ".join(reason for _, reason in found)
    assert "'kind' must be one of green, transition" in reasons
    assert "'code' must be a non-empty text" in reasons
    assert "unknown document 'notes'" in reasons
    assert len(found) >= 3


def test_research_notes_are_not_a_source(tmp_path: Path) -> None:
    text = GOOD.replace("citation: settings", "citation: the research notes")
    found = refusals(write(tmp_path, text))
    assert any(
        row == line_of(text, "the research notes") and "is not a source" in reason
        for row, reason in found
    ), found


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = refusals(write(tmp_path, GOOD.replace("levels: 1", "levels: [1")))
    assert found and found[0][0] is not None and "YAML" in found[0][1]
