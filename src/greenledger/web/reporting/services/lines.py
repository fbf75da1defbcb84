"""From validated canonical lines to stored records: the checks that need the database.

The core validates a file on its own terms (columns, activities, units, numbers, periods).
Here a line must also belong to the submission: the enterprise column names the organisation
(Chinese or English name, or credit code), the site column names one of its sites, and the
period lies in the reporting year. Each violation is a located problem.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from greenledger.core.errors import InputError, Problem
from greenledger.core.factors.library import normalise_name
from greenledger.core.intake import HEADER_ALIASES, MAX_PROBLEMS
from greenledger.core.messages import Message, message
from greenledger.web.members.models import Organisation, Site
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import Submission
from greenledger.web.reporting.services._common import library


def _fold(text: str) -> str:
    return normalise_name(text or "")


def site_lookup(organisation: Organisation) -> dict[str, int]:
    """Folded site names (Chinese, English) and ids -> site id."""
    lookup: dict[str, int] = {}
    for pk, name_zh, name_en in Site.objects.filter(organisation=organisation).values_list(
        "pk", "name_zh", "name_en"
    ):
        for name in (name_zh, name_en, str(pk)):
            if name:
                lookup.setdefault(_fold(name), pk)
    return lookup


def enterprise_names(organisation: Organisation) -> set[str]:
    return {
        _fold(n)
        for n in (organisation.name_zh, organisation.name_en, organisation.credit_code)
        if n
    }


def original_columns(raw: pl.DataFrame) -> pl.DataFrame:
    """The quantity and unit as the user wrote them, one row per raw data row."""
    found: dict[str, str] = {}
    for name in raw.columns:
        canonical = HEADER_ALIASES.get(name.strip(), normalise_name(name))
        if canonical in ("quantity", "unit") and canonical not in found:
            found[canonical] = name
    return raw.select(
        (pl.col(found["quantity"]) if "quantity" in found else pl.lit(""))
        .fill_null("")
        .str.slice(0, 64)
        .alias("original_quantity"),
        (pl.col(found["unit"]) if "unit" in found else pl.lit(""))
        .fill_null("")
        .str.strip_chars()
        .str.slice(0, 32)
        .alias("original_unit"),
    )


def check_belongs(
    lines: pl.DataFrame, submission: Submission, *, file: str, sheet: str | None = None
) -> pl.DataFrame:
    """Check enterprise, site and period of canonical lines; return them with ``site_id``."""
    organisation = submission.organisation
    problems: list[Problem] = []
    count = 0

    def add(frame: pl.DataFrame, column: str, reason: Any) -> None:
        nonlocal count
        count += frame.height
        room = max(0, MAX_PROBLEMS - len(problems))
        for row, value in frame.select("row", column).head(room).iter_rows():
            problems.append(Problem(reason(value), file=file, row=row, column=column, sheet=sheet))

    names = enterprise_names(organisation)
    enterprise_ok = {v: _fold(v) in names for v in lines["enterprise"].unique().to_list()}
    add(
        lines.filter(~pl.col("enterprise").replace_strict(enterprise_ok, return_dtype=pl.Boolean)),
        "enterprise",
        lambda v: message(
            "import.other_enterprise",
            value=v,
            name=organisation.name_zh,
            other=organisation.name_en or organisation.credit_code,
        ),
    )
    sites = site_lookup(organisation)
    site_ids = {v: (sites.get(_fold(v)) if v else None) for v in lines["site"].unique().to_list()}
    lines = lines.with_columns(
        pl.col("site").replace_strict(site_ids, return_dtype=pl.Int64).alias("site_id")
    )
    known: str | Message = ", ".join(
        sorted(Site.objects.filter(organisation=organisation).values_list("name_zh", flat=True))
    ) or message("common.none")
    add(
        lines.filter(pl.col("site_id").is_null() & (pl.col("site") != "")),
        "site",
        lambda v: message("import.unknown_site", value=v, name=organisation.name_zh, sites=known),
    )
    add(
        lines.filter(pl.col("year") != submission.year),
        "period",
        lambda v: message("import.other_year", value=v, year=submission.year),
    )
    if problems:
        raise InputError(
            sorted(problems, key=lambda p: (p.row or 0, p.column or "")),
            headline=message("import.headline", count=count, file=file)
            if count == len(problems)
            else message("import.headline_first", count=count, file=file, shown=len(problems)),
        )
    return lines


def record_frame(
    lines: pl.DataFrame,
    originals: pl.DataFrame | None,
    *,
    version_id: int,
    import_job_id: int | None,
) -> pl.DataFrame:
    """Canonical lines (with site_id) as rows of the records table (storage.RECORD_COLUMNS)."""
    units = {a.id: a.canonical_unit for a in library().activities.values()}
    if originals is None:
        originals = pl.DataFrame(
            {"original_quantity": [""] * lines.height, "original_unit": [""] * lines.height}
        )
    else:
        # Validated lines keep their spreadsheet row (header = row 1, first data row = 2).
        originals = originals.with_row_index("row", offset=2).with_columns(
            pl.col("row").cast(pl.Int64)
        )
        originals = lines.select("row").join(originals, on="row", how="left", maintain_order="left")
    frame = lines.with_columns(
        pl.lit(version_id, dtype=pl.Int64).alias("version_id"),
        pl.when(pl.col("product_unit") != "")
        .then(pl.col("product_unit"))
        .otherwise(pl.col("activity").replace_strict(units, default="", return_dtype=pl.String))
        .alias("unit"),
        originals["original_quantity"].fill_null(""),
        originals["original_unit"].fill_null(""),
        pl.lit(import_job_id, dtype=pl.Int64).alias("import_job_id"),
        pl.col("row").alias("source_row"),
        pl.col("removal_efficiency").fill_null(0.0),
    )
    return frame.select(storage.RECORD_COLUMNS)
