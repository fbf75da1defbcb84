"""Finance catalogues as versioned data: category trees, technical criteria, their sources.

One YAML file per catalogue and edition under ``catalogues/`` (``green_finance_2025``,
``green_bond_2021``, ``shanghai_transition_2024``). A file names its documents (the catalogue
itself, any public reproduction read instead, the platform's own settings) and its categories;
a category has a code, a name, whether the code was checked against the catalogue
(``code_confirmed``), optionally the GB/T 4754-2017 industries it covers, and its criteria. A
criterion compares one metric of a project with a threshold worded as the text words it
(limit, bound, wording: the assessment engine's ``wording`` rules), from a cited source,
confirmed or not; a transition criterion also has an ``advanced`` value (先进值). A threshold
the text does not let the platform state has ``value: null`` and must be configurable:
``configured`` sets it for an institution's own use.

The loader reuses the assessment engine's YAML reader (file and line of every problem), key
check, provenance and wording rules, and refuses a catalogue with any problem as a whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from greenledger.core.assessment.model import Document, Source
from greenledger.core.assessment.provenance import document_problems, threshold_source_problems
from greenledger.core.assessment.schema import ListOf, MapOf, Shape, unknown_keys
from greenledger.core.assessment.wording import wording_problems
from greenledger.core.assessment.yamlsrc import YamlList, YamlMap, load_yaml
from greenledger.core.errors import FactorDataError, GreenLedgerError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.registry import industry_code

CATALOGUES_DIR = Path(__file__).parent / "catalogues"
KINDS = ("green", "transition")
# What a project can show behind a value: a verified GHG inventory, a metered series, an energy
# audit (节能评估/审计), a third party's assessment of the project.
EVIDENCE = ("verified_inventory", "meter_series", "energy_audit", "third_party_assessment")

_SOURCE = Shape(frozenset({"document", "clause", "note"}))
_THRESHOLD = Shape(
    frozenset({"value", "confirmed", "configurable", "limit", "bound", "wording", "source"}),
    {"source": _SOURCE},
)
_CRITERION = Shape(
    frozenset({"id", "metric", "unit", "evidence", "threshold", "advanced"}),
    {"threshold": _THRESHOLD, "advanced": _THRESHOLD},
)
_CATEGORY = Shape(
    frozenset({"code", "name", "name_en", "code_confirmed", "industries", "source", "criteria"}),
    {"source": _SOURCE, "criteria": ListOf(_CRITERION)},
)
CATALOGUE_SHAPE = Shape(
    frozenset(
        {"key", "title", "title_en", "kind", "version", "in_force", "status", "levels"}
        | {"documents", "margin", "categories", "notes"}
    ),
    {
        "documents": MapOf(
            Shape(frozenset({"citation", "issued_by", "in_force", "url", "kind", "of"}))
        ),
        "margin": _THRESHOLD,
        "categories": ListOf(_CATEGORY),
    },
)


class CatalogueNotFound(GreenLedgerError):
    """No shipped finance catalogue has the requested key."""

    def __init__(self, reason: Message) -> None:
        self.message = reason
        super().__init__(reason.english())


class NotConfigurable(GreenLedgerError):
    """A setting names a threshold that does not exist or may not be changed."""

    def __init__(self, reason: Message) -> None:
        self.message = reason
        super().__init__(reason.english())


@dataclass(frozen=True, slots=True)
class Limit:
    """A threshold of a catalogue; ``value`` None when the text's number is not held."""

    path: str  # "categories.C31.carbon_intensity.threshold"
    value: float | None
    limit: str  # max | min
    bound: str  # inclusive | exclusive
    wording: str
    source: Source
    confirmed: bool
    configurable: bool
    line: int


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    metric: str
    unit: str
    evidence: tuple[str, ...]
    threshold: Limit
    advanced: Limit | None
    line: int


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    name_en: str
    code_confirmed: bool
    industries: tuple[str, ...]  # GB/T 4754-2017 codes the category covers (prefixes)
    source: Source
    criteria: tuple[Criterion, ...]
    line: int


@dataclass(frozen=True)
class FinanceCatalogue:
    key: str
    title: str
    title_en: str
    kind: str  # green | transition
    version: str
    in_force: str
    status: str
    levels: int
    file: str
    documents: dict[str, Document]
    margin: Limit
    categories: tuple[Category, ...]
    notes: tuple[str, ...] = ()

    @cached_property
    def _by_code(self) -> dict[str, Category]:
        return {category.code: category for category in self.categories}

    def category(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def for_industry(self, code: str) -> Category | None:
        """The category covering GB/T 4754 industry ``code`` (the longest matching prefix)."""
        best: tuple[int, Category] | None = None
        for category in self.categories:
            for prefix in category.industries:
                if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), category)
        return best[1] if best else None

    def limits(self) -> tuple[Limit, ...]:
        found = [self.margin]
        for category in self.categories:
            for criterion in category.criteria:
                found.append(criterion.threshold)
                if criterion.advanced is not None:
                    found.append(criterion.advanced)
        return tuple(found)

    def configured(self, settings: dict[str, float]) -> FinanceCatalogue:
        """The catalogue with configurable thresholds set (path -> value); the source keeps the
        document and says the value is a setting. Unknown or fixed paths are refused."""
        by_path = {limit.path: limit for limit in self.limits()}
        changed: dict[str, Limit] = {}
        for path, value in settings.items():
            limit = by_path.get(path)
            if limit is None or not limit.configurable:
                choices = ", ".join(p for p, item in by_path.items() if item.configurable)
                raise NotConfigurable(
                    message("finance.catalogue.not_configurable", path=path, choices=choices)
                )
            note = f"set by the institution to {value:g}; not the catalogue's published value"
            changed[path] = replace(
                limit, value=float(value), source=replace(limit.source, note=note)
            )

        def pick(limit: Limit) -> Limit:
            return changed.get(limit.path, limit)

        categories = tuple(
            replace(
                category,
                criteria=tuple(
                    replace(
                        c,
                        threshold=pick(c.threshold),
                        advanced=pick(c.advanced) if c.advanced else None,
                    )
                    for c in category.criteria
                ),
            )
            for category in self.categories
        )
        return replace(self, margin=pick(self.margin), categories=categories)


def available_catalogues(root: Path = CATALOGUES_DIR) -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in root.glob("*.yaml")))


@cache
def load_finance_catalogue(key: str) -> FinanceCatalogue:
    """A shipped catalogue by key, e.g. "green_finance_2025"."""
    if key not in available_catalogues():
        raise CatalogueNotFound(
            message("finance.catalogue.unknown", key=key, choices=", ".join(available_catalogues()))
        )
    return load_catalogue_file(CATALOGUES_DIR / f"{key}.yaml")


def load_catalogue_file(path: Path) -> FinanceCatalogue:
    """Read and check one catalogue file; every problem is reported with the file and line."""
    data = load_yaml(path)
    reader = _Reader(str(path))
    for found in unknown_keys(data, CATALOGUE_SHAPE):
        reader.problem(found.line, found.reason())
    catalogue = reader.catalogue(data, path)
    if reader.problems or catalogue is None:
        raise FactorDataError(reader.problems, headline=f"finance catalogue {path.name} is invalid")
    return catalogue


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.documents: dict[str, Document] = {}

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(reason, file=self.file, row=line))

    def text(self, data: YamlMap, key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
            self.problem(data.line_of(key), f"{where}: '{key}' must be a non-empty text")
            return ""
        return str(value)

    def catalogue(self, data: YamlMap, path: Path) -> FinanceCatalogue | None:
        key = self.text(data, "key", "the catalogue")
        if key and key != path.stem:
            self.problem(data.line_of("key"), f"'key' {key!r} differs from the file name")
        kind = self.text(data, "kind", "the catalogue")
        if kind and kind not in KINDS:
            self.problem(data.line_of("kind"), f"'kind' must be one of {', '.join(KINDS)}")
        levels = data.get("levels")
        if not isinstance(levels, int) or isinstance(levels, bool) or levels < 1:
            self.problem(data.line_of("levels"), "'levels' must be a whole number of 1 or more")
            levels = 1
        self.read_documents(data)
        margin = self.limit(data, "margin", "margin", needs_value=True)
        categories = self.categories(data, kind)
        notes = data.get("notes") or []
        if margin is None:
            return None
        return FinanceCatalogue(
            key=key,
            title=self.text(data, "title", "the catalogue"),
            title_en=self.text(data, "title_en", "the catalogue"),
            kind=kind,
            version=self.text(data, "version", "the catalogue"),
            in_force=self.text(data, "in_force", "the catalogue"),
            status=self.text(data, "status", "the catalogue"),
            levels=levels,
            file=self.file,
            documents=self.documents,
            margin=margin,
            categories=categories,
            notes=tuple(str(note) for note in notes),
        )

    def read_documents(self, data: YamlMap) -> None:
        raw = data.get("documents")
        if not isinstance(raw, YamlMap) or not raw:
            self.problem(data.line_of("documents"), "'documents' must list the cited documents")
            return
        for name, item in raw.items():
            if not isinstance(item, YamlMap):
                self.problem(raw.line_of(name), f"documents.{name}: must be a mapping")
                continue
            self.documents[name] = Document(
                key=name,
                citation=self.text(item, "citation", f"documents.{name}"),
                issued_by=str(item.get("issued_by", "")),
                in_force=str(item.get("in_force", "")),
                url=str(item.get("url", "")),
                kind=str(item.get("kind", "primary")),
                of=str(item.get("of", "")),
            )
        for name, document in self.documents.items():
            for reason in document_problems(document, self.documents):
                self.problem(raw[name].line, f"documents.{name}: {reason}")

    def source(self, data: Any, line: int, where: str) -> Source:
        if not isinstance(data, YamlMap):
            self.problem(line, f"{where}: a source (document, clause) is required")
            return Source("", "")
        document = str(data.get("document", ""))
        if document not in self.documents:
            self.problem(data.line, f"{where}: source names unknown document {document!r}")
        return Source(document, str(data.get("clause", "")), str(data.get("note", "")))

    def limit(
        self, data: YamlMap, key: str, path: str, *, needs_value: bool = False
    ) -> Limit | None:
        raw = data.get(key)
        if not isinstance(raw, YamlMap):
            self.problem(data.line_of(key), f"{path}: a threshold needs value, source, confirmed")
            return None
        value = raw.get("value")
        if value is None and needs_value:
            self.problem(raw.line, f"{path}: the value is required")
        elif value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value)
        ):
            self.problem(raw.line_of("value"), f"{path}: the value must be a number or null")
            value = None
        confirmed, configurable = raw.get("confirmed"), raw.get("configurable", False)
        if not isinstance(confirmed, bool) or not isinstance(configurable, bool):
            self.problem(raw.line, f"{path}: 'confirmed' and 'configurable' must be true or false")
            confirmed, configurable = False, bool(configurable)
        if not confirmed and not configurable:
            self.problem(raw.line, f"{path}: an unconfirmed threshold must be configurable")
        if confirmed and value is None:
            self.problem(raw.line, f"{path}: a confirmed threshold states its value")
        src = self.source(raw.get("source"), raw.line, path)
        for reason in threshold_source_problems(confirmed, src, self.documents):
            self.problem(raw.line, f"{path}: {reason}")
        limit = str(raw.get("limit", "") or "")
        bound = str(raw.get("bound", "") or "")
        wording = str(raw.get("wording", "") or "")
        if key != "margin":
            number = float(value) if value is not None else math.nan
            for reason in wording_problems(wording, limit, bound, number):
                if not (value is None and "names" in reason):
                    self.problem(raw.line, f"{path}: {reason}")
            if confirmed and not wording:
                self.problem(raw.line, f"{path}: a confirmed limit quotes the text's wording")
        return Limit(
            path,
            None if value is None else float(value),
            limit,
            bound,
            wording,
            src,
            confirmed,
            configurable,
            raw.line,
        )

    def categories(self, data: YamlMap, kind: str) -> tuple[Category, ...]:
        raw = data.get("categories")
        if not isinstance(raw, YamlList) or not raw:
            self.problem(data.line_of("categories"), "'categories' must list the categories")
            return ()
        seen: set[str] = set()
        found = []
        for index, item in enumerate(raw):
            where = f"categories[{index}]"
            if not isinstance(item, YamlMap):
                self.problem(raw.line, f"{where}: must be a mapping")
                continue
            code = self.text(item, "code", where)
            if code in seen:
                self.problem(item.line_of("code"), f"{where}: duplicate code {code!r}")
            seen.add(code)
            if not isinstance(item.get("code_confirmed"), bool):
                self.problem(item.line, f"{where}: 'code_confirmed' must be true or false")
            industries = tuple(str(i) for i in item.get("industries") or ())
            for code_text in industries:
                if reason := industry_code.problem(code_text):
                    self.problem(item.line_of("industries"), f"{where}: {code_text!r}: {reason}")
            criteria = self.criteria(item, f"categories.{code}", kind)
            found.append(
                Category(
                    code=code,
                    name=self.text(item, "name", where),
                    name_en=self.text(item, "name_en", where),
                    code_confirmed=item.get("code_confirmed") is True,
                    industries=industries,
                    source=self.source(item.get("source"), item.line, where),
                    criteria=criteria,
                    line=item.line,
                )
            )
        return tuple(found)

    def criteria(self, item: YamlMap, where: str, kind: str) -> tuple[Criterion, ...]:
        raw = item.get("criteria")
        if not isinstance(raw, YamlList):
            self.problem(item.line, f"{where}: 'criteria' must be a list (possibly empty)")
            return ()
        found = []
        for entry in raw:
            if not isinstance(entry, YamlMap):
                self.problem(raw.line, f"{where}: a criterion must be a mapping")
                continue
            ident = self.text(entry, "id", where)
            path = f"{where}.{ident}"
            evidence = tuple(str(e) for e in entry.get("evidence") or ())
            for name in evidence:
                if name not in EVIDENCE:
                    self.problem(
                        entry.line_of("evidence"),
                        f"{path}: unknown evidence {name!r} (known: {', '.join(EVIDENCE)})",
                    )
            threshold = self.limit(entry, "threshold", f"{path}.threshold")
            advanced = None
            if "advanced" in entry:
                advanced = self.limit(entry, "advanced", f"{path}.advanced")
            elif kind == "transition":
                self.problem(entry.line, f"{path}: a transition criterion has an 'advanced' value")
            if threshold is None:
                continue
            if not threshold.limit:
                self.problem(threshold.line, f"{path}.threshold: 'limit' (max | min) is required")
            if advanced is not None and advanced.limit != threshold.limit:
                self.problem(advanced.line, f"{path}.advanced: the same limit as the threshold")
            if (
                advanced is not None
                and advanced.value is not None
                and threshold.value is not None
                and _looser(advanced.value, threshold.value, threshold.limit)
            ):
                self.problem(advanced.line, f"{path}.advanced: looser than the entry value")
            found.append(
                Criterion(
                    id=ident,
                    metric=self.text(entry, "metric", path),
                    unit=self.text(entry, "unit", path),
                    evidence=evidence,
                    threshold=threshold,
                    advanced=advanced,
                    line=entry.line,
                )
            )
        return tuple(found)


def _looser(advanced: float, entry: float, limit: str) -> bool:
    return advanced > entry if limit == "max" else advanced < entry
