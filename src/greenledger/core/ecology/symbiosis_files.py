"""Industrial symbiosis: what sites offer and need, read from files and checked.

An ``Offer`` is a waste, by-product, heat, cold or water a site gives away; a ``Need`` is what
a site's receiving process (``data/acceptance.yaml``) takes. ``read_offers`` and ``read_needs``
read CSV/XLSX files and refuse them whole with every problem (row and column): a waste code
of the wrong shape or class, a hazardous code the 2025 catalogue (as held here) does not list,
a heat offer colder than its own return temperature, an unknown process. Coordinates outside
the district's box (``data/district.yaml``) are flagged on the record, not refused.
The matcher is ``greenledger.core.ecology.symbiosis.match``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.ecology.codes import KINDS, check_code, load_acceptance, normalise_code
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.tabular import SOURCE_ROW, read_table

_DATA = Path(__file__).parent / "data"
DISTRICT_PATH = _DATA / "district.yaml"
UNITS = {"solid_waste": "t", "hazardous_waste": "t", "heat": "MWh", "cold": "MWh", "water": "m3"}
_COMMON = ("id", "site", "organisation", "park", "lat", "lon", "kind", "quantity")
OFFER_REQUIRED = (*_COMMON, "start_month", "end_month")
OFFER_OPTIONAL = (
    "code", "supply_temp_c", "return_temp_c", "medium", "capacity_mw", "profile",
    "quality_grade", "heat_pump_cop", "anonymous",
)  # fmt: skip
NEED_REQUIRED = (*_COMMON, "process", "start_month", "end_month")
NEED_OPTIONAL = (
    "min_temp_c", "max_temp_c", "quality_grade", "permit_codes", "profile", "anonymous",
)  # fmt: skip
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YES = {"yes", "y", "true", "1", "是"}
_NO = {"no", "n", "false", "0", "否", ""}


@dataclass(frozen=True, slots=True)
class District:
    name: str
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float
    source: str
    confirmed: bool

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


@lru_cache(maxsize=4)
def load_district(path: Path = DISTRICT_PATH) -> District:
    data = load_yaml(path)
    return District(
        str(data["name"]),
        float(data["lat_min"]),
        float(data["lat_max"]),
        float(data["lon_min"]),
        float(data["lon_max"]),
        str(data["source"]),
        data.get("confirmed") is True,
    )


@dataclass(frozen=True, slots=True)
class Offer:
    """What a site gives away, per year (t, MWh or m3 by kind) over a period of months."""

    id: str
    site: str
    organisation: str
    park: str
    lat: float
    lon: float
    kind: str  # one of KINDS
    quantity: float
    start_month: str  # YYYY-MM
    end_month: str
    code: str = ""  # waste code (normalised)
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    medium: str = ""
    capacity_mw: float | None = None
    profile: tuple[float, ...] | None = None  # 24 hourly or 12 monthly shares
    quality_grade: int | None = None  # water: 1 (cleanest) ... 5
    heat_pump_cop: float | None = None  # a stated COP for a lift from this source
    anonymous: bool = False
    flags: tuple[Message, ...] = field(default=())

    @property
    def unit(self) -> str:
        return UNITS[self.kind]


@dataclass(frozen=True, slots=True)
class Need:
    """What a site's receiving process takes, per year, over a period of months."""

    id: str
    site: str
    organisation: str
    park: str
    lat: float
    lon: float
    kind: str
    quantity: float
    start_month: str
    end_month: str
    process: str  # a key of data/acceptance.yaml
    min_temp_c: float | None = None  # heat: the sink's required temperature
    max_temp_c: float | None = None  # cold: the warmest cold the sink can use
    quality_grade: int | None = None  # water: the grade required or better
    permit_codes: frozenset[str] = frozenset()  # hazardous waste codes the receiver is licensed for
    profile: tuple[float, ...] | None = None
    anonymous: bool = False
    flags: tuple[Message, ...] = field(default=())

    @property
    def unit(self) -> str:
        return UNITS[self.kind]


def month_index(month: str) -> int:
    """YYYY-MM as a month count (year x 12 + month - 1); ValueError if malformed."""
    found = _MONTH.match(month.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(month)
    return int(found.group(1)) * 12 + int(found.group(2)) - 1


class _Rows:
    """Reads one row's cells, collecting every problem with its row and column."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.row = 0
        self.cells: dict[str, str] = {}

    def add(self, reason: Message, column: str | None) -> None:
        self.problems.append(Problem(reason, file=self.file, row=self.row, column=column))

    def text(self, column: str, *, required: bool = True) -> str:
        value = (self.cells.get(column) or "").strip()
        if required and not value:
            self.add(message("symbiosis.empty_cell", column=column), column)
        return value

    def number(self, column: str, *, required: bool = False, signed: bool = False) -> float | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            self.add(message("symbiosis.not_a_number", value=value), column)
            return None
        if not math.isfinite(number):
            self.add(message("symbiosis.not_a_number", value=value), column)
            return None
        if number < 0 and not signed:
            self.add(message("symbiosis.negative", value=value), column)
            return None
        return number

    def month(self, column: str) -> str:
        value = self.text(column)
        if value:
            try:
                index = month_index(value)
            except ValueError:
                self.add(message("symbiosis.bad_month", value=value), column)
                return ""
            return f"{index // 12:04d}-{index % 12 + 1:02d}"
        return ""

    def flag(self, column: str) -> bool:
        value = self.text(column, required=False).lower()
        if value in _YES:
            return True
        if value not in _NO:
            self.add(message("symbiosis.bad_flag", value=value), column)
        return False

    def profile(self, column: str) -> tuple[float, ...] | None:
        value = self.text(column, required=False)
        if not value:
            return None
        try:
            shares = tuple(float(x) for x in value.replace("；", ";").split(";"))
        except ValueError:
            shares = ()
        if len(shares) not in (12, 24) or any(s < 0 for s in shares) or sum(shares) <= 0:
            self.add(message("symbiosis.bad_profile", value=value), column)
            return None
        total = sum(shares)
        return tuple(s / total for s in shares)


def _frame(source: Path | str | pl.DataFrame, file: str | None) -> tuple[pl.DataFrame, str]:
    if isinstance(source, pl.DataFrame):
        return source.select(pl.all().cast(pl.String)), file or "table"
    path = Path(source)
    return read_table(path), file or path.name


def _read(
    source: Path | str | pl.DataFrame,
    file: str | None,
    required: tuple[str, ...],
    build: Callable[[_Rows], object],
) -> list[object]:
    raw, name = _frame(source, file)
    reader = _Rows(name)
    frame = raw.rename({c: c.strip().lower() for c in raw.columns})
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        reader.row = 1
        reader.add(message("symbiosis.missing_column", column=column), column)
    if not reader.problems:
        rows = frame.to_dicts()
        seen: set[str] = set()
        for position, cells in enumerate(rows):
            reader.row = int(cells.get(SOURCE_ROW) or position + 2)
            reader.cells = {k: "" if v is None else str(v) for k, v in cells.items()}
            ident = reader.text("id")
            if ident in seen:
                reader.add(message("symbiosis.duplicate_id", value=ident), "id")
            seen.add(ident)
            rows[position] = {"built": build(reader)}
        if not reader.problems:
            return [r["built"] for r in rows]
    raise InputError(
        reader.problems,
        headline=message("symbiosis.headline", count=len(reader.problems), file=name),
    )


def _common(r: _Rows) -> dict[str, Any] | None:
    kind = r.text("kind").lower()
    if kind and kind not in KINDS:
        r.add(message("symbiosis.unknown_kind", value=kind, allowed=", ".join(KINDS)), "kind")
    lat, lon = (
        r.number("lat", required=True, signed=True),
        r.number("lon", required=True, signed=True),
    )
    quantity = r.number("quantity", required=True)
    start, end = r.month("start_month"), r.month("end_month")
    if start and end and month_index(end) < month_index(start):
        r.add(message("symbiosis.period_reversed", start=start, end=end), "end_month")
    flags: list[Message] = []
    if lat is not None and lon is not None:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            r.add(message("symbiosis.bad_coordinates", lat=lat, lon=lon), "lat")
        else:
            district = load_district()
            if not district.contains(lat, lon):
                flags.append(
                    message(
                        "symbiosis.outside_district",
                        lat=lat,
                        lon=lon,
                        district=district.name,
                        lat_min=district.lat_min,
                        lat_max=district.lat_max,
                        lon_min=district.lon_min,
                        lon_max=district.lon_max,
                    )  # fmt: skip
                )
    values = {
        "id": r.text("id"), "site": r.text("site"), "organisation": r.text("organisation"),
        "park": r.text("park"), "lat": lat, "lon": lon, "kind": kind, "quantity": quantity,
        "start_month": start, "end_month": end, "profile": r.profile("profile"),
        "anonymous": r.flag("anonymous"), "flags": tuple(flags),
    }  # fmt: skip
    return values if kind in KINDS else None


def _offer(r: _Rows) -> Offer | None:
    before = len(r.problems)
    values = _common(r)
    code = r.text("code", required=False)
    supply, ret = r.number("supply_temp_c", signed=True), r.number("return_temp_c", signed=True)
    grade = r.number("quality_grade")
    cop = r.number("heat_pump_cop")
    if values is None:
        return None
    kind = values["kind"]
    if kind in ("solid_waste", "hazardous_waste"):
        if not code:
            r.add(message("symbiosis.code_needed", kind=kind), "code")
        else:
            try:
                info = check_code(code, row=r.row)
            except InputError as exc:
                r.problems.extend(
                    Problem(p.message, file=r.file, row=r.row, column="code") for p in exc.problems
                )
            else:
                code = info.code
                if info.hazardous and kind != "hazardous_waste":
                    r.add(message("symbiosis.not_hazardous", waste_code=code, kind=kind), "kind")
                if not info.hazardous and kind == "hazardous_waste":
                    r.add(message("symbiosis.unknown_hazardous_code", waste_code=code), "code")
    if kind in ("heat", "cold"):
        if supply is None:
            r.add(message("symbiosis.empty_cell", column="supply_temp_c"), "supply_temp_c")
        elif ret is not None and kind == "heat" and supply <= ret:
            r.add(message("symbiosis.heat_below_return", supply=supply, ret=ret), "supply_temp_c")
        elif ret is not None and kind == "cold" and supply >= ret:
            r.add(message("symbiosis.cold_above_return", supply=supply, ret=ret), "supply_temp_c")
    if kind == "water" and grade is None:
        r.add(message("symbiosis.empty_cell", column="quality_grade"), "quality_grade")
    if len(r.problems) > before:
        return None
    return Offer(
        **values,
        code=code,
        supply_temp_c=supply,
        return_temp_c=ret,
        medium=r.text("medium", required=False),
        capacity_mw=r.number("capacity_mw"),
        quality_grade=None if grade is None else int(grade),
        heat_pump_cop=cop,
    )


def _need(r: _Rows) -> Need | None:
    before = len(r.problems)
    values = _common(r)
    process = r.text("process")
    low, high = r.number("min_temp_c", signed=True), r.number("max_temp_c", signed=True)
    grade = r.number("quality_grade")
    permits = frozenset(
        normalise_code(c)
        for c in re.split(r"[;,，；\s]+", r.text("permit_codes", required=False))
        if c.strip()
    )
    if values is None:
        return None
    kind = str(values["kind"])
    rules = load_acceptance()
    if process and process not in rules:
        allowed = ", ".join(sorted(rules))
        r.add(message("symbiosis.unknown_process", value=process, allowed=allowed), "process")
    elif process and kind not in rules[process].kinds:
        r.add(message("symbiosis.process_kind", process=process, kind=kind), "process")
    if kind == "heat" and low is None:
        r.add(message("symbiosis.empty_cell", column="min_temp_c"), "min_temp_c")
    if kind == "cold" and high is None:
        r.add(message("symbiosis.empty_cell", column="max_temp_c"), "max_temp_c")
    if kind == "water" and grade is None:
        r.add(message("symbiosis.empty_cell", column="quality_grade"), "quality_grade")
    if len(r.problems) > before:
        return None
    return Need(
        **values,
        process=process,
        min_temp_c=low,
        max_temp_c=high,
        quality_grade=None if grade is None else int(grade),
        permit_codes=permits,
    )


def read_offers(source: Path | str | pl.DataFrame, *, file: str | None = None) -> tuple[Offer, ...]:
    """The offers of a CSV/XLSX file (or an all-text frame); InputError lists every problem."""
    return tuple(o for o in _read(source, file, OFFER_REQUIRED, _offer) if isinstance(o, Offer))


def read_needs(source: Path | str | pl.DataFrame, *, file: str | None = None) -> tuple[Need, ...]:
    """The needs of a CSV/XLSX file (or an all-text frame); InputError lists every problem."""
    return tuple(n for n in _read(source, file, NEED_REQUIRED, _need) if isinstance(n, Need))
