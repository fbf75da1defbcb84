"""The park map's data, mounted under /api/ecology: ``GET /map`` (``?kind=`` filters by
resource) gives the points (sites, and parks with the anonymous listings of others placed
there), the exchanges and the core matcher's candidate matches as lines between points, as
the page draws them (``selectors.map``); ``?park=`` keeps one park's. For the staff,
enterprise users and researchers (403 for anybody else)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Schema

from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId
from greenledger.web.ecology.api._router import router
from greenledger.web.ecology.selectors import listings as listing_selectors
from greenledger.web.ecology.selectors.map import Line, Point, map_data

KIND = "^(solid_waste|hazardous_waste|heat|cold|water)$"


class MapQuery(Schema):
    kind: str | None = Field(None, pattern=KIND, description="Only this resource.")
    park: DbId | None = Field(None, description="Only this park's tenants (a park's id).")


class PlacedListing(Schema):
    id: int
    kind: str
    quantity: float
    unit: str
    company_shown: bool
    organisation: str | None = Field(description="None: an anonymous listing of another one.")
    name: str | None


class PointOut(Schema):
    key: str = Field(description='"site:<id>" or "park:<id>".')
    level: str = Field(description="site, or park (anonymous listings are placed at parks).")
    name: str
    lat: float
    lon: float
    offers: list[PlacedListing]
    needs: list[PlacedListing]


class LineOut(Schema):
    kind: str
    offer_id: int
    need_id: int
    offer_point: str
    need_point: str
    score: float | None = Field(description="The core matcher's score.")
    distance_km: float | None = Field(description="Great-circle distance (the core's).")
    status: str | None = Field(description="proposed or active; None for a candidate match.")
    exchange_id: int | None


class MapOut(Schema):
    kind: str | None
    points: list[PointOut]
    exchanges: list[LineOut]
    candidates: list[LineOut]
    unplaced: int = Field(description="Visible open listings that cannot be placed.")


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in PlacedListing.model_fields}


def _point(point: Point) -> dict[str, Any]:
    return {
        "key": point.key, "level": point.level, "name": point.name, "lat": point.lat,
        "lon": point.lon, "offers": [_listing(r) for r in point.offers],
        "needs": [_listing(r) for r in point.needs],
    }  # fmt: skip


def _line(line: Line) -> dict[str, Any]:
    return {
        "kind": line.kind, "offer_id": line.offer["id"], "need_id": line.need["id"],
        "offer_point": line.offer_point, "need_point": line.need_point, "score": line.score,
        "distance_km": line.distance_km, "status": line.status, "exchange_id": line.exchange_id,
    }  # fmt: skip


@router.get("/map", response=MapOut, summary="The park map's points and lines")
@answers(403)
def park_map(request: HttpRequest, query: Query[MapQuery]) -> Any:
    """Sites and parks with coordinates, exchanges and candidate matches, as the map page."""
    user = request.auth  # type: ignore[attr-defined]
    if not listing_selectors.can_view_listings(user):
        raise PermissionDenied
    data = map_data(user, kind=query.kind, park=query.park)
    return {
        "kind": data.kind,
        "points": [_point(p) for p in data.points.values()],
        "exchanges": [_line(line) for line in data.exchanges],
        "candidates": [_line(line) for line in data.candidates],
        "unplaced": data.unplaced,
    }
