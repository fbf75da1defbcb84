"""Hourly carbon-free energy (24/7 CFE) matching of a site's or a park's load.

Every series is a NumPy array of MWh aligned on the same hours: element ``i`` is the hour that
starts ``i`` hours after ``start`` (China Standard Time, UTC+08:00; a full year is 8,760 hours,
8,784 in a leap year). The clean supply of an hour is the sum of the site's supply series
(on-site generation, contracts with an hourly profile, and contracts known only by their volume,
spread flat over their hours and flagged) plus what the storage gives back in that hour.

- CFE score = sum over hours of min(load, clean supply) / total load: a surplus in one hour never
  covers another hour (only storage moves energy between hours).
- Annual match share = min(total clean supply + certificates, total load) / total load.
  Green-electricity certificates (GEC) are issued per month (``data/cfe.yaml``, primary document
  发改能源〔2023〕1044号: one certificate per MWh), so they count towards the annual match only,
  never towards the hourly score; both figures are shown side by side. Certificates bundled with a
  contract already given as a supply series must not be given again (they would count twice).
- Unmatched energy = load - matched energy, per hour, summed by hour of day and by month; its
  emissions use the hourly factor where one is given, else the grid factor.

Storage (``Storage``) runs a simple greedy dispatch, hour by hour: in an hour with a surplus it
charges from the surplus (up to its power and its free capacity), in an hour with a deficit it
discharges into the deficit (up to its power and its charge). The round-trip efficiency is applied
entirely on charging: 1 MWh of surplus stores ``round_trip_efficiency`` MWh, and stored energy
comes back 1:1. It never charges from the grid, so all it gives back is clean; an initial charge
is taken to be clean energy too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import yaml

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message

__all__ = [
    "CHINA",
    "KINDS",
    "Certificates",
    "CfeResult",
    "DurationCurve",
    "Site",
    "Storage",
    "SupplySeries",
    "cfe",
    "cfe_many",
    "duration_curve",
    "heatmap",
    "hours_in_year",
    "load_certificate_rules",
    "pooled",
    "to_json",
]

Array = npt.NDArray[np.float64]
CHINA: Final = dt.timezone(dt.timedelta(hours=8), "CST")
KINDS: Final = ("onsite", "contract", "contract_flat")
Kind = Literal["onsite", "contract", "contract_flat"]
JSON_KEYS: Final = (
    "hours",
    "load_mwh",
    "clean_supply_mwh",
    "matched_mwh",
    "cfe_score",
    "annual_match_share",
    "unmatched_mwh",
    "surplus_mwh",
    "by_hour_of_day",
)
RULES_PATH: Final = Path(__file__).parent / "data" / "cfe.yaml"
_RULE_KEYS = frozenset({"mwh_per_certificate", "issued", "source", "confirmed"})
_DIGITS = 6  # decimals of the JSON figures (MWh to the kWh/1000, shares to a millionth)


def _refuse(reason: Message, *, column: str | None = None) -> InputError:
    return InputError([Problem(reason, column=column)])


def _series(name: str, values: npt.ArrayLike, hours: int | None = None) -> Array:
    """A read-only 1-D float array of finite values >= 0 (of ``hours`` hours when given)."""
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise _refuse(message("cfe.not_one_dimensional", what=name, dims=array.ndim))
    if hours is not None and array.size != hours:
        raise _refuse(message("cfe.length_mismatch", what=name, found=array.size, expected=hours))
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if bad.size:
        raise _refuse(message("cfe.bad_values", what=name, count=int(bad.size), first=int(bad[0])))
    array.setflags(write=False)
    return array


def hours_in_year(year: int) -> int:
    """8,784 in a leap year, else 8,760."""
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days * 24


def load_certificate_rules(path: Path = RULES_PATH) -> dict[str, Any]:
    """The certificate figures of ``data/cfe.yaml`` (MWh per certificate and its source)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(data) - _RULE_KEYS
    if unknown or not set(data) >= _RULE_KEYS:
        raise ValueError(f"{path.name}: expected the keys {sorted(_RULE_KEYS)}, got {sorted(data)}")
    if not float(data["mwh_per_certificate"]) > 0:
        raise ValueError(f"{path.name}: mwh_per_certificate must be above zero")
    return dict(data)


@dataclass(frozen=True, slots=True)
class Storage:
    """A battery (or other store) dispatched greedily on clean surplus; see the module docstring."""

    capacity_mwh: float
    power_mw: float
    round_trip_efficiency: float
    initial_mwh: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        for name in ("capacity_mwh", "power_mw"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                problems.append(
                    Problem(message("cfe.storage.not_positive", value=value), column=name)
                )
        efficiency = self.round_trip_efficiency
        if not (math.isfinite(efficiency) and 0 < efficiency <= 1):
            problems.append(
                Problem(
                    message("cfe.storage.efficiency", value=efficiency),
                    column="round_trip_efficiency",
                )
            )
        initial = self.initial_mwh
        if not (math.isfinite(initial) and 0 <= initial <= max(self.capacity_mwh, 0.0)):
            problems.append(
                Problem(
                    message("cfe.storage.initial", value=initial, capacity=self.capacity_mwh),
                    column="initial_mwh",
                )
            )
        if problems:
            raise InputError(problems)


@dataclass(frozen=True, slots=True, eq=False)
class SupplySeries:
    """The hourly clean supply of one source, in MWh per hour.

    ``kind`` is ``onsite`` (own generation), ``contract`` (a green-power contract with an hourly
    profile) or ``contract_flat`` (a contract known only by its volume, spread flat over its hours;
    ``flat`` is then true and the result flags it).
    """

    source: str
    kind: Kind
    mwh: Array
    flat: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise _refuse(
                message("cfe.unknown_kind", value=self.kind, allowed=", ".join(KINDS)),
                column="kind",
            )
        if self.flat != (self.kind == "contract_flat"):
            raise _refuse(message("cfe.flat_kind", source=self.source, kind=self.kind))
        object.__setattr__(self, "mwh", _series(self.source, self.mwh))

    @classmethod
    def flat_contract(
        cls, source: str, volume_mwh: float, hours: int, *, active: npt.ArrayLike | None = None
    ) -> SupplySeries:
        """A contract of ``volume_mwh`` spread evenly over its hours (``active``: a boolean mask
        of the contract's hours; all ``hours`` when None)."""
        if not (math.isfinite(volume_mwh) and volume_mwh >= 0):
            raise _refuse(message("cfe.bad_volume", source=source, value=volume_mwh))
        mask = np.ones(hours, dtype=bool) if active is None else np.asarray(active, dtype=bool)
        if mask.shape != (hours,):
            raise _refuse(
                message("cfe.length_mismatch", what=source, found=mask.size, expected=hours)
            )
        count = int(mask.sum())
        mwh = np.where(mask, volume_mwh / count if count else 0.0, 0.0)
        return cls(source, "contract_flat", mwh, flat=True)


@dataclass(frozen=True, slots=True)
class Certificates:
    """Green-electricity certificates of one year, in MWh per month (January .. December)."""

    year: int
    monthly_mwh: tuple[float, ...]

    def __post_init__(self) -> None:
        values = tuple(float(v) for v in self.monthly_mwh)
        if len(values) != 12:
            raise _refuse(
                message("cfe.length_mismatch", what="certificates", found=len(values), expected=12)
            )
        bad = [i for i, v in enumerate(values) if not (math.isfinite(v) and v >= 0)]
        if bad:
            raise _refuse(
                message("cfe.bad_values", what="certificates", count=len(bad), first=bad[0])
            )
        object.__setattr__(self, "monthly_mwh", values)

    @property
    def total_mwh(self) -> float:
        return math.fsum(self.monthly_mwh)


@dataclass(frozen=True, slots=True)
class SupplyTotal:
    source: str
    kind: str
    flat: bool
    mwh: float


@dataclass(frozen=True, slots=True, eq=False)
class CfeResult:
    """Hourly matching of one load; the arrays are per hour, aligned with the load."""

    start: dt.datetime  # the first hour, China Standard Time
    hours: int
    load_mwh: float
    clean_supply_mwh: float  # supply series only (before storage; certificates apart)
    matched_mwh: float  # sum over hours of min(load, clean supply + storage discharge)
    cfe_score: float
    annual_match_share: float
    unmatched_mwh: float
    surplus_mwh: float  # clean supply neither used in its hour nor stored
    certificates_mwh: float
    by_hour_of_day: tuple[float, ...]  # unmatched MWh by local hour 0..23
    by_month: tuple[float, ...]  # unmatched MWh by calendar month January .. December
    unmatched_emissions_t: float | None
    emission_factor: Literal["hourly", "grid"] | None
    storage_charged_mwh: float
    storage_discharged_mwh: float
    storage_losses_mwh: float
    supplies: tuple[SupplyTotal, ...]
    flags: tuple[Message, ...]
    load: Array = field(repr=False)
    clean: Array = field(repr=False)  # supply series per hour (before storage)
    matched: Array = field(repr=False)
    unmatched: Array = field(repr=False)
    surplus: Array = field(repr=False)
    discharged: Array = field(repr=False)


@dataclass(frozen=True, slots=True, eq=False)
class DurationCurve:
    """Load and clean supply per hour, each sorted from the largest hour down."""

    load_mwh: Array
    clean_supply_mwh: Array


@dataclass(frozen=True, slots=True, eq=False)
class Site:
    """One site of a park for ``pooled``."""

    name: str
    load_mwh: npt.ArrayLike
    supplies: Sequence[SupplySeries] = ()
    certificates: Certificates | None = None


def _local_start(start: dt.datetime) -> dt.datetime:
    local = start.replace(tzinfo=CHINA) if start.tzinfo is None else start.astimezone(CHINA)
    if (local.minute, local.second, local.microsecond) != (0, 0, 0):
        raise _refuse(message("cfe.start_not_on_hour", value=local.isoformat()))
    return local


def _dispatch(surplus: Array, deficit: Array, storage: Storage) -> tuple[Array, Array, float]:
    """Greedy dispatch: charge per hour (from surplus), discharge (into deficit), final charge."""
    charge = [0.0] * surplus.size
    discharge = [0.0] * surplus.size
    level = storage.initial_mwh
    capacity, power = storage.capacity_mwh, storage.power_mw
    efficiency = storage.round_trip_efficiency
    for hour, (spare, short) in enumerate(zip(surplus.tolist(), deficit.tolist(), strict=True)):
        if spare > 0:
            taken = min(spare, power, (capacity - level) / efficiency)
            charge[hour] = taken
            level += taken * efficiency
        elif short > 0 and level > 0:
            given = min(short, power, level)
            discharge[hour] = given
            level -= given
    return np.array(charge), np.array(discharge), level


def cfe(
    load_mwh: npt.ArrayLike,
    supplies: Iterable[SupplySeries] = (),
    certificates: Certificates | None = None,
    storage: Storage | None = None,
    grid_factor_t_per_mwh: float | None = None,
    hourly_factor: npt.ArrayLike | None = None,
    *,
    start: dt.datetime,
) -> CfeResult:
    """Match ``load_mwh`` hour by hour against the clean supply; see the module docstring."""
    if certificates is not None and not isinstance(certificates, Certificates):
        raise TypeError(f"certificates must be Certificates, not {type(certificates).__name__}")
    if storage is not None and not isinstance(storage, Storage):
        raise TypeError(f"storage must be a Storage, not {type(storage).__name__}")
    local = _local_start(start)
    load = _series("load", load_mwh)
    hours = load.size
    if hours == 0 or float(load.sum()) <= 0:
        raise _refuse(message("cfe.zero_load"))
    series = tuple(supplies)
    for supply in series:
        if supply.mwh.size != hours:
            raise _refuse(
                message(
                    "cfe.length_mismatch", what=supply.source, found=supply.mwh.size, expected=hours
                )
            )
    clean = np.zeros(hours)
    for supply in series:
        clean += supply.mwh
    direct = np.minimum(load, clean)
    surplus = clean - direct
    deficit = load - direct
    discharged = np.zeros(hours)
    charged_total = losses = 0.0
    if storage is not None:
        charge, discharged, level = _dispatch(surplus, deficit, storage)
        surplus = surplus - charge
        charged_total = float(charge.sum())
        losses = charged_total + storage.initial_mwh - float(discharged.sum()) - level
    matched = direct + discharged
    unmatched = load - matched

    certificates_mwh = 0.0
    if certificates is not None:
        if certificates.year != local.year:
            raise _refuse(
                message("cfe.certificates_other_year", found=certificates.year, year=local.year)
            )
        certificates_mwh = certificates.total_mwh

    stamps = np.datetime64(local.replace(tzinfo=None), "h") + np.arange(hours)
    hour_of_day = (np.arange(hours) + local.hour) % 24
    month = stamps.astype("datetime64[M]").astype(np.int64) % 12
    by_hour = np.bincount(hour_of_day, weights=unmatched, minlength=24)
    by_month = np.bincount(month, weights=unmatched, minlength=12)

    emissions: float | None = None
    basis: Literal["hourly", "grid"] | None = None
    if hourly_factor is not None:
        factor = _series("hourly factor", hourly_factor, hours)
        emissions, basis = float(unmatched @ factor), "hourly"
    elif grid_factor_t_per_mwh is not None:
        grid = float(grid_factor_t_per_mwh)
        if not (math.isfinite(grid) and grid >= 0):
            raise _refuse(message("cfe.bad_grid_factor", value=grid_factor_t_per_mwh))
        emissions, basis = float(unmatched.sum()) * grid, "grid"

    total_load = float(load.sum())
    total_clean = float(clean.sum())
    totals = tuple(SupplyTotal(s.source, s.kind, s.flat, float(s.mwh.sum())) for s in series)
    flags = tuple(
        message("cfe.flag.flat", source=t.source, mwh=round(t.mwh, 3)) for t in totals if t.flat
    )
    for array in (clean, matched, unmatched, surplus, discharged):
        array.setflags(write=False)
    return CfeResult(
        start=local,
        hours=hours,
        load_mwh=total_load,
        clean_supply_mwh=total_clean,
        matched_mwh=float(matched.sum()),
        cfe_score=float(matched.sum()) / total_load,
        annual_match_share=min(total_clean + certificates_mwh, total_load) / total_load,
        unmatched_mwh=float(unmatched.sum()),
        surplus_mwh=float(surplus.sum()),
        certificates_mwh=certificates_mwh,
        by_hour_of_day=tuple(float(v) for v in by_hour),
        by_month=tuple(float(v) for v in by_month),
        unmatched_emissions_t=emissions,
        emission_factor=basis,
        storage_charged_mwh=charged_total,
        storage_discharged_mwh=float(discharged.sum()),
        storage_losses_mwh=losses,
        supplies=totals,
        flags=flags,
        load=load,
        clean=clean,
        matched=matched,
        unmatched=unmatched,
        surplus=surplus,
        discharged=discharged,
    )


def pooled(
    sites: Sequence[Site],
    *,
    storage: Storage | None = None,
    grid_factor_t_per_mwh: float | None = None,
    hourly_factor: npt.ArrayLike | None = None,
    start: dt.datetime,
) -> CfeResult:
    """A park's matching: the sites' loads and supplies summed hour by hour (one site's surplus
    covers another's load in the same hour), their certificates summed, one shared ``storage``."""
    if not sites:
        raise _refuse(message("cfe.no_sites"))
    loads = [_series(f"{site.name}: load", site.load_mwh) for site in sites]
    hours = loads[0].size
    for site, load in zip(sites, loads, strict=True):
        if load.size != hours:
            raise _refuse(
                message("cfe.length_mismatch", what=site.name, found=load.size, expected=hours)
            )
    supplies = [
        SupplySeries(f"{site.name}: {s.source}", s.kind, s.mwh, s.flat)
        for site in sites
        for s in site.supplies
    ]
    held = [site.certificates for site in sites if site.certificates is not None]
    certificates = None
    if held:
        years = {c.year for c in held}
        if len(years) > 1:
            raise _refuse(message("cfe.certificates_other_year", found=max(years), year=min(years)))
        certificates = Certificates(
            held[0].year, tuple(math.fsum(c.monthly_mwh[m] for c in held) for m in range(12))
        )
    return cfe(
        np.sum(loads, axis=0),
        supplies,
        certificates,
        storage,
        grid_factor_t_per_mwh,
        hourly_factor,
        start=start,
    )


HEATMAP_VALUES: Final = ("unmatched", "matched", "load", "clean", "cfe")


def heatmap(result: CfeResult, what: str = "unmatched") -> Array:
    """A days x 24 array (rows from the day of ``start``, columns local hours 0..23) of the
    unmatched MWh (or ``matched``, ``load``, ``clean`` supply, or the hourly ``cfe`` share);
    hours outside the series are NaN."""
    if what == "cfe":
        values = np.divide(
            result.matched,
            result.load,
            out=np.full(result.hours, np.nan),
            where=result.load > 0,
        )
    elif what in HEATMAP_VALUES:
        values = {
            "unmatched": result.unmatched,
            "matched": result.matched,
            "load": result.load,
            "clean": result.clean,
        }[what]
    else:
        raise ValueError(f"heatmap of {what!r}: choose one of {', '.join(HEATMAP_VALUES)}")
    first = result.start.hour
    days = -(-(first + result.hours) // 24)
    grid = np.full(days * 24, np.nan)
    grid[first : first + result.hours] = values
    return grid.reshape(days, 24)


def duration_curve(result: CfeResult) -> DurationCurve:
    """Load and clean supply (supply series plus storage discharge) sorted descending."""
    return DurationCurve(
        load_mwh=np.sort(result.load)[::-1],
        clean_supply_mwh=np.sort(result.clean + result.discharged)[::-1],
    )


def cfe_many(loads: npt.ArrayLike, clean: npt.ArrayLike, *, chunk: int = 128) -> Array:
    """CFE scores of many sites at once: ``loads`` and ``clean`` are (sites x hours) MWh; a site
    without load scores NaN. Works in row chunks so the temporary arrays stay small."""
    load = np.asarray(loads, dtype=np.float64)
    supply = np.asarray(clean, dtype=np.float64)
    if load.ndim != 2 or load.shape != supply.shape:
        raise ValueError(
            f"loads and clean must be two arrays of the same (sites x hours) shape, "
            f"not {load.shape} and {supply.shape}"
        )
    scores = np.empty(load.shape[0])
    for first in range(0, load.shape[0], chunk):
        part = slice(first, first + chunk)
        matched = np.minimum(load[part], supply[part]).sum(axis=1)
        total = load[part].sum(axis=1)
        scores[part] = np.divide(matched, total, out=np.full(total.size, np.nan), where=total > 0)
    return scores


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


def to_json(result: CfeResult) -> dict[str, Any]:
    """The result as JSON: the issue's keys first, in its order, then the other figures."""
    return {
        "hours": result.hours,
        "load_mwh": _round(result.load_mwh),
        "clean_supply_mwh": _round(result.clean_supply_mwh),
        "matched_mwh": _round(result.matched_mwh),
        "cfe_score": _round(result.cfe_score),
        "annual_match_share": _round(result.annual_match_share),
        "unmatched_mwh": _round(result.unmatched_mwh),
        "surplus_mwh": _round(result.surplus_mwh),
        "by_hour_of_day": [_round(v) for v in result.by_hour_of_day],
        "by_month": [_round(v) for v in result.by_month],
        "start": result.start.isoformat(),
        "certificates_mwh": _round(result.certificates_mwh),
        "unmatched_emissions_t": _round(result.unmatched_emissions_t),
        "emission_factor": result.emission_factor,
        "storage_charged_mwh": _round(result.storage_charged_mwh),
        "storage_discharged_mwh": _round(result.storage_discharged_mwh),
        "storage_losses_mwh": _round(result.storage_losses_mwh),
        "supplies": [
            {"source": s.source, "kind": s.kind, "flat": s.flat, "mwh": _round(s.mwh)}
            for s in result.supplies
        ],
        "flags": [flag.english() for flag in result.flags],
    }
