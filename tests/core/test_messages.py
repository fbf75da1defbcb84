"""Coded messages: every problem the core raises has a registered code, stores as JSON, and
reads in English exactly as the CLI prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenledger.core.errors import InputError, Problem, ProblemsError
from greenledger.core.message_templates import ENGLISH
from greenledger.core.messages import TEXT, Message, message, placeholders
from greenledger.core.units import conversion_factor
from greenledger.core.workbook_safety import inspect_upload


def test_a_message_with_an_unregistered_code_is_refused_when_built() -> None:
    with pytest.raises(KeyError, match="no English template"):
        message("intake.no_such_code")


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_template_formats_with_the_parameters_it_names(code: str) -> None:
    entry = ENGLISH[code]
    for template in entry if isinstance(entry, tuple) else (entry,):
        names = placeholders(template)
        assert message(code, **dict.fromkeys(names, 2)).english()


def test_plural_templates_follow_the_count() -> None:
    assert message("problems.found", count=1).english() == "1 problem found"
    assert message("problems.found", count=3).english() == "3 problems found"
    assert ProblemsError([Problem("a"), Problem("b")]).headline == "2 problems found"


def test_a_message_with_nested_messages_stores_as_json_and_reads_back() -> None:
    with pytest.raises(Exception) as caught:
        conversion_factor("kg", "GJ")
    nested = message("intake.unit_for_activity", reason=caught.value.message, activity="coal")
    stored = json.loads(json.dumps(nested.as_dict()))
    assert stored["params"]["reason"]["code"] == "units.wrong_dimension"
    assert stored["params"]["reason"]["params"]["found"] == {
        "code": "units.dimension.mass",
        "params": {},
    }
    again = Message.from_dict(stored)
    assert again == nested
    assert hash(again) == hash(nested)
    assert again.english() == (
        "unit 'kg' is a mass, but energy is expected here (for example GJ) for activity coal"
    )


def test_plain_text_becomes_a_verbatim_message_and_an_unknown_stored_code_stays_readable() -> None:
    problem = Problem("the row repeats row 2", row=3)
    assert (problem.message.code, problem.reason) == (TEXT, "the row repeats row 2")
    assert Message.from_dict({"code": "gone.code", "params": {"text": "old"}}).english() == "old"


def test_an_upload_problem_carries_its_code_and_the_cli_english(tmp_path: Path) -> None:
    path = tmp_path / "data.pdf"
    path.write_bytes(b"%PDF-1.7 something")
    with pytest.raises(InputError) as caught:
        inspect_upload(path, max_bytes=1000)
    (problem,) = caught.value.problems
    assert problem.message.code == "workbook.bad_suffix"
    assert problem.message.params["suffix"] == ".pdf"
    assert problem.reason.startswith("Files of type .pdf are not accepted; upload one of ")
