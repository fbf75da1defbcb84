"""Reads of a site's green power and its hourly matching (see ``services.green_power``).

``latest_cfe(site, year)`` is the binding other parts read (the park page, the assessment
pre-scores): the newest run of the site (a park's runs are pooled) for the year, without any
permission check: its callers check ``permissions.can_view_green_power`` or show only figures
the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import CertificateVolume, CfeRun, GreenSupply, Storage
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.reporting import page_selectors as reporting_pages

__all__ = [
    "GreenPower",
    "green_power_of",
    "latest_cfe",
    "run_json",
    "site_for_green_power",
    "sites_for_green_power",
    "years_of",
]


def latest_cfe(site: Site, year: int) -> CfeRun | None:
    """The newest hourly-matching run of ``site`` for ``year`` (None when never run)."""
    return CfeRun.objects.filter(site=site, year=year).order_by("-created_at", "-id").first()


def site_for_green_power(user: Any, site_id: int) -> Site:
    """The site if ``user`` may see its green power; 404 otherwise (a hidden site is missing)."""
    site = Site.objects.select_related("organisation").filter(pk=site_id).first()
    if site is None or not permissions.can_view_green_power(user, site):
        raise Http404
    return site


def sites_for_green_power(user: Any) -> list[tuple[Site, list[int]]]:
    """The sites whose green power ``user`` may see, each with the years it has green-power
    data (supplies, certificates or runs) or, for an enterprise's own sites, meter series: an
    enterprise its own sites; the staff the sites with green-power data and the parks."""
    role = permissions.role_of(user)
    sites = Site.objects.select_related("organisation").order_by("id")
    staff = role in permissions.STAFF_ROLES
    if not staff:
        if role not in permissions.ENTERPRISE_ROLES or not getattr(user, "organisation_id", None):
            return []
        sites = sites.filter(organisation_id=user.organisation_id)
    years: dict[int, set[int]] = {}
    for site_id, year in [
        *GreenSupply.objects.values_list("site_id", "year").distinct(),
        *CfeRun.objects.values_list("site_id", "year").distinct(),
        *((c, m.year) for c, m in CertificateVolume.objects.values_list("site_id", "month")),
    ]:
        years.setdefault(site_id, set()).add(year)
    if staff:
        sites = sites.filter(Q(pk__in=list(years)) | Q(kind=SiteKind.PARK))
    rows = []
    for site in sites[:500]:
        found = set(years.get(site.pk, ()))
        if not staff:  # an enterprise's few sites: their meter series' years too
            found |= {s.year for s in reporting_pages.meter_series_of(site)}
        rows.append((site, sorted(found)))
    return rows


def years_of(site: Site) -> list[int]:
    """Years with anything to match: meter series, supplies, certificates or runs."""
    years = {s.year for s in reporting_pages.meter_series_of(site)}
    years |= set(GreenSupply.objects.filter(site=site).values_list("year", flat=True))
    years |= {m.year for m in CertificateVolume.objects.filter(site=site).values_list(
        "month", flat=True)}  # fmt: skip
    years |= set(CfeRun.objects.filter(site=site).values_list("year", flat=True))
    return sorted(years)


@dataclass(frozen=True)
class GreenPower:
    """Everything the green-power page of a site and year shows."""

    site: Site
    year: int
    pooled: bool
    tenants: list[Site]
    meter_series: list[Any]
    supplies: list[GreenSupply]
    certificates: list[CertificateVolume]
    certificates_mwh: float
    storage: Storage | None
    run: CfeRun | None
    runs: list[CfeRun]


def green_power_of(site: Site, year: int) -> GreenPower:
    pooled = site.kind == SiteKind.PARK
    tenants = list(Site.objects.filter(parent_park=site).order_by("id")) if pooled else []
    certificates = list(
        CertificateVolume.objects.filter(
            site=site, month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
        ).order_by("month")
    )
    runs = list(CfeRun.objects.filter(site=site, year=year).order_by("-created_at", "-id")[:10])
    return GreenPower(
        site=site,
        year=year,
        pooled=pooled,
        tenants=tenants,
        meter_series=[s for s in reporting_pages.meter_series_of(site) if s.year == year],
        supplies=list(GreenSupply.objects.filter(site=site, year=year).order_by("kind", "source")),
        certificates=certificates,
        certificates_mwh=sum(c.mwh for c in certificates),
        storage=Storage.objects.filter(site=site).order_by("id").first(),
        run=runs[0] if runs else None,
        runs=runs,
    )


def run_json(run: CfeRun) -> dict[str, Any]:
    """A run as the API gives it: the core's figures (its keys first), the heat map
    and duration curve, the flags and the provenance."""
    return {
        "id": run.pk,
        "site": run.site_id,
        "pooled": run.pooled,
        "year": run.year,
        "cfe_score": run.cfe_score,
        "annual_match_share": run.annual_match_share,
        "computed_at": run.created_at.isoformat(),
        "result": run.result,
        "provenance": run.provenance,
    }
