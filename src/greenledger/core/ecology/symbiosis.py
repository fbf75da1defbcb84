"""Industrial symbiosis matching: rank candidate exchanges between offers and needs, and say
why a pair is refused.

``match(offers, needs)`` groups both by resource kind, finds every offer within ``max_km`` of
each need with a k-d tree (``scipy.spatial.cKDTree``) on 3-D unit vectors (a great-circle
radius r km is a chord of 2 sin(r / 2R) on the unit sphere), then checks and scores all those
pairs at once with NumPy:

- compatibility (gate): the need's process accepts the offer's kind and code or class
  (``data/acceptance.yaml``); a hazardous waste only to a receiver licensed for that exact
  code; heat only when the source exceeds the sink by the minimum approach, else through a
  heat pump whose lift is at most ``max_lift_k`` (``data/heat.yaml``); cold only when colder
  than the sink by the approach; water of the required grade or cleaner; periods that share a
  month;
- score = compatibility x (w_distance x (1 - km / max_km) + w_quantity x quantity overlap +
  w_time x time overlap) (``data/matching.yaml``), distance by the haversine formula;
  compatibility is 1 for direct use and 1 - 1/COP through a heat pump (the share of the heat
  delivered that is waste heat, not electricity), so direct heat ranks first.

Every match carries its ``Benefit`` (``greenledger.core.ecology.benefit``) with the
calculation lines. Readers of the offers and needs files: ``symbiosis_files``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.ecology.benefit import (
    AvoidedFactors,
    Benefit,
    benefit_json,
    cold_benefit,
    heat_benefit,
    load_factors,
    material_benefit,
    per_unit_avoided,
    water_benefit,
)
from greenledger.core.ecology.codes import KINDS, Process, load_acceptance, load_solid_waste_codes
from greenledger.core.ecology.symbiosis_files import (
    Need,
    Offer,
    load_district,
    month_index,
    read_needs,
    read_offers,
)
from greenledger.core.messages import Message, message

__all__ = [
    "EARTH_RADIUS_KM",
    "Match",
    "MatchResult",
    "Need",
    "Offer",
    "Refusal",
    "haversine_km",
    "load_district",
    "match",
    "read_needs",
    "read_offers",
    "to_json",
]

MATCHING_PATH = Path(__file__).parent / "data" / "matching.yaml"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
F = NDArray[np.float64]
I64 = NDArray[np.int64]

# reason codes of the pairs array
OK, INCOMPATIBLE, NO_LICENCE, TEMPERATURE, COLD, QUALITY, NO_OVERLAP = range(7)


@dataclass(frozen=True, slots=True)
class Settings:
    max_km: float
    w_distance: float
    w_quantity: float
    w_time: float


@lru_cache(maxsize=4)
def load_settings(path: Path = MATCHING_PATH) -> Settings:
    data = load_yaml(path)
    weights = data["weights"]
    return Settings(
        float(data["max_km"]),
        float(weights["distance"]),
        float(weights["quantity"]),
        float(weights["time"]),
    )


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km (haversine), element-wise on arrays or on plain numbers."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def unit_vectors(lat: F, lon: F) -> F:
    """Points on the unit sphere (x, y, z) for latitudes and longitudes in degrees."""
    p, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)))


@dataclass(frozen=True, slots=True)
class Match:
    offer: Offer
    need: Need
    score: float
    compatibility: float  # 1.0: every gate passed
    distance_km: float
    quantity_overlap: float
    time_overlap: float
    quantity: float  # exchanged per year, in the offer's unit (heat: delivered to the sink)
    heat_pump_cop: float | None
    benefit: Benefit


@dataclass(frozen=True, slots=True)
class Refusal:
    offer: Offer | None  # None: no offer of the kind within reach
    need: Need
    reason: Message
    distance_km: float


@dataclass(frozen=True)
class MatchResult:
    """Every pair within reach, as arrays (``pairs``), ranked matches and refusals on demand."""

    offers: tuple[Offer, ...]
    needs: tuple[Need, ...]
    max_km: float
    pairs: dict[str, NDArray[Any]]  # offer, need, km, reason, score, parts, quantity, cop, ...
    unreached: dict[str, NDArray[Any]]  # need, nearest offer (-1: none of the kind), km
    factors: AvoidedFactors
    rules: dict[str, Process]

    @property
    def match_count(self) -> int:
        return int(np.count_nonzero(self.pairs["reason"] == OK))

    def ranked(self, limit: int | None = None) -> tuple[Match, ...]:
        """Matches by score, best first (at most ``limit``)."""
        ok = np.flatnonzero(self.pairs["reason"] == OK)
        order = ok[np.argsort(-self.pairs["score"][ok], kind="stable")]
        return tuple(self._match(int(i)) for i in order[:limit])

    @property
    def matches(self) -> tuple[Match, ...]:
        return self.ranked()

    def for_need(self, need_id: str) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.need.id == need_id)

    @property
    def refusals(self) -> tuple[Refusal, ...]:
        out = [self._refusal(int(i)) for i in np.flatnonzero(self.pairs["reason"] != OK)]
        for n, o, km in zip(
            self.unreached["need"], self.unreached["offer"], self.unreached["km"], strict=True
        ):
            if o >= 0:
                reason = message(
                    "symbiosis.refused.too_far", km=round(float(km), 1), max_km=self.max_km
                )
                out.append(Refusal(self.offers[o], self.needs[n], reason, float(km)))
        return tuple(out)

    def _match(self, i: int) -> Match:
        p = self.pairs
        offer, need = self.offers[p["offer"][i]], self.needs[p["need"][i]]
        cop = float(p["cop"][i]) if p["cop"][i] > 0 else None
        quantity = float(p["quantity"][i])
        if offer.kind == "heat":
            benefit = heat_benefit(quantity, float(p["electricity"][i]), self.factors, cop=cop)
        elif offer.kind == "cold":
            benefit = cold_benefit(quantity, self.factors)
        elif offer.kind == "water":
            benefit = water_benefit(quantity, self.factors)
        else:
            benefit = material_benefit(quantity, self.rules[need.process], self.factors)
        return Match(
            offer, need, float(p["score"][i]), float(p["compatibility"][i]), float(p["km"][i]),
            float(p["quantity_overlap"][i]), float(p["time_overlap"][i]), quantity, cop, benefit,
        )  # fmt: skip

    def _refusal(self, i: int) -> Refusal:
        p = self.pairs
        offer, need = self.offers[p["offer"][i]], self.needs[p["need"][i]]
        reason_code = int(p["reason"][i])
        heat = self.factors.heat
        if reason_code == INCOMPATIBLE:
            reason = message("symbiosis.refused.incompatible", process=need.process,
                             waste_code=offer.code or offer.kind)  # fmt: skip
        elif reason_code == NO_LICENCE:
            licensed = ", ".join(sorted(need.permit_codes)) or message("common.none").english()
            reason = message(
                "symbiosis.refused.no_licence", waste_code=offer.code, licensed=licensed
            )
        elif reason_code == TEMPERATURE:
            reason = message(
                "symbiosis.refused.temperature", supply=offer.supply_temp_c, need=need.min_temp_c,
                approach=heat.min_approach_k, lift=round(float(p["lift"][i]), 1),
                max_lift=heat.max_lift_k,
            )  # fmt: skip
        elif reason_code == COLD:
            reason = message("symbiosis.refused.cold_temperature", supply=offer.supply_temp_c,
                             need=need.max_temp_c, approach=heat.min_approach_k)  # fmt: skip
        elif reason_code == QUALITY:
            reason = message("symbiosis.refused.quality", offered=offer.quality_grade,
                             required=need.quality_grade)  # fmt: skip
        else:
            reason = message(
                "symbiosis.refused.no_overlap", offer_start=offer.start_month,
                offer_end=offer.end_month, need_start=need.start_month, need_end=need.end_month,
            )  # fmt: skip
        return Refusal(offer, need, reason, float(p["km"][i]))


def _column(items: tuple[Any, ...], name: str, missing: float = np.nan) -> F:
    return np.array(
        [missing if getattr(x, name) is None else getattr(x, name) for x in items], dtype=float
    )


def _profile_overlap(
    offer_profiles: list[tuple[float, ...] | None],
    need_profiles: list[tuple[float, ...] | None],
    oi: I64,
    ni: I64,
) -> F:
    """Sum of min(share offered, share needed) where both give a profile of the same length,
    else 1.0 (nothing known against the overlap)."""
    result = np.ones(len(oi))
    for length in (24, 12):
        o_has = np.array([p is not None and len(p) == length for p in offer_profiles])
        n_has = np.array([p is not None and len(p) == length for p in need_profiles])
        if not o_has.any() or not n_has.any():
            continue
        po = np.array([p if o_has[k] else (0.0,) * length for k, p in enumerate(offer_profiles)])
        pn = np.array([p if n_has[k] else (0.0,) * length for k, p in enumerate(need_profiles)])
        both = np.flatnonzero(o_has[oi] & n_has[ni])
        for start in range(0, len(both), 100_000):
            chunk = both[start : start + 100_000]
            result[chunk] = np.minimum(po[oi[chunk]], pn[ni[chunk]]).sum(axis=1)
    return result


def match(
    offers: tuple[Offer, ...] | list[Offer],
    needs: tuple[Need, ...] | list[Need],
    *,
    max_km: float | None = None,
    rules: dict[str, Process] | None = None,
    factors: AvoidedFactors | None = None,
    settings: Settings | None = None,
) -> MatchResult:
    """Every offer-need pair of the same kind within ``max_km`` (default: data/matching.yaml),
    checked, scored and ranked; needs with no offer of their kind within reach get a
    "too far" refusal naming the nearest one."""
    offers, needs = tuple(offers), tuple(needs)
    rules = rules if rules is not None else load_acceptance()
    factors = factors if factors is not None else load_factors()
    settings = settings if settings is not None else load_settings()
    reach = settings.max_km if max_km is None else float(max_km)
    chord = 2 * np.sin(min(reach / (2 * EARTH_RADIUS_KM), np.pi / 2))
    o_lat, o_lon = _column(offers, "lat"), _column(offers, "lon")
    n_lat, n_lon = _column(needs, "lat"), _column(needs, "lon")
    o_xyz, n_xyz = unit_vectors(o_lat, o_lon), unit_vectors(n_lat, n_lon)
    o_kind = np.array([KINDS.index(o.kind) for o in offers], dtype=np.int64)
    n_kind = np.array([KINDS.index(n.kind) for n in needs], dtype=np.int64)
    pieces_o, pieces_n = [], []
    unreached_n, unreached_o, unreached_km = [], [], []
    for k in range(len(KINDS)):
        o_idx, n_idx = np.flatnonzero(o_kind == k), np.flatnonzero(n_kind == k)
        if len(n_idx) == 0:
            continue
        if len(o_idx) == 0:
            unreached_n.append(n_idx)
            unreached_o.append(np.full(len(n_idx), -1))
            unreached_km.append(np.full(len(n_idx), np.nan))
            continue
        o_tree, n_tree = cKDTree(o_xyz[o_idx]), cKDTree(n_xyz[n_idx])
        found = o_tree.sparse_distance_matrix(n_tree, chord, output_type="ndarray")
        pieces_o.append(o_idx[found["i"]])
        pieces_n.append(n_idx[found["j"]])
        lonely = np.setdiff1d(np.arange(len(n_idx)), found["j"])
        if len(lonely):
            _, nearest = o_tree.query(n_xyz[n_idx[lonely]], k=1)
            near_o = o_idx[np.asarray(nearest, dtype=np.int64)]
            unreached_n.append(n_idx[lonely])
            unreached_o.append(near_o)
            unreached_km.append(
                haversine_km(
                    n_lat[n_idx[lonely]], n_lon[n_idx[lonely]], o_lat[near_o], o_lon[near_o]
                )  # fmt: skip
            )
    oi = np.concatenate(pieces_o) if pieces_o else np.zeros(0, dtype=np.int64)
    ni = np.concatenate(pieces_n) if pieces_n else np.zeros(0, dtype=np.int64)
    pairs = _evaluate(offers, needs, oi, ni, reach, rules, factors, settings,
                      (o_lat, o_lon, n_lat, n_lon))  # fmt: skip
    cat = np.concatenate
    unreached = {
        "need": cat(unreached_n).astype(np.int64) if unreached_n else np.zeros(0, np.int64),
        "offer": cat(unreached_o).astype(np.int64) if unreached_o else np.zeros(0, np.int64),
        "km": cat(unreached_km) if unreached_km else np.zeros(0),
    }
    return MatchResult(offers, needs, reach, pairs, unreached, factors, rules)


def _evaluate(
    offers: tuple[Offer, ...],
    needs: tuple[Need, ...],
    oi: I64,
    ni: I64,
    reach: float,
    rules: dict[str, Process],
    factors: AvoidedFactors,
    settings: Settings,
    coords: tuple[F, F, F, F],
) -> dict[str, NDArray[Any]]:
    o_lat, o_lon, n_lat, n_lon = coords
    km = haversine_km(o_lat[oi], o_lon[oi], n_lat[ni], n_lon[ni])
    kind = np.array([KINDS.index(o.kind) for o in offers], dtype=np.int64)[oi]
    # material compatibility: a table (offer code x process) of the codes that occur
    process_keys = sorted(rules)
    codes = sorted({o.code for o in offers})
    code_of = {c: i for i, c in enumerate(codes)}
    classes = load_solid_waste_codes()
    table = np.zeros((max(len(codes), 1), max(len(process_keys), 1)), dtype=bool)
    for c, code in enumerate(codes):
        waste_class = code.rsplit("-", 1)[-1] if code else ""
        if waste_class.isdigit():
            waste_class = f"HW{waste_class}"
        elif classes.class_of(waste_class) is None:
            waste_class = ""
        for p, key in enumerate(process_keys):
            process = rules[key]
            table[c, p] = any(
                process.accepts(KINDS[k], code, waste_class) for k in range(len(KINDS))
            ) and (bool(code) or not {"solid_waste", "hazardous_waste"} & set(process.kinds))
    o_code = np.array([code_of[o.code] for o in offers], dtype=np.int64)
    n_proc = np.array([process_keys.index(n.process) for n in needs], dtype=np.int64)
    accepts_kind = np.array(
        [[KINDS[k] in rules[key].kinds for key in process_keys] for k in range(len(KINDS))]
    )
    reason = np.full(len(oi), OK, dtype=np.int64)
    compatible = accepts_kind[kind, n_proc[ni]] & table[o_code[oi], n_proc[ni]]
    reason[~compatible] = INCOMPATIBLE
    # hazardous licence for the exact code
    hazardous = kind == KINDS.index("hazardous_waste")
    licence = {(j, code_of[c]) for j, n in enumerate(needs) for c in n.permit_codes if c in code_of}
    keys = ni * len(codes) + o_code[oi]
    licensed = np.isin(keys, np.array([j * len(codes) + c for j, c in licence], dtype=np.int64))
    reason[(reason == OK) & hazardous & ~licensed] = NO_LICENCE
    # heat: direct, through a heat pump, or refused
    heat = factors.heat
    supply = _column(offers, "supply_temp_c")[oi]
    sink_min, sink_max = _column(needs, "min_temp_c")[ni], _column(needs, "max_temp_c")[ni]
    is_heat = kind == KINDS.index("heat")
    direct = supply >= sink_min + heat.min_approach_k
    lift = (sink_min + heat.min_approach_k) - (supply - heat.min_approach_k)
    stated = _column(offers, "heat_pump_cop")[oi]
    t_cond = sink_min + heat.min_approach_k + 273.15
    with np.errstate(divide="ignore", invalid="ignore"):
        carnot = heat.carnot_fraction * t_cond / lift
    cop = np.where(np.isnan(stated), carnot, stated)
    pump = is_heat & ~direct & (lift <= heat.max_lift_k) & (cop > 1.0)
    reason[(reason == OK) & is_heat & ~direct & ~pump] = TEMPERATURE
    is_cold = kind == KINDS.index("cold")
    reason[(reason == OK) & is_cold & ~(supply + heat.min_approach_k <= sink_max)] = COLD
    is_water = kind == KINDS.index("water")
    grade_o = _column(offers, "quality_grade")[oi]
    grade_n = _column(needs, "quality_grade")[ni]
    reason[(reason == OK) & is_water & ~(grade_o <= grade_n)] = QUALITY
    # time
    o_start = np.array([month_index(o.start_month) for o in offers], dtype=np.int64)[oi]
    o_end = np.array([month_index(o.end_month) for o in offers], dtype=np.int64)[oi]
    n_start = np.array([month_index(n.start_month) for n in needs], dtype=np.int64)[ni]
    n_end = np.array([month_index(n.end_month) for n in needs], dtype=np.int64)[ni]
    common = np.minimum(o_end, n_end) - np.maximum(o_start, n_start) + 1
    reason[(reason == OK) & (common <= 0)] = NO_OVERLAP
    month_share = np.clip(common, 0, None) / (n_end - n_start + 1)
    profiles = _profile_overlap([o.profile for o in offers], [n.profile for n in needs], oi, ni)
    time_overlap = month_share * profiles
    # quantities: a heat pump delivers source heat plus its work, at most what the sink needs
    q_o, q_n = _column(offers, "quantity")[oi], _column(needs, "quantity")[ni]
    use_pump = pump & (reason == OK)
    with np.errstate(divide="ignore", invalid="ignore"):
        lifted = np.where(use_pump, q_o * cop / (cop - 1.0), q_o)
        quantity = np.minimum(lifted, q_n)
        electricity = np.where(use_pump, quantity / cop, 0.0)
        overlap = np.where(np.maximum(lifted, q_n) > 0, quantity / np.maximum(lifted, q_n), 0.0)
    per_unit = np.array([per_unit_avoided(rules[key], factors) for key in process_keys])
    avoided = quantity * per_unit[n_proc[ni]] - electricity * (factors.grid.value or 0.0)
    distance_part = np.clip(1.0 - km / reach, 0.0, 1.0) if reach > 0 else np.zeros(len(km))
    score = (
        settings.w_distance * distance_part
        + settings.w_quantity * overlap
        + settings.w_time * time_overlap
    )
    # compatibility: 1 for direct use; through a heat pump, the share of the delivered heat that
    # is waste heat rather than electricity (1 - 1/COP), so direct heat ranks first
    with np.errstate(divide="ignore", invalid="ignore"):
        compatibility = np.where(use_pump, 1.0 - 1.0 / cop, 1.0)
    score = np.where(reason == OK, score * compatibility, 0.0)
    return {
        "offer": oi, "need": ni, "km": km, "reason": reason, "score": score,
        "compatibility": compatibility,
        "quantity_overlap": overlap, "time_overlap": time_overlap, "quantity": quantity,
        "cop": np.where(use_pump, cop, 0.0), "electricity": electricity, "lift": lift,
        "t_co2e_avoided": np.where(reason == OK, avoided, 0.0),
    }  # fmt: skip


def _party(item: Offer | Need, redact: bool) -> dict[str, Any]:
    hidden = redact and item.anonymous
    return {
        "id": item.id,
        "park": item.park,
        "site": None if hidden else item.site,
        "organisation": None if hidden else item.organisation,
        "anonymous": item.anonymous,
    }


def _parties(result: MatchResult) -> list[Offer | Need]:
    return [*result.offers, *result.needs]


def to_json(
    result: MatchResult, *, limit: int | None = None, redact: bool = True
) -> dict[str, Any]:
    """Ranked matches (with their benefit and calculation lines) and refusals as JSON-ready
    data; with ``redact``, an anonymous party shows its park, not its site or organisation."""
    matches = []
    for m in result.ranked(limit):
        b = m.benefit
        matches.append(
            {
                "offer": _party(m.offer, redact),
                "need": _party(m.need, redact),
                "kind": m.offer.kind,
                "code": m.offer.code or None,
                "process": m.need.process,
                "score": round(m.score, 4),
                "parts": {
                    "compatibility": m.compatibility,
                    "distance_km": round(m.distance_km, 3),
                    "quantity_overlap": round(m.quantity_overlap, 4),
                    "time_overlap": round(m.time_overlap, 4),
                },
                "quantity": m.quantity,
                "unit": m.offer.unit,
                "heat_pump_cop": m.heat_pump_cop,
                "benefit": benefit_json(b),
            }  # fmt: skip
        )
    refusals = [
        {
            "offer": None if r.offer is None else _party(r.offer, redact),
            "need": _party(r.need, redact),
            "distance_km": round(r.distance_km, 3),
            "reason": r.reason.as_dict(),
            "text": r.reason.english(),
        }
        for r in result.refusals
    ]
    return {
        "max_km": result.max_km,
        "match_count": result.match_count,
        "matches": matches,
        "refusals": refusals,
        "flags": [
            {"id": x.id, "text": f.english(), "reason": f.as_dict()}
            for x in _parties(result)
            for f in x.flags
        ],
    }
