"""Bulk input and output of a restatement: the verified per-line results of many versions read
in one scan, and the restated rows written in batches of plain tuples.

A year of the district is 20,000 enterprises and 3.6 million lines: one model instance per row
or one file read per Python call would dominate the run. Lines are scanned from every version's
Parquet file at once (only the input columns, only the year's lines) and matched to their
organisation by the file's position in the scan (an integer join); a file shared by several
enterprise-years (a batch load) also by the enterprise's name. Rows are inserted with one
``executemany`` per batch (JSON columns as text, cast to jsonb on PostgreSQL), inside the
caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, models

from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.web.district.models import FACT_FIGURES, RestatedFact
from greenledger.web.reporting.models import InventoryResult, SubmissionVersion
from greenledger.web.reporting.services.inventory import version_frame

ORGANISATION = "_organisation_id"
TOTALLED = ("output_value_wan_yuan", *FACT_FIGURES)
BATCH_ROWS = 5_000
_FILE = "_file"
_SOURCE_SCHEMA: dict[str, Any] = {
    "version_id": pl.Int64,
    "path": pl.String,
    "sha256": pl.String,
    "name": pl.String,
    "organisation_id": pl.Int64,
}


# -- reading ------------------------------------------------------------------------------------


def verified_lines(facts: pl.DataFrame, year: int) -> pl.DataFrame:
    """The input columns of the per-line results of every fact's version (``facts``: columns
    ``organisation_id``, ``version_id``), one frame, with ``_organisation_id``.

    A version whose file is missing or fails its checksum is read from its stored activity
    records instead (the records are the source; nothing is rewritten)."""
    sources = _sources(facts)
    paths = sources.unique("path", maintain_order=True).select("path", "sha256")
    with ThreadPoolExecutor(max_workers=2) as pool:  # hashlib releases the GIL
        intact = dict(zip(paths["path"], pool.map(_intact, *paths), strict=True))
    is_intact = pl.col("path").replace_strict(intact, return_dtype=pl.Boolean)
    good, bad = sources.filter(is_intact), sources.filter(~is_intact)
    frames = [_scan(good, year)] if good.height else []
    fallback = pl.concat(
        [
            bad.select("version_id", "organisation_id"),
            # a verified version without an inventory row
            facts.select("version_id", "organisation_id").join(
                sources.select("version_id"), on="version_id", how="anti"
            ),
        ]
    )
    for version_id, organisation in fallback.iter_rows():
        frames.append(_from_records(version_id, organisation))
    if not frames:
        return pl.DataFrame(schema={**CANONICAL_SCHEMA, ORGANISATION: pl.Int64})
    return pl.concat(frames, how="vertical")


def _sources(facts: pl.DataFrame) -> pl.DataFrame:
    organisation_of = dict(facts.select("version_id", "organisation_id").iter_rows())
    ids = list(organisation_of)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), BATCH_ROWS):
        found = InventoryResult.objects.filter(version_id__in=ids[start : start + BATCH_ROWS])
        rows.extend(
            (version_id, path, digest, name, organisation_of[version_id])
            for version_id, path, digest, name in found.values_list(
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
    paths = sources.get_column("path").unique(maintain_order=True)
    position = pl.DataFrame({"path": paths, _FILE: pl.int_range(0, paths.len(), eager=True)})
    keyed = sources.join(position, on="path").with_columns(pl.col(_FILE).cast(pl.UInt32))
    lines = (
        pl.scan_parquet(paths.to_list(), include_file_paths="_path")
        .select(*CANONICAL_SCHEMA, pl.col("_path").cast(pl.Enum(paths)).to_physical().alias(_FILE))
        .filter(pl.col("year") == year)
        .collect()
        .with_columns(pl.col(_FILE).cast(pl.UInt32))
    )
    shared = keyed.group_by(_FILE).len().filter(pl.col("len") > 1).select(_FILE)
    owners = keyed.select(_FILE, "name", pl.col("organisation_id").alias(ORGANISATION))
    alone = owners.join(shared, on=_FILE, how="anti").drop("name")
    together = owners.join(shared, on=_FILE, how="semi")
    single = lines.join(alone, on=_FILE, how="inner")
    batch = lines.join(together, left_on=[_FILE, "enterprise"], right_on=[_FILE, "name"])
    return (
        pl.concat([single, batch], how="vertical")
        .drop(_FILE)
        .with_columns(pl.col(n).cast(t) for n, t in CANONICAL_SCHEMA.items())
    )


def _from_records(version_id: int, organisation: int) -> pl.DataFrame:
    version = SubmissionVersion.objects.select_related("submission__organisation").get(
        pk=version_id
    )
    return version_frame(version).select(
        *(pl.col(n).cast(t) for n, t in CANONICAL_SCHEMA.items()),
        pl.lit(organisation, dtype=pl.Int64).alias(ORGANISATION),
    )


# -- writing ------------------------------------------------------------------------------------


def restated_frame(
    facts: pl.DataFrame, enterprise_years: pl.DataFrame, energy: pl.DataFrame
) -> pl.DataFrame:
    """One row per fact: its organisation and version, the restated figures (zeros for an
    enterprise whose verified inventory has no lines) and the carriers as JSON text."""
    carriers: dict[str, dict[str, list[float]]] = {}
    for enterprise, carrier, tce, co2e in energy.select(
        "enterprise", "carrier", "energy_tce", "energy_co2e_t"
    ).iter_rows():
        carriers.setdefault(enterprise, {})[carrier] = [tce, co2e]
    texts = pl.DataFrame(
        {
            "enterprise": list(carriers),
            "carriers": [json.dumps(c, ensure_ascii=False) for c in carriers.values()],
        },
        schema={"enterprise": pl.String, "carriers": pl.String},
    )
    figures = enterprise_years.select("enterprise", *TOTALLED)
    return (
        facts.select("organisation_id", "version_id")
        .with_columns(pl.col("organisation_id").cast(pl.String).alias("enterprise"))
        .join(figures, on="enterprise", how="left")
        .join(texts, on="enterprise", how="left")
        .with_columns(
            *(pl.col(name).fill_null(0.0) for name in FACT_FIGURES),
            pl.col("carriers").fill_null("{}"),
        )
        .drop("enterprise")
    )


def insert_restated(frame: pl.DataFrame, *, restatement_id: int, common: dict[str, Any]) -> int:
    """Insert the rows of ``restated_frame`` for one restatement; ``common``: the values every
    row shares (factor set and method versions, the context as a dict)."""
    fields = [
        f
        for f in RestatedFact._meta.concrete_fields
        if not f.primary_key and isinstance(f, models.Field)
    ]
    constants: dict[str, Any] = {
        "restatement_id": restatement_id,
        "factor_set_version": common["factor_set_version"],
        "method_version": common["method_version"],
        "context": json.dumps(common["context"], ensure_ascii=False),
    }
    postgres = connection.vendor == "postgresql"
    columns, marks, values = [], [], []
    for field in fields:
        columns.append(connection.ops.quote_name(field.column))
        json_field = isinstance(field, models.JSONField)
        marks.append("%s::jsonb" if postgres and json_field else "%s")
        name = field.attname
        values.append(pl.lit(constants[name]) if name in constants else pl.col(name))
    rows = frame.select(
        value.alias(field.attname) for value, field in zip(values, fields, strict=True)
    )
    table = connection.ops.quote_name(RestatedFact._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})"
    with connection.cursor() as cursor:
        for start in range(0, rows.height, BATCH_ROWS):
            cursor.executemany(sql, list(rows.slice(start, BATCH_ROWS).iter_rows()))
    return rows.height


def sums(frame: pl.DataFrame) -> dict[str, float | None]:
    """Totals of TOTALLED over the rows (the output value None when no row has one)."""
    if frame.is_empty():
        return {name: (None if name == "output_value_wan_yuan" else 0.0) for name in TOTALLED}
    totals = frame.select(
        *(pl.col(name).cast(pl.Float64).sum() for name in FACT_FIGURES),
        pl.when(pl.col("output_value_wan_yuan").is_not_null().any())
        .then(pl.col("output_value_wan_yuan").cast(pl.Float64).sum())
        .alias("output_value_wan_yuan"),
    ).row(0, named=True)
    return {name: totals[name] for name in TOTALLED}
