"""Every text of every shipped rule set reads in Chinese on the assessment pages."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import override

from greenledger.core.assessment import load_ruleset
from greenledger.core.assessment.loader import available_rulesets
from greenledger.web.assessments.ruleset_texts import RULESET_TEXTS, ruleset_text, texts_of


@pytest.mark.parametrize("ruleset_id", available_rulesets())
def test_every_text_of_the_rule_set_has_a_zh_translation(ruleset_id: str) -> None:
    texts = set(texts_of(load_ruleset(ruleset_id)))
    with override("en"):
        assert sorted(texts - {str(t) for t in RULESET_TEXTS}) == []
    with override("zh-hans"):
        untranslated = [t for t in texts if ruleset_text(t) == t]
        english = [t for t in texts if re.search(r"[a-z]+ [a-z]+ [a-z]+", ruleset_text(t))]
    assert untranslated == []
    assert english == []


def test_a_text_without_translation_reads_as_written() -> None:
    with override("zh-hans"):
        assert ruleset_text("Power usage effectiveness over one year") == "全年电能利用效率（PUE）"
        assert ruleset_text("A title no rule set has") == "A title no rule set has"
        assert ruleset_text(None) == ""
