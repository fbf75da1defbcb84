"""Registry endpoints. Lists and details go through the selectors (object-level rules);
writes go through the services. A hidden object answers 404 and the attempt is logged."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.members import selectors, services
from greenledger.web.members.models import Designation, Organisation, Site
from greenledger.web.responses import Status

router = Router(tags=["registry"])
security_log = logging.getLogger("greenledger.security")


class OrganisationOut(Schema):
    id: int
    kind: str
    name_zh: str
    name_en: str
    credit_code: str
    industry_code: str
    district: str
    address: str
    published: bool


class OrganisationIn(Schema):
    kind: str = column(Organisation, "kind")
    name_zh: str = column(Organisation, "name_zh")
    name_en: str = column(Organisation, "name_en", "")
    credit_code: str = column(Organisation, "credit_code")
    industry_code: str = column(Organisation, "industry_code", "")
    address: str = column(Organisation, "address", "")
    district: str = column(Organisation, "district")
    contact_name: str = column(Organisation, "contact_name", "")
    contact_phone: str = column(Organisation, "contact_phone", "")
    contact_email: str = column(Organisation, "contact_email", "")
    published: bool = False


class OrganisationPatch(Schema):
    name_zh: str | None = column(Organisation, "name_zh", None)
    name_en: str | None = column(Organisation, "name_en", None)
    credit_code: str | None = column(Organisation, "credit_code", None)
    industry_code: str | None = column(Organisation, "industry_code", None)
    address: str | None = column(Organisation, "address", None)
    district: str | None = column(Organisation, "district", None)
    contact_name: str | None = column(Organisation, "contact_name", None)
    contact_phone: str | None = column(Organisation, "contact_phone", None)
    contact_email: str | None = column(Organisation, "contact_email", None)


class SiteOut(Schema):
    id: int
    organisation_id: int
    kind: str
    name_zh: str
    name_en: str
    district: str
    address: str
    parent_park_id: int | None
    it_load_kw: Decimal | None
    latitude: float | None = Field(description="WGS-84 degrees north.")
    longitude: float | None = Field(description="WGS-84 degrees east.")


class SiteIn(Schema):
    organisation_id: DbId
    kind: str = column(Site, "kind")
    name_zh: str = column(Site, "name_zh")
    name_en: str = column(Site, "name_en", "")
    district: str | None = column(Site, "district", None)
    address: str = column(Site, "address", "")
    parent_park_id: DbId | None = None
    it_load_kw: Decimal | None = column(Site, "it_load_kw", None)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class SitePatch(Schema):
    kind: str | None = column(Site, "kind", None)
    name_zh: str | None = column(Site, "name_zh", None)
    name_en: str | None = column(Site, "name_en", None)
    district: str | None = column(Site, "district", None)
    address: str | None = column(Site, "address", None)
    parent_park_id: DbId | None = None
    it_load_kw: Decimal | None = column(Site, "it_load_kw", None)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class DesignationOut(Schema):
    id: int
    organisation_id: int
    site_id: int | None
    type: str
    level: str
    batch: str
    year: int
    issuing_body: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str


class DesignationIn(Schema):
    organisation_id: DbId
    site_id: DbId | None = None
    type: str = column(Designation, "type")
    level: str = column(Designation, "level")
    batch: str = column(Designation, "batch", "")
    year: Year
    issuing_body: str = column(Designation, "issuing_body")
    valid_from: dt.date
    valid_until: dt.date | None = None
    status: str = column(Designation, "status", "active")


class ParkOut(Schema):
    id: int
    name_zh: str
    name_en: str
    district: str
    sites: int
    factories: int
    data_centres: int
    designations: dict[str, int]


class SummaryOut(Schema):
    designations: dict[str, int] = Field(
        description="Active designations of the seven green-manufacturing categories."
    )
    recognitions: dict[str, int]
    members_by_kind: dict[str, int]
    organisations: int
    sites_by_kind: dict[str, int]
    parks: list[ParkOut]


def columns_of(schema: type[Schema]) -> list[str]:
    """The model columns a list's output schema reads: a list loads only these (no joined rows,
    no timestamps to parse)."""
    return list(schema.model_fields)


def _hidden(request: HttpRequest, what: str, pk: int) -> Http404:
    user = request.auth  # type: ignore[attr-defined]
    security_log.warning(
        "refused %s %s: %s %s is not visible to %s",
        request.method,
        request.path,
        what,
        pk,
        user.get_username() if user.is_authenticated else "an anonymous visitor",
    )
    return Http404()


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    try:
        return selectors.organisation_get(user=request.auth, pk=pk)  # type: ignore[attr-defined]
    except Http404:
        raise _hidden(request, "organisation", pk) from None


def _site(request: HttpRequest, pk: int) -> Site:
    try:
        return selectors.site_get(user=request.auth, pk=pk)  # type: ignore[attr-defined]
    except Http404:
        raise _hidden(request, "site", pk) from None


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations")
@paginated
def list_organisations(
    request: HttpRequest, kind: str | None = None, search: str | None = None
) -> Any:
    found = selectors.organisation_list(user=request.auth, kind=kind, search=search)  # type: ignore[attr-defined]
    return found.only(*columns_of(OrganisationOut))


@router.get("/organisations/{int:organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: DbId) -> Any:
    return _organisation(request, organisation_id)


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Any:
    data = payload.dict()
    published = data.pop("published")
    organisation = services.organisation_create(
        actor=request.auth,  # type: ignore[attr-defined]
        published=published,
        **data,
    )
    return Status(201, organisation)


@router.patch("/organisations/{int:organisation_id}", response=OrganisationOut)
def update_organisation(
    request: HttpRequest, organisation_id: DbId, payload: OrganisationPatch
) -> Any:
    organisation = _organisation(request, organisation_id)
    changes = payload.dict(exclude_unset=True)
    return services.organisation_update(
        actor=request.auth,  # type: ignore[attr-defined]
        organisation=organisation,
        **changes,
    )


@router.get("/sites", response=list[SiteOut], summary="List sites")
@paginated
def list_sites(
    request: HttpRequest,
    kind: str | None = None,
    organisation_id: DbId | None = None,
    park_id: DbId | None = None,
) -> Any:
    found = selectors.site_list(
        user=request.auth,  # type: ignore[attr-defined]
        kind=kind,
        organisation_id=organisation_id,
        park_id=park_id,
    )
    return found.select_related(None).only(*columns_of(SiteOut))


@router.get("/sites/{int:site_id}", response=SiteOut)
def get_site(request: HttpRequest, site_id: DbId) -> Any:
    return _site(request, site_id)


def _park(request: HttpRequest, park_id: int | None) -> Site | None:
    if park_id is None:
        return None
    return _site(request, park_id)


@router.post("/sites", response={201: SiteOut})
@answers(404)  # the organisation or park named in the body is not visible
def create_site(request: HttpRequest, payload: SiteIn) -> Any:
    data = payload.dict()
    organisation = _organisation(request, data.pop("organisation_id"))
    data["parent_park"] = _park(request, data.pop("parent_park_id"))
    if data["district"] is None:
        data.pop("district")
    site = services.site_create(actor=request.auth, organisation=organisation, **data)  # type: ignore[attr-defined]
    return Status(201, site)


@router.patch("/sites/{int:site_id}", response=SiteOut)
def update_site(request: HttpRequest, site_id: DbId, payload: SitePatch) -> Any:
    site = _site(request, site_id)
    changes = payload.dict(exclude_unset=True)
    if "parent_park_id" in changes:
        changes["parent_park"] = _park(request, changes.pop("parent_park_id"))
    return services.site_update(actor=request.auth, site=site, **changes)  # type: ignore[attr-defined]


@router.delete("/sites/{int:site_id}", response={204: None})
def delete_site(request: HttpRequest, site_id: DbId) -> Any:
    site = _site(request, site_id)
    services.site_delete(actor=request.auth, site=site)  # type: ignore[attr-defined]
    return Status(204, None)


@router.get("/designations", response=list[DesignationOut], summary="List designations")
@paginated
def list_designations(
    request: HttpRequest,
    type: str | None = None,
    level: str | None = None,
    year: Year | None = None,
    status: str | None = None,
    organisation_id: DbId | None = None,
) -> Any:
    found = selectors.designation_list(
        user=request.auth,  # type: ignore[attr-defined]
        type=type,
        level=level,
        year=year,
        status=status,
        organisation_id=organisation_id,
    )
    return found.select_related(None).only(*columns_of(DesignationOut))


@router.get("/designations/{int:designation_id}", response=DesignationOut)
def get_designation(request: HttpRequest, designation_id: DbId) -> Any:
    try:
        return selectors.designation_get(user=request.auth, pk=designation_id)  # type: ignore[attr-defined]
    except Http404:
        raise _hidden(request, "designation", designation_id) from None


@router.post("/designations", response={201: DesignationOut})
@answers(404)  # the organisation or site named in the body is not visible
def create_designation(request: HttpRequest, payload: DesignationIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not permissions.can_manage_designations(user):
        raise PermissionDenied
    data = payload.dict()
    data["organisation"] = _organisation(request, data.pop("organisation_id"))
    site_id = data.pop("site_id")
    data["site"] = _site(request, site_id) if site_id is not None else None
    return Status(201, services.designation_create(actor=user, **data))


@router.get("/district/summary", response=SummaryOut, summary="District overview")
def district_summary(request: HttpRequest, district: str | None = None) -> Any:
    return selectors.district_summary(district=district)
