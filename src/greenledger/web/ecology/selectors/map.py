"""The park map's data: where the visible offers and needs are, which exchanges join them, and
which candidate matches the core matcher finds between them, as each user may see them.

- A listing whose company the user may see (``permissions.can_see_listing_company``) is drawn
  at its site's coordinates; an anonymous listing of another enterprise only at its PARK's
  coordinates (a park-level point: the park and the resource, never the site), and not at all
  when its site lies in no park or its park has no coordinates (counted in ``unplaced``).
- Exchanges: the user's visible ones (``permissions.visible_exchanges``), proposed or active,
  each end placed by the same rule (``selectors.exchanges.exchange_row`` names an anonymous
  party to the parties once both confirmed).
- Candidate matches: the core matcher (``core.ecology.symbiosis.match``, through
  ``selectors.matching.core_offer``/``core_need``) over the visible open offers and needs with
  coordinates, best first, at most ``CANDIDATES``, without the pairs that already are exchanges.

``kind`` filters all three by resource, ``park`` by the park the listings' sites lie in.
Nothing here re-derives the matcher's arithmetic: the score and distance shown are the core's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from greenledger.core.ecology import symbiosis
from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import Exchange, ExchangeStatus, ListingStatus, Need, Offer
from greenledger.web.ecology.selectors.exchanges import exchange_row
from greenledger.web.ecology.selectors.listings import listing_row, listings_of, park_of
from greenledger.web.ecology.selectors.matching import core_need, core_offer
from greenledger.web.members.models import Site
from greenledger.web.ui.templatetags.ui_extras import local_name

CANDIDATES = 200  # candidate-match lines drawn at most (best first)
DRAWN = (ExchangeStatus.PROPOSED, ExchangeStatus.ACTIVE)


@dataclass
class Point:
    """A place on the map: a site (``level`` "site") or a park (``level`` "park")."""

    key: str
    level: str
    name: str
    lat: float
    lon: float
    offers: list[dict[str, Any]] = field(default_factory=list)
    needs: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """An exchange or a candidate match between two points."""

    kind: str
    offer_point: str
    need_point: str
    offer: dict[str, Any]
    need: dict[str, Any]
    score: float | None
    distance_km: float | None
    status: str | None = None
    exchange_id: int | None = None


@dataclass
class MapData:
    kind: str | None
    points: dict[str, Point] = field(default_factory=dict)
    exchanges: list[Line] = field(default_factory=list)
    candidates: list[Line] = field(default_factory=list)
    unplaced: int = 0

    @property
    def sites(self) -> list[Point]:
        return [p for p in self.points.values() if p.level == "site"]

    @property
    def parks(self) -> list[Point]:
        return [p for p in self.points.values() if p.level == "park"]


def _placed(site: Site | None) -> bool:
    return site is not None and site.latitude is not None and site.longitude is not None


def _name(site: Site) -> str:
    return local_name(site)


def _point(data: MapData, site: Site, level: str) -> Point:
    key = f"{level}:{site.pk}"
    if key not in data.points:
        data.points[key] = Point(
            key=key, level=level, name=_name(site), lat=float(site.latitude),  # type: ignore[arg-type]
            lon=float(site.longitude),  # type: ignore[arg-type]
        )  # fmt: skip
    return data.points[key]


def _place(data: MapData, listing: Offer | Need, row: dict[str, Any]) -> Point | None:
    """The point a listing is drawn at for this user (its site, or its park when anonymous)."""
    if row["company_shown"]:
        return _point(data, listing.site, "site") if _placed(listing.site) else None
    park = park_of(listing.site)
    if park is None or not _placed(park):
        return None
    return _point(data, park, "park")


def _parks(data: MapData, only: int | None) -> None:
    """Every park with coordinates (or the one asked for), shown even where nothing is listed."""
    parks = Site.objects.filter(kind="industrial_park").exclude(latitude=None, longitude=None)
    for park in parks.filter(pk=only) if only else parks:
        if _placed(park):
            _point(data, park, "park")


def map_data(user: Any, *, kind: str | None = None, park: int | None = None) -> MapData:
    """The points, exchanges and candidate matches of the map for ``user`` (see the module);
    ``park``: only the listings of that park's sites and the exchanges with a side there."""
    data = MapData(kind=kind or None)
    _parks(data, park)
    placed: dict[str, tuple[Offer | Need, dict[str, Any], Point]] = {}
    for side in ("offer", "need"):
        found = listings_of(user, side, kind=kind or None, park=park, status=ListingStatus.OPEN)
        for listing in found:
            row = listing_row(user, listing)
            point = _place(data, listing, row)
            if point is None:
                data.unplaced += 1
                continue
            (point.offers if side == "offer" else point.needs).append(row)
            placed[f"{side}:{listing.pk}"] = (listing, row, point)
    pairs = _exchanges(user, data, kind, park)
    _candidates(data, placed, pairs)
    return data


def _exchanges(
    user: Any, data: MapData, kind: str | None, park: int | None
) -> set[tuple[int, int]]:
    exchanges = permissions.visible_exchanges(user).select_related(
        "offer__site__parent_park", "need__site__parent_park", "offer__organisation",
        "need__organisation",
    )  # fmt: skip
    if kind:
        exchanges = exchanges.filter(offer__kind=kind)
    if park:
        # The park's exchanges by id, one side at a time: an OR across the offer's and the
        # need's joins made PostgreSQL (with statistics older than the rows) plan nested loops
        # over every pair of the district's listings.
        sites = Site.objects.filter(Q(pk=park) | Q(parent_park_id=park)).values("pk")
        ids = set(
            Exchange.objects.filter(offer__site_id__in=sites).values_list("pk", flat=True)
        ) | set(Exchange.objects.filter(need__site_id__in=sites).values_list("pk", flat=True))
        exchanges = exchanges.filter(pk__in=ids)
    pairs: set[tuple[int, int]] = set()
    for exchange in exchanges:
        pairs.add((exchange.offer_id, exchange.need_id))
        if exchange.status not in DRAWN:
            continue
        row = exchange_row(user, exchange)
        ends = [
            _place(data, exchange.offer, row["offer"]),
            _place(data, exchange.need, row["need"]),
        ]
        if ends[0] is None or ends[1] is None:
            continue
        data.exchanges.append(_exchange_line(exchange, row, ends[0], ends[1]))
    return pairs


def _exchange_line(exchange: Exchange, row: dict[str, Any], offer: Point, need: Point) -> Line:
    parts = (exchange.match or {}).get("parts", {})
    return Line(
        kind=exchange.offer.kind, offer_point=offer.key, need_point=need.key, offer=row["offer"],
        need=row["need"], score=(exchange.match or {}).get("score"),
        distance_km=parts.get("distance_km"), status=exchange.status, exchange_id=exchange.pk,
    )  # fmt: skip


def _candidates(
    data: MapData,
    placed: dict[str, tuple[Offer | Need, dict[str, Any], Point]],
    pairs: set[tuple[int, int]],
) -> None:
    offers = [v[0] for k, v in placed.items() if k.startswith("offer:")]
    needs = [v[0] for k, v in placed.items() if k.startswith("need:")]
    if not offers or not needs:
        return
    result = symbiosis.match(
        [core_offer(o) for o in offers],  # type: ignore[arg-type]
        [core_need(n) for n in needs],  # type: ignore[arg-type]
    )
    for found in result.ranked():
        offer, offer_row, offer_point = placed[found.offer.id]
        need, need_row, need_point = placed[found.need.id]
        if (offer.pk, need.pk) in pairs:
            continue
        data.candidates.append(
            Line(
                kind=found.offer.kind,
                offer_point=offer_point.key,
                need_point=need_point.key,
                offer=offer_row,
                need=need_row,
                score=found.score,
                distance_km=found.distance_km,
            )  # fmt: skip
        )
        if len(data.candidates) >= CANDIDATES:
            break
