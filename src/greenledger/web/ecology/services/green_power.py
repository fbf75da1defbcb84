"""A site's green power and its hourly carbon-free-energy (24/7 CFE) matching.

Writes, each by the site's enterprise manager (``permissions.can_manage_green_power``), audited
(``ecology.green_supply.*``, ``ecology.certificates.*``, ``ecology.storage.*``,
``ecology.cfe.run``):

- ``green_supply_upload``: an hourly supply file (``timestamp, kwh`` and optionally ``source``,
  several sources in one file) checked by the core readers exactly as meter series are (gaps,
  duplicated hours, stamps off the hour, foreign offsets, another year than the one named:
  refused with the file, row and reason; nothing stored), stored as Parquet under
  ``PRIVATE_MEDIA_ROOT/green_power/<site>/`` with its SHA-256; one ``GreenSupply`` per source,
  replacing a supply of the same name and year.
- ``green_supply_flat``: a green-power contract known only by its annual volume (spread flat over
  the year's hours by the core, and flagged on every run).
- ``certificate_save`` (one month by form) and ``certificates_import`` (a ``month, mwh`` file
  of one year through the core reader, all-or-nothing; it replaces that year's months).
- ``storage_save`` (one storage per site, checked by the core's ``Storage``) and
  ``storage_delete``.
- ``cfe_run``: the core ``cfe`` over the site's load of the year (its reporting meter series;
  refused with the reason when missing or incomplete, see ``green_power_inputs``), or for an
  industrial park the core ``pooled`` over the park's own site (its supplies, and its load when
  it stored a meter series; the park's storage is the shared one) and its tenants that stored a
  meter series of the year (tenants without one are left out and named in the provenance and
  on the page).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.ecology import cfe as core
from greenledger.core.ecology.cfe_files import read_certificates, read_hourly
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.meters import SCHEMA, file_sha256, write_series_parquet
from greenledger.core.workbook_safety import inspect_upload
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.ecology.models import (
    CertificateVolume,
    CfeRun,
    GreenSupply,
    Storage,
    SupplyKind,
)
from greenledger.web.ecology.services import green_power_inputs as inputs
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.reporting.services._common import invalid, now, require

__all__ = [
    "certificate_save",
    "certificates_import",
    "cfe_run",
    "green_supply_delete",
    "green_supply_flat",
    "green_supply_upload",
    "result_json",
    "storage_delete",
    "storage_save",
    "supply_directory",
]

HOURLY_KINDS = (SupplyKind.ONSITE, SupplyKind.CONTRACT)
CURVE_DIGITS = 4  # MWh to 0.1 kWh in the stored heat map and duration curve


def supply_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "green_power"


def _require_manager(actor: Any, site: Site) -> None:
    require(
        permissions.can_manage_green_power(actor, site),
        _("Only the site's own enterprise manager keeps its green power."),
    )


def _check_year(year: int) -> int:
    if not 1990 <= int(year) <= 2100:
        raise invalid("year", _("The year must lie between 1990 and 2100."))
    return int(year)


def _finite(field: str, value: Any, *, positive: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise invalid(field, _("%(value)r is not a number.") % {"value": value}) from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        reason = _("Enter a number above zero.") if positive else _("Enter zero or more.")
        raise invalid(field, reason)
    return number


def _replace_sources(site: Site, year: int, sources: list[str]) -> list[dict[str, Any]]:
    old = GreenSupply.objects.filter(site=site, year=year, source__in=sources)
    replaced = [
        {"id": s.pk, "source": s.source, "kind": s.kind, "annual_mwh": s.annual_mwh} for s in old
    ]
    old.delete()
    return replaced


@transaction.atomic
def green_supply_upload(
    *, actor: Any, site: Site, year: int, kind: str, path: Path, filename: str | None = None
) -> list[GreenSupply]:
    """Check and store an hourly supply file of ``year``; InputError with every problem (and
    nothing stored) otherwise. ``kind``: onsite or contract (an hourly contract profile)."""
    _require_manager(actor, site)
    year = _check_year(year)
    if kind not in HOURLY_KINDS:
        raise invalid("kind", _("An hourly series is on-site generation or a contract profile."))
    inspect_upload(path, max_bytes=int(settings.GREENLEDGER_MAX_UPLOAD_BYTES))
    name = filename or path.name
    report, frame = read_hourly(path)
    if report.year != year:
        raise InputError(
            [
                Problem(
                    message("cfe.supply_other_year", found=report.year, year=year),
                    file=name,
                    column="timestamp",
                )
            ]
        )
    report.raise_if_problems()
    if frame.is_empty():
        raise invalid("file", _("The file holds no hourly values of that year."))
    stored = frame.rename({"source": "meter"}).cast(SCHEMA)  # type: ignore[arg-type]
    token = f"supply-{file_sha256(path)[:16]}"
    out, digest = write_series_parquet(stored, supply_directory() / str(site.pk), token, year)
    sources = sorted({str(s) for s in stored["meter"].to_list()})
    replaced = _replace_sources(site, year, [s[:200] for s in sources])
    moment = now()
    created = []
    for source in sources:
        kwh = float(stored.filter(stored["meter"] == source)["kwh"].sum())
        created.append(
            GreenSupply.objects.create(
                site=site,
                year=year,
                kind=kind,
                source=source[:200],
                annual_mwh=kwh / 1000.0,
                series_path=str(out),
                series_sha256=digest,
                original_filename=name[:255],
                created_by=actor,
                created_at=moment,
            )
        )
    audit_append(
        actor=actor,
        action="ecology.green_supply.upload",
        object_type="members.site",
        object_id=site.pk,
        before={"replaced": replaced} if replaced else None,
        after={
            "year": year,
            "kind": kind,
            "file": name,
            "sha256": digest,
            "supplies": [
                {"id": s.pk, "source": s.source, "annual_mwh": s.annual_mwh} for s in created
            ],
        },  # fmt: skip
    )
    return created


@transaction.atomic
def green_supply_flat(
    *, actor: Any, site: Site, year: int, source: str, annual_mwh: Any
) -> GreenSupply:
    """A contract known only by its annual volume (replaces a supply of the same name)."""
    _require_manager(actor, site)
    year = _check_year(year)
    source = (source or "").strip()
    if not source:
        raise invalid("source", _("Name the contract (the seller or the plant)."))
    volume = _finite("annual_mwh", annual_mwh, positive=True)
    replaced = _replace_sources(site, year, [source[:200]])
    supply = GreenSupply.objects.create(
        site=site,
        year=year,
        kind=SupplyKind.CONTRACT_FLAT,
        source=source[:200],
        annual_mwh=volume,
        created_by=actor,
        created_at=now(),
    )
    audit_append(
        actor=actor,
        action="ecology.green_supply.flat",
        obj=supply,
        before={"replaced": replaced} if replaced else None,
        after={"site": site.pk, "year": year, "source": supply.source, "annual_mwh": volume},
    )
    return supply


@transaction.atomic
def green_supply_delete(*, actor: Any, supply: GreenSupply) -> None:
    _require_manager(actor, supply.site)
    before = {
        "site": supply.site_id,
        "year": supply.year,
        "kind": supply.kind,
        "source": supply.source,
        "annual_mwh": supply.annual_mwh,
        "sha256": supply.series_sha256,
    }
    pk = supply.pk
    supply.delete()
    audit_append(
        actor=actor,
        action="ecology.green_supply.delete",
        object_type="ecology.greensupply",
        object_id=pk,
        before=before,
    )


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, 1)
    text = str(value or "").strip()
    try:
        year_text, month_text = text.split("-")[:2]
        month = dt.date(int(year_text), int(month_text), 1)
    except (ValueError, TypeError):
        raise invalid(
            "month", _("%(value)r is not a month; write it as YYYY-MM.") % {"value": text}
        ) from None
    _check_year(month.year)
    return month


@transaction.atomic
def certificate_save(*, actor: Any, site: Site, month: Any, mwh: Any) -> CertificateVolume:
    """The green electricity certificates cancelled for the site in one month (1 = 1 MWh)."""
    _require_manager(actor, site)
    first = _month(month)
    volume = _finite("mwh", mwh)
    existing = CertificateVolume.objects.filter(site=site, month=first).first()
    before = {"mwh": existing.mwh} if existing else None
    saved, _created = CertificateVolume.objects.update_or_create(
        site=site,
        month=first,
        defaults={"mwh": volume, "created_by": actor, "created_at": now()},
    )
    audit_append(
        actor=actor,
        action="ecology.certificates.save",
        obj=saved,
        before=before,
        after={"site": site.pk, "month": f"{first:%Y-%m}", "mwh": volume},
    )
    return saved


@transaction.atomic
def certificates_import(
    *, actor: Any, site: Site, year: int, path: Path
) -> list[CertificateVolume]:
    """A ``month, mwh`` file of ``year`` (core reader: every problem at once with its row and
    field, nothing stored); it replaces the certificates of every month of that year."""
    _require_manager(actor, site)
    year = _check_year(year)
    inspect_upload(path, max_bytes=int(settings.GREENLEDGER_MAX_UPLOAD_BYTES))
    certificates = read_certificates(path, year=year)
    months = CertificateVolume.objects.filter(
        site=site, month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
    )
    before = {f"{c.month:%Y-%m}": c.mwh for c in months}
    months.delete()
    moment = now()
    created = [
        CertificateVolume.objects.create(
            site=site,
            month=dt.date(year, index + 1, 1),
            mwh=mwh,
            created_by=actor,
            created_at=moment,
        )  # fmt: skip
        for index, mwh in enumerate(certificates.monthly_mwh)
        if mwh > 0
    ]
    audit_append(
        actor=actor,
        action="ecology.certificates.import",
        object_type="members.site",
        object_id=site.pk,
        before=before or None,
        after={
            "year": year,
            "file": path.name,
            "sha256": file_sha256(path),
            "months": {f"{c.month:%Y-%m}": c.mwh for c in created},
        },
    )
    return created


@transaction.atomic
def storage_save(
    *,
    actor: Any,
    site: Site,
    name: str,
    capacity_mwh: Any,
    power_mw: Any,
    round_trip_efficiency: Any,
) -> Storage:
    """The site's storage (one per site: saving again changes it), checked by the core."""
    _require_manager(actor, site)
    name = (name or "").strip()
    if not name:
        raise invalid("name", _("Name the storage."))
    values = {
        "capacity_mwh": _finite("capacity_mwh", capacity_mwh, positive=True),
        "power_mw": _finite("power_mw", power_mw, positive=True),
        "round_trip_efficiency": _finite("round_trip_efficiency", round_trip_efficiency),
    }
    try:
        core.Storage(**values)
    except InputError as error:
        from greenledger.web.reporting.templatetags.reporting_extras import problem_text

        raise invalid(
            error.problems[0].column or "capacity_mwh", problem_text(error.problems[0])
        ) from error
    existing = Storage.objects.select_for_update().filter(site=site).order_by("id").first()
    before = None
    if existing is None:
        existing = Storage(site=site, created_by=actor, created_at=now())
    else:
        before = {"name": existing.name, "capacity_mwh": existing.capacity_mwh,
                  "power_mw": existing.power_mw,
                  "round_trip_efficiency": existing.round_trip_efficiency}  # fmt: skip
    existing.name = name[:200]
    for key, value in values.items():
        setattr(existing, key, value)
    existing.save()
    audit_append(
        actor=actor,
        action="ecology.storage.save",
        obj=existing,
        before=before,
        after={"site": site.pk, "name": existing.name, **values},
    )
    return existing


@transaction.atomic
def storage_delete(*, actor: Any, storage: Storage) -> None:
    _require_manager(actor, storage.site)
    before = {"site": storage.site_id, "name": storage.name,
              "capacity_mwh": storage.capacity_mwh}  # fmt: skip
    pk = storage.pk
    storage.delete()
    audit_append(
        actor=actor,
        action="ecology.storage.delete",
        object_type="ecology.storage",
        object_id=pk,
        before=before,
    )


def _rounded(values: Any) -> list[float | None]:
    return [None if not math.isfinite(v) else round(float(v), CURVE_DIGITS) for v in values]


def result_json(result: core.CfeResult) -> dict[str, Any]:
    """What a run stores: the core's JSON (its keys first), the flags as messages (shown
    in the reader's language), the unmatched heat map (days x 24) and the duration curve."""
    data = core.to_json(result)
    data["flag_messages"] = [flag.as_dict() for flag in result.flags]
    data["heatmap_unmatched_mwh"] = [_rounded(row) for row in core.heatmap(result, "unmatched")]
    curve = core.duration_curve(result)
    data["duration_curve"] = {
        "load_mwh": _rounded(curve.load_mwh),
        "clean_supply_mwh": _rounded(curve.clean_supply_mwh),
    }
    return data


def _site_inputs(site: Site, year: int, load: inputs.LoadOf) -> tuple[core.Site, dict[str, Any]]:
    supplies, used = inputs.supplies_of(site, year)
    certificates = inputs.certificates_of(site, year)
    return core.Site(site.name_zh, load.mwh, supplies, certificates), {
        "site": site.pk,
        "name": site.name_zh,
        "meters": load.meters,
        "load_mwh": round(float(load.mwh.sum()), 6),
        "supplies": used,
        "certificates_mwh": list(certificates.monthly_mwh) if certificates else None,
    }


@transaction.atomic
def cfe_run(*, actor: Any, site: Site, year: int) -> CfeRun:
    """Hourly matching of the site (or the park pooled) for ``year``; ValidationError with the
    reason when the load is missing or incomplete, InputError when the core refuses an input."""
    _require_manager(actor, site)
    year = _check_year(year)
    park = site.kind == SiteKind.PARK
    members = [site, *Site.objects.filter(parent_park=site).order_by("id")] if park else [site]
    sites: list[core.Site] = []
    used: list[dict[str, Any]] = []
    left_out: list[dict[str, Any]] = []
    for member in members:
        load = inputs.load_of(member, year)
        if load is None and park and member == site:
            load = inputs.LoadOf(np.zeros(core.hours_in_year(year)))  # the park's own plants
        if load is None:
            left_out.append({"site": member.pk, "name": member.name_zh})
            continue
        core_site, record = _site_inputs(member, year, load)
        sites.append(core_site)
        used.append(record)
    if not any(record["meters"] for record in used):
        reason = (
            _("No site of the park %(site)s stored an hourly meter series for %(year)s.")
            if park
            else _(
                "%(site)s has no hourly meter series for %(year)s: store the year's series on "
                "the site's meter page first (it is the load matched hour by hour)."
            )
        )
        raise invalid("year", reason % {"site": site.name_zh, "year": year})
    storage, storage_used = inputs.storage_of(site)
    # a pooled run dispatches the park's own storage only: the tenants' are named, not used
    unused_storage = []
    for record in used if park else []:
        found = inputs.storage_of_site_record(record["site"]) if record["site"] != site.pk else None
        if found is not None:
            unused_storage.append({"site": record["site"], **found})
    factor, factor_used = inputs.grid_factor(year)
    start = dt.datetime(year, 1, 1, tzinfo=core.CHINA)
    grid = factor.value_in("tCO2/MWh")
    if park:
        result = core.pooled(sites, storage=storage, grid_factor_t_per_mwh=grid, start=start)
    else:
        only = sites[0]
        result = core.cfe(
            np.asarray(only.load_mwh), only.supplies, only.certificates, storage, grid,
            start=start,
        )  # fmt: skip
    provenance = {
        "core": "greenledger.core.ecology.cfe",
        "year": year,
        "pooled": park,
        "sites": used,
        "left_out": left_out,
        "storage": storage_used,
        "storage_not_pooled": unused_storage,
        "grid_factor": factor_used,
        "certificate_rules": {
            k: v for k, v in core.load_certificate_rules().items() if k != "issued"
        },
    }
    run = CfeRun.objects.create(
        site=site,
        pooled=park,
        year=year,
        result=result_json(result),
        cfe_score=result.cfe_score,
        annual_match_share=result.annual_match_share,
        provenance=provenance,
        created_by=actor,
        created_at=now(),
    )
    audit_append(
        actor=actor,
        action="ecology.cfe.run",
        obj=run,
        after={
            "site": site.pk,
            "year": year,
            "pooled": park,
            "cfe_score": round(result.cfe_score, 6),
            "annual_match_share": round(result.annual_match_share, 6),
            "sites": [u["site"] for u in used],
            "grid_factor": factor_used["id"],
        },
    )
    return run
