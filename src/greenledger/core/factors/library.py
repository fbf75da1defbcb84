"""Load, validate and query the factor library.

The library is data: CSV files shipped in ``data/`` (see its README.md for the schema). Loading
validates everything at once (headers, ids, duplicate keys, units, sources, references) and
reports every problem with its file and row. Queries follow the documented preference order:
requested region, then national, then region-free; requested year, then the latest earlier year,
then year-free, then the earliest later year; first-listed source first.
"""

from __future__ import annotations

import csv
import difflib
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from greenledger.core.errors import FactorDataError, FactorNotFound, Problem, UnitError
from greenledger.core.units import conversion_factor, parse_unit

FACTOR_COLUMNS = (
    "id",
    "activity",
    "quantity",
    "gas",
    "technology",
    "region",
    "year",
    "value",
    "unit",
    "source",
    "edition",
    "clause",
    "quality",
)
ACTIVITY_COLUMNS = (
    "id",
    "category",
    "canonical_unit",
    "factor_activity",
    "name_zh",
    "name_en",
    "aliases",
)
BLEND_COLUMNS = ("blend", "component", "mass_fraction", "source", "clause")

QUANTITIES = frozenset(
    {
        "coal_equivalent",
        "coal_equivalent_generation",
        "ncv",
        "carbon_content",
        "oxidation_rate",
        "ef",
        "ef_residual",
        "ef_reporting",
        "so2_sulfur_coefficient",
        "sulfur_content",
        "gwp",
    }
)
CATEGORIES = frozenset(
    {
        "stationary_combustion",
        "mobile_combustion",
        "biomass_combustion",
        "purchased_electricity",
        "purchased_heat",
        "exported_electricity",
        "exported_heat",
        "process",
        "fugitive",
        "output_value",
        "product_output",
    }
)
# Categories whose quantities are not accounted for energy or emissions.
NON_EMITTING = frozenset({"output_value", "product_output"})
NATIONAL = "CN"


@dataclass(frozen=True, slots=True)
class Factor:
    id: str
    activity: str
    quantity: str
    gas: str
    technology: str
    region: str
    year: int | None
    value: float
    unit: str
    source: str
    edition: str
    clause: str
    quality: str
    file: str
    row: int

    def value_in(self, unit: str) -> float:
        """The value converted to ``unit`` (UnitError if the dimensions differ)."""
        return self.value * conversion_factor(self.unit, unit)

    def citation(self) -> str:
        parts = [self.source, self.edition, self.clause]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    category: str
    canonical_unit: str
    factor_activity: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # one loaded library is one object: hashed by identity
class FactorLibrary:
    version: str
    title: str
    factors: tuple[Factor, ...]
    activities: dict[str, Activity]
    blends: dict[str, tuple[tuple[str, float], ...]]
    _by_key: dict[tuple[str, str, str, str], tuple[Factor, ...]] = field(repr=False)
    _by_id: dict[str, Factor] = field(repr=False)
    _names: dict[str, str] = field(repr=False)

    # -- activities ---------------------------------------------------------------------------
    def activity(self, name: str) -> Activity | None:
        """The activity a name refers to: its id or any alias, ignoring case and width."""
        found = self._names.get(normalise_name(name))
        return self.activities[found] if found else None

    def suggest_activities(self, name: str, limit: int = 3) -> list[str]:
        """The closest activity ids to a name nobody knows, for 'did you mean' messages."""
        key = normalise_name(name)
        matches = difflib.get_close_matches(key, self._names.keys(), n=limit * 3, cutoff=0.5)
        ids: list[str] = []
        for match in matches:
            activity_id = self._names[match]
            if activity_id not in ids:
                ids.append(activity_id)
        return ids[:limit]

    def alias_table(self) -> dict[str, str]:
        """Normalised name -> activity id, for vectorised resolution."""
        return dict(self._names)

    # -- factors ------------------------------------------------------------------------------
    def by_id(self, factor_id: str) -> Factor:
        try:
            return self._by_id[factor_id]
        except KeyError:
            raise FactorNotFound(f"no factor with id {factor_id!r}") from None

    def find(
        self,
        activity: str,
        quantity: str,
        *,
        gas: str = "",
        technology: str = "",
        region: str = NATIONAL,
        year: int | None = None,
        edition: str | None = None,
    ) -> Factor:
        found = self.find_optional(
            activity,
            quantity,
            gas=gas,
            technology=technology,
            region=region,
            year=year,
            edition=edition,
        )
        if found is None:
            what = f"{quantity} of {activity}" + (f" ({gas})" if gas else "")
            extras = [f"region {region}"]
            if year is not None:
                extras.append(f"year {year}")
            if technology:
                extras.append(f"technology {technology}")
            if edition:
                extras.append(f"edition {edition}")
            raise FactorNotFound(f"the factor library has no {what} for {', '.join(extras)}")
        return found

    def find_optional(
        self,
        activity: str,
        quantity: str,
        *,
        gas: str = "",
        technology: str = "",
        region: str = NATIONAL,
        year: int | None = None,
        edition: str | None = None,
    ) -> Factor | None:
        candidates = self._by_key.get((activity, quantity, gas, technology), ())
        if edition is not None:
            candidates = tuple(f for f in candidates if f.edition == edition)
        if not candidates:
            return None
        for wanted_region in _region_preference(region):
            in_region = [f for f in candidates if f.region == wanted_region]
            if in_region:
                return _pick_year(in_region, year)
        return None

    def gwp(self, gas: str, gwp_set: str) -> tuple[float, tuple[str, ...]]:
        """GWP of a gas or a refrigerant blend in a GWP set, with the factor ids it came from."""
        if gas in self.blends:
            total = 0.0
            ids: list[str] = []
            for component, fraction in self.blends[gas]:
                value, component_ids = self.gwp(component, gwp_set)
                total += fraction * value
                ids.extend(component_ids)
            return total, tuple(ids)
        factor = self.find(gas, "gwp", region="", edition=gwp_set)
        return factor.value_in("dimensionless"), (factor.id,)

    def gwp_sets(self) -> tuple[str, ...]:
        return tuple(sorted({f.edition for f in self.factors if f.quantity == "gwp"}))


def _region_preference(region: str) -> tuple[str, ...]:
    order = [region, NATIONAL, ""]
    return tuple(dict.fromkeys(order))


def _pick_year(rows: list[Factor], year: int | None) -> Factor:
    dated = [f for f in rows if f.year is not None]
    undated = [f for f in rows if f.year is None]
    if year is None:
        if dated:
            latest = max(f.year for f in dated if f.year is not None)
            return next(f for f in dated if f.year == latest)
        return undated[0]
    exact = [f for f in dated if f.year == year]
    if exact:
        return exact[0]
    earlier = [f for f in dated if f.year is not None and f.year < year]
    if earlier:
        latest = max(f.year for f in earlier if f.year is not None)
        return next(f for f in earlier if f.year == latest)
    if undated:
        return undated[0]
    earliest = min(f.year for f in dated if f.year is not None)
    return next(f for f in dated if f.year == earliest)


def normalise_name(name: str) -> str:
    """Fold width, case and separators: 'Raw Coal' and 'raw-coal' name the same activity."""
    folded = unicodedata.normalize("NFKC", name).strip().lower()
    return folded.replace("-", "_").replace(" ", "_")


# -- loading ----------------------------------------------------------------------------------


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
    return FactorLibrary(
        version=manifest.get("version", ""),
        title=manifest.get("title", ""),
        factors=tuple(factors),
        activities=activities,
        blends=blends,
        _by_key={key: tuple(rows) for key, rows in by_key.items()},
        _by_id={f.id: f for f in factors},
        _names=names,
    )


def _read_manifest(data_dir: Path, problems: list[Problem]) -> dict[str, str]:
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
    return {key: str(value) for key, value in manifest.items()}


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
        for required in ("id", "activity", "quantity", "value", "unit", "source"):
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
        if bad:
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
        )


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
