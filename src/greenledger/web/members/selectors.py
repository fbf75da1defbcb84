"""Reads of the registry, always through the access rules of ``accounts.permissions``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from greenledger.web.accounts import permissions
from greenledger.web.audit.selectors import ledger_version
from greenledger.web.members.models import (
    Designation,
    DesignationStatus,
    DesignationType,
    Organisation,
    OrganisationKind,
    Site,
    SiteKind,
)

# The seven categories of the district's green manufacturing system, in reporting order.
SUMMARY_DESIGNATION_TYPES: tuple[str, ...] = (
    DesignationType.GREEN_FACTORY,
    DesignationType.GREEN_SUPPLY_CHAIN,
    DesignationType.GREEN_DESIGN_PRODUCT,
    DesignationType.GREEN_PARK,
    DesignationType.ZERO_CARBON_FACTORY,
    DesignationType.ZERO_CARBON_PARK,
    DesignationType.ZERO_CARBON_DATA_CENTER,
)
RECOGNITION_TYPES: tuple[str, ...] = tuple(
    t for t in DesignationType.values if t not in SUMMARY_DESIGNATION_TYPES
)


def organisation_list(
    *,
    user: Any,
    kind: str | None = None,
    district: str | None = None,
    search: str | None = None,
    published: bool | None = None,
) -> QuerySet[Organisation]:
    queryset = permissions.visible_organisations(user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if district:
        queryset = queryset.filter(district=district)
    if published is not None:
        queryset = queryset.filter(published=published)
    if search:
        term = search.strip()
        queryset = queryset.filter(
            Q(name_zh__icontains=term)
            | Q(name_en__icontains=term)
            | Q(credit_code__iexact=term.upper())
        )
    return queryset.order_by("id")


def organisation_get(*, user: Any, pk: int) -> Organisation:
    """The organisation if ``user`` may see it; Http404 otherwise (also when it exists)."""
    organisation = permissions.visible_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def site_list(
    *,
    user: Any,
    kind: str | None = None,
    organisation_id: int | None = None,
    park_id: int | None = None,
) -> QuerySet[Site]:
    queryset = permissions.visible_sites(user).select_related("organisation", "parent_park")
    if kind:
        queryset = queryset.filter(kind=kind)
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    if park_id is not None:
        queryset = queryset.filter(parent_park_id=park_id)
    return queryset.order_by("id")


def site_get(*, user: Any, pk: int) -> Site:
    site = permissions.visible_sites(user).select_related("organisation").filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def designation_list(
    *,
    user: Any,
    type: str | None = None,
    level: str | None = None,
    year: int | None = None,
    status: str | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Designation]:
    queryset = permissions.visible_designations(user).select_related("organisation", "site")
    if type:
        queryset = queryset.filter(type=type)
    if level:
        queryset = queryset.filter(level=level)
    if year is not None:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    return queryset.order_by("id")


def designation_get(*, user: Any, pk: int) -> Designation:
    designation = (
        permissions.visible_designations(user)
        .select_related("organisation", "site")
        .filter(pk=pk)
        .first()
    )
    if designation is None:
        raise Http404
    return designation


def parks(*, district: str | None = None) -> QuerySet[Site]:
    queryset = Site.objects.filter(kind=SiteKind.PARK)
    if district:
        queryset = queryset.filter(district=district)
    return queryset.order_by("id")


SUMMARY_CACHE_SECONDS = 600


@dataclass(frozen=True)
class ParkSummary:
    id: int
    name_zh: str
    name_en: str
    district: str
    sites: int
    factories: int
    data_centres: int
    designations: dict[str, int]


@dataclass(frozen=True)
class DistrictSummary:
    """The district overview: the figures are district-wide aggregates, open to everyone;
    the per-park breakdown lists the parks of published organisations only."""

    designations: dict[str, int]
    recognitions: dict[str, int]
    members_by_kind: dict[str, int]
    organisations: int
    sites_by_kind: dict[str, int]
    parks: list[ParkSummary] = field(default_factory=list)


def district_summary(*, district: str | None = None) -> DistrictSummary:
    """Active designations by type, alliance members by kind and a per-park breakdown.

    Aggregates over the whole registry, kept in ``django.core.cache`` until the next change of
    state (the audit ledger's head is in the key)."""
    key = f"district-summary:{ledger_version()}:{district or ''}"
    summary = cache.get(key)
    if summary is None:
        summary = _district_summary(district=district)
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return summary


def _district_summary(*, district: str | None = None) -> DistrictSummary:
    designations = Designation.objects.filter(status=DesignationStatus.ACTIVE)
    organisations = Organisation.objects.all()
    sites = Site.objects.all()
    if district:
        designations = designations.filter(organisation__district=district)
        organisations = organisations.filter(district=district)
        sites = sites.filter(district=district)

    by_type = dict(
        designations.values_list("type").annotate(n=Count("id")).values_list("type", "n")
    )
    members = dict(
        organisations.filter(membership__status="active")
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    site_counts = dict(sites.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))

    park_rows = list(
        sites.filter(kind=SiteKind.PARK, organisation__published=True)
        .annotate(
            n_sites=Count("tenants", distinct=True),
            n_factories=Count("tenants", filter=Q(tenants__kind=SiteKind.FACTORY), distinct=True),
            n_data_centres=Count(
                "tenants", filter=Q(tenants__kind=SiteKind.DATA_CENTRE), distinct=True
            ),
        )
        .order_by("id")
    )
    # Designations held by a park itself or by a site inside it, counted per park in one query.
    per_park: dict[int, dict[str, int]] = {row.id: {} for row in park_rows}
    in_parks = (
        designations.filter(Q(site__parent_park__in=list(per_park)) | Q(site__in=list(per_park)))
        .values_list("site_id", "site__parent_park_id", "type")
        .order_by()
    )
    for site_id, parent_id, designation_type in in_parks:
        park_id = site_id if site_id in per_park else parent_id
        counts = per_park[park_id]
        counts[designation_type] = counts.get(designation_type, 0) + 1

    return DistrictSummary(
        designations={t: by_type.get(t, 0) for t in SUMMARY_DESIGNATION_TYPES},
        recognitions={t: by_type.get(t, 0) for t in RECOGNITION_TYPES},
        members_by_kind={k: members.get(k, 0) for k in OrganisationKind.values},
        organisations=organisations.count(),
        sites_by_kind={k: site_counts.get(k, 0) for k in SiteKind.values},
        parks=[
            ParkSummary(
                id=row.id,
                name_zh=row.name_zh,
                name_en=row.name_en,
                district=row.district,
                sites=row.n_sites,
                factories=row.n_factories,
                data_centres=row.n_data_centres,
                designations=per_park[row.id],
            )
            for row in park_rows
        ],
    )


def designations_by_type_and_level(*, district: str | None = None) -> dict[tuple[str, str], int]:
    """Active designations counted by (type, level): a district-wide aggregate with the same
    scope as ``district_summary`` (figures open to everyone, no rows disclosed)."""
    queryset = Designation.objects.filter(status=DesignationStatus.ACTIVE)
    if district:
        queryset = queryset.filter(organisation__district=district)
    rows = queryset.values_list("type", "level").annotate(n=Count("id")).order_by()
    return {(type_, level): n for type_, level, n in rows}
