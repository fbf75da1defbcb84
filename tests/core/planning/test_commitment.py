"""The committed yearly path (linear between model years) and later inventories compared with
it, worked out by hand."""

from __future__ import annotations

import pytest

from greenledger.core.planning.commitment import CommitmentYear, compare_commitment, yearly_path


def test_the_yearly_path_is_linear_between_model_years_and_flat_outside_them() -> None:
    path = yearly_path({2035: 800.0, 2040: 500.0, 2030: 1000.0}, 2028, 2042)
    assert list(path) == list(range(2028, 2043))
    assert path[2028] == path[2029] == path[2030] == 1000.0  # before the first point
    assert path[2031] == pytest.approx(960.0)  # 1000 - 200 x 1/5
    assert path[2034] == pytest.approx(840.0)
    assert path[2035] == 800.0
    assert path[2037] == pytest.approx(680.0)  # 800 - 300 x 2/5
    assert path[2040] == path[2041] == path[2042] == 500.0  # after the last point


def test_a_single_point_is_flat_and_no_point_or_reversed_years_are_refused() -> None:
    assert yearly_path({2030: 7.0}, 2029, 2031) == {2029: 7.0, 2030: 7.0, 2031: 7.0}
    with pytest.raises(ValueError, match="at least one year"):
        yearly_path({}, 2026, 2030)
    with pytest.raises(ValueError, match="after end year"):
        yearly_path({2026: 1.0}, 2031, 2030)


def test_inventories_beside_the_commitment_year_by_year() -> None:
    committed = {2026: 1000.0, 2027: 950.0, 2028: 900.0, 2029: 850.0}
    actual = {2025: 1200.0, 2026: 980.5, 2027: 950.0 + 1e-7, 2028: 912.25}
    assert compare_commitment(committed, actual) == (
        CommitmentYear(2026, 1000.0, 980.5, -19.5, "on_track"),
        # a rounding difference of 0.1 g is on track
        CommitmentYear(2027, 950.0, 950.0 + 1e-7, pytest.approx(1e-7), "on_track"),
        CommitmentYear(2028, 900.0, 912.25, 12.25, "over"),
        CommitmentYear(2029, 850.0, None, None, "no_inventory"),
    )
    # 2025 has an inventory but no commitment: not compared
    assert [y.year for y in compare_commitment(committed, actual)] == [2026, 2027, 2028, 2029]
    assert compare_commitment({}, actual) == ()
