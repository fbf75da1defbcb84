"""Load and validate the factor library's data files.

Loading validates everything at once (headers, ids, duplicate keys, units, sources, references)
and reports every problem with its file and row, so a broken data file is fixed in one pass.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from greenledger.core.errors import FactorDataError, Problem, UnitError
from greenledger.core.factors.editions import GhgEditions, read_editions
from greenledger.core.factors.library import (
    ACTIVITY_COLUMNS,
    BLEND_COLUMNS,
    CATEGORIES,
    FACTOR_COLUMNS,
    NON_EMITTING,
    QUANTITIES,
    Activity,
    Factor,
    FactorLibrary,
    normalise_name,
)
from greenledger.core.units import parse_unit

# What a factor row must cite (column -> what it is), and what is never a source: the project's
# design notes live outside the package; a note says what was checked, not when.
PROVENANCE_COLUMNS = {
    "issuer": "issuer of the primary document",
    "source": "primary document (number and title)",
    "edition": "edition of the primary document",
    "clause": "table or clause of the primary document",
    "quality": "note of what was checked or what is known",
}
NOT_A_SOURCE = re.compile(
    r"DESIGN\.md|design notes?|shared/|project brief|research notes?|(?:this|last) session",
    re.IGNORECASE,
)


def default_data_dir() -> Path:
    return Path(str(resources.files("greenledger.core.factors") / "data"))


@lru_cache(maxsize=4)
def load_library(directory: str | None = None) -> FactorLibrary:
    """Load and validate the factor library (cached). FactorDataError lists every problem."""
    data_dir = Path(directory) if directory else default_data_dir()
    problems: list[Problem] = []
    manifest = _read_manifest(data_dir, problems)
    activities = _read_activities(data_dir, problems)
    blends = _read_blends(data_dir, problems)
    factors: list[Factor] = []
    for path in sorted(data_dir.glob("*.csv")):
        if path.name in {"activities.csv", "blends.csv"}:
            continue
        factors.extend(_read_factors(path, problems))
    _check_factors(factors, problems)
    editions = read_editions(manifest.get("ghg"), "factorset.toml", problems)
    _check_editions(editions, factors, problems)
    _check_references(activities, blends, factors, problems)
    if problems:
        raise FactorDataError(problems, headline=f"the factor library in {data_dir} is invalid")
    by_key: dict[tuple[str, str, str, str], list[Factor]] = defaultdict(list)
    for factor in factors:
        by_key[(factor.activity, factor.quantity, factor.gas, factor.technology)].append(factor)
    names: dict[str, str] = {}
    for activity in activities.values():
        for name in (activity.id, activity.name_zh, activity.name_en, *activity.aliases):
            if name:
                names[normalise_name(name)] = activity.id
    assert editions is not None  # a missing table is a problem above
    return FactorLibrary(
        version=str(manifest.get("version", "")),
        title=str(manifest.get("title", "")),
        ghg_editions=editions,
        factors=tuple(factors),
        activities=activities,
        blends=blends,
        _by_key={key: tuple(rows) for key, rows in by_key.items()},
        _by_id={f.id: f for f in factors},
        _names=names,
    )


def _read_manifest(data_dir: Path, problems: list[Problem]) -> dict[str, Any]:
    path = data_dir / "factorset.toml"
    try:
        with path.open("rb") as handle:
            manifest = tomllib.load(handle)
    except FileNotFoundError:
        problems.append(Problem("the factor-set manifest is missing", file=path.name))
        return {}
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(f"not valid TOML: {exc}", file=path.name))
        return {}
    if not manifest.get("version"):
        problems.append(Problem("the manifest has no version", file=path.name, column="version"))
    return manifest


def _check_editions(
    editions: GhgEditions | None, factors: list[Factor], problems: list[Problem]
) -> None:
    """Every GHG edition of the manifest has factor rows of that edition, and back."""
    if editions is None:
        return
    standard = editions.standard
    with_rows = {f.edition for f in factors if f.source.startswith(standard)}
    for edition in editions.editions:
        if edition.edition not in with_rows:
            problems.append(
                Problem(
                    f"{standard} edition {edition.edition} has no factor rows",
                    file="factorset.toml",
                )
            )
    listed = {e.edition for e in editions.editions}
    for f in factors:
        if f.source.startswith(standard) and f.edition not in listed:
            problems.append(
                Problem(
                    f"edition {f.edition!r} of {standard} is not listed in factorset.toml [ghg]",
                    file=f.file,
                    row=f.row,
                    column="edition",
                )
            )


def _rows(
    path: Path, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != columns:
            problems.append(
                Problem(
                    f"the header must be {','.join(columns)} (found {','.join(header)})",
                    file=path.name,
                    row=1,
                )
            )
            return
        for number, record in enumerate(reader, start=2):
            if None in record:
                problems.append(
                    Problem("the row has more fields than the header", file=path.name, row=number)
                )
                continue
            yield number, {key: (value or "").strip() for key, value in record.items()}


def _read_activities(data_dir: Path, problems: list[Problem]) -> dict[str, Activity]:
    path = data_dir / "activities.csv"
    activities: dict[str, Activity] = {}
    if not path.exists():
        problems.append(Problem("the activity catalogue is missing", file=path.name))
        return activities
    seen_names: dict[str, tuple[str, int]] = {}
    for number, rec in _rows(path, ACTIVITY_COLUMNS, problems):
        if not rec["id"]:
            problems.append(Problem("the id is empty", column="id", file=path.name, row=number))
            continue
        if rec["id"] in activities:
            problems.append(
                Problem(
                    f"duplicate activity id {rec['id']!r}", column="id", file=path.name, row=number
                )
            )
            continue
        if rec["category"] not in CATEGORIES:
            problems.append(
                Problem(
                    f"unknown category {rec['category']!r}; one of {', '.join(sorted(CATEGORIES))}",
                    column="category",
                    file=path.name,
                    row=number,
                )
            )
        if rec["canonical_unit"]:
            try:
                parse_unit(rec["canonical_unit"])
            except UnitError as exc:
                problems.append(
                    Problem(str(exc), column="canonical_unit", file=path.name, row=number)
                )
        elif rec["category"] != "product_output":
            problems.append(
                Problem(
                    "the canonical unit is empty",
                    column="canonical_unit",
                    file=path.name,
                    row=number,
                )
            )
        aliases = tuple(a.strip() for a in rec["aliases"].split("|") if a.strip())
        for name in (rec["id"], rec["name_zh"], rec["name_en"], *aliases):
            if not name:
                continue
            key = normalise_name(name)
            owner = seen_names.get(key)
            if owner and owner[0] != rec["id"]:
                problems.append(
                    Problem(
                        f"the name {name!r} already names activity {owner[0]!r} (row {owner[1]})",
                        column="aliases",
                        file=path.name,
                        row=number,
                    )
                )
            seen_names[key] = (rec["id"], number)
        activities[rec["id"]] = Activity(
            id=rec["id"],
            category=rec["category"],
            canonical_unit=rec["canonical_unit"],
            factor_activity=rec["factor_activity"] or rec["id"],
            name_zh=rec["name_zh"],
            name_en=rec["name_en"],
            aliases=aliases,
        )
    return activities


def _read_blends(
    data_dir: Path, problems: list[Problem]
) -> dict[str, tuple[tuple[str, float], ...]]:
    path = data_dir / "blends.csv"
    blends: dict[str, list[tuple[str, float]]] = defaultdict(list)
    if not path.exists():
        return {}
    for number, rec in _rows(path, BLEND_COLUMNS, problems):
        try:
            fraction = float(rec["mass_fraction"])
        except ValueError:
            problems.append(
                Problem(
                    "the mass fraction is not a number",
                    file=path.name,
                    row=number,
                    column="mass_fraction",
                )
            )
            continue
        if not rec["source"]:
            problems.append(
                Problem("the row names no source", file=path.name, row=number, column="source")
            )
        blends[rec["blend"]].append((rec["component"], fraction))
    for blend, parts in blends.items():
        total = sum(fraction for _, fraction in parts)
        if abs(total - 1.0) > 1e-6:
            problems.append(
                Problem(
                    f"the mass fractions of blend {blend} sum to {total:g}, not 1", file=path.name
                )
            )
    return {blend: tuple(parts) for blend, parts in blends.items()}


def _read_factors(path: Path, problems: list[Problem]) -> Iterable[Factor]:
    for number, rec in _rows(path, FACTOR_COLUMNS, problems):
        bad = False
        for required in ("id", "activity", "quantity", "value", "unit"):
            if not rec[required]:
                problems.append(
                    Problem(f"the {required} is empty", column=required, file=path.name, row=number)
                )
                bad = True
        if rec["quantity"] and rec["quantity"] not in QUANTITIES:
            problems.append(
                Problem(
                    f"unknown quantity {rec['quantity']!r}; one of {', '.join(sorted(QUANTITIES))}",
                    column="quantity",
                    file=path.name,
                    row=number,
                )
            )
            bad = True
        try:
            value = float(rec["value"])
        except ValueError:
            problems.append(
                Problem(
                    f"the value {rec['value']!r} is not a number",
                    column="value",
                    file=path.name,
                    row=number,
                )
            )
            bad = True
        year: int | None = None
        if rec["year"]:
            try:
                year = int(rec["year"])
            except ValueError:
                problems.append(
                    Problem(
                        f"the year {rec['year']!r} is not a year",
                        column="year",
                        file=path.name,
                        row=number,
                    )
                )
                bad = True
        if rec["unit"]:
            try:
                parse_unit(rec["unit"])
            except UnitError as exc:
                problems.append(Problem(str(exc), column="unit", file=path.name, row=number))
                bad = True
        confirmed = _provenance_problems(rec, path.name, number, problems)
        if bad or confirmed is None:
            continue
        yield Factor(
            id=rec["id"],
            activity=rec["activity"],
            quantity=rec["quantity"],
            gas=rec["gas"],
            technology=rec["technology"],
            region=rec["region"],
            year=year,
            value=value,
            unit=rec["unit"],
            source=rec["source"],
            edition=rec["edition"],
            clause=rec["clause"],
            quality=rec["quality"],
            file=path.name,
            row=number,
            issuer=rec["issuer"],
            confirmed=confirmed,
        )


def _provenance_problems(
    rec: dict[str, str], file: str, row: int, problems: list[Problem]
) -> bool | None:
    """Whether the row is confirmed (None when its provenance is refused). A row cites its
    primary document: issuer, document (number and title), edition and table or clause; it is
    `confirmed` only when checked against that document, and its quality note says what was
    checked or what is known. The project's own notes are not a source."""
    before = len(problems)
    for column, what in PROVENANCE_COLUMNS.items():
        if not rec[column]:
            problems.append(Problem(f"the row cites no {what}", file=file, row=row, column=column))
    for column in PROVENANCE_COLUMNS:
        found = NOT_A_SOURCE.search(rec[column])
        if found:
            problems.append(
                Problem(
                    f"{found.group(0)!r} is not a source: cite the primary document "
                    "(issuer, document, edition, table or clause) and say what was checked",
                    file=file,
                    row=row,
                    column=column,
                )
            )
    confirmed = {"true": True, "false": False}.get(rec["confirmed"])
    if confirmed is None:
        problems.append(
            Problem(
                f"confirmed must be true or false (found {rec['confirmed']!r})",
                file=file,
                row=row,
                column="confirmed",
            )
        )
    return confirmed if len(problems) == before else None


def _check_factors(factors: list[Factor], problems: list[Problem]) -> None:
    ids: dict[str, Factor] = {}
    keys: dict[tuple[str, ...], Factor] = {}
    for f in factors:
        if f.id in ids:
            first = ids[f.id]
            problems.append(
                Problem(
                    f"duplicate id {f.id!r} (first in {first.file} row {first.row})",
                    file=f.file,
                    row=f.row,
                    column="id",
                )
            )
        ids.setdefault(f.id, f)
        key = (
            f.activity,
            f.quantity,
            f.gas,
            f.technology,
            f.region,
            str(f.year),
            f.source,
            f.edition,
        )
        if key in keys:
            first = keys[key]
            problems.append(
                Problem(
                    f"duplicate factor: same activity, quantity, gas, technology, region, year and "
                    f"source as {first.id} ({first.file} row {first.row})",
                    file=f.file,
                    row=f.row,
                )
            )
        keys.setdefault(key, f)


def _check_references(
    activities: dict[str, Activity],
    blends: dict[str, tuple[tuple[str, float], ...]],
    factors: list[Factor],
    problems: list[Problem],
) -> None:
    with_rows = {f.activity for f in factors}
    for activity in activities.values():
        if activity.category in NON_EMITTING:
            continue
        target = activity.factor_activity
        if activity.category == "fugitive" and target in blends:
            missing = [c for c, _ in blends[target] if c not in with_rows]
            if missing:
                problems.append(
                    Problem(
                        f"blend {target} has components without a GWP: {', '.join(missing)}",
                        file="blends.csv",
                    )
                )
            continue
        if target not in with_rows:
            problems.append(
                Problem(
                    f"activity {activity.id!r} refers to {target!r}, which has no factor rows",
                    file="activities.csv",
                    column="factor_activity",
                )
            )
