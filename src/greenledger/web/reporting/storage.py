"""Fast storage of activity records: bulk inserts from a Polars frame, keyed reads back.

Imports of a million lines cannot afford one model instance per line. SQLite gets one
``executemany`` per batch of plain tuples; PostgreSQL gets ``COPY ... FROM STDIN`` (psycopg 3).
Both run inside the caller's transaction, so an interrupted import leaves nothing behind.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterable

import polars as pl
from django.db import connection

from greenledger.web.reporting.models import ActivityRecord

TABLE = ActivityRecord._meta.db_table
RECORD_COLUMNS = (
    "version_id",
    "site_id",
    "period",
    "activity",
    "quantity",
    "unit",
    "original_quantity",
    "original_unit",
    "instrument",
    "removal_efficiency",
    "sulfur_percent",
    "technology",
    "product",
    "product_unit",
    "import_job_id",
    "source_row",
)
RECORD_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "version_id": pl.Int64,
    "site_id": pl.Int64,
    "period": pl.String,
    "activity": pl.String,
    "quantity": pl.Float64,
    "unit": pl.String,
    "original_quantity": pl.String,
    "original_unit": pl.String,
    "instrument": pl.String,
    "removal_efficiency": pl.Float64,
    "sulfur_percent": pl.Float64,
    "technology": pl.String,
    "product": pl.String,
    "product_unit": pl.String,
    "import_job_id": pl.Int64,
    "source_row": pl.Int64,
}
KEY_COLUMNS = ("site_id", "period", "activity", "instrument", "product")
BATCH_ROWS = 50_000
# Test hook for the fault test: seconds to sleep after each inserted batch (never set in use).
SLOW_INSERT_ENV = "GREENLEDGER_TEST_SLOW_INSERT_SECONDS"


def insert_records(frame: pl.DataFrame, *, batch_rows: int = BATCH_ROWS) -> int:
    """Insert a frame with RECORD_COLUMNS into the records table; return the row count.

    Call inside ``transaction.atomic()``.
    """
    frame = frame.select(pl.col(c).cast(t) for c, t in RECORD_SCHEMA.items())
    pause = float(os.environ.get(SLOW_INSERT_ENV) or 0)
    if connection.vendor == "postgresql":
        _copy_postgresql(frame, batch_rows, pause)
    else:
        _executemany(frame, batch_rows, pause)
    return frame.height


def insert_sql(table: str = TABLE) -> str:
    columns = ", ".join(RECORD_COLUMNS)
    marks = ", ".join(["%s"] * len(RECORD_COLUMNS))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def _batches(frame: pl.DataFrame, batch_rows: int) -> Iterable[pl.DataFrame]:
    for start in range(0, frame.height, batch_rows):
        yield frame.slice(start, batch_rows)


# SQLite's page cache for the connection while it inserts (KiB, as a negative cache_size): the
# default 2 MB makes index maintenance of a large insert go to the page cache of the OS.
SQLITE_INSERT_CACHE_KIB = 256 * 1024


def _executemany(frame: pl.DataFrame, batch_rows: int, pause: float) -> None:
    sql = insert_sql().replace("%s", "?")
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the sqlite3 cursor: skips Django's per-row parameter formatting
        previous = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute(f"PRAGMA cache_size = -{SQLITE_INSERT_CACHE_KIB}")
        try:
            for batch in _batches(frame, batch_rows):
                raw.executemany(sql, batch.iter_rows())
                if pause:
                    time.sleep(pause)
        finally:
            raw.execute(f"PRAGMA cache_size = {int(previous)}")


def _copy_postgresql(frame: pl.DataFrame, batch_rows: int, pause: float) -> None:
    statement = f"COPY {TABLE} ({', '.join(RECORD_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor
        for batch in _batches(frame, batch_rows):
            buffer = io.BytesIO()
            # Empty text is written quoted (""), which COPY reads as '' and not as NULL.
            batch.write_csv(buffer, include_header=False, null_value="")
            with raw.copy(statement) as copy:
                copy.write(buffer.getvalue())
            if pause:
                time.sleep(pause)


def version_keys(version_id: int) -> pl.DataFrame:
    """The record ids and keys of a version."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {', '.join(KEY_COLUMNS)} FROM {TABLE} WHERE version_id = %s",
            [version_id],
        )
        rows = cursor.fetchall()
    schema = {"id": pl.Int64, **{c: RECORD_SCHEMA[c] for c in KEY_COLUMNS}}
    return pl.DataFrame(rows, schema=schema, orient="row")


def overlapping_ids(version_id: int, new: pl.DataFrame) -> pl.DataFrame:
    """Stored records of the version that share a key with a new line: id + key columns."""
    stored = version_keys(version_id)
    if stored.is_empty() or new.is_empty():
        return stored.clear()
    keys = new.select(KEY_COLUMNS).unique()
    return stored.join(keys, on=list(KEY_COLUMNS), how="semi", nulls_equal=True)


def version_records(version_id: int) -> pl.DataFrame:
    """Every record of a version (RECORD_COLUMNS plus id), in id order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {', '.join(RECORD_COLUMNS)} FROM {TABLE} WHERE version_id = %s "
            "ORDER BY id",
            [version_id],
        )
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema={"id": pl.Int64, **RECORD_SCHEMA}, orient="row")


def count_records(version_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE version_id = %s", [version_id])
        return int(cursor.fetchone()[0])
