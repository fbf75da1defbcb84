"""Third-party review: an evaluator's item-by-item judgement of an assessed application,
whether two reviews agree, and panel statistics for ranking demonstration units.

Pure functions over an `AssessmentResult`: the web app stores the judgements, this module
decides what they add up to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy import stats

from greenledger.core.assessment.result import AssessmentResult
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message

POINTS_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Judgement:
    """An evaluator's judgement of one item: points for an indicator, pass/fail for a basic
    requirement, and a comment."""

    item: str
    points: float | None = None
    passed: bool | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    total_points: float
    requirements_met: bool
    level: str | None
    level_title: str | None
    changed_items: tuple[str, ...]  # items whose judgement differs from the computed result


def review_outcome(result: AssessmentResult, judgements: Mapping[str, Judgement]) -> ReviewOutcome:
    """What a review adds up to: every requirement judged pass/fail, every indicator given
    points within 0..weight; the level is the highest one whose minimum the reviewed total
    reaches and whose conditions the assessed values meet. Problems name the item."""
    problems: list[Problem] = []
    changed: list[str] = []
    requirements_met = True
    for requirement in result.requirements:
        judged = judgements.get(requirement.id)
        if judged is None or judged.passed is None:
            problems.append(Problem(message("review.judge_requirement", id=requirement.id)))
            continue
        requirements_met = requirements_met and judged.passed
        if judged.passed != requirement.passed:
            changed.append(requirement.id)
    total = 0.0
    for indicator in result.indicators:
        judged = judgements.get(indicator.id)
        if judged is None or judged.points is None or not math.isfinite(judged.points):
            problems.append(Problem(message("review.give_points", id=indicator.id)))
            continue
        if not -POINTS_TOLERANCE <= judged.points <= indicator.weight + POINTS_TOLERANCE:
            problems.append(
                Problem(
                    message(
                        "review.points_outside",
                        id=indicator.id,
                        points=judged.points,
                        weight=indicator.weight,
                    )
                )
            )
            continue
        total += judged.points
        if abs(judged.points - indicator.points) > POINTS_TOLERANCE:
            changed.append(indicator.id)
    known = {r.id for r in result.requirements} | {i.id for i in result.indicators}
    unknown = sorted(set(judgements) - known)
    problems += [
        Problem(message("review.unknown_item", id=item, ruleset=result.ruleset)) for item in unknown
    ]
    if problems:
        raise InputError(problems, headline=message("review.incomplete"))
    level = level_for(result, total) if requirements_met else None
    title = next((lv.title for lv in result.levels if lv.id == level), None)
    return ReviewOutcome(total, requirements_met, level, title, tuple(changed))


def level_for(result: AssessmentResult, total: float) -> str | None:
    """The highest level whose minimum `total` reaches and whose conditions are met."""
    reached = None
    for level in result.levels:
        if total + POINTS_TOLERANCE >= level.minimum and level.conditions_met:
            reached = level.id
    return reached


def reviews_agree(first: ReviewOutcome, second: ReviewOutcome, tolerance: float) -> bool:
    """Two reviews agree when they reach the same level (or both fail the basic requirements)
    and their totals differ by no more than `tolerance` points."""
    return (
        first.requirements_met == second.requirements_met
        and first.level == second.level
        and abs(first.total_points - second.total_points) <= tolerance + POINTS_TOLERANCE
    )


def agreed_points(outcomes: Sequence[ReviewOutcome]) -> float:
    """The mean of the agreeing reviews' totals."""
    return sum(o.total_points for o in outcomes) / len(outcomes)


@dataclass(frozen=True, slots=True)
class PanelStatistics:
    count: int
    mean: float
    trimmed_mean: float
    trimmed_each_end: int  # scores left out at each end for the trimmed mean
    minimum: float
    maximum: float


def panel_statistics(scores: Sequence[float], trim: float) -> PanelStatistics:
    """Mean and trimmed mean of a panel's scores; `trim` is the share cut from each end
    (0.2 with five reviewers leaves out the highest and the lowest score)."""
    if not scores:
        raise ValueError("a panel needs at least one score")
    if not 0 <= trim < 0.5:
        raise ValueError(f"the trimmed share must lie in [0, 0.5), not {trim}")
    values = [float(s) for s in scores]
    cut = int(trim * len(values))
    return PanelStatistics(
        count=len(values),
        mean=sum(values) / len(values),
        trimmed_mean=float(stats.trim_mean(values, trim)),
        trimmed_each_end=cut,
        minimum=min(values),
        maximum=max(values),
    )


def rank(entries: Mapping[str, PanelStatistics]) -> list[tuple[int, str]]:
    """Competition ranking (1, 2, 2, 4) by trimmed mean, then mean; equal keys share a rank.
    Ties are listed in key order."""
    ordered = sorted(entries, key=lambda k: (-entries[k].trimmed_mean, -entries[k].mean, k))
    ranking: list[tuple[int, str]] = []
    for position, key in enumerate(ordered, start=1):
        if ranking:
            previous_rank, previous = ranking[-1]
            a, b = entries[previous], entries[key]
            if (
                abs(a.trimmed_mean - b.trimmed_mean) <= POINTS_TOLERANCE
                and abs(a.mean - b.mean) <= POINTS_TOLERANCE
            ):
                ranking.append((previous_rank, key))
                continue
        ranking.append((position, key))
    return ranking
