"""What an hourly-matching run reads, gathered for the core ``core.ecology.cfe``: a site's load
from its reporting meter series, its green supplies, certificates and storage, and the grid
factor from the factor library. Reads only; ``services.green_power.cfe_run`` stores the result.

- Load: the sum, hour by hour, of every meter series the site stored for the year in the
  reporting app (``reporting.MeterSeries``, one Parquet file per site and year, read after its
  SHA-256 is checked). Each meter is taken to measure its own supply point: a sub-meter of a
  meter already counted must not be stored as a meter of its own. A year without a series, or
  with a missing hour in any meter (the reporting app stores gaps and reports them), is refused
  with the site, the meter and the hours missing: hourly matching needs every hour.
- Supplies: hourly series stored by ``green_supply_upload`` (Parquet under
  ``PRIVATE_MEDIA_ROOT/green_power``, checksum checked on reading), and contracts known only by
  their annual volume, spread flat over the year's hours (``SupplySeries.flat_contract``, the
  result flags them).
- Certificates: the site's ``CertificateVolume`` rows of the year's months (1 certificate =
  1 MWh, ``core/ecology/data/cfe.yaml``); they count towards the annual match only.
- Storage: the site's storage (one per site); a park's pooled run uses the park's own storage as
  the shared one.
- Grid factor: the factor library's electricity CO2 factor of the East China grid (Shanghai's
  grid, ``GRID_REGION``) for the year, or the newest earlier year it has; the run records its
  id, value, citation, confirmation and the library's version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from greenledger.core.ecology.cfe import (
    Array,
    Certificates,
    SupplySeries,
    hours_in_year,
)
from greenledger.core.ecology.cfe import (
    Storage as CoreStorage,
)
from greenledger.core.ecology.cfe_files import series_array
from greenledger.core.factors.library import Factor
from greenledger.core.meters import ChecksumMismatch, read_series_parquet
from greenledger.web.ecology.models import CertificateVolume, GreenSupply, Storage, SupplyKind
from greenledger.web.members.models import Site
from greenledger.web.reporting import page_selectors as reporting_pages
from greenledger.web.reporting.services._common import invalid, library

__all__ = [
    "GRID_REGION",
    "LoadOf",
    "certificates_of",
    "grid_factor",
    "load_of",
    "storage_of_site_record",
    "storage_of",
    "supplies_of",
]

# Pudong, Shanghai: the East China regional grid of the MEE/NBS electricity factors
GRID_REGION = "CN-EAST"


@dataclass
class LoadOf:
    """A site's load of a year (MWh per hour) and the meter series it came from."""

    mwh: Array
    meters: list[dict[str, Any]] = field(default_factory=list)


def _name(site: Site) -> str:
    return site.name_zh


def _frame(path: str, sha256: str, what: str) -> pl.DataFrame:
    try:
        return read_series_parquet(Path(path), sha256=sha256)
    except (ChecksumMismatch, OSError) as error:
        raise invalid(
            "year",
            _("The stored %(what)s cannot be read (%(reason)s); store it again.")
            % {"what": what, "reason": error},
        ) from error


def load_of(site: Site, year: int) -> LoadOf | None:
    """The site's load of ``year`` (None without any meter series); ValidationError when a
    meter misses hours or its stored file is damaged."""
    series = [s for s in reporting_pages.meter_series_of(site) if s.year == year]
    if not series:
        return None
    hours = hours_in_year(year)
    for s in series:
        missing = hours - s.rows
        if missing > 0 or s.coverage < 100.0:
            gaps = [
                gap
                for meter in (s.report or {}).get("meters", [])
                if meter.get("meter") == s.meter
                for gap in meter.get("gaps", [])
            ]
            first = (
                _(" (first gap from %(start)s to %(end)s, UTC)")
                % {
                    "start": gaps[0][0],
                    "end": gaps[0][1],
                }
                if gaps
                else ""
            )
            raise invalid(
                "year",
                _(
                    "The meter %(meter)s of %(site)s misses %(missing)s of the %(hours)s hours of "
                    "%(year)s%(first)s: hourly matching needs every hour. Store the complete "
                    "series on the site's meter page first."
                )
                % {
                    "meter": s.meter,
                    "site": _name(site),
                    "missing": max(missing, 0),
                    "hours": hours,
                    "year": year,
                    "first": first,
                },
            )
    total = np.zeros(hours)
    frames: dict[tuple[str, str], pl.DataFrame] = {}
    for s in series:
        key = (s.parquet_path, s.sha256)
        if key not in frames:
            frames[key] = _frame(
                s.parquet_path, s.sha256, _("meter series of %(site)s") % {"site": _name(site)}
            )
    for frame in frames.values():
        for values in series_array(frame.rename({"meter": "source"}), year).values():
            total += values
    meters = [
        {"meter": s.meter, "sha256": s.sha256, "total_kwh": s.total_kwh, "series_id": s.pk}
        for s in series
    ]
    return LoadOf(total, meters)


def supplies_of(site: Site, year: int) -> tuple[list[SupplySeries], list[dict[str, Any]]]:
    """The site's supply series of ``year`` and what each came from."""
    hours = hours_in_year(year)
    out: list[SupplySeries] = []
    used: list[dict[str, Any]] = []
    frames: dict[tuple[str, str], dict[str, Array]] = {}
    for supply in GreenSupply.objects.filter(site=site, year=year).order_by("kind", "source"):
        if supply.kind == SupplyKind.CONTRACT_FLAT:
            out.append(SupplySeries.flat_contract(supply.source, supply.annual_mwh, hours))
        else:
            key = (supply.series_path, supply.series_sha256)
            if key not in frames:
                frame = _frame(
                    supply.series_path,
                    supply.series_sha256,
                    _("supply series %(source)s") % {"source": supply.source},
                )
                frames[key] = series_array(frame.rename({"meter": "source"}), year)
            values = frames[key].get(supply.source)
            if values is None:
                raise invalid(
                    "year",
                    _("The stored file of the supply %(source)s no longer holds its series.")
                    % {"source": supply.source},
                )
            out.append(SupplySeries(supply.source, supply.kind, values))  # type: ignore[arg-type]
        used.append(
            {
                "id": supply.pk,
                "site": site.pk,
                "source": supply.source,
                "kind": supply.kind,
                "flat": supply.kind == SupplyKind.CONTRACT_FLAT,
                "annual_mwh": supply.annual_mwh,
                "sha256": supply.series_sha256,
            }
        )
    return out, used


def certificates_of(site: Site, year: int) -> Certificates | None:
    rows = CertificateVolume.objects.filter(
        site=site, month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
    )
    if not rows:
        return None
    monthly = [0.0] * 12
    for row in rows:
        monthly[row.month.month - 1] += row.mwh
    return Certificates(year, tuple(monthly))


def storage_of(site: Site) -> tuple[CoreStorage | None, dict[str, Any] | None]:
    stored = Storage.objects.filter(site=site).order_by("id").first()
    if stored is None:
        return None, None
    core = CoreStorage(stored.capacity_mwh, stored.power_mw, stored.round_trip_efficiency)
    return core, {
        "id": stored.pk,
        "site": site.pk,
        "name": stored.name,
        "capacity_mwh": stored.capacity_mwh,
        "power_mw": stored.power_mw,
        "round_trip_efficiency": stored.round_trip_efficiency,
    }


def storage_of_site_record(site_id: int) -> dict[str, Any] | None:
    """The name of a site's storage (None without one), for a pooled run's provenance."""
    stored = Storage.objects.filter(site_id=site_id).order_by("id").first()
    return None if stored is None else {"name": stored.name}


def grid_factor(year: int) -> tuple[Factor, dict[str, Any]]:
    """The grid's electricity CO2 factor for ``year`` and how to name it."""
    books = library()
    factor = books.find("electricity", "ef", gas="CO2", region=GRID_REGION, year=year)
    return factor, {
        "id": factor.id,
        "value": factor.value_in("tCO2/MWh"),
        "unit": "tCO2/MWh",
        "region": factor.region,
        "year": factor.year,
        "citation": factor.citation(),
        "confirmed": factor.confirmed,
        "quality": factor.quality,
        "library": books.version,
        "library_title": books.title,
    }
