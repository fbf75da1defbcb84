"""Computing and storing a version's inventory with the core's batch engine."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction

from greenledger.core.batch import BatchResult, compute_batch
from greenledger.core.context import AccountingContext
from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.core.model import LINE_FIGURES
from greenledger.web.members.models import Site
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import InventoryResult, SubmissionVersion
from greenledger.web.reporting.services._common import library, now

SOURCE_FIGURES = (
    "energy_tce",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "exported_t",
)


def accounting_context(version: SubmissionVersion) -> AccountingContext:
    """The context a version is accounted under: national factors of its reporting year."""
    return AccountingContext.from_names(region="national", year=version.submission.year)


def canonical_frame(
    records: pl.DataFrame, *, enterprise: str, site_names: dict[int, str]
) -> pl.DataFrame:
    """Stored records (storage.RECORD_SCHEMA) as the core's canonical line frame."""
    return records.select(
        pl.lit(enterprise).alias("enterprise"),
        pl.col("site_id")
        .replace_strict(site_names, default="", return_dtype=pl.String)
        .fill_null("")
        .alias("site"),
        pl.col("period"),
        pl.col("period").str.slice(0, 4).cast(pl.Int32).alias("year"),
        pl.col("activity"),
        pl.col("quantity"),
        pl.col("instrument"),
        pl.col("removal_efficiency"),
        pl.col("sulfur_percent"),
        pl.col("technology"),
        pl.col("product"),
        pl.col("product_unit"),
        pl.col("source_row").fill_null(0).alias("row"),
    ).cast(CANONICAL_SCHEMA)  # type: ignore[arg-type]


def version_frame(version: SubmissionVersion) -> pl.DataFrame:
    """The canonical line frame of every record of a version."""
    organisation = version.submission.organisation
    names = dict(Site.objects.filter(organisation=organisation).values_list("pk", "name_zh"))
    return canonical_frame(
        storage.version_records(version.pk), enterprise=organisation.name_zh, site_names=names
    )


def _json_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def inventory_store(version: SubmissionVersion, frame: pl.DataFrame) -> InventoryResult:
    """Compute the inventory of ``frame`` (all lines of ``version``) and store it.

    Runs inside the caller's transaction; the per-line results go to a Parquet file written
    beside its final name and renamed into place.
    """
    context = accounting_context(version)
    return inventory_save(version, compute_batch(frame, library(), context))


def inventory_save(version: SubmissionVersion, result: BatchResult) -> InventoryResult:
    """Store ``result``, the computed lines of ``version`` (all of them and only them).

    ``inventory_store`` computes one version; the batch loader (services/batch.py) computes many
    versions of a year at once and stores each version's share of the result here.
    """
    context = result.context
    path, digest = _write_lines(version, result)
    by_source = (
        result.lines.group_by("period", "category")
        .agg(pl.col(name).sum() for name in SOURCE_FIGURES)
        .sort("period", "category")
    )
    enterprise = result.enterprise_totals().drop("enterprise", strict=False)
    values = {
        "computed_at": now(),
        "factor_set_version": result.factor_set_version,
        "method_version": result.method_version,
        "context": dataclasses.asdict(context),
        "line_count": result.lines.height,
        "totals": _json_rows(result.totals.drop("enterprise", strict=False).sort("period")),
        "enterprise_totals": _json_rows(enterprise)[0] if enterprise.height else {},
        "by_source": _json_rows(by_source),
        "lineage": {str(key): list(ids) for key, ids in result.lineage.iter_rows()},
        "lines_path": str(path),
        "lines_sha256": digest,
    }
    inventory, _created = InventoryResult.objects.update_or_create(version=version, defaults=values)
    return inventory


def _write_lines(version: SubmissionVersion, result: BatchResult) -> tuple[Path, str]:
    """Write the per-line results under a name carrying their checksum, so a rolled-back
    computation never overwrites the file the committed row points to."""
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / "inventories"
    directory.mkdir(parents=True, exist_ok=True)
    temporary = directory / f".version-{version.pk}.{os.getpid()}.tmp"
    result.lines.write_parquet(temporary, compression="zstd")
    digest = _sha256(temporary)
    path = directory / f"version-{version.pk}-{digest[:16]}.parquet"
    os.replace(temporary, path)
    return path, digest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def inventory_compute(version: SubmissionVersion) -> InventoryResult | None:
    """Recompute a version's inventory from its stored records (None when it has none)."""
    frame = version_frame(version)
    if frame.is_empty():
        InventoryResult.objects.filter(version=version).delete()
        return None
    return inventory_store(version, frame)


def inventory_lines(inventory: InventoryResult) -> pl.DataFrame:
    """The stored per-line results, after checking their checksum."""
    path = Path(inventory.lines_path)
    if not path.exists() or _sha256(path) != inventory.lines_sha256:
        with transaction.atomic():
            fresh = inventory_compute(inventory.version)
        if fresh is None:
            return pl.DataFrame()
        inventory = fresh
        path = Path(fresh.lines_path)
    return pl.read_parquet(path)


__all__ = [
    "LINE_FIGURES",
    "inventory_compute",
    "inventory_lines",
    "inventory_save",
    "inventory_store",
]
