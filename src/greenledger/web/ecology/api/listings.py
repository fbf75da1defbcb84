"""Offers and needs, mounted under /api/ecology: the lists (filters: resource, park, status,
own), one listing, a new one (JSON, the same checks as the form and a file row), an import
(multipart ``file``, CSV or XLSX, all-or-nothing: 422 with every row, column and reason in the
request's language), closing one, and its matches (ranked, explained, with the benefit's
calculation lines, and the refused pairs with the reason).

Reads are for the staff, enterprise users and researchers (403 for anybody else; a listing the
caller may not see: 404); an anonymous listing of another enterprise has no name, company or
site. Writes are the enterprise's users' for its own sites (403 otherwise; a site that is not
the enterprise's: 422 on ``site_id``). Matches: the listing's enterprise and the staff (403).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.contract.errors import error_response
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.ecology.api._router import router
from greenledger.web.ecology.models import Need, Offer
from greenledger.web.ecology.selectors import listings as selectors
from greenledger.web.ecology.selectors import matching
from greenledger.web.ecology.services import listings as services
from greenledger.web.members.models import Organisation, Site
from greenledger.web.reporting.services._common import problem_dicts
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.responses import Status

BINARY = {"type": "string", "format": "binary"}
KIND = "^(solid_waste|hazardous_waste|heat|cold|water)$"
MONTH = r"^\d{4}-\d{2}$"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _viewer(request: HttpRequest) -> Any:
    user = _user(request)
    if not selectors.can_view_listings(user):
        raise PermissionDenied
    return user


class FlagOut(Schema):
    code: str
    params: dict[str, Any]
    message: str


class EcologyListingOut(Schema):
    id: int
    side: str = Field(description="offer or need.")
    kind: str
    name: str | None = Field(description="None: an anonymous listing of another enterprise.")
    code: str
    quantity: float
    unit: str = Field(description="t, MWh or m3 (per year).")
    start_month: str
    end_month: str | None
    park_id: int | None
    park: str | None
    company_shown: bool
    organisation_id: int | None
    organisation: str | None
    site_id: int | None
    site: str | None
    anonymous: bool
    status: str
    medium: str
    capacity_mw: float | None
    profile: list[float]
    water_grade: str
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    current_route: str | None = None
    process: str | None = None
    min_temp_c: float | None = Field(None, description="Heat: at least; cold: at most.")
    licence_codes: list[str] | None = None
    licence_number: str | None = None
    substitutes: str | None = None
    flags: list[FlagOut] = Field(description="Coordinates outside the district, ...")


class ListingQuery(Schema):
    kind: str | None = Field(None, pattern=KIND)
    park_id: DbId | None = None
    status: str | None = Field(None, pattern="^(open|closed)$")
    mine: bool = False


class _ListingIn(Schema):
    site_id: DbId
    kind: str = Field(pattern=KIND)
    name: str = Field(max_length=200)
    quantity: float = Field(ge=0)
    start_month: str = Field(pattern=MONTH)
    end_month: str = Field(pattern=MONTH)
    profile: list[float] | None = Field(None, description="24 hourly or 12 monthly shares.")
    quality_grade: int | None = Field(None, ge=1, le=5)
    anonymous: bool = False
    note: str = Field("", max_length=2000)


class OfferIn(_ListingIn):
    code: str = Field("", max_length=16)
    current_route: str = Field("", max_length=32)
    supply_temp_c: float | None = None
    return_temp_c: float | None = None
    medium: str = Field("", max_length=40)
    capacity_mw: float | None = Field(None, ge=0)


class NeedIn(_ListingIn):
    process: str = Field(max_length=64)
    min_temp_c: float | None = None
    max_temp_c: float | None = None
    permit_codes: list[str] = Field(default_factory=list)
    licence_number: str = Field("", max_length=64)


class ListingImportOut(Schema):
    created: list[EcologyListingOut]


class MatchOut(Schema):
    counterpart: EcologyListingOut
    match: dict[str, Any] = Field(
        description="score, parts (compatibility, distance_km, quantity_overlap, "
        "time_overlap), quantity, unit, heat_pump_cop, benefit (with its calculation lines), "
        "versions (SHA-256 of the data files)."
    )
    exchange_id: int | None


class RefusalOut(Schema):
    counterpart: EcologyListingOut
    distance_km: float
    reason: FlagOut


class MatchesOut(Schema):
    listing: EcologyListingOut
    max_km: float | None
    matches: list[MatchOut]
    refusals: list[RefusalOut]
    unplaced: int = Field(description="Counterparts without coordinates, left out.")


def _message_out(reason: Any) -> dict[str, Any]:
    data = reason.as_dict()
    return {"code": data["code"], "params": data.get("params", {}), "message": problem_text(reason)}


def listing_out(user: Any, listing: Offer | Need) -> dict[str, Any]:
    row = selectors.listing_row(user, listing)
    row["flags"] = [_message_out(f) for f in row["flags"]]
    return row


def _listing(request: HttpRequest, side: str, pk: int) -> tuple[Any, Offer | Need]:
    user = _viewer(request)
    found = selectors.listing_for(user, side, pk)
    if found is None:
        raise Http404
    return user, found


def _list(request: HttpRequest, side: str, query: ListingQuery) -> list[dict[str, Any]]:
    user = _viewer(request)
    found = selectors.listings_of(
        user, side, kind=query.kind, park=query.park_id, status=query.status, mine=query.mine
    )
    return [listing_out(user, listing) for listing in found]


def _create(request: HttpRequest, side: str, payload: _ListingIn) -> Any:
    user = _user(request)
    organisation = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if organisation is None or not permissions.can_manage_listings(user, organisation):
        raise PermissionDenied
    values = payload.dict()
    site = Site.objects.filter(pk=values.pop("site_id"), organisation=organisation).first()
    if site is None:
        raise ValidationError({"site_id": [_("Not a site of your enterprise.")]})
    create = services.offer_create if side == "offer" else services.need_create
    try:
        listing = create(actor=user, site=site, **values)
    except ValidationError as error:
        raise ValidationError(
            {("site_id" if k == "site" else k): v for k, v in error.message_dict.items()}
        ) from None
    return Status(201, listing_out(user, listing))


def _import(request: HttpRequest, side: str) -> Any:
    user = _user(request)
    organisation = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if organisation is None or not permissions.can_manage_listings(user, organisation):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        raise ValidationError({"file": [ValidationError(message, code="required")]})
    with tempfile.TemporaryDirectory() as directory:
        stored = Path(directory) / Path(upload.name or f"{side}s.csv").name
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            created = services.listings_import(
                actor=user, organisation=organisation, side=side, path=stored,
                filename=stored.name,
            )  # fmt: skip
        except InputError as error:
            problems = problem_dicts(error.problems)
            return error_response(
                request,
                422,
                problem_text(error.headline_message),
                problems=[{**p, "message": problem_text(p)} for p in problems],
            )
    return Status(201, {"created": [listing_out(user, listing) for listing in created]})


def _close(request: HttpRequest, side: str, pk: int) -> Any:
    user, found = _listing(request, side, pk)
    return listing_out(user, services.listing_close(actor=user, listing=found))


def _matches(request: HttpRequest, side: str, pk: int) -> Any:
    user, found = _listing(request, side, pk)
    if not permissions.can_manage_listings(user, found.organisation) and (
        permissions.role_of(user) not in permissions.STAFF_ROLES
    ):
        raise PermissionDenied
    result = matching.listing_matches(user, found)

    def counterpart(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "flags": [_message_out(f) for f in row["flags"]]}

    return {
        "listing": listing_out(user, found),
        "max_km": result.get("max_km"),
        "matches": [
            {
                "counterpart": counterpart(m["counterpart"]),
                "match": m["match"],
                "exchange_id": None if m["exchange"] is None else m["exchange"].pk,
            }
            for m in result["matches"]
        ],
        "refusals": [
            {
                "counterpart": counterpart(r["counterpart"]),
                "distance_km": r["distance_km"],
                "reason": _message_out(r["reason"]),
            }
            for r in result["refusals"]
        ],
        "unplaced": result["unplaced"],
    }


@router.get("/offers", response=list[EcologyListingOut], summary="Offers")
@answers(403)
@paginated
def offers_list(request: HttpRequest, query: Query[ListingQuery]) -> Any:
    """The offers the caller may see, newest first (an anonymous one of another enterprise
    without name, company or site)."""
    return _list(request, "offer", query)


@router.get("/needs", response=list[EcologyListingOut], summary="Needs")
@answers(403)
@paginated
def needs_list(request: HttpRequest, query: Query[ListingQuery]) -> Any:
    """The needs the caller may see, newest first."""
    return _list(request, "need", query)


@router.post("/offers", response={201: EcologyListingOut}, summary="A new offer")
def offer_create(request: HttpRequest, payload: OfferIn) -> Any:
    """The core's checks (code list, heat above its return temperature, ...); 422 by field."""
    return _create(request, "offer", payload)


@router.post("/needs", response={201: EcologyListingOut}, summary="A new need")
def need_create(request: HttpRequest, payload: NeedIn) -> Any:
    """The core's checks (a known receiving process taking this resource, ...); 422 by field."""
    return _create(request, "need", payload)


@router.post(
    "/offers/imports", response={201: ListingImportOut}, summary="Import offers (CSV, XLSX)"
)
@answers(multipart={"file": BINARY}, required=["file"])
def offers_import(request: HttpRequest) -> Any:
    """All-or-nothing: 422 with every problem (row, column, reason) and nothing stored."""
    return _import(request, "offer")


@router.post("/needs/imports", response={201: ListingImportOut}, summary="Import needs (CSV, XLSX)")
@answers(multipart={"file": BINARY}, required=["file"])
def needs_import(request: HttpRequest) -> Any:
    """All-or-nothing: 422 with every problem (row, column, reason) and nothing stored."""
    return _import(request, "need")


@router.get("/offers/{int:offer_id}", response=EcologyListingOut, summary="One offer")
@answers(403)
def offer_detail(request: HttpRequest, offer_id: DbId) -> Any:
    user, found = _listing(request, "offer", offer_id)
    return listing_out(user, found)


@router.get("/needs/{int:need_id}", response=EcologyListingOut, summary="One need")
@answers(403)
def need_detail(request: HttpRequest, need_id: DbId) -> Any:
    user, found = _listing(request, "need", need_id)
    return listing_out(user, found)


@router.post("/offers/{int:offer_id}/close", response=EcologyListingOut, summary="Close an offer")
@answers(422)
def offer_close(request: HttpRequest, offer_id: DbId) -> Any:
    """The offering enterprise's users (403 otherwise); 422 when already closed."""
    return _close(request, "offer", offer_id)


@router.post("/needs/{int:need_id}/close", response=EcologyListingOut, summary="Close a need")
@answers(422)
def need_close(request: HttpRequest, need_id: DbId) -> Any:
    """The needing enterprise's users (403 otherwise); 422 when already closed."""
    return _close(request, "need", need_id)


@router.get("/offers/{int:offer_id}/matches", response=MatchesOut, summary="An offer's matches")
@answers(403)
def offer_matches(request: HttpRequest, offer_id: DbId) -> Any:
    """The open needs this offer can serve, ranked and explained, and the refused pairs."""
    return _matches(request, "offer", offer_id)


@router.get("/needs/{int:need_id}/matches", response=MatchesOut, summary="A need's matches")
@answers(403)
def need_matches(request: HttpRequest, need_id: DbId) -> Any:
    """The open offers that can serve this need, ranked and explained, and the refused pairs."""
    return _matches(request, "need", need_id)
