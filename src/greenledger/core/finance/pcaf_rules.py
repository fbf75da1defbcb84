"""The PCAF rules as data: attribution per asset class, data-quality scores, sector factors.

``data/pcaf.yaml`` (its header explains every field) says how each asset class attributes a
borrower's emissions and which data-quality score each emissions basis earns;
``data/pcaf_sector_factors.yaml`` holds the sector factors used to estimate missing emissions.
``load_rules`` validates both and reports every problem with its file and line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenledger.core.assessment.yamlsrc import YamlMap, load_yaml
from greenledger.core.errors import FactorDataError, Problem

_DATA = Path(__file__).parent / "data"
RULES_PATH = _DATA / "pcaf.yaml"
SECTOR_FACTORS_PATH = _DATA / "pcaf_sector_factors.yaml"

ATTRIBUTIONS = ("evic", "company", "property")
BASES = ("verified", "reported", "energy", "production", "revenue", "asset")
ESTIMATED_BASES = ("revenue", "asset")
_CLASS_KEYS = ("name_en", "name_zh", "attribution", "scores", "source", "clause", "confirmed")
_TABLE_KEYS = ("source", "clause", "confirmed", "scores")
_FACTOR_KEYS = (
    "revenue_tco2e_per_million_yuan",
    "asset_tco2e_per_million_yuan",
    "year",
    "source",
    "confirmed",
)


@dataclass(frozen=True, slots=True)
class AssetClass:
    key: str
    name_en: str
    name_zh: str
    attribution: str  # one of ATTRIBUTIONS
    scores: dict[str, int]  # basis -> PCAF data-quality score
    source: str
    clause: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class SectorFactor:
    sector: str
    revenue_t_per_million_yuan: float | None
    asset_t_per_million_yuan: float | None
    year: int | None
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class PcafRules:
    asset_classes: dict[str, AssetClass]
    sector_factors: dict[str, SectorFactor]
    sources: dict[str, dict[str, Any]]


class _Collector:
    def __init__(self, file: Path) -> None:
        self.file = str(file)
        self.problems: list[Problem] = []

    def add(self, line: int, reason: str) -> None:
        self.problems.append(Problem(reason, file=self.file, row=line))

    def keys(self, node: YamlMap, allowed: tuple[str, ...], where: str) -> None:
        for key in node:
            if key not in allowed:
                self.add(node.line_of(key), f"{where}: unknown key {key!r}")


def load_rules(
    rules_path: Path = RULES_PATH, sector_factors_path: Path = SECTOR_FACTORS_PATH
) -> PcafRules:
    """Both files, validated; FactorDataError with every problem (file, line, reason)."""
    problems = _Collector(rules_path)
    document = load_yaml(rules_path)
    problems.keys(document, ("sources", "asset_classes", "score_tables"), "top level")
    sources = _mapping(document, "sources", problems)
    tables = _score_tables(_mapping(document, "score_tables", problems), sources, problems)
    classes: dict[str, AssetClass] = {}
    for key, node in _mapping(document, "asset_classes", problems).items():
        if not isinstance(node, YamlMap):
            problems.add(document.line, f"asset class {key}: must be a mapping")
            continue
        problems.keys(node, _CLASS_KEYS, f"asset class {key}")
        missing = [k for k in _CLASS_KEYS if k not in node]
        if missing:
            problems.add(node.line, f"asset class {key}: missing {', '.join(missing)}")
            continue
        if node["attribution"] not in ATTRIBUTIONS:
            problems.add(
                node.line_of("attribution"),
                f"asset class {key}: attribution must be one of {', '.join(ATTRIBUTIONS)}",
            )
        if node["scores"] not in tables:
            problems.add(node.line_of("scores"), f"asset class {key}: unknown score table")
        if node["source"] not in sources:
            problems.add(node.line_of("source"), f"asset class {key}: unknown source")
        if not isinstance(node["confirmed"], bool):
            problems.add(node.line_of("confirmed"), f"asset class {key}: confirmed is true/false")
        classes[key] = AssetClass(
            key=key,
            name_en=str(node["name_en"]),
            name_zh=str(node["name_zh"]),
            attribution=str(node["attribution"]),
            scores=tables.get(node["scores"], {}),
            source=str(node["source"]),
            clause=str(node["clause"]),
            confirmed=node["confirmed"] is True,
        )
    factors = _sector_factors(sector_factors_path)
    if problems.problems:
        raise FactorDataError(problems.problems, headline="the PCAF rules are invalid")
    return PcafRules(asset_classes=classes, sector_factors=factors, sources=dict(sources))


def _mapping(node: YamlMap, key: str, problems: _Collector) -> YamlMap:
    value = node.get(key)
    if not isinstance(value, YamlMap):
        problems.add(node.line_of(key), f"{key} must be a mapping")
        return YamlMap()
    return value


def _score_tables(
    node: YamlMap, sources: YamlMap, problems: _Collector
) -> dict[str, dict[str, int]]:
    tables: dict[str, dict[str, int]] = {}
    for key, table in node.items():
        if not isinstance(table, YamlMap) or not isinstance(table.get("scores"), YamlMap):
            problems.add(node.line_of(key), f"score table {key}: needs a mapping of scores")
            continue
        problems.keys(table, _TABLE_KEYS, f"score table {key}")
        if table.get("source") not in sources:
            problems.add(table.line_of("source"), f"score table {key}: unknown source")
        scores: dict[str, int] = {}
        for basis, score in table["scores"].items():
            line = table["scores"].line_of(basis)
            if basis not in BASES:
                problems.add(line, f"score table {key}: unknown basis {basis!r}")
            elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
                problems.add(line, f"score table {key}: the score of {basis} must be 1 to 5")
            else:
                scores[basis] = score
        tables[key] = scores
    return tables


def _sector_factors(path: Path) -> dict[str, SectorFactor]:
    problems = _Collector(path)
    document = load_yaml(path)
    problems.keys(document, ("factors",), "top level")
    factors: dict[str, SectorFactor] = {}
    table = _mapping(document, "factors", problems)
    for sector, node in table.items():
        at = table.line_of(sector)
        if not isinstance(node, YamlMap):
            problems.add(at, f"sector {sector}: must be a mapping")
            continue
        problems.keys(node, _FACTOR_KEYS, f"sector {sector}")
        values: dict[str, float | None] = {}
        for key in _FACTOR_KEYS[:2]:
            value = node.get(key)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                problems.add(node.line_of(key), f"sector {sector}: {key} must be a number >= 0")
                value = None
            values[key] = None if value is None else float(value)
        if values[_FACTOR_KEYS[0]] is None and values[_FACTOR_KEYS[1]] is None:
            problems.add(at, f"sector {sector}: give a revenue or an asset factor")
        if not node.get("source"):
            problems.add(at, f"sector {sector}: a factor needs its source")
        year = node.get("year")
        factors[str(sector)] = SectorFactor(
            sector=str(sector),
            revenue_t_per_million_yuan=values[_FACTOR_KEYS[0]],
            asset_t_per_million_yuan=values[_FACTOR_KEYS[1]],
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
            source=str(node.get("source", "")),
            confirmed=node.get("confirmed") is True,
        )
    if problems.problems:
        raise FactorDataError(problems.problems, headline="the PCAF sector factors are invalid")
    return factors
