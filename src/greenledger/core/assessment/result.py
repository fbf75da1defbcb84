"""The explained result of an assessment: every requirement and indicator, with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenledger.core.messages import Message


@dataclass(frozen=True, slots=True)
class ThresholdUse:
    """A threshold as applied: its value, whether it is confirmed, and where it comes from."""

    path: str
    value: float
    confirmed: bool
    configurable: bool
    overridden: bool
    source: str
    limit: str = ""  # for a limit: "max" or "min", "inclusive" or "exclusive", the text's words
    bound: str = ""
    wording: str = ""


@dataclass(frozen=True, slots=True)
class RequirementResult:
    id: str
    title: str
    passed: bool
    condition: str
    inputs: dict[str, float | bool]
    thresholds: tuple[ThresholdUse, ...]
    evidence: str
    evidence_provided: tuple[str, ...]
    source: str
    note: str = ""
    explanation: str = ""  # each comparison with a limit, as the text words it
    # note and explanation as coded messages, for rendering in the reader's language
    note_message: Message | None = None
    explanation_message: Message | None = None


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    id: str
    title: str
    group: str
    method: str
    formula: str
    value: float | bool
    unit: str
    inputs: dict[str, float | bool]
    input_sources: dict[str, str]  # input -> "application", "inventory" or "default"
    thresholds: tuple[ThresholdUse, ...]
    weight: float
    points: float
    evidence: str
    evidence_provided: tuple[str, ...]
    source: str
    explanation: str
    explanation_message: Message | None = None  # the explanation as a coded message


@dataclass(frozen=True, slots=True)
class LevelResult:
    id: str
    title: str
    minimum: float
    reached: bool
    conditions: tuple[str, ...]
    conditions_met: bool
    threshold: ThresholdUse | None


@dataclass(frozen=True)
class AssessmentResult:
    ruleset: str
    title: str
    status: str
    basic_requirements_met: bool
    requirements: tuple[RequirementResult, ...]
    indicators: tuple[IndicatorResult, ...]
    total_points: float
    max_points: float
    levels: tuple[LevelResult, ...]
    level: str | None  # id of the highest level reached; None when a basic requirement fails
    level_title: str | None
    unconfirmed_thresholds: tuple[str, ...]  # paths of the unconfirmed thresholds applied
    overridden_thresholds: tuple[str, ...]
    pending: tuple[str, ...] = ()  # items not scored yet (a partial preview): their inputs
    missing_inputs: tuple[str, ...] = ()  # are missing

    @property
    def points_by_group(self) -> dict[str, float]:
        sums: dict[str, float] = {}
        for item in self.indicators:
            sums[item.group] = sums.get(item.group, 0.0) + item.points
        return sums

    def as_dict(self) -> dict[str, Any]:
        def plain(obj: Any) -> Any:
            if hasattr(obj, "__slots__") and not isinstance(obj, type):
                return {name: plain(getattr(obj, name)) for name in obj.__slots__}
            if isinstance(obj, tuple | list):
                return [plain(item) for item in obj]
            if isinstance(obj, dict):
                return {key: plain(value) for key, value in obj.items()}
            return obj

        return {
            "ruleset": self.ruleset,
            "title": self.title,
            "status": self.status,
            "basic_requirements_met": self.basic_requirements_met,
            "total_points": self.total_points,
            "max_points": self.max_points,
            "level": self.level,
            "level_title": self.level_title,
            "unconfirmed_thresholds": list(self.unconfirmed_thresholds),
            "overridden_thresholds": list(self.overridden_thresholds),
            "pending": list(self.pending),
            "missing_inputs": list(self.missing_inputs),
            "points_by_group": self.points_by_group,
            "requirements": plain(self.requirements),
            "indicators": plain(self.indicators),
            "levels": plain(self.levels),
        }
