"""The technology catalogue: candidate decarbonisation measures with their source and figures.

The shipped catalogue (``data/technologies.yaml``; its header explains every field) lists
technologies from the MIIT energy-saving equipment catalogue, the national low-carbon technology
catalogue, the green technology catalogue and generic measures (PV, heat pumps, LED, drives ...).
Every technology names its source (issuer, title, document number, edition, item) and says
whether its figures were checked against that source (``confirmed``).

``load_catalogue`` validates the whole file and refuses it with one ``InputError`` listing every
problem, each naming the technology and the field. ``applicable`` picks the technologies that fit
an industry (GB/T 4754-2017), and ``to_measure`` sizes one for a plant, giving the plan's
``Measure``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.planning.model import Measure
from greenledger.core.registry.industry_code import problem as industry_problem

__all__ = [
    "CARRIERS",
    "DEFAULT_PATH",
    "EFFECTS",
    "END_USES",
    "Catalogue",
    "Source",
    "Technology",
    "applicable",
    "load_catalogue",
    "parse_catalogue",
    "to_measure",
]

DEFAULT_PATH = Path(__file__).parent / "data" / "technologies.yaml"
ALL = "all"

END_USES = (
    "motors_drives",
    "compressed_air",
    "boilers_steam",
    "industrial_heat",
    "heat_recovery",
    "lighting",
    "hvac",
    "onsite_pv",
    "heat_pump_electrification",
    "green_power_purchase",
    "fuel_switching",
    "process_specific",
    "data_centre_cooling",
    "energy_management",
)
CARRIERS = ("electricity", "natural_gas", "coal", "oil", "steam", "heat", "mixed")
EFFECTS = ("energy", "emissions")

_SOURCE_FIELDS = ("issuer", "title", "document", "edition")
_TEXT_FIELDS = ("name_zh", "name_en", "item", "note", "capacity_unit")
_CHOICES = {"end_use": END_USES, "carrier": CARRIERS, "effect": EFFECTS}
_NUMBERS = ("capex_yuan_per_unit", "opex_change_yuan_per_unit")
_SAVINGS = ("saving_rate", "absolute_saving_tce_per_unit")
_REQUIRED = (
    "id",
    "source",
    "confirmed",
    "industries",
    *_TEXT_FIELDS,
    *_CHOICES,
    *_NUMBERS,
    "lifetime_years",
    "lead_time_years",
    "max_penetration",
)
_ALLOWED = (*_REQUIRED, *_SAVINGS, "group", "requires")


@dataclass(frozen=True, slots=True)
class Source:
    """A published document figures are taken from (or are to be checked against)."""

    key: str
    issuer: str
    title: str
    document: str
    edition: str


@dataclass(frozen=True, slots=True)
class Technology:
    """One catalogue technology. Exactly one of ``saving_rate`` (share of the covered energy of
    its end use) and ``absolute_saving_tce_per_unit`` (tce a year per unit of capacity) is set."""

    id: str
    name_zh: str
    name_en: str
    source: Source
    item: str
    confirmed: bool
    note: str
    industries: tuple[str, ...]
    end_use: str
    carrier: str
    effect: str
    saving_rate: float | None
    absolute_saving_tce_per_unit: float | None
    capacity_unit: str
    capex_yuan_per_unit: float
    opex_change_yuan_per_unit: float
    lifetime_years: int
    lead_time_years: int
    max_penetration: float
    group: str | None = None
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The validated technologies, in file order."""

    technologies: tuple[Technology, ...]
    sources: tuple[Source, ...]

    def __len__(self) -> int:
        return len(self.technologies)

    def __iter__(self) -> Iterator[Technology]:
        return iter(self.technologies)

    def get(self, technology_id: str) -> Technology:
        """The technology with ``technology_id``; KeyError when there is none."""
        for technology in self.technologies:
            if technology.id == technology_id:
                return technology
        raise KeyError(technology_id)


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """The catalogue at ``path`` (the shipped one by default), validated whole."""
    file = Path(path) if path is not None else DEFAULT_PATH
    return parse_catalogue(load_yaml(file), file=str(file))


def _line(data: object, key: str) -> int | None:
    line_of = getattr(data, "line_of", None)
    return int(line_of(key)) if callable(line_of) else None


class _Checker:
    """Collects the problems of one catalogue document."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, entry: object, at: str, code: str, **params: object) -> None:
        """A problem at the key ``at`` of ``entry`` (its line, when the file gives one)."""
        line = _line(entry, at)
        self.problems.append(Problem(message(code, **params), self.file, line, at or None))

    def sources(self, data: object) -> dict[str, Source]:
        found: dict[str, Source] = {}
        if not isinstance(data, Mapping):
            return found
        for key, raw in data.items():
            values: dict[str, str] = {}
            for field in _SOURCE_FIELDS:
                value = raw.get(field) if isinstance(raw, Mapping) else None
                if not isinstance(value, str) or not value.strip():
                    where = raw if isinstance(raw, Mapping) else data
                    self.add(
                        where, field, "planning.catalogue.source_field", source=key, field=field
                    )
                else:
                    values[field] = value.strip()
            if len(values) == len(_SOURCE_FIELDS):
                found[str(key)] = Source(key=str(key), **values)
        return found

    def number(self, entry: Mapping[str, Any], tid: str, field: str) -> float | None:
        value = entry.get(field)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.add(
                entry, field, "planning.catalogue.number", technology=tid, field=field, value=value
            )
            return None
        return float(value)

    def share(self, entry: Mapping[str, Any], tid: str, field: str) -> float | None:
        value = self.number(entry, tid, field)
        if value is not None and not 0.0 <= value <= 1.0:
            self.add(
                entry, field, "planning.catalogue.share", technology=tid, field=field, value=value
            )
            return None
        return value

    def integer(self, entry: Mapping[str, Any], tid: str, field: str, low: int) -> int | None:
        value = entry.get(field)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                entry, field, "planning.catalogue.integer", technology=tid, field=field, value=value
            )
            return None
        if value < low:
            code = "planning.catalogue.positive" if low > 0 else "planning.catalogue.negative"
            self.add(entry, field, code, technology=tid, field=field, value=value)
            return None
        return value

    def ids(self, entry: Mapping[str, Any], tid: str, field: str) -> tuple[str, ...] | None:
        value = entry.get(field, [])
        if not isinstance(value, list):
            self.add(entry, field, "planning.catalogue.list", technology=tid, field=field)
            return None
        bad = [item for item in value if not isinstance(item, str) or not item.strip()]
        for item in bad:
            self.add(
                entry, field, "planning.catalogue.text", technology=tid, field=field, value=item
            )
        return None if bad else tuple(item.strip() for item in value)

    def technology(
        self, entry: Mapping[str, Any], tid: str, sources: Mapping[str, Source]
    ) -> Technology | None:
        before = len(self.problems)
        for key in entry:
            if key not in _ALLOWED:
                self.add(
                    entry,
                    key,
                    "planning.catalogue.unknown_key",
                    technology=tid,
                    key=key,
                    allowed=", ".join(_ALLOWED),
                )
        for field in _REQUIRED:
            if field not in entry:
                self.add(entry, field, "planning.catalogue.missing", technology=tid, field=field)
        if before != len(self.problems):
            return None
        texts: dict[str, str] = {}
        for field in _TEXT_FIELDS:
            value = entry[field]
            if not isinstance(value, str) or not value.strip():
                self.add(
                    entry,
                    field,
                    "planning.catalogue.text",
                    technology=tid,
                    field=field,
                    value=value,
                )
            else:
                texts[field] = value.strip()
        for field, allowed in _CHOICES.items():
            if entry[field] not in allowed:
                self.add(
                    entry,
                    field,
                    "planning.catalogue.choice",
                    technology=tid,
                    field=field,
                    value=entry[field],
                    allowed=", ".join(allowed),
                )
        source = sources.get(str(entry["source"]))
        if source is None:
            self.add(
                entry,
                "source",
                "planning.catalogue.unknown_source",
                technology=tid,
                value=entry["source"],
                allowed=", ".join(sources),
            )
        if not isinstance(entry["confirmed"], bool):
            self.add(
                entry,
                "confirmed",
                "planning.catalogue.boolean",
                technology=tid,
                field="confirmed",
                value=entry["confirmed"],
            )
        industries = self.ids(entry, tid, "industries")
        for code in industries or ():
            if code != ALL and (industry_problem(code) is not None or len(code) > 3):
                self.add(
                    entry, "industries", "planning.catalogue.industry", technology=tid, value=code
                )
        if industries == ():
            self.add(
                entry,
                "industries",
                "planning.catalogue.missing",
                technology=tid,
                field="industries",
            )
        savings = [field for field in _SAVINGS if field in entry]
        rate = absolute = None
        if len(savings) != 1:
            self.add(entry, "id", "planning.catalogue.saving_kind", technology=tid)
        elif savings[0] == "saving_rate":
            rate = self.share(entry, tid, "saving_rate")
        else:
            absolute = self.number(entry, tid, "absolute_saving_tce_per_unit")
            if absolute is not None and absolute <= 0:
                self.add(
                    entry,
                    "absolute_saving_tce_per_unit",
                    "planning.catalogue.positive",
                    technology=tid,
                    field="absolute_saving_tce_per_unit",
                    value=absolute,
                )
        numbers = {field: self.number(entry, tid, field) for field in _NUMBERS}
        capex = numbers["capex_yuan_per_unit"]
        if capex is not None and capex < 0:
            self.add(
                entry,
                "capex_yuan_per_unit",
                "planning.catalogue.negative",
                technology=tid,
                field="capex_yuan_per_unit",
                value=capex,
            )
        lifetime = self.integer(entry, tid, "lifetime_years", 1)
        lead = self.integer(entry, tid, "lead_time_years", 0)
        penetration = self.share(entry, tid, "max_penetration")
        if penetration == 0:
            self.add(
                entry,
                "max_penetration",
                "planning.catalogue.positive",
                technology=tid,
                field="max_penetration",
                value=penetration,
            )
        group = entry.get("group")
        if group is not None and (not isinstance(group, str) or not group.strip()):
            self.add(
                entry,
                "group",
                "planning.catalogue.text",
                technology=tid,
                field="group",
                value=group,
            )
        requires = self.ids(entry, tid, "requires")
        if before != len(self.problems):
            return None
        assert source is not None and industries is not None and requires is not None
        assert lifetime is not None and lead is not None and penetration is not None
        return Technology(
            id=tid,
            source=source,
            confirmed=bool(entry["confirmed"]),
            industries=industries,
            end_use=str(entry["end_use"]),
            carrier=str(entry["carrier"]),
            effect=str(entry["effect"]),
            saving_rate=rate,
            absolute_saving_tce_per_unit=absolute,
            capex_yuan_per_unit=float(capex or 0.0),
            opex_change_yuan_per_unit=float(numbers["opex_change_yuan_per_unit"] or 0.0),
            lifetime_years=lifetime,
            lead_time_years=lead,
            max_penetration=penetration,
            group=group.strip() if isinstance(group, str) else None,
            requires=requires,
            **texts,
        )


def _cycles(requires: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """Each prerequisite cycle once, as the ids along it (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in requires.get(node, ()):
            if nxt not in requires:
                continue
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in requires:
        if node not in state:
            visit(node)
    return found


def parse_catalogue(data: Mapping[str, Any], *, file: str = "") -> Catalogue:
    """The catalogue in ``data`` (the YAML document), or InputError listing every problem."""
    check = _Checker(file)
    for key in data:
        if key not in ("sources", "technologies"):
            check.add(
                data,
                key,
                "planning.catalogue.unknown_key",
                technology="-",
                key=key,
                allowed="sources, technologies",
            )
    sources = check.sources(data.get("sources"))
    entries = data.get("technologies")
    if not isinstance(entries, Sequence) or isinstance(entries, str) or not entries:
        check.add(data, "technologies", "planning.catalogue.no_technologies")
        raise InputError(check.problems)
    technologies: list[Technology] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            check.add(entries, "", "planning.catalogue.not_mapping", technology=f"#{number}")
            continue
        raw_id = entry.get("id")
        tid = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else f"#{number}"
        if tid in seen:
            check.add(entry, "id", "planning.catalogue.duplicate", technology=tid)
            continue
        seen.add(tid)
        technology = check.technology(entry, tid, sources)
        if technology is not None:
            technologies.append(technology)
    requires = {t.id: t.requires for t in technologies}
    for technology in technologies:
        for needed in technology.requires:
            if needed not in seen:
                check.add(
                    entries,
                    "",
                    "planning.catalogue.unknown_requirement",
                    technology=technology.id,
                    requirement=needed,
                )
    for cycle in _cycles(requires):
        check.add(
            entries, "", "planning.catalogue.cycle", technology=cycle[0], cycle=" -> ".join(cycle)
        )
    if check.problems:
        raise InputError(check.problems)
    return Catalogue(technologies=tuple(technologies), sources=tuple(sources.values()))


def applicable(catalogue: Catalogue, industry_code: str) -> tuple[Technology, ...]:
    """The technologies for an enterprise of ``industry_code`` (GB/T 4754-2017, e.g. C2611):
    those for all industries and those whose section or division contains the code."""
    code = industry_code.strip().upper()
    if industry_problem(code) is not None:
        raise InputError(
            [Problem(message("planning.catalogue.industry_query", value=industry_code))]
        )
    return tuple(
        t
        for t in catalogue
        if ALL in t.industries or any(code.startswith(entry) for entry in t.industries)
    )


def to_measure(
    technology: Technology,
    *,
    capacity: float,
    end_use_energy_tce: float,
    share: float | None = None,
    end_use: str | None = None,
    measure_id: str | None = None,
    start_year: int | None = None,
) -> Measure:
    """The plan's measure for ``capacity`` units of ``technology`` on an end use that uses
    ``end_use_energy_tce`` a year.

    Capex and the change in operating cost scale with the capacity. The saving rate is the
    technology's rate times ``share``, the part of the end use's energy the capacity covers
    (its maximum penetration when not given); for an absolute saving it is the saving of the
    capacity over the end use's energy, refused above the maximum penetration. The earliest
    year is ``start_year`` plus the lead time; group and prerequisites are the technology's."""
    tid = technology.id
    problems: list[Problem] = []
    for field, value in (("capacity", capacity), ("end_use_energy_tce", end_use_energy_tce)):
        if not math.isfinite(value) or value <= 0:
            problems.append(
                Problem(
                    message("planning.catalogue.positive", technology=tid, field=field, value=value)
                )
            )
    if share is not None and not (math.isfinite(share) and 0.0 <= share <= 1.0):
        problems.append(
            Problem(message("planning.catalogue.share", technology=tid, field="share", value=share))
        )
    if problems:
        raise InputError(problems)
    if technology.saving_rate is not None:
        covered = technology.max_penetration if share is None else share
        rate = technology.saving_rate * covered
    else:
        assert technology.absolute_saving_tce_per_unit is not None
        covered = rate = technology.absolute_saving_tce_per_unit * capacity / end_use_energy_tce
    if covered > technology.max_penetration:
        raise InputError(
            [
                Problem(
                    message(
                        "planning.catalogue.over_penetration",
                        technology=tid,
                        share=round(covered, 4),
                        maximum=technology.max_penetration,
                    )
                )
            ]
        )
    return Measure(
        id=measure_id or tid,
        end_use=end_use or technology.end_use,
        saving_rate=rate,
        capex_yuan=technology.capex_yuan_per_unit * capacity,
        annual_opex_change_yuan=technology.opex_change_yuan_per_unit * capacity,
        lifetime_years=technology.lifetime_years,
        group=technology.group,
        requires=technology.requires,
        earliest_year=None if start_year is None else start_year + technology.lead_time_years,
    )
