"""Restating a year: every verified enterprise-year of the year recomputed under a newer basis.

``restatement_run`` reads the per-line results of the verified versions behind the year's
verified facts (one Parquet per version, scanned in one go), recomputes them all at once with
the core batch engine (``core.progress.restate``), sums them per enterprise with the core
``fact_frames`` and stores one ``Restatement`` with a ``RestatedFact`` per enterprise, bulk.
It never touches ``EnterpriseYearFact`` rows, versions or their inventories: a restatement sits
beside the verified figures (the GHG Protocol's base-year recalculation, for like-for-like
trends).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.context import AccountingContext
from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.core.progress.accounts import fact_frames
from greenledger.core.progress.restate import (
    RestatementBasis,
    restate_lines,
    restatement_bases,
    restatement_basis,
)
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.district.models import (
    FACT_FIGURES,
    EnterpriseYearFact,
    FactBasis,
    RestatedFact,
    Restatement,
)
from greenledger.web.reporting.models import InventoryResult, SubmissionVersion
from greenledger.web.reporting.services._common import library, now, require
from greenledger.web.reporting.services.inventory import version_frame

BATCH_ROWS = 2_000
TOTALLED = ("output_value_wan_yuan", *FACT_FIGURES)
_ORGANISATION = "_organisation_id"
_PATH = "_lines_path"


def verified_base() -> AccountingContext:
    """The context verified inventories are accounted under, less the year (each line's own
    reporting year): ``reporting.services.inventory.accounting_context``."""
    return AccountingContext.from_names(region="national")


def available_bases() -> tuple[RestatementBasis, ...]:
    return restatement_bases(library(), base=verified_base())


@transaction.atomic
def restatement_run(*, actor: Any, year: int, basis: str) -> Restatement:
    """Restate ``year`` under ``basis`` (a key of ``available_bases()``); the staff only.

    ValidationError names ``year`` (no verified facts) or ``basis`` (unknown) with the reason."""
    require(
        permissions.can_manage_district_accounts(actor),
        _("Only the district administrator and the secretariat restate a year."),
    )
    chosen = restatement_basis(library(), str(basis or ""), base=verified_base())
    facts = list(
        EnterpriseYearFact.objects.filter(
            year=year, basis=FactBasis.VERIFIED, version__isnull=False
        )
        .order_by("organisation_id")
        .values("organisation_id", "version_id", *TOTALLED)
    )
    errors: dict[str, list[str]] = {}
    if chosen is None:
        choices = ", ".join(b.key for b in available_bases())
        errors["basis"] = [
            _("There is no basis “%(basis)s” to restate with; choose one of: %(choices)s.")
            % {"basis": basis, "choices": choices}
        ]
    if not facts:
        errors["year"] = [
            _("%(year)s has no verified enterprise figures: there is nothing to restate.")
            % {"year": year}
        ]
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    lines = verified_lines(facts, year)
    result = restate_lines(lines, library(), chosen.context)
    restated = result.lines.with_columns(
        pl.col(_ORGANISATION).cast(pl.String).alias("enterprise"),
        pl.lit(year, dtype=pl.Int32).alias("year"),
    )
    frames = fact_frames(restated)
    context = {"basis": chosen.key, **dataclasses.asdict(chosen.context)}
    moment = now()
    restatement = Restatement.objects.create(
        year=year,
        label=f"{year}: {chosen.describe()}"[:200],
        context=context,
        factor_set_version=result.factor_set_version,
        method_version=result.method_version,
        enterprise_count=len(facts),
        line_count=result.lines.height,
        totals={},
        created_by=actor,
        created_at=moment,
    )
    versions = {row["organisation_id"]: row["version_id"] for row in facts}
    rows = _restated_rows(restatement, frames.enterprise_years, frames.energy, versions, context)
    totals = {"restated": _zero_totals(), "verified": _sums(facts)}
    for batch in _batches(rows, totals["restated"]):
        RestatedFact.objects.bulk_create(batch, batch_size=BATCH_ROWS)
    restatement.totals = totals
    restatement.save(update_fields=["totals"])
    audit_append(
        actor=actor,
        action="district.restatement.run",
        obj=restatement,
        after={
            "year": year,
            "basis": chosen.key,
            "context": context,
            "factor_set_version": restatement.factor_set_version,
            "enterprises": restatement.enterprise_count,
            "lines": restatement.line_count,
            "gbt32150_co2e_t": {
                "verified": totals["verified"]["gbt32150_co2e_t"],
                "restated": totals["restated"]["gbt32150_co2e_t"],
            },
        },
    )
    return restatement


# -- reading the verified lines -----------------------------------------------------------------


def verified_lines(facts: list[dict[str, Any]], year: int) -> pl.DataFrame:
    """The input columns of the per-line results of every fact's verified version, in one
    frame, with the organisation's id (``_organisation_id``).

    Every file is scanned in one go, only the input columns and the year's lines. A file that
    holds one version's lines is matched by its path; a file shared by several enterprise-years
    (a batch load) by the path and the enterprise's name as well. A version whose file is
    missing or fails its checksum is read from its stored activity records instead (the records
    are the source; nothing is rewritten)."""
    sources = _sources(facts)
    intact = {
        path: _intact(path, digest)
        for path, digest in sources.select("path", "sha256").unique("path").iter_rows()
    }
    good = sources.filter(pl.col("path").replace_strict(intact, return_dtype=pl.Boolean))
    frames = [_scan(good, year)] if good.height else []
    for version_id, organisation in (
        sources.filter(~pl.col("path").replace_strict(intact, return_dtype=pl.Boolean))
        .select("version_id", "organisation_id")
        .iter_rows()
    ):
        frames.append(_from_records(version_id, organisation))
    found = set(sources.get_column("version_id").to_list())
    for row in facts:  # a verified version without an inventory row
        if row["version_id"] not in found:
            frames.append(_from_records(row["version_id"], row["organisation_id"]))
    return pl.concat(frames, how="vertical") if frames else _empty()


_SOURCE_SCHEMA: dict[str, Any] = {
    "version_id": pl.Int64,
    "path": pl.String,
    "sha256": pl.String,
    "name": pl.String,
    "organisation_id": pl.Int64,
}


def _sources(facts: list[dict[str, Any]]) -> pl.DataFrame:
    organisation_of = {row["version_id"]: row["organisation_id"] for row in facts}
    ids = list(organisation_of)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 5_000):
        rows.extend(
            (version_id, path, digest, name, organisation_of[version_id])
            for version_id, path, digest, name in InventoryResult.objects.filter(
                version_id__in=ids[start : start + 5_000]
            ).values_list(
                "version_id",
                "lines_path",
                "lines_sha256",
                "version__submission__organisation__name_zh",
            )
        )
    return pl.DataFrame(rows, schema=_SOURCE_SCHEMA, orient="row")


def _intact(path: str, digest: str) -> bool:
    file = Path(path)
    if not file.is_file():
        return False
    sha = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest() == digest


def _scan(sources: pl.DataFrame, year: int) -> pl.DataFrame:
    paths = sources.get_column("path").unique().to_list()
    lines = (
        pl.scan_parquet(paths, include_file_paths=_PATH)
        .select(*CANONICAL_SCHEMA, _PATH)
        .filter(pl.col("year") == year)
        .collect()
    )
    shared = sources.group_by("path").len().filter(pl.col("len") > 1).select("path")
    keys = sources.select(
        pl.col("path").alias(_PATH), "name", pl.col("organisation_id").alias(_ORGANISATION)
    )
    alone = keys.join(shared, left_on=_PATH, right_on="path", how="anti").drop("name")
    together = keys.join(shared, left_on=_PATH, right_on="path", how="semi")
    single = lines.join(alone, on=_PATH, how="inner")
    batch = lines.join(
        together, left_on=[_PATH, "enterprise"], right_on=[_PATH, "name"], how="inner"
    )
    return (
        pl.concat([single, batch], how="vertical")
        .drop(_PATH)
        .with_columns(pl.col(n).cast(t) for n, t in CANONICAL_SCHEMA.items())
    )


def _from_records(version_id: int, organisation: int) -> pl.DataFrame:
    version = SubmissionVersion.objects.select_related("submission__organisation").get(
        pk=version_id
    )
    return version_frame(version).select(
        *(pl.col(n).cast(t) for n, t in CANONICAL_SCHEMA.items()),
        pl.lit(organisation, dtype=pl.Int64).alias(_ORGANISATION),
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={**CANONICAL_SCHEMA, _ORGANISATION: pl.Int64})


# -- building the rows --------------------------------------------------------------------------


def _restated_rows(
    restatement: Restatement,
    enterprise_years: pl.DataFrame,
    energy: pl.DataFrame,
    versions: dict[int, int],
    context: dict[str, Any],
) -> Iterator[RestatedFact]:
    carriers: dict[str, dict[str, list[float]]] = {}
    for enterprise, carrier, tce, co2e in energy.select(
        "enterprise", "carrier", "energy_tce", "energy_co2e_t"
    ).iter_rows():
        carriers.setdefault(enterprise, {})[carrier] = [tce, co2e]
    columns = ["enterprise", *TOTALLED]
    figures_of = {
        values[0]: dict(zip(TOTALLED, values[1:], strict=True))
        for values in enterprise_years.select(columns).iter_rows()
    }
    # An enterprise whose verified inventory has no lines keeps a row of zeros.
    zeros = {name: 0.0 for name in FACT_FIGURES}
    for organisation_id, version_id in versions.items():
        figures = figures_of.get(str(organisation_id), zeros)
        yield RestatedFact(
            restatement=restatement,
            organisation_id=organisation_id,
            version_id=version_id,
            carriers=carriers.get(str(organisation_id), {}),
            factor_set_version=restatement.factor_set_version,
            method_version=restatement.method_version,
            context=context,
            **figures,
        )


def _zero_totals() -> dict[str, float | None]:
    totals: dict[str, float | None] = {name: 0.0 for name in FACT_FIGURES}
    totals["output_value_wan_yuan"] = None
    return totals


def _add(totals: dict[str, float | None], figures: dict[str, Any]) -> None:
    for name in TOTALLED:
        value = figures.get(name)
        if value is None:
            continue
        totals[name] = (totals.get(name) or 0.0) + float(value)


def _sums(rows: Iterable[dict[str, Any]]) -> dict[str, float | None]:
    totals = _zero_totals()
    for row in rows:
        _add(totals, row)
    return totals


def _batches(
    rows: Iterator[RestatedFact], totals: dict[str, float | None]
) -> Iterator[list[RestatedFact]]:
    """Rows in batches of BATCH_ROWS, summed into ``totals`` as they pass."""
    batch: list[RestatedFact] = []
    for row in rows:
        _add(totals, {name: getattr(row, name) for name in TOTALLED})
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch
