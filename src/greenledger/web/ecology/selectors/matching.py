"""Matches of one of my open offers or needs: the core matcher
(``core.ecology.symbiosis.match``) of that listing against every open counterpart of the same
resource the user may see (``permissions.visible_listings``), ranked by score, each with its
explanation (compatibility, great-circle distance, quantity and time overlap, heat pump COP)
and counterfactual benefit (the calculation lines: factor, source, arithmetic), and the refused
pairs with the core's reason (temperature with the numbers, no hazardous licence for the code,
incompatible material, too far, ...). The web re-derives none of it.

Counterparts whose site has no coordinates cannot be placed and are left out (counted in
``unplaced``). An anonymous counterpart shows its park and resource only, as everywhere.
``pair_match`` runs the matcher on one offer and one need (what ``exchange_propose`` stores,
with ``data_versions``: the SHA-256 of each core data file the match used).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from greenledger.core.ecology import symbiosis
from greenledger.core.ecology.benefit import benefit_json
from greenledger.core.ecology.symbiosis_files import Need as CoreNeed
from greenledger.core.ecology.symbiosis_files import Offer as CoreOffer
from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import Exchange, ListingStatus, Need, Offer
from greenledger.web.ecology.selectors.listings import listing_row
from greenledger.web.ecology.services.listings import NO_PARK, month_text

DATA_DIR = Path(symbiosis.__file__).parent / "data"
DATA_FILES = (
    "acceptance.yaml", "avoided.yaml", "heat.yaml", "matching.yaml", "solid_waste_codes.yaml",
    "hazardous_wastes.yaml", "district.yaml",
)  # fmt: skip


@lru_cache(maxsize=1)
def data_versions() -> dict[str, str]:
    """The SHA-256 (first 16 hex digits) of each core data file the matcher reads."""
    return {
        name: hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()[:16] for name in DATA_FILES
    }


def _park(listing: Offer | Need) -> str:
    site = listing.site
    if site.kind == "industrial_park":
        return str(site.pk)
    return str(site.parent_park_id or NO_PARK)


def _grade(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def core_offer(offer: Offer) -> CoreOffer:
    """The core's offer of a stored one (validated when it was stored)."""
    return CoreOffer(
        id=f"offer:{offer.pk}", site=str(offer.site_id), organisation=str(offer.organisation_id),
        park=_park(offer), lat=float(offer.site.latitude), lon=float(offer.site.longitude),  # type: ignore[arg-type]
        kind=offer.kind, quantity=offer.quantity, start_month=month_text(offer.period_start),
        end_month=month_text(offer.period_end), code=offer.code,
        supply_temp_c=offer.supply_temp_c, return_temp_c=offer.return_temp_c,
        medium=offer.medium, capacity_mw=offer.capacity_mw,
        profile=tuple(offer.profile) if offer.profile else None,
        quality_grade=_grade(offer.water_grade), anonymous=offer.anonymous,
    )  # fmt: skip


def core_need(need: Need) -> CoreNeed:
    """The core's need of a stored one (the one temperature field: heat min, cold max)."""
    return CoreNeed(
        id=f"need:{need.pk}", site=str(need.site_id), organisation=str(need.organisation_id),
        park=_park(need), lat=float(need.site.latitude), lon=float(need.site.longitude),  # type: ignore[arg-type]
        kind=need.kind, quantity=need.quantity, start_month=month_text(need.period_start),
        end_month=month_text(need.period_end), process=need.process,
        min_temp_c=need.min_temp_c if need.kind != "cold" else None,
        max_temp_c=need.min_temp_c if need.kind == "cold" else None,
        quality_grade=_grade(need.water_grade), permit_codes=frozenset(need.licence_codes or ()),
        profile=tuple(need.profile) if need.profile else None, anonymous=need.anonymous,
    )  # fmt: skip


def _placed(listing: Offer | Need) -> bool:
    return listing.site.latitude is not None and listing.site.longitude is not None


def match_json(found: symbiosis.Match) -> dict[str, Any]:
    """One match as stored on an exchange and shown on the pages: score and its parts, the
    quantity a year, the heat pump COP, the benefit with its calculation lines, data versions."""
    b = found.benefit
    return {
        "score": found.score,
        "parts": {
            "compatibility": found.compatibility,
            "distance_km": found.distance_km,
            "quantity_overlap": found.quantity_overlap,
            "time_overlap": found.time_overlap,
        },
        "kind": found.offer.kind,
        "code": found.offer.code or None,
        "process": found.need.process,
        "quantity": found.quantity,
        "unit": found.offer.unit,
        "heat_pump_cop": found.heat_pump_cop,
        "benefit": benefit_json(b),
        "versions": data_versions(),
    }


@dataclass(frozen=True)
class PairOutcome:
    match: symbiosis.Match | None
    refusal: symbiosis.Refusal | None


def pair_match(offer: Offer, need: Need) -> PairOutcome:
    """The core's verdict on one offer and one need: a match, or a refusal with its reason."""
    if offer.kind != need.kind or not _placed(offer) or not _placed(need):
        return PairOutcome(None, None)
    result = symbiosis.match([core_offer(offer)], [core_need(need)])
    if result.matches:
        return PairOutcome(result.matches[0], None)
    refusals = result.refusals
    return PairOutcome(None, refusals[0] if refusals else None)


def listing_matches(user: Any, listing: Offer | Need) -> dict[str, Any]:
    """Ranked matches and refusals of ``listing`` against the visible open counterparts."""
    is_offer = isinstance(listing, Offer)
    other_model: type[Offer] | type[Need] = Need if is_offer else Offer
    others = list(
        permissions.visible_listings(user, other_model)
        .filter(status=ListingStatus.OPEN, kind=listing.kind)
        .select_related("site", "site__parent_park", "organisation")
    )
    placed = [o for o in others if _placed(o)]
    by_id = {(f"need:{o.pk}" if is_offer else f"offer:{o.pk}"): o for o in placed}
    rows: dict[int, dict[str, Any]] = {o.pk: listing_row(user, o) for o in placed}
    if not _placed(listing) or not placed:
        return {"matches": [], "refusals": [], "unplaced": len(others) - len(placed)}
    if is_offer:
        result = symbiosis.match([core_offer(listing)], [core_need(n) for n in placed])  # type: ignore[arg-type]
    else:
        result = symbiosis.match([core_offer(o) for o in placed], [core_need(listing)])  # type: ignore[arg-type, list-item]
    pairs = {
        (e.offer_id, e.need_id): e
        for e in Exchange.objects.filter(**({"offer": listing} if is_offer else {"need": listing}))
    }
    matches = []
    for found in result.ranked():
        other = by_id[found.need.id if is_offer else found.offer.id]
        key = (listing.pk, other.pk) if is_offer else (other.pk, listing.pk)
        matches.append(
            {
                "counterpart": rows[other.pk],
                "match": match_json(found),
                "exchange": pairs.get(key),
            }
        )
    refusals = []
    for refused in result.refusals:
        if refused.offer is None:
            continue
        other = by_id[refused.need.id if is_offer else refused.offer.id]
        refusals.append(
            {
                "counterpart": rows[other.pk],
                "reason": refused.reason,
                "distance_km": refused.distance_km,
            }
        )
    return {
        "matches": matches,
        "refusals": refusals,
        "unplaced": len(others) - len(placed),
        "max_km": result.max_km,
    }
