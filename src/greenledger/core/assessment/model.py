"""A rule set as loaded: requirements, indicators, thresholds and levels, every number sourced."""

from __future__ import annotations

from dataclasses import dataclass, field

from greenledger.core.assessment.formula import Formula

METHODS = ("linear", "steps", "pass_fail", "declaration", "ratio_to_leading", "formula_points")
EVIDENCE = ("required", "optional", "none")


@dataclass(frozen=True, slots=True)
class Source:
    document: str  # a key of RuleSet.documents
    clause: str
    note: str = ""

    def describe(self, documents: dict[str, Document]) -> str:
        doc = documents.get(self.document)
        title = doc.citation if doc else self.document
        text = f"{title}, {self.clause}" if self.clause else title
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True, slots=True)
class Document:
    key: str
    citation: str  # number and title, e.g. "GB/T 36132-2025 绿色工厂评价通则"
    issued_by: str = ""
    in_force: str = ""
    url: str = ""
    kind: str = "primary"  # primary | reproduction | platform | convention (see provenance.py)
    of: str = ""  # a reproduction: the key of the primary document it copies


@dataclass(frozen=True, slots=True)
class Threshold:
    """A number taken from a standard (a limit, a benchmark, a weight, a level boundary)."""

    path: str  # where it sits in the rule set, e.g. "indicators.pue.benchmark"
    value: float
    source: Source
    confirmed: bool
    configurable: bool
    line: int
    # A limit (compared with a value): "max" or "min", whether the number itself is allowed
    # ("inclusive" or "exclusive"), and the text's own words ("1.3以下"); see wording.py.
    limit: str = ""
    bound: str = ""
    wording: str = ""

    @property
    def is_limit(self) -> bool:
        return bool(self.bound)


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    title: str
    kind: str  # "number" or "bool"
    unit: str = ""
    inventory: str = ""  # name of an inventory-derived input that can supply it
    default: float | bool | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """A basic requirement: pass or fail; any failure blocks every level."""

    id: str
    title: str
    condition: Formula
    evidence: str
    source: Source
    line: int


@dataclass(frozen=True, slots=True)
class Step:
    bound: Threshold
    points: Threshold
    comparison: str  # "at_least" or "at_most"


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    group: str
    method: str
    formula: Formula
    unit: str
    weight: Threshold
    evidence: str
    source: Source
    line: int
    benchmark: Threshold | None = None
    leading: Threshold | None = None
    at_benchmark: Threshold | None = None  # share of the weight earned at the benchmark value
    better: str = ""  # "higher" or "lower", for ratio_to_leading and linear
    steps: tuple[Step, ...] = ()
    points: Formula | None = None  # formula_points: points as a formula of the value

    def thresholds(self) -> tuple[Threshold, ...]:
        items = [self.weight]
        items += [t for t in (self.benchmark, self.leading, self.at_benchmark) if t is not None]
        for step in self.steps:
            items += [step.bound, step.points]
        return tuple(items)


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    title: str
    weight: Threshold | None


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    title: str
    minimum: Threshold | None  # None: the floor of the range (0 points)
    conditions: tuple[Formula, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    id: str  # "<standard>/<edition>"
    standard: str
    edition: str
    title: str
    subject: str
    file: str
    status: str  # "current", "superseded", ...
    documents: dict[str, Document]
    inputs: dict[str, Input]
    constants: dict[str, Threshold]
    groups: dict[str, Group]
    requirements: tuple[Requirement, ...]
    indicators: tuple[Indicator, ...]
    total: Threshold
    levels: tuple[Level, ...]
    notes: tuple[str, ...] = field(default=())

    def thresholds(self) -> tuple[Threshold, ...]:
        items: list[Threshold] = [self.total, *self.constants.values()]
        items += [g.weight for g in self.groups.values() if g.weight is not None]
        for indicator in self.indicators:
            items += indicator.thresholds()
        items += [level.minimum for level in self.levels if level.minimum is not None]
        return tuple(items)

    def unconfirmed(self) -> tuple[Threshold, ...]:
        return tuple(t for t in self.thresholds() if not t.confirmed)
