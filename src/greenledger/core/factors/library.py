"""The factor library's records and query API.

The library is data: CSV files shipped in ``data/`` (see its README.md for the schema), loaded
and validated by ``loader``. Queries follow the documented preference order:
requested region, then national, then region-free; requested year, then the latest earlier year,
then year-free, then the earliest later year; first-listed source first.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from greenledger.core.errors import FactorNotFound
from greenledger.core.factors.editions import GhgEditions
from greenledger.core.units import conversion_factor

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
    "issuer",
    "source",
    "edition",
    "clause",
    "confirmed",
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
    source: str  # the primary document: number and title
    edition: str
    clause: str
    quality: str  # what the value was checked against, or what is known of it
    file: str
    row: int
    issuer: str = ""
    confirmed: bool = False  # checked against the primary document itself

    def value_in(self, unit: str) -> float:
        """The value converted to ``unit`` (UnitError if the dimensions differ)."""
        return self.value * conversion_factor(self.unit, unit)

    def citation(self) -> str:
        """Issuer, document, edition and clause: '<issuer>: <document>, <edition>, <clause>'."""
        parts = [self.source, self.edition, self.clause]
        text = ", ".join(p for p in parts if p)
        return f"{self.issuer}: {text}" if self.issuer else text

    @property
    def status(self) -> str:
        return "confirmed" if self.confirmed else "unconfirmed"


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
    ghg_editions: GhgEditions
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

    def ghg_editions_used(self, factor_ids: Iterable[str]) -> tuple[str, ...]:
        """The GB/T 32150 editions whose rows are among `factor_ids`, sorted."""
        standard = self.ghg_editions.standard
        used = {self._by_id[i].edition for i in factor_ids if i in self._by_id}
        rows = {f.edition for f in self.factors if f.source.startswith(standard)}
        return tuple(sorted(used & rows))

    def has_rows_of(self, activity: str, quantity: str, source_prefix: str) -> bool:
        """Whether any row of `activity` and `quantity` comes from a document whose citation
        starts with `source_prefix` (e.g. "GB/T 32150")."""
        return any(
            f.source.startswith(source_prefix)
            for (fuel, q, _, _), rows in self._by_key.items()
            if fuel == activity and q == quantity
            for f in rows
        )

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
