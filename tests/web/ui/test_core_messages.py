"""Every coded message of the core has a translatable web template and a Chinese translation;
a stored problem reads in the page's language."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import override

from greenledger.core.message_templates import ENGLISH
from greenledger.core.messages import TEXT, message, placeholders
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.ui.core_messages import TEMPLATES, render, template

CODES = sorted(code for code in ENGLISH if code != TEXT)
# A run of three lowercase ASCII words: an English sentence left in the Chinese text.
ENGLISH_RUN = re.compile(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b")


def english_templates(code: str) -> tuple[str, ...]:
    entry = ENGLISH[code]
    return entry if isinstance(entry, tuple) else (entry,)


def sample(code: str) -> dict[str, object]:
    names = set().union(*(placeholders(t) for t in english_templates(code)))
    return dict.fromkeys(names, 3)


def test_every_core_code_has_a_web_template_for_translation() -> None:
    assert sorted(set(CODES) - set(TEMPLATES)) == []
    assert sorted(set(TEMPLATES) - set(CODES)) == []


@pytest.mark.parametrize("code", CODES)
def test_the_english_web_template_is_the_cores_own(code: str) -> None:
    with override("en"):
        shown = (template(code, 1), template(code, 2))
    singular, plural = (english_templates(code) * 2)[:2]
    assert shown == (singular, plural)


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_zh_translation_with_the_same_parameters(code: str) -> None:
    with override("zh-hans"):
        chinese = template(code, 2)
        assert chinese is not None
        assert chinese not in english_templates(code), f"{code} has no Chinese translation"
        assert placeholders(chinese) == placeholders(english_templates(code)[-1])
        text = render(message(code, **sample(code)))
    words = re.sub(r"\{[^}]*\}", "", english_templates(code)[-1])
    if re.search(r"[A-Za-z]{2,}", words):  # a sentence, not only punctuation around values
        assert re.search(r"[\u4e00-\u9fff]", text), text
    assert not ENGLISH_RUN.search(text), text


def test_a_stored_problem_reads_in_the_pages_language_with_nested_messages() -> None:
    stored = message(
        "intake.unit_for_activity",
        reason=message(
            "units.wrong_dimension",
            unit="kg",
            found=message("units.dimension.mass"),
            expected=message("units.dimension.energy"),
            example="GJ",
        ),
        activity="natural_gas",
    ).as_dict()
    with override("en"):
        assert render(stored) == (
            "unit 'kg' is a mass, but energy is expected here (for example GJ) "
            "for activity natural_gas"
        )
    with override("zh-hans"):
        assert render(stored) == "单位“kg”是质量，而此处应为能量（例如 GJ）（活动 natural_gas）"
        legacy = {"reason": "stored before messages had codes", "row": 3}
        assert problem_text(legacy) == "stored before messages had codes"
        assert render(message("text", text="verbatim")) == "verbatim"


def test_labels_show_a_parameter_by_its_name_in_the_pages_language() -> None:
    with override("zh-hans"):
        shown = render(
            message("intake.empty_cell", column="enterprise"), labels={"column": lambda c: "企业"}
        )
    assert shown == "“企业”为空"
