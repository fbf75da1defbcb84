"""GB/T 4754-2017 industry codes: section letter plus a division that belongs to it."""

from __future__ import annotations

import pytest

from greenledger.core.registry import industry_code


@pytest.mark.parametrize("code", ["C", "C26", "C261", "C2611", "A01", "I6450", "T98", "S9521"])
def test_codes_whose_division_belongs_to_the_section_are_accepted(code: str) -> None:
    assert industry_code.problem(code) is None


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("C05", "does not belong to section C"),
        ("A13", "does not belong to section A"),
        ("Z11", "section letter"),
        ("C26111", "section letter"),
        ("2611", "section letter"),
    ],
)
def test_other_codes_are_refused_with_the_reason(code: str, fragment: str) -> None:
    reason = industry_code.problem(code)
    assert reason is not None
    assert fragment in reason
