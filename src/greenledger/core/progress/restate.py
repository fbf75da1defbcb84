"""Restatement: stored per-line results recomputed under another accounting context.

The GHG Protocol Corporate Standard (2004, chapter 5) recalculates base-year and earlier
emissions when the methods or emission factors change, so that a trend compares like with like.
Here a reporting year's verified lines (the per-line results the batch engine stored, which hold
the input columns beside the figures) are recomputed with the same engine under a newer basis;
the verified figures themselves are never changed.

``restatement_bases(library)`` lists what the library can restate a year with, each basis with
the accounting context it applies and the factor rows it rests on (issuer, document, edition,
clause, confirmed or not):

- ``electricity-<year>``: the factors of the newest year of the electricity series (e.g. the
  2023 national average grid factor for a 2021 inventory); every dated factor takes that year;
- ``gbt32150-<edition>``: the newest GB/T 32150 edition's fuel defaults (NCV, carbon content,
  oxidation rate) for every year;
- ``gwp-<set>``: the newest IPCC GWP set;
- ``newest``: the three together.

``restate_lines(lines, library, context)`` drops the stored figure columns and recomputes them
with ``batch.compute_batch``; any other column (an enterprise key, a version id) is kept.

``combine_alike(lines)`` sums the quantities of lines that agree on every other input column
(same enterprise, activity, instrument, technology, year, removal efficiency, sulfur content,
...): every figure of a line is its quantity times coefficients fixed by those columns, so the
figures of the combined lines add up to those of the lines (to float rounding), from far fewer
rows. A district restates a year's 3.6 million lines per enterprise this way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from greenledger.core.batch import BatchResult, compute_batch
from greenledger.core.context import ELECTRICITY_SERIES, AccountingContext
from greenledger.core.errors import GreenLedgerError
from greenledger.core.factors.library import NATIONAL, Factor, FactorLibrary
from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.core.model import LINE_FIGURES

__all__ = [
    "BasisSource",
    "RestatementBasis",
    "combine_alike",
    "computed_columns",
    "restate_lines",
    "restatement_basis",
    "restatement_bases",
]

# Columns compute_batch adds to the input lines; a restatement recomputes all of them.
_COMPUTED = ("category", "lineage_key", *LINE_FIGURES)
# The factor library's electricity activity and the GHG standard whose editions it carries.
ELECTRICITY = "electricity"


@dataclass(frozen=True, slots=True)
class BasisSource:
    """One factor row (or one group of rows of one document) a basis rests on."""

    factor_id: str  # the first row's id; ``rows`` counts the rows of the same document
    what: str  # "<quantity> of <activity>" of that row, or "<n> rows" of the document
    value: float | None  # the row's value when the source is one row
    unit: str
    year: int | None
    citation: str  # issuer: document, edition, clause
    confirmed: bool
    rows: int = 1


@dataclass(frozen=True, slots=True)
class RestatementBasis:
    """What a year can be restated with, and the context that applies it."""

    key: str  # stable identifier: "electricity-2023", "gbt32150-2025", "gwp-ar6", "newest"
    kind: str  # "electricity" | "ghg_edition" | "gwp" | "newest"
    value: str  # the year, the edition or the GWP set ("" for "newest")
    context: AccountingContext
    sources: tuple[BasisSource, ...]

    def describe(self) -> str:
        """In English, for the CLI and the audit ledger."""
        if self.kind == "electricity":
            return f"factors of {self.value} (newest {ELECTRICITY} factor year in the library)"
        if self.kind == "ghg_edition":
            return f"GB/T 32150-{self.value} fuel defaults"
        if self.kind == "gwp":
            return f"{self.value} global warming potentials"
        return f"newest basis: {self.context.describe()}"

    @property
    def unconfirmed(self) -> int:
        """How many of the rows it rests on were not checked against their document."""
        return sum(s.rows for s in self.sources if not s.confirmed)


def computed_columns(lines: pl.DataFrame) -> list[str]:
    """The figure columns of stored per-line results (dropped before recomputing)."""
    return [name for name in _COMPUTED if name in lines.columns]


def restate_lines(
    lines: pl.DataFrame, library: FactorLibrary, context: AccountingContext
) -> BatchResult:
    """Recompute stored per-line results under ``context``.

    ``lines``: the batch engine's per-line results (the canonical input columns, ``category``,
    ``lineage_key`` and every LINE_FIGURES column) or bare canonical lines. Columns beyond those
    are carried through unchanged. ``GreenLedgerError`` names any missing input column."""
    missing = [name for name in CANONICAL_SCHEMA if name not in lines.columns]
    if missing:
        raise GreenLedgerError(
            "the lines to restate lack the input column(s) " + ", ".join(missing)
        )
    inputs = lines.drop(computed_columns(lines)).with_columns(
        pl.col(name).cast(dtype) for name, dtype in CANONICAL_SCHEMA.items()
    )
    return compute_batch(inputs, library, context)


def combine_alike(lines: pl.DataFrame) -> pl.DataFrame:
    """Lines that differ only in quantity and source row, as one line each (quantities summed,
    the first row kept). The stored figure columns are dropped; other columns are keys too."""
    inputs = lines.drop(computed_columns(lines))
    keys = [name for name in inputs.columns if name not in ("quantity", "row")]
    return (
        inputs.group_by(keys, maintain_order=True)
        .agg(pl.col("quantity").sum(), *([pl.col("row").min()] if "row" in inputs.columns else []))
        .select(inputs.columns)
    )


def restatement_bases(
    library: FactorLibrary, *, base: AccountingContext | None = None
) -> tuple[RestatementBasis, ...]:
    """The bases the library offers, each applied on top of ``base`` (the verified inventories'
    context: national region, each line's own year, AR5, average electricity series)."""
    base = base or AccountingContext()
    bases: list[RestatementBasis] = []
    year = newest_electricity_year(library, base)
    if year is not None:
        bases.append(
            RestatementBasis(
                key=f"electricity-{year}",
                kind="electricity",
                value=str(year),
                context=replace(base, year=year),
                sources=_dated_sources(library, base.region, year),
            )
        )
    edition = library.ghg_editions.editions[-1] if library.ghg_editions.editions else None
    if edition is not None:
        rows = [
            f
            for f in library.factors
            if f.edition == edition.edition and f.source.startswith(library.ghg_editions.standard)
        ]
        bases.append(
            RestatementBasis(
                key=f"gbt32150-{edition.edition}",
                kind="ghg_edition",
                value=edition.edition,
                context=replace(base, ghg_edition=edition.edition),
                sources=_grouped_sources(rows),
            )
        )
    gwp_sets = library.gwp_sets()
    if gwp_sets:
        newest = _newest_gwp_set(gwp_sets)
        rows = [f for f in library.factors if f.quantity == "gwp" and f.edition == newest]
        bases.append(
            RestatementBasis(
                key=f"gwp-{newest.lower()}",
                kind="gwp",
                value=newest,
                context=replace(base, gwp=newest),
                sources=_grouped_sources(rows),
            )
        )
    if len(bases) > 1:
        context = base
        for basis in bases:
            if basis.kind == "electricity":
                context = replace(context, year=basis.context.year)
            elif basis.kind == "ghg_edition":
                context = replace(context, ghg_edition=basis.context.ghg_edition)
            else:
                context = replace(context, gwp=basis.context.gwp)
        sources = tuple(s for basis in bases for s in basis.sources)
        bases.append(
            RestatementBasis(
                key="newest", kind="newest", value="", context=context, sources=sources
            )
        )
    return tuple(bases)


def restatement_basis(
    library: FactorLibrary, key: str, *, base: AccountingContext | None = None
) -> RestatementBasis | None:
    """The basis named ``key`` (None when the library offers no such basis)."""
    return next((b for b in restatement_bases(library, base=base) if b.key == key), None)


def newest_electricity_year(library: FactorLibrary, base: AccountingContext) -> int | None:
    """The newest year of the grid factor series ``base`` uses, in its region or nationally."""
    quantity = ELECTRICITY_SERIES.get(base.electricity_series, "ef")
    regions = {base.region, NATIONAL}
    years = [
        f.year
        for f in library.factors
        if f.activity == ELECTRICITY
        and f.quantity == quantity
        and f.region in regions
        and f.year is not None
    ]
    return max(years) if years else None


def _dated_sources(library: FactorLibrary, region: str, year: int) -> tuple[BasisSource, ...]:
    """Every factor row dated ``year`` that the region's lookups can reach (its own rows and
    the national ones), electricity first."""
    regions = {region, NATIONAL}
    rows = [f for f in library.factors if f.year == year and f.region in regions]
    rows.sort(key=lambda f: (f.activity != ELECTRICITY, f.activity, f.quantity, f.id))
    return tuple(_row_source(f) for f in rows)


def _row_source(factor: Factor) -> BasisSource:
    return BasisSource(
        factor_id=factor.id,
        what=f"{factor.quantity} of {factor.activity}",
        value=factor.value,
        unit=factor.unit,
        year=factor.year,
        citation=factor.citation(),
        confirmed=factor.confirmed,
    )


def _grouped_sources(rows: list[Factor]) -> tuple[BasisSource, ...]:
    """Rows of one document, edition and clause grouped into one source with a row count;
    confirmed and unconfirmed rows apart."""
    groups: dict[tuple[str, bool], list[Factor]] = {}
    for factor in rows:
        groups.setdefault((factor.citation(), factor.confirmed), []).append(factor)
    return tuple(
        BasisSource(
            factor_id=members[0].id,
            what=f"{len(members)} rows",
            value=None,
            unit="",
            year=None,
            citation=citation,
            confirmed=confirmed,
            rows=len(members),
        )
        for (citation, confirmed), members in groups.items()
    )


def _newest_gwp_set(sets: tuple[str, ...]) -> str:
    """AR4 < AR5 < AR6 by report number (text order would put AR10 before AR4)."""

    def number(name: str) -> tuple[int, str]:
        digits = "".join(ch for ch in name if ch.isdigit())
        return (int(digits) if digits else -1, name)

    return max(sets, key=number)
