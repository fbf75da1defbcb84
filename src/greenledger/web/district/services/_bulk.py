"""Inserting a Polars frame into a table in bulk: ``executemany`` on SQLite's own cursor,
``COPY ... FROM STDIN`` on PostgreSQL (as ``reporting.storage`` does for activity records).

Django's ``bulk_create`` formats every value of every row in Python and, on SQLite, sends
batches of a few dozen rows (999 parameters); for the 120,000 fact rows of the bench that is
the whole cost of a rebuild. The frame's columns are the table's column names; values are
already in their database form (ids, text, floats; datetimes as ``datetime_text``; JSON as
text). Call inside ``transaction.atomic()``.
"""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
from django.db import connection

BATCH_ROWS = 50_000
# SQLite's page cache while inserting (KiB, as a negative cache_size), as reporting.storage.
SQLITE_INSERT_CACHE_KIB = 256 * 1024


def datetime_text(moment: dt.datetime) -> str:
    """A timestamp as the database stores it (SQLite: naive UTC text; PostgreSQL: ISO 8601
    with its offset, read by COPY)."""
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return str(connection.ops.adapt_datetimefield_value(moment))


def insert_frame(table: str, frame: pl.DataFrame, *, batch_rows: int = BATCH_ROWS) -> int:
    """Insert every row of ``frame`` into ``table``; the number of rows."""
    if frame.is_empty():
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in frame.columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor: no per-value formatting by Django
        if connection.vendor == "postgresql":
            statement = f"COPY {quote(table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
            for start in range(0, frame.height, batch_rows):
                buffer = io.BytesIO()
                # Empty text is written quoted (""), which COPY reads as '' and not as NULL.
                frame.slice(start, batch_rows).write_csv(
                    buffer, include_header=False, null_value=""
                )
                with raw.copy(statement) as copy:
                    copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["?"] * frame.width)
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})"
            previous = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute(f"PRAGMA cache_size = -{SQLITE_INSERT_CACHE_KIB}")
            try:
                for start in range(0, frame.height, batch_rows):
                    raw.executemany(sql, frame.slice(start, batch_rows).iter_rows())
            finally:
                raw.execute(f"PRAGMA cache_size = {int(previous)}")
    return frame.height
