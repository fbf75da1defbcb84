"""Golden cases of the review core, computed by hand: what an evaluator's judgements add up to,
when two reviews agree, and the panel statistics that rank demonstration units."""

from __future__ import annotations

import pytest

from greenledger.core.assessment.review import (
    Judgement,
    PanelStatistics,
    ReviewOutcome,
    panel_statistics,
    rank,
    review_outcome,
    reviews_agree,
)
from greenledger.core.errors import InputError
from tests.core.assessment.helpers import score
from tests.core.assessment.test_golden_zero_carbon import DC

DATA_CENTRE = "zero_carbon_data_center/t-seesa-013"


# ------------------------------------------------------------------------- panel statistics


def test_the_trimmed_mean_leaves_out_the_highest_and_lowest_of_five_at_a_fifth():
    # mean (60 + 80 + 82 + 84 + 99) / 5 = 405 / 5 = 81.0
    # int(0.2 x 5) = 1 cut at each end: (80 + 82 + 84) / 3 = 82.0
    stats = panel_statistics([60, 80, 82, 84, 99], 0.2)
    assert stats.mean == pytest.approx(81.0)
    assert stats.trimmed_mean == pytest.approx(82.0)
    assert (stats.count, stats.trimmed_each_end) == (5, 1)
    assert (stats.minimum, stats.maximum) == (60.0, 99.0)


def test_a_fifth_of_three_or_four_scores_trims_nothing():
    # int(0.2 x 4) = 0: the trimmed mean is the mean, (70 + 72 + 74 + 95) / 4 = 77.75
    stats = panel_statistics([95, 70, 72, 74], 0.2)
    assert stats.trimmed_each_end == 0
    assert stats.mean == pytest.approx(77.75)
    assert stats.trimmed_mean == pytest.approx(77.75)
    # a quarter of four cuts one at each end: (72 + 74) / 2 = 73.0
    assert panel_statistics([95, 70, 72, 74], 0.25).trimmed_mean == pytest.approx(73.0)
    # a third (0.34) of three leaves the median: 73
    assert panel_statistics([90, 73, 40], 0.34).trimmed_mean == pytest.approx(73.0)


def test_the_order_of_the_scores_does_not_matter():
    assert panel_statistics([99, 60, 84, 80, 82], 0.2) == panel_statistics(
        [60, 80, 82, 84, 99], 0.2
    )


@pytest.mark.parametrize("trim", [-0.1, 0.5, 0.7])
def test_a_trimmed_share_outside_zero_to_a_half_is_refused(trim):
    with pytest.raises(ValueError, match="trimmed share"):
        panel_statistics([70, 80, 90], trim)


def test_a_panel_without_scores_is_refused():
    with pytest.raises(ValueError, match="at least one score"):
        panel_statistics([], 0.2)


def entry(mean: float, trimmed: float) -> PanelStatistics:
    return PanelStatistics(5, mean, trimmed, 1, 0.0, 100.0)


def test_ranking_shares_a_rank_on_a_tie_and_skips_the_next():
    entries = {
        "a": entry(80.0, 85.0),
        "b": entry(78.0, 80.0),
        "c": entry(78.0, 80.0),  # the same trimmed mean and mean as b
        "d": entry(90.0, 70.0),
    }
    assert rank(entries) == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]


def test_ranking_by_trimmed_mean_then_mean_not_by_mean():
    entries = {
        "outlier": entry(77.75, 73.0),  # one enthusiastic reviewer lifts the mean only
        "steady": entry(73.0, 73.0),
        "best": entry(69.5, 75.5),
    }
    # by mean: outlier, steady, best; by trimmed mean then mean: best, outlier, steady
    assert rank(entries) == [(1, "best"), (2, "outlier"), (3, "steady")]


def test_ranking_nothing_gives_nothing():
    assert rank({}) == []


# --------------------------------------------------------------------------- review outcome


@pytest.fixture(scope="module")
def result():
    """A real assessed zero-carbon data centre: 56 + 3 + 3 + 12 + 10 + 12 = 96, benchmark."""
    assessed = score(DATA_CENTRE, DC)
    assert assessed.total_points == pytest.approx(96) and assessed.level == "benchmark"
    return assessed


def accepting(result, **points: float) -> dict[str, Judgement]:
    """Judgements that accept the computed result except the indicators given in ``points``."""
    judged = {r.id: Judgement(r.id, passed=r.passed) for r in result.requirements}
    for indicator in result.indicators:
        judged[indicator.id] = Judgement(
            indicator.id, points=points.get(indicator.id, indicator.points)
        )
    return judged


def reasons(error: InputError) -> list[str]:
    return [problem.reason for problem in error.problems]


def test_a_review_accepting_the_result_reaches_the_same_total_and_level(result):
    outcome = review_outcome(result, accepting(result))
    assert outcome.total_points == pytest.approx(96)
    assert outcome.requirements_met is True
    assert outcome.level == "benchmark"
    assert outcome.changed_items == ()


def test_the_level_follows_the_reviewed_total(result):
    # PUE judged 40 of 60 instead of 56: 96 - 16 = 80, still the benchmark's mark
    at_mark = review_outcome(result, accepting(result, pue_score=40))
    assert at_mark.total_points == pytest.approx(80)
    assert at_mark.level == "benchmark"
    assert at_mark.changed_items == ("pue_score",)
    # 39.5: 79.5 is below 80 and reaches "creating" (60)
    below = review_outcome(result, accepting(result, pue_score=39.5))
    assert below.total_points == pytest.approx(79.5)
    assert below.level == "creating"
    # PUE 10 and water use 0: 96 - 46 - 10 = 40, below "creating": "not recognised"
    low = review_outcome(result, accepting(result, pue_score=10, water_use=0))
    assert low.total_points == pytest.approx(40)
    assert low.level == "not_recognised"


def test_a_failed_basic_requirement_gives_no_level(result):
    judged = accepting(result)
    judged["pue_limit"] = Judgement("pue_limit", passed=False, comment="实测PUE 1.31")
    outcome = review_outcome(result, judged)
    assert outcome.requirements_met is False
    assert outcome.level is None and outcome.level_title is None
    assert outcome.total_points == pytest.approx(96)  # the points still add up
    assert outcome.changed_items == ("pue_limit",)


@pytest.mark.parametrize("points", [60.5, -1.0])
def test_points_outside_zero_to_the_weight_are_refused_naming_the_item(result, points):
    with pytest.raises(InputError) as caught:
        review_outcome(result, accepting(result, pue_score=points))
    assert reasons(caught.value) == [
        f"pue_score: {points:g} points is outside 0 to 60 (the indicator's weight)"
    ]


def test_the_full_weight_is_allowed(result):
    outcome = review_outcome(result, accepting(result, pue_score=60))
    assert outcome.total_points == pytest.approx(100)


def test_a_missing_judgement_is_refused_naming_the_item(result):
    judged = accepting(result)
    del judged["zero_carbon_plan"]
    judged["water_use"] = Judgement("water_use")  # no points given
    with pytest.raises(InputError) as caught:
        review_outcome(result, judged)
    assert reasons(caught.value) == [
        "zero_carbon_plan: judge the basic requirement (pass/fail)",
        "water_use: give the indicator's points",
    ]


def test_a_judgement_of_an_unknown_item_is_refused(result):
    judged = {**accepting(result), "pue_bonus": Judgement("pue_bonus", points=5)}
    with pytest.raises(InputError) as caught:
        review_outcome(result, judged)
    assert reasons(caught.value) == [f"pue_bonus: no such item in {result.ruleset}"]


# ------------------------------------------------------------------------- reviews agreeing


def outcome(total: float, level: str | None = "benchmark", met: bool = True) -> ReviewOutcome:
    return ReviewOutcome(total, met, level, None, ())


def test_reviews_agree_at_exactly_the_tolerance_and_not_just_over_it():
    assert reviews_agree(outcome(85.0), outcome(90.0), 5.0)
    assert reviews_agree(outcome(90.0), outcome(85.0), 5.0)
    assert not reviews_agree(outcome(85.0), outcome(90.01), 5.0)
    assert reviews_agree(outcome(88.0), outcome(88.0), 0.0)
    assert not reviews_agree(outcome(88.0), outcome(88.001), 0.0)


def test_reviews_reaching_different_levels_do_not_agree_however_close():
    assert not reviews_agree(outcome(79.9, "creating"), outcome(80.0, "benchmark"), 5.0)
    # both failing a basic requirement agree when their totals are close
    assert reviews_agree(outcome(70, None, False), outcome(72, None, False), 5.0)
    assert not reviews_agree(outcome(70, None, False), outcome(70, None, True), 5.0)
