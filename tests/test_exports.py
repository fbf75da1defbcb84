"""Exported cells are protected against formula injection, by cell and by column alike."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from greenledger.exports import safe_cell, safe_text_columns


@given(st.lists(st.text(max_size=8), min_size=1, max_size=20))
def test_the_vectorised_guard_agrees_with_the_cell_guard(values):
    frame = safe_text_columns(pl.DataFrame({"text": values}, schema={"text": pl.String}))
    assert frame["text"].to_list() == [safe_cell(v) for v in values]


def test_formula_like_text_is_neutralised_and_numbers_are_left_alone():
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-3") == "'-3"
    assert safe_cell("示例公司") == "示例公司"
    assert safe_cell(-3.0) == -3.0
