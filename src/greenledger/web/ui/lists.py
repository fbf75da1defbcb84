"""The lists behind the directory and designation pages.

Every query starts from a selector of ``members.selectors``, which applies the access rules of
``accounts.permissions``; the narrowing added here (standing, park, designation type) only ever
filters those already-scoped querysets further, so it can never widen what a viewer sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from greenledger.web.counting import cached_count
from greenledger.web.members import selectors
from greenledger.web.members.models import Designation, Organisation, Site, SiteKind

PAGE_SIZE = 25


@dataclass(frozen=True)
class DirectoryFilters:
    search: str = ""
    kind: str = ""
    standing: str = ""
    park: int | None = None
    designation: str = ""


def visible_parks(*, user: Any) -> list[Site]:
    """The industrial parks the viewer may see, for the park filter."""
    parks = selectors.site_list(user=user, kind=SiteKind.PARK).select_related(None)
    return list(parks.only("id", "name_zh", "name_en").order_by("name_zh", "id")[:500])


def organisation_directory(*, user: Any, filters: DirectoryFilters) -> QuerySet[Organisation]:
    queryset = selectors.organisation_list(
        user=user, kind=filters.kind or None, search=filters.search or None
    )
    if filters.standing:
        queryset = queryset.filter(membership__standing=filters.standing)
    if filters.park is not None:
        in_park = selectors.site_list(user=user).filter(
            Q(parent_park_id=filters.park) | Q(pk=filters.park)
        )
        queryset = queryset.filter(pk__in=in_park.values("organisation_id"))
    if filters.designation:
        holders = selectors.designation_list(user=user, type=filters.designation)
        queryset = queryset.filter(pk__in=holders.values("organisation_id"))
    return queryset.select_related("membership").order_by("id")


# A designation issued through an assessment carries its certificate (assessments app), whose
# number links to the public verification page.
CERTIFICATE = "certificate"


def designations(
    *, user: Any, type: str = "", level: str = "", year: int | None = None, status: str = ""
) -> QuerySet[Designation]:
    return (
        selectors.designation_list(
            user=user, type=type or None, level=level or None, year=year, status=status or None
        )
        .select_related(CERTIFICATE)
        .order_by("-year", "type", "id")
    )


def designation_years(*, user: Any) -> list[int]:
    years = (
        selectors.designation_list(user=user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


class CachedCountPaginator(Paginator):
    """Counts through ``counting.cached_count``: the count of a scoped list changes only with
    the data, so every page of a list shares one count until the next change."""

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list)


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` matches: a free-text search scans the whole table to count,
    and past a thousand hits nobody pages through them anyway (the page says "more than")."""

    COUNT_CAP = 1000
    capped = False

    @cached_property
    def count(self) -> int:
        found = cached_count(self.object_list, cap=self.COUNT_CAP + 1)
        self.capped = found > self.COUNT_CAP
        return min(found, self.COUNT_CAP)


def paginate(queryset: QuerySet[Any], number: Any, *, search: bool = False) -> dict[str, Any]:
    """The requested page (the last one when out of range) and the page numbers to link."""
    paginator_class = CappedPaginator if search else CachedCountPaginator
    page: Page = paginator_class(queryset, PAGE_SIZE).get_page(number)
    numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return {"page": page, "page_numbers": numbers}


@dataclass(frozen=True)
class OrganisationProfile:
    organisation: Organisation
    membership: Any
    history: list[Any]
    sites: list[Site]
    designations: list[Designation]


def organisation_profile(*, user: Any, organisation_id: int) -> OrganisationProfile:
    """The organisation page's data; Http404 when the viewer may not see the organisation."""
    organisation = selectors.organisation_get(user=user, pk=organisation_id)
    membership = getattr(organisation, "membership", None)
    history = list(membership.history.order_by("changed_at", "id")) if membership else []
    return OrganisationProfile(
        organisation=organisation,
        membership=membership,
        history=history,
        sites=list(
            selectors.site_list(user=user, organisation_id=organisation.pk).order_by("kind", "id")
        ),
        designations=list(
            selectors.designation_list(user=user, organisation_id=organisation.pk)
            .select_related(CERTIFICATE)
            .order_by("-year", "id")
        ),
    )


@dataclass(frozen=True)
class SiteProfile:
    site: Site
    parent_park: Site | None
    tenants: list[Site]
    designations: list[Designation]


def site_profile(*, user: Any, site_id: int) -> SiteProfile:
    """The site page's data; Http404 when the viewer may not see the site."""
    site = selectors.site_get(user=user, pk=site_id)
    parent = None
    if site.parent_park_id is not None:
        parent = selectors.site_list(user=user).filter(pk=site.parent_park_id).first()
    tenants: list[Site] = []
    if site.kind == SiteKind.PARK:
        tenants = list(selectors.site_list(user=user, park_id=site.pk).order_by("name_zh", "id"))
    held = (
        selectors.designation_list(user=user, organisation_id=site.organisation_id)
        .filter(site_id=site.pk)
        .select_related(CERTIFICATE)
        .order_by("-year", "id")
    )
    return SiteProfile(site=site, parent_park=parent, tenants=tenants, designations=list(held))
