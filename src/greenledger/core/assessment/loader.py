"""Load and check rule sets: one folder per standard, one YAML file per edition.

Every problem is collected and reported with the file and line, and a rule set with any
problem is refused as a whole (FactorDataError): unknown keys (schema.py); unknown indicators,
groups, inputs or documents; formulas that do not parse or read undeclared names; weights that do
not sum to the declared total; missing thresholds; duplicate ids; levels that do not cover the
range; unconfirmed thresholds that are not configurable.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from greenledger.core.assessment.formula import Formula, FormulaError, compile_formula
from greenledger.core.assessment.model import (
    EVIDENCE,
    METHODS,
    Document,
    Group,
    Indicator,
    Input,
    Level,
    Requirement,
    RuleSet,
    Source,
    Threshold,
)
from greenledger.core.assessment.provenance import document_problems, threshold_source_problems
from greenledger.core.assessment.schema import unknown_keys
from greenledger.core.assessment.wording import (
    ASCII_OPERATORS,
    OPERATORS,
    comparisons,
    required_operator,
    wording_problems,
)
from greenledger.core.assessment.yamlsrc import YamlList, YamlMap, load_yaml
from greenledger.core.errors import FactorDataError, GreenLedgerError, Problem
from greenledger.core.messages import Message, message

STANDARDS_DIR = Path(__file__).parent / "standards"
WEIGHT_TOLERANCE = 1e-9
LIMIT_FIELDS_HINT = (
    "a limit records how the text words it: limit (max | min), bound (inclusive | exclusive) "
    "and wording (the text's words, e.g. 1.3以下)"
)


class RuleSetNotFound(GreenLedgerError):
    """No shipped rule set has the requested id."""

    def __init__(self, reason: Message) -> None:
        self.message = reason
        super().__init__(reason.english())


def available_rulesets(root: Path = STANDARDS_DIR) -> tuple[str, ...]:
    """Ids ("<standard>/<edition>") of the rule sets under `root`, sorted."""
    return tuple(
        sorted(
            f"{path.parent.name}/{path.stem}"
            for path in root.glob("*/*.yaml")
            if not path.parent.name.startswith(("_", "."))
        )
    )


@cache
def load_ruleset(ruleset_id: str) -> RuleSet:
    """A shipped rule set by id, e.g. "green_factory/2025"."""
    if ruleset_id not in available_rulesets():
        raise RuleSetNotFound(
            message("ruleset.unknown", ruleset=ruleset_id, choices=", ".join(available_rulesets()))
        )
    standard, edition = ruleset_id.split("/")
    return load_ruleset_file(STANDARDS_DIR / standard / f"{edition}.yaml")


def load_ruleset_file(path: Path) -> RuleSet:
    data = load_yaml(path)
    reader = _Reader(str(path))
    ruleset = reader.ruleset(data, standard=path.parent.name, edition=path.stem)
    if reader.problems or ruleset is None:
        raise FactorDataError(reader.problems, headline=f"rule set {path.name} is invalid")
    return ruleset


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.documents: dict[str, Document] = {}
        self.names: frozenset[str] = frozenset()

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(reason, file=self.file, row=line))

    # -- primitives --------------------------------------------------------------------------

    def get(self, data: YamlMap, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        value = data.get(key)
        if value is None:
            self.problem(data.line, f"{where}: '{key}' is missing")
            return None
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.problem(data.line_of(key), f"{where}: '{key}' must not be true/false")
            return None
        if not isinstance(value, kind):
            self.problem(data.line_of(key), f"{where}: '{key}' has the wrong type")
            return None
        return value

    def source(self, data: Any, line: int, where: str) -> Source:
        if not isinstance(data, YamlMap):
            self.problem(line, f"{where}: a source (document, clause) is required")
            return Source("", "")
        document = str(data.get("document", ""))
        if document not in self.documents:
            self.problem(data.line, f"{where}: source names unknown document {document!r}")
        return Source(document, str(data.get("clause", "")), str(data.get("note", "")))

    def threshold(
        self, data: YamlMap, key: str, path: str, implied_limit: str = ""
    ) -> Threshold | None:
        raw = data.get(key)
        line = data.line_of(key)
        if raw is None:
            self.problem(data.line, f"{path}: threshold '{key}' is missing")
            return None
        if not isinstance(raw, YamlMap):
            self.problem(line, f"{path}: a threshold needs value, source and confirmed")
            return None
        value = raw.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.problem(raw.line, f"{path}: threshold value must be a number")
            return None
        confirmed = raw.get("confirmed")
        if not isinstance(confirmed, bool):
            self.problem(raw.line, f"{path}: 'confirmed' must be true or false")
            confirmed = False
        configurable = raw.get("configurable", False)
        if not isinstance(configurable, bool):
            self.problem(raw.line, f"{path}: 'configurable' must be true or false")
            configurable = False
        if not confirmed and not configurable:
            self.problem(raw.line, f"{path}: an unconfirmed threshold must be configurable")
        src = self.source(raw.get("source"), raw.line, path)
        for reason in threshold_source_problems(confirmed, src, self.documents):
            self.problem(raw.line, f"{path}: {reason}")
        limit, bound, wording = self.limit(raw, path, float(value), confirmed, implied_limit)
        return Threshold(
            path, float(value), src, confirmed, configurable, raw.line, limit, bound, wording
        )

    def limit(
        self, raw: YamlMap, path: str, value: float, confirmed: bool, implied: str
    ) -> tuple[str, str, str]:
        """The limit fields of a threshold (limit, bound, wording), checked against each other:
        a threshold that is a limit records how the text words it (see wording.py)."""
        limit = str(raw.get("limit", implied) or "")
        bound = str(raw.get("bound", "") or "")
        wording = str(raw.get("wording", "") or "")
        if implied and limit != implied:
            self.problem(raw.line, f"{path}: this bound is a {implied} limit, not {limit!r}")
        if not (limit or bound or wording):
            if implied:
                self.problem(raw.line, f"{path}: {LIMIT_FIELDS_HINT}")
            return "", "", ""
        for reason in wording_problems(wording, limit, bound, value):
            self.problem(raw.line, f"{path}: {reason}")
        if confirmed and not wording:
            self.problem(
                raw.line,
                f"{path}: a confirmed limit quotes the text's wording ('wording', e.g. 1.3以下)",
            )
        return limit, bound, wording

    def formula(
        self, text: Any, line: int, where: str, extra: frozenset[str] = frozenset()
    ) -> Formula | None:
        try:
            return compile_formula(text, self.names | extra)
        except FormulaError as exc:
            self.problem(line, f"{where}: {exc}")
            return None

    def unique_id(self, item: YamlMap, seen: set[str], where: str) -> str:
        ident = item.get("id")
        if not isinstance(ident, str) or not ident.isidentifier():
            self.problem(item.line, f"{where}: 'id' must be a name (letters, digits, _)")
            return ""
        if ident in seen:
            self.problem(item.line_of("id"), f"{where}: duplicate id {ident!r}")
        seen.add(ident)
        return ident

    def items(self, data: YamlMap, key: str, *, required: bool = True) -> list[YamlMap]:
        raw = data.get(key)
        if raw is None:
            if required:
                self.problem(data.line, f"'{key}' is missing")
            return []
        if not isinstance(raw, YamlList) or not all(isinstance(i, YamlMap) for i in raw):
            self.problem(data.line_of(key), f"'{key}' must be a list of mappings")
            return []
        return list(raw)

    def mapping(self, data: YamlMap, key: str) -> YamlMap:
        raw = data.get(key)
        if isinstance(raw, YamlMap):
            return raw
        if raw is not None:
            self.problem(data.line_of(key), f"'{key}' must be a mapping")
        empty = YamlMap()
        empty.line, empty.key_lines = data.line_of(key), {}
        return empty

    # -- sections ----------------------------------------------------------------------------

    def ruleset(self, data: YamlMap, *, standard: str, edition: str) -> RuleSet | None:
        for unknown in unknown_keys(data):
            self.problem(unknown.line, unknown.reason())
        for key, expected in (("id", standard), ("edition", edition)):
            if str(data.get(key)) != expected:
                self.problem(data.line_of(key), f"'{key}' must be {expected!r} (folder/file)")
        for key, raw in self.mapping(data, "documents").items():
            doc = raw if isinstance(raw, YamlMap) else YamlMap()
            if not isinstance(doc.get("citation"), str):
                self.problem(data.line, f"document {key}: 'citation' is missing")
            self.documents[key] = Document(
                key,
                str(doc.get("citation", "")),
                str(doc.get("issued_by", "")),
                str(doc.get("in_force", "")),
                str(doc.get("url", "")),
                str(doc.get("kind", "primary")),
                str(doc.get("of", "")),
            )
        for key, document in self.documents.items():
            for reason in document_problems(document, self.documents):
                self.problem(
                    self.mapping(data, "documents").line_of(key), f"document {key}: {reason}"
                )
        inputs = self.inputs(self.mapping(data, "inputs"))
        constants: dict[str, Threshold] = {}
        const_map = self.mapping(data, "constants")
        for key in const_map:
            if key in inputs:
                self.problem(const_map.line_of(key), f"constant {key!r} shadows an input")
            found = self.threshold(const_map, key, f"constants.{key}")
            if found is not None:
                constants[key] = found
        self.names = frozenset(inputs) | frozenset(constants)
        groups = self.groups(self.mapping(data, "groups"))
        requirements = self.requirements(self.items(data, "basic_requirements"))
        before = len(self.problems)
        indicators = self.indicators(self.items(data, "indicators"), groups, inputs)
        total = self.threshold(data, "total", "total")
        if total is not None and len(self.problems) == before:  # sums only of valid indicators
            self.check_weights(total, groups, indicators, data.line_of("total"))
        levels = self.levels(self.items(data, "levels"), total, indicators)
        self.check_inputs_used(data, inputs, requirements, indicators, levels)
        self.check_limit_comparisons(data, constants, requirements, indicators, levels)
        notes = data.get("notes", [])
        if self.problems or total is None:
            return None
        return RuleSet(
            id=f"{standard}/{edition}",
            standard=standard,
            edition=edition,
            title=str(data.get("title", "")),
            subject=str(data.get("subject", "")),
            file=self.file,
            status=str(data.get("status", "current")),
            documents=self.documents,
            inputs=inputs,
            constants=constants,
            groups=groups,
            requirements=requirements,
            indicators=indicators,
            total=total,
            levels=levels,
            notes=tuple(str(n) for n in notes) if isinstance(notes, list) else (),
        )

    def inputs(self, data: YamlMap) -> dict[str, Input]:
        found: dict[str, Input] = {}
        for name, raw in data.items():
            line = data.line_of(name)
            if not name.isidentifier() or not isinstance(raw, YamlMap):
                self.problem(line, f"input {name!r}: a name with title, type and unit")
                continue
            kind = raw.get("type", "number")
            if kind not in ("number", "bool"):
                self.problem(line, f"input {name}: type must be number or bool")
            for bound in ("min", "max"):
                value = raw.get(bound)
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int | float)
                ):
                    self.problem(line, f"input {name}: {bound} must be a number")
            default = raw.get("default")
            if default is not None and (kind == "bool") != isinstance(default, bool):
                self.problem(line, f"input {name}: default does not match its type")
            found[name] = Input(
                name=name,
                title=str(raw.get("title", name)),
                kind=str(kind),
                unit=str(raw.get("unit", "")),
                inventory=str(raw.get("inventory", "")),
                default=default,
                minimum=raw.get("min"),
                maximum=raw.get("max"),
            )
        return found

    def check_inputs_used(
        self,
        data: YamlMap,
        inputs: dict[str, Input],
        requirements: tuple[Requirement, ...],
        indicators: tuple[Indicator, ...],
        levels: tuple[Level, ...],
    ) -> None:
        """An input no formula reads is a typo or a leftover: refuse it."""
        if self.problems:
            return  # formulas that failed to load would make every input look unused
        read: set[str] = set()
        for formula in (
            *(r.condition for r in requirements),
            *(i.formula for i in indicators),
            *(c for level in levels for c in level.conditions),
        ):
            read |= formula.names
        declared = self.mapping(data, "inputs")
        for name in inputs:
            if name not in read:
                self.problem(declared.line_of(name), f"input {name}: no formula reads it")

    def check_limit_comparisons(
        self,
        data: YamlMap,
        constants: dict[str, Threshold],
        requirements: tuple[Requirement, ...],
        indicators: tuple[Indicator, ...],
        levels: tuple[Level, ...],
    ) -> None:
        """A formula that compares with a constant uses the operator the text's wording implies
        (1.3以下: <=, 低于 1.3: <, 以上: >=, 超过/高于: >), and that constant records it."""
        formulas: list[tuple[str, int, Formula]] = [
            *((f"basic requirement {r.id}", r.line, r.condition) for r in requirements),
            *((f"indicator {i.id}", i.line, i.formula) for i in indicators),
            *(
                (f"level {level.id}", data.line_of("levels"), c)
                for level in levels
                for c in level.conditions
            ),
        ]
        for where, line, formula in formulas:
            for comparison in comparisons(formula.tree, frozenset(constants)):
                for name in comparison.constants:
                    limit = constants[name]
                    if not limit.is_limit:
                        self.problem(
                            limit.line,
                            f"constants.{name} is compared in {where}: {LIMIT_FIELDS_HINT}",
                        )
                        continue
                    if (limit.limit, limit.bound) not in OPERATORS:
                        continue  # reported where the threshold is read
                    wanted = required_operator(limit.limit, limit.bound)
                    if comparison.operator is not wanted:
                        self.problem(
                            line,
                            f"{where}: constants.{name} is worded "
                            f"{limit.wording or '(wording not confirmed)'} ({limit.limit} limit, "
                            f"{limit.bound}): compare as value {ASCII_OPERATORS[wanted]} limit, "
                            f"not value {ASCII_OPERATORS.get(comparison.operator, '?')} limit",
                        )

    def groups(self, data: YamlMap) -> dict[str, Group]:
        found: dict[str, Group] = {}
        for key, raw in data.items():
            if not isinstance(raw, YamlMap):
                self.problem(data.line_of(key), f"group {key}: a mapping with title")
                continue
            weight = (
                self.threshold(raw, "weight", f"groups.{key}.weight") if "weight" in raw else None
            )
            found[key] = Group(key, str(raw.get("title", key)), weight)
        return found

    def requirements(self, items: list[YamlMap]) -> tuple[Requirement, ...]:
        seen: set[str] = set()
        found = []
        for item in items:
            ident = self.unique_id(item, seen, "basic requirement")
            where = f"basic requirement {ident}"
            condition = self.formula(item.get("condition"), item.line_of("condition"), where)
            evidence = self.evidence(item, where)
            source = self.source(item.get("source"), item.line, where)
            if ident and condition is not None:
                title = str(item.get("title", ident))
                found.append(Requirement(ident, title, condition, evidence, source, item.line))
        return tuple(found)

    def evidence(self, item: YamlMap, where: str) -> str:
        evidence = item.get("evidence", "none")
        if evidence not in EVIDENCE:
            self.problem(item.line_of("evidence"), f"{where}: evidence must be one of {EVIDENCE}")
            return "none"
        return str(evidence)

    def indicators(
        self, items: list[YamlMap], groups: dict[str, Group], inputs: dict[str, Input]
    ) -> tuple[Indicator, ...]:
        from greenledger.core.assessment.indicators import read_indicator

        seen: set[str] = set()
        found = []
        for item in items:
            ident = self.unique_id(item, seen, "indicator")
            group = item.get("group", "")
            if groups and group not in groups:
                self.problem(item.line_of("group"), f"indicator {ident}: unknown group {group!r}")
            indicator = read_indicator(self, item, ident, inputs)
            if indicator is not None:
                found.append(indicator)
        return tuple(found)

    def check_weights(
        self,
        total: Threshold,
        groups: dict[str, Group],
        indicators: tuple[Indicator, ...],
        line: int,
    ) -> None:
        weights = sum(i.weight.value for i in indicators)
        if not math.isclose(weights, total.value, abs_tol=WEIGHT_TOLERANCE):
            self.problem(
                line, f"indicator weights sum to {weights:g}, but the total is {total.value:g}"
            )
        for group in groups.values():
            if group.weight is None:
                continue
            inside = sum(i.weight.value for i in indicators if i.group == group.id)
            if not math.isclose(inside, group.weight.value, abs_tol=WEIGHT_TOLERANCE):
                self.problem(
                    group.weight.line,
                    f"group {group.id}: indicator weights sum to {inside:g}, "
                    f"but the group weight is {group.weight.value:g}",
                )

    def levels(
        self, items: list[YamlMap], total: Threshold | None, indicators: tuple[Indicator, ...]
    ) -> tuple[Level, ...]:
        # Level conditions may read inputs, constants and the value of any indicator.
        self.names = self.names | {i.id for i in indicators}
        seen: set[str] = set()
        found: list[Level] = []
        previous = -math.inf
        for index, item in enumerate(items):
            ident = self.unique_id(item, seen, "level")
            if index == 0 and item.get("min") == 0:
                minimum = None
                value = 0.0
            else:
                minimum = self.threshold(item, "min", f"levels.{ident}.min")
                value = minimum.value if minimum is not None else previous
            if index == 0 and value != 0:
                self.problem(item.line, "levels must cover the range: the first starts at 0")
            if value <= previous:
                self.problem(item.line, f"level {ident}: minimums must increase")
            if total is not None and value > total.value:
                self.problem(item.line, f"level {ident}: minimum above the total {total.value:g}")
            previous = value
            conditions = []
            for raw in item.get("conditions", []) or []:
                checked = self.formula(raw, item.line_of("conditions"), f"level {ident}")
                if checked is not None:
                    conditions.append(checked)
            found.append(Level(ident, str(item.get("title", ident)), minimum, tuple(conditions)))
        if not found:
            self.problem(1, "a rule set needs at least one level")
        return tuple(found)


__all__ = [
    "METHODS",
    "RuleSetNotFound",
    "available_rulesets",
    "load_ruleset",
    "load_ruleset_file",
]
