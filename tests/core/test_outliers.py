"""Golden cases of outliers against an enterprise's own monthly history."""

from __future__ import annotations

import polars as pl
import pytest

from greenledger.core.errors import InputError
from greenledger.core.outliers import check_plausible, find_outliers

# Twelve months whose median is 12.1 t and whose MAD is 0.15 t (by hand: the sorted absolute
# deviations from 12.1 are 0 0 0 0 .1 .1 .2 .2 .3 .4 .9 1.1, whose median is (.1 + .2) / 2).
DIESEL = [11.0, 11.8, 11.9, 12.0, 12.1, 12.1, 12.1, 12.1, 12.2, 12.3, 12.5, 13.0]
MONTHS = [f"2023-{m:02d}" for m in range(3, 13)] + ["2024-01", "2024-02"]


def _lines(records: list[tuple[str, str, float]], site: str = "", start_row: int = 2):
    return pl.DataFrame(
        {
            "enterprise": ["E"] * len(records),
            "site": [site] * len(records),
            "activity": [r[0] for r in records],
            "period": [r[1] for r in records],
            "quantity": [r[2] for r in records],
            "row": list(range(start_row, start_row + len(records))),
        }
    )


def _history(activity: str = "diesel", values=DIESEL, months=MONTHS, site: str = ""):
    return _lines([(activity, m, v) for m, v in zip(months, values, strict=True)], site=site)


def test_diesel_at_eight_times_its_median_is_explained_with_the_median(library):
    history = pl.concat(
        [
            _history(),
            _lines([("diesel", "2023-02", 1000.0)]),  # before the window: ignored
            _lines([("diesel", "2024-04", 1000.0)]),  # after the new month: ignored
        ]
    )
    (outlier,) = find_outliers(
        _lines([("diesel", "2024-03", 99.22)], start_row=7), history, library=library
    )
    assert outlier.explanation == (
        "diesel in 2024-03 is 8.2x the median of the previous 12 months (12.1 t); "
        "check the quantity and its unit."
    )
    assert outlier.median == pytest.approx(12.1)
    assert outlier.ratio == pytest.approx(8.2)
    assert outlier.robust_z == pytest.approx((99.22 - 12.1) / (1.4826 * 0.15))
    assert (outlier.history_points, outlier.row, outlier.direction) == (12, 7, "up")


def test_a_quantity_within_a_factor_five_is_not_an_outlier():
    month = _lines([("diesel", "2024-03", 12.1 * 5), ("diesel", "2024-03", 0.0)])
    # the two lines of one month are added up: 60.5 t is exactly 5x, not beyond it
    assert find_outliers(month, _history()) == []


def test_a_fall_below_a_fifth_of_the_median_is_explained_as_a_fall(library):
    values = [10.0] * 6
    history = _history("natural_gas", values, MONTHS[-6:])
    (outlier,) = find_outliers(_lines([("natural_gas", "2024-03", 1.0)]), history, library=library)
    assert outlier.explanation == (
        "natural_gas in 2024-03 is 1 wan_Nm3, 10.0x below the median of the 6 months reported "
        "in the previous 12 (10 wan_Nm3); check the quantity and its unit."
    )
    assert outlier.direction == "down"
    assert outlier.robust_z is None  # the history never varied


def test_a_zero_month_against_steady_consumption_is_flagged_as_possibly_incomplete(library):
    (outlier,) = find_outliers(_lines([("diesel", "2024-03", 0.0)]), _history(), library=library)
    assert outlier.explanation == (
        "diesel in 2024-03 is 0, against a median of 12.1 t over the previous 12 months; "
        "check whether the month was reported completely."
    )


def test_consumption_after_months_of_none_is_flagged():
    history = _history("diesel", [0.0, 0.0, 0.0], MONTHS[-3:])
    (outlier,) = find_outliers(_lines([("diesel", "2024-03", 3.0)]), history)
    assert outlier.ratio == float("inf")
    assert outlier.explanation == (
        "diesel in 2024-03 is 3, while the median of the 3 months reported in the previous 12 "
        "is 0; check the quantity and its unit."
    )


def test_fewer_than_three_months_of_history_are_not_judged():
    history = _history("diesel", [1.0, 1.0], MONTHS[-2:])
    assert find_outliers(_lines([("diesel", "2024-03", 1000.0)]), history) == []


def test_each_site_is_judged_against_its_own_history_only(library):
    history = pl.concat([_history(site="Plant 1"), _history(values=[100.0] * 12, site="Plant 2")])
    month = pl.concat(
        [
            _lines([("diesel", "2024-03", 100.0)], site="Plant 1"),
            _lines([("diesel", "2024-03", 100.0)], site="Plant 2"),
        ]
    )
    (outlier,) = find_outliers(month, history, library=library)
    assert outlier.site == "Plant 1"
    assert outlier.explanation.startswith("diesel at site Plant 1 in 2024-03 is 8.3x the median")


def test_yearly_lines_are_not_compared():
    history = _history()
    assert find_outliers(_lines([("diesel", "2024", 5000.0)]), history) == []


def test_an_absurd_quantity_is_a_hard_error_naming_its_row():
    month = _lines([("diesel", "2024-03", 12.0), ("diesel", "2024-04", 2.5e12)])
    with pytest.raises(InputError) as caught:
        find_outliers(month, _history())
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "quantity")
    assert problem.reason == (
        "The quantity 2.5e+12 of diesel in 2024-04 is not plausible (more than 1e+09 in the "
        "activity's canonical unit); check the unit and the decimal separator."
    )


def test_infinite_quantities_are_implausible_too():
    with pytest.raises(InputError, match="is not plausible"):
        check_plausible(_lines([("diesel", "2024-03", float("inf"))]), file="a.csv")
