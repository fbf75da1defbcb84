"""Bulk input and output of a restatement: the verified per-line results of many versions read
in one scan, and the restated rows written in batches of plain values.

A year of the district is 20,000 enterprises and 3.6 million lines: one model instance per row
or one file read per Python call would dominate the run. Lines are scanned from every version's
Parquet file at once (only the input columns) and given their organisation by position (each
file holds its version's checked line count); a file shared by several enterprise-years (a
batch load) is matched by its path and the enterprise's name. Rows are written in batches of
plain values (``executemany`` on SQLite, ``COPY`` on PostgreSQL; JSON columns as text), inside
the caller's transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, models

from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.web.district.models import FACT_FIGURES, RestatedFact
from greenledger.web.reporting.models import InventoryResult, SubmissionVersion
from greenledger.web.reporting.services.inventory import version_frame

ORGANISATION = "_organisation_id"
TOTALLED = ("output_value_wan_yuan", *FACT_FIGURES)
BATCH_ROWS = 5_000
_SOURCE_SCHEMA: dict[str, Any] = {
    "version_id": pl.Int64,
    "path": pl.String,
    "sha256": pl.String,
    "name": pl.String,
    "line_count": pl.Int64,
    "organisation_id": pl.Int64,
}


# -- reading ------------------------------------------------------------------------------------


def verified_lines(facts: pl.DataFrame, year: int) -> pl.DataFrame:
    """The input columns of the per-line results of every fact's version (``facts``: columns
    ``organisation_id``, ``version_id``), one frame, with ``_organisation_id``.

    A version whose file is missing or fails its checksum is read from its stored activity
    records instead (the records are the source; nothing is rewritten)."""
    sources = _sources(facts)
    intact = _check_files(sources.unique("path", maintain_order=True).select("path", "sha256"))
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
        frames.append(_from_records(version_id, organisation, year))
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
            (version_id, path, digest, name, count, organisation_of[version_id])
            for version_id, path, digest, name, count in found.values_list(
                "version_id",
                "lines_path",
                "lines_sha256",
                "version__submission__organisation__name_zh",
                "line_count",
            )
        )
    return pl.DataFrame(rows, schema=_SOURCE_SCHEMA, orient="row")


def _check_files(files: pl.DataFrame) -> dict[str, bool]:
    """path -> whether the file is there with its recorded SHA-256; two threads, each over a
    half of the files (hashlib releases the GIL while it hashes)."""
    pairs = list(files.iter_rows())
    halves = [pairs[: len(pairs) // 2], pairs[len(pairs) // 2 :]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        checked = pool.map(lambda half: {p: _intact(p, d) for p, d in half}, halves)
        return {path: ok for result in checked for path, ok in result.items()}


def _intact(path: str, digest: str) -> bool:
    file = Path(path)
    if not file.is_file():
        return False
    sha = hashlib.sha256()
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest() == digest


# What restating and summing per enterprise read of a line; the other canonical columns (site,
# period, product, product unit, source row) do not change a line's figures and are filled in.
INPUTS = (
    "year",
    "activity",
    "quantity",
    "instrument",
    "removal_efficiency",
    "sulfur_percent",
    "technology",
)


def _scan(sources: pl.DataFrame, year: int) -> pl.DataFrame:
    """The lines of every source file, read in one scan per kind of file.

    A file of one version (the usual case) holds exactly the version's ``line_count`` lines
    (its checksum was just verified): the files are read in order and each file's lines get
    its organisation by position, without a per-line file name or a join. A file shared by
    several enterprise-years (a batch load) is matched by its path and the enterprise's name."""
    users = sources.group_by("path").len().rename({"len": "_users"})
    keyed = sources.join(users, on="path", maintain_order="left")
    alone = keyed.filter(pl.col("_users") == 1)
    together = keyed.filter(pl.col("_users") > 1)
    frames = []
    if alone.height:
        frames.append(_scan_single(alone))
    if together.height:
        frames.append(_scan_by_path(together, by_name=True))
    lines = pl.concat(frames, how="vertical").filter(pl.col("year") == year)
    return _canonical(lines, year)


def _scan_single(alone: pl.DataFrame) -> pl.DataFrame:
    paths = alone.get_column("path").to_list()
    lines = _read(paths, list(INPUTS), with_path=False)
    counts = alone.get_column("line_count").to_numpy()
    if lines.height != int(counts.sum()):  # a file not written with its own count: by path
        return _scan_by_path(alone, by_name=False)
    owners = np.repeat(alone.get_column("organisation_id").to_numpy(), counts)
    return lines.with_columns(pl.Series(ORGANISATION, owners, dtype=pl.Int64))


def _scan_by_path(sources: pl.DataFrame, *, by_name: bool) -> pl.DataFrame:
    """Lines matched to their organisation by the file's path (and the enterprise's name when
    several enterprise-years share the file)."""
    paths = sources.get_column("path").unique(maintain_order=True).to_list()
    keys = ["_path", "enterprise"] if by_name else ["_path"]
    owners = sources.select(
        pl.col("path").alias("_path"),
        pl.col("name").alias("enterprise"),
        pl.col("organisation_id").alias(ORGANISATION),
    ).select(*keys, ORGANISATION)
    lines = _read(paths, [*INPUTS, *(["enterprise"] if by_name else [])], with_path=True)
    return lines.join(owners, on=keys, how="inner").select(*INPUTS, ORGANISATION)


def _read(paths: list[str], columns: list[str], *, with_path: bool) -> pl.DataFrame:
    """``columns`` of every file, in order, in one scan (``_path``: each line's file). Files
    written with other column types (an older writer) are read one by one and cast instead."""
    types = {name: CANONICAL_SCHEMA.get(name, pl.String) for name in columns}
    try:
        scan = pl.scan_parquet(paths, include_file_paths="_path" if with_path else None)
        return scan.select(*columns, *(["_path"] if with_path else [])).collect()
    except pl.exceptions.SchemaError:
        return pl.concat(
            [
                pl.read_parquet(path, columns=columns)
                .cast(types)
                .with_columns(*([pl.lit(path).alias("_path")] if with_path else []))
                for path in paths
            ]
        )


def _canonical(lines: pl.DataFrame, year: int) -> pl.DataFrame:
    """Input columns + organisation id -> the canonical schema (filled-in columns constant);
    a column is cast only where its type differs (a cast walks every file's chunk)."""
    filled = {
        "enterprise": pl.col(ORGANISATION).cast(pl.String),
        "site": pl.lit(""),
        "period": pl.lit(str(year)),
        "product": pl.lit(""),
        "product_unit": pl.lit(""),
        "row": pl.lit(0),
    }

    def column(name: str, dtype: Any) -> pl.Expr:
        if name in filled:
            return filled[name].cast(dtype).alias(name)
        return pl.col(name) if lines.schema[name] == dtype else pl.col(name).cast(dtype)

    return lines.select(
        *(column(n, t) for n, t in CANONICAL_SCHEMA.items()),
        pl.col(ORGANISATION).cast(pl.Int64),
    )


def _from_records(version_id: int, organisation: int, year: int) -> pl.DataFrame:
    version = SubmissionVersion.objects.select_related("submission__organisation").get(
        pk=version_id
    )
    lines = version_frame(version).filter(pl.col("year") == year)
    return _canonical(
        lines.select(*INPUTS).with_columns(pl.lit(organisation).alias(ORGANISATION)), year
    )


# -- writing ------------------------------------------------------------------------------------


def restated_frame(
    facts: pl.DataFrame, enterprise_years: pl.DataFrame, energy: pl.DataFrame
) -> pl.DataFrame:
    """One row per fact: its organisation and version, the restated figures (zeros for an
    enterprise whose verified inventory has no lines) and the carriers as JSON text."""
    texts = (
        energy.group_by("enterprise")
        .agg(
            pl.concat_str(
                pl.lit('"'),
                pl.col("carrier")
                .str.replace_all("\\", "\\\\", literal=True)
                .str.replace_all('"', '\\"', literal=True),
                pl.lit('": ['),
                pl.col("energy_tce").cast(pl.String),
                pl.lit(", "),
                pl.col("energy_co2e_t").cast(pl.String),
                pl.lit("]"),
            )
            .sort_by(pl.col("carrier"))
            .str.join(", ")
            .alias("carriers")
        )
        .select("enterprise", pl.concat_str(pl.lit("{"), "carriers", pl.lit("}")).alias("carriers"))
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
    columns = [connection.ops.quote_name(field.column) for field in fields]
    rows = frame.select(
        (pl.lit(constants[f.attname]) if f.attname in constants else pl.col(f.attname)).alias(
            f.attname
        )
        for f in fields
    )
    table = connection.ops.quote_name(RestatedFact._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY from CSV: empty text is written quoted (""), read as ''; a missing output
            # value is written unquoted empty, read as NULL.
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
            for start in range(0, rows.height, BATCH_ROWS):
                buffer = io.BytesIO()
                rows.slice(start, BATCH_ROWS).write_csv(buffer, include_header=False)
                with cursor.cursor.copy(statement) as copy:
                    copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
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
