"""Hourly electricity series per meter: validated by the core, stored as one Parquet file per
site and year, with checksums and the validation report in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.meters import (
    GAP_CODES,
    SCHEMA,
    MeterReport,
    check_meter_file,
    read_series_parquet,
    write_series_parquet,
)
from greenledger.core.workbook_safety import inspect_upload
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.members.models import Site
from greenledger.web.reporting.models import MeterSeries
from greenledger.web.reporting.services._common import invalid, now, require


def is_gap(problem: Problem) -> bool:
    """Missing hours are reported and stored as gaps; every other problem refuses the file
    (an hour-ending series, 24:00 instead of 00:00, is a clock problem, not a gap)."""
    return problem.message.code in GAP_CODES


def meter_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "meters"


def report_json(report: MeterReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "year": report.year,
        "rows": report.rows,
        "valid_rows": report.valid_rows,
        "coverage_percent": report.coverage_percent,
        "total_kwh": report.total_kwh,
        "monthly_kwh": list(report.monthly_kwh),
        "meters": [
            {
                "meter": m.meter,
                "expected_hours": m.expected_hours,
                "hours_present": m.hours_present,
                "missing_hours": m.missing_hours,
                "duplicated_hours": m.duplicated_hours,
                "coverage_percent": m.coverage_percent,
                "total_kwh": m.total_kwh,
                "monthly_kwh": list(m.monthly_kwh),
                "gaps": [[a.isoformat(), b.isoformat()] for a, b in m.gaps],
            }
            for m in report.meters
        ],
        "problems": [
            {
                "file": p.file,
                "row": p.row,
                "column": p.column,
                "reason": p.reason,
                **p.message.as_dict(),
            }
            for p in report.problems
        ],
    }


@transaction.atomic
def meter_series_upload(*, actor: Any, site: Site, year: int, path: Path) -> list[MeterSeries]:
    """Validate an hourly series file and store it with the site's other meters of the year.

    A file with problems (duplicated hours, bad values, daylight-saving oddities, hours outside
    the year) raises InputError and stores nothing; gaps are stored and reported (the report's
    per-meter gaps and problems), not refused.
    """
    require(
        permissions.can_upload_meter_series(actor, site),
        _("Only the site's own enterprise uploads its meter series."),
    )
    if not 1990 <= int(year) <= 2100:
        raise invalid("year", _("The year must lie between 1990 and 2100."))
    inspect_upload(path, max_bytes=int(settings.GREENLEDGER_MAX_UPLOAD_BYTES))
    report, frame = check_meter_file(path, year=int(year))
    blocking = [p for p in report.problems if not is_gap(p)]
    if blocking:
        raise InputError(
            blocking,
            headline=message("meters.refused", count=len(blocking), file=report.file),
        )
    if frame.is_empty():
        raise invalid("file", _("The file holds no hourly values of that year."))
    meters = sorted(set(frame["meter"].to_list()))
    existing = MeterSeries.objects.select_for_update().filter(site=site, year=year)
    kept = existing.exclude(meter__in=meters)
    if kept.exists():
        first = kept.first()
        stored = read_series_parquet(Path(first.parquet_path), sha256=first.sha256)
        frame = pl.concat([stored.filter(~pl.col("meter").is_in(meters)), frame]).cast(SCHEMA)
    path_out, digest = write_series_parquet(frame, meter_directory(), site.pk, int(year))
    summaries = {m.meter: m for m in report.meters}
    existing.filter(meter__in=meters).delete()
    kept.update(parquet_path=str(path_out), sha256=digest)
    moment = now()
    created = []
    for meter in meters:
        summary = summaries[meter]
        series = MeterSeries.objects.create(
            site=site,
            year=year,
            meter=meter[:100],
            parquet_path=str(path_out),
            sha256=digest,
            rows=frame.filter(pl.col("meter") == meter).height,
            coverage=summary.coverage_percent,
            total_kwh=summary.total_kwh,
            report=report_json(report),
            uploaded_by=actor,
            uploaded_at=moment,
        )
        created.append(series)
    audit_append(
        actor=actor,
        action="meter_series.upload",
        object_type="members.site",
        object_id=site.pk,
        after={"year": int(year), "meters": meters, "sha256": digest, "rows": report.valid_rows},
    )
    return created
