"""Why the district's emissions moved between two years: additive LMDI-I with exact closure.

Identity (Ang 2004, "Decomposition analysis for policymaking in energy", Energy Policy 32;
Ang 2005, "The LMDI approach to decomposition analysis: a practical guide", Energy Policy 33),
over the enterprises i reporting in both years and the energy carriers j:

    C = sum_ij Q * S_i * I_i * M_ij * F_ij

with Q the total output value (10^4 yuan), S_i = V_i / Q the enterprise's share of it,
I_i = E_i / V_i its energy per output value (tce per 10^4 yuan), M_ij = E_ij / E_i the share of
carrier j in its energy and F_ij = C_ij / E_ij the energy-related tCO2e per tce of carrier j.
The effect of a factor X is sum_ij L(C_ij^T, C_ij^0) * ln(X_ij^T / X_ij^0), with the logarithmic
mean L(a, b) = (a - b) / (ln a - ln b) and L(a, a) = a. The five effects (activity, structure,
energy_intensity, energy_mix, emission_factor) add up to the energy-related change of the
enterprises present in both years, because sum_X ln(X^T / X^0) = ln(C^T / C^0).

Three further terms close the change in GB/T 32150 total emissions exactly (to float rounding):
``other`` (the continuing enterprises' change in process, fugitive and other non-energy
emissions net of the exported energy deducted), ``entry`` (the whole total of enterprises that
report in the later year only) and ``exit`` (minus the whole total of those that report in the
earlier year only). Q and the shares are taken over the continuing enterprises.

Zero values: the small-value strategy of Ang & Liu (2007), "Handling zero values in indices
decomposition analysis", Energy Policy 35: a zero factor value (or one below it) is replaced by
``SMALL`` = 1e-20, for which the results have converged to their limit as the value tends to
zero (a carrier first used in the later year puts its whole emissions into the energy-mix
effect; a carrier whose factor falls to zero, such as green electricity, puts its whole base-year
emissions into the emission-factor effect). A share or factor that is undefined in one
year (0 / 0: no energy at all, or a carrier not used) takes the other year's value, so it
contributes no effect; a carrier unused in both years contributes nothing. Zero output with
zero energy is handled the same way. Zero output WITH energy has no limit (the structure and
intensity effects diverge in opposite directions), so it is refused like a missing output.

``decompose`` reads ``EnterpriseYear`` records (fine for a few thousand enterprises);
``frames.decompose_frames`` reads the columnar fact table and gives the same result faster.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.progress.lmdi import (
    EFFECTS,
    SMALL,
    Array,
    Panel,
    lmdi_effects,
    logarithmic_mean,
)

__all__ = [
    "EFFECTS",
    "SMALL",
    "TERMS",
    "Decomposition",
    "EnterpriseContribution",
    "EnterpriseYear",
    "GroupChange",
    "assemble",
    "decompose",
    "group_by",
    "logarithmic_mean",
    "select_years",
    "top_enterprises",
]

TERMS = (*EFFECTS, "other", "entry", "exit")

Status = Literal["continuing", "entry", "exit"]


@dataclass(frozen=True, slots=True)
class EnterpriseYear:
    """One enterprise's verified figures for one year.

    ``energy_tce`` and ``energy_co2e_t`` are per energy carrier (the same carrier names across
    enterprises and years). ``non_energy_co2e_t`` holds process, fugitive and other non-energy
    emissions; ``exported_co2e_t`` the emissions of exported heat and electricity, deducted in
    the GB/T 32150 total. ``pollutants_t`` (SO2, NOx, PM, VOCs ...) feeds the coordinated-
    reduction view (``greenledger.core.progress.coordinated``)."""

    enterprise: str
    year: int
    output_value_wan_yuan: float | None
    energy_tce: Mapping[str, float]
    energy_co2e_t: Mapping[str, float]
    non_energy_co2e_t: float = 0.0
    exported_co2e_t: float = 0.0
    park: str = ""
    industry: str = ""
    pollutants_t: Mapping[str, float] = field(default_factory=dict)

    @property
    def total_co2e_t(self) -> float:
        """GB/T 32150 total: energy-related + non-energy - exported."""
        return (
            math.fsum(self.energy_co2e_t.values()) + self.non_energy_co2e_t - self.exported_co2e_t
        )


@dataclass(frozen=True, slots=True)
class EnterpriseContribution:
    """One enterprise's share of every term (tCO2e); the terms add up to its total change."""

    enterprise: str
    park: str
    industry: str
    status: Status
    total_change_t: float
    terms_t: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class GroupChange:
    """The change of a group of enterprises (a park, an industry) and its terms (tCO2e)."""

    key: str
    enterprises: int
    total_change_t: float
    terms_t: Mapping[str, float]


@dataclass(frozen=True, slots=True, eq=False)
class Decomposition:
    """The change in GB/T 32150 total emissions from ``base_year`` to ``year``, by term.

    Per-enterprise figures are kept as arrays (``terms`` has one row per entry of ``TERMS``
    and one column per entry of ``names``); ``enterprises()`` and ``contribution()`` give
    them as objects."""

    base_year: int
    year: int
    total_base_t: float
    total_year_t: float
    terms_t: Mapping[str, float]
    names: tuple[str, ...]
    parks: tuple[str, ...]
    industries: tuple[str, ...]
    statuses: tuple[Status, ...]
    change: Array  # (n,) total change per enterprise
    terms: Array  # (len(TERMS), n)

    @property
    def total_change_t(self) -> float:
        return self.total_year_t - self.total_base_t

    @property
    def effects_t(self) -> dict[str, float]:
        """The five LMDI effects only (energy-related, continuing enterprises)."""
        return {name: self.terms_t[name] for name in EFFECTS}

    def contribution(self, index: int) -> EnterpriseContribution:
        """The enterprise at position ``index`` of ``names``."""
        return EnterpriseContribution(
            enterprise=self.names[index],
            park=self.parks[index],
            industry=self.industries[index],
            status=self.statuses[index],
            total_change_t=float(self.change[index]),
            terms_t=dict(zip(TERMS, self.terms[:, index].tolist(), strict=True)),
        )

    def enterprises(self) -> list[EnterpriseContribution]:
        """Every enterprise's contribution, by name."""
        return [self.contribution(i) for i in range(len(self.names))]


def decompose(records: Iterable[EnterpriseYear], *, base_year: int, year: int) -> Decomposition:
    """Additive LMDI-I of the change in total emissions from ``base_year`` to ``year``.

    Raises ``InputError`` naming the enterprise, year and field of every bad record."""
    base, later = select_years(records, base_year, year)
    names = sorted(set(base) | set(later))
    carriers = sorted({c for r in (*base.values(), *later.values()) for c in r.energy_tce})
    p0 = Panel.build([base.get(n) for n in names], carriers)
    p1 = Panel.build([later.get(n) for n in names], carriers)
    latest = [later.get(n) or base[n] for n in names]
    parks = tuple(r.park for r in latest)
    return assemble(base_year, year, tuple(names), parks, tuple(r.industry for r in latest), p0, p1)


def assemble(
    base_year: int,
    year: int,
    names: tuple[str, ...],
    parks: tuple[str, ...],
    industries: tuple[str, ...],
    p0: Panel,
    p1: Panel,
) -> Decomposition:
    """The decomposition of two aligned panels (row i is enterprise ``names[i]``)."""
    both = p0.present & p1.present
    terms = np.zeros((len(TERMS), len(names)))
    terms[: len(EFFECTS)] = lmdi_effects(p0, p1, both)
    terms[TERMS.index("other")] = np.where(both, p1.other - p0.other, 0.0)
    terms[TERMS.index("entry")] = np.where(p1.present & ~p0.present, p1.total, 0.0)
    terms[TERMS.index("exit")] = np.where(p0.present & ~p1.present, -p0.total, 0.0)
    statuses: tuple[Status, ...] = tuple(
        "continuing" if b else ("entry" if p else "exit")
        for b, p in zip(both.tolist(), p1.present.tolist(), strict=True)
    )
    return Decomposition(
        base_year=base_year,
        year=year,
        total_base_t=math.fsum(p0.total.tolist()),
        total_year_t=math.fsum(p1.total.tolist()),
        terms_t={t: math.fsum(terms[k].tolist()) for k, t in enumerate(TERMS)},
        names=names,
        parks=parks,
        industries=industries,
        statuses=statuses,
        change=p1.total - p0.total,
        terms=terms,
    )


def group_by(
    decomposition: Decomposition, key: Literal["park", "industry"]
) -> dict[str, GroupChange]:
    """The decomposition summed by park or by industry (the later year's attribution; the
    earlier year's for an enterprise that left), keys sorted."""
    labels = decomposition.parks if key == "park" else decomposition.industries
    keys, inverse, counts = np.unique(
        np.array(labels, dtype=object), return_inverse=True, return_counts=True
    )
    sums = np.zeros((len(TERMS) + 1, len(keys)))
    np.add.at(sums.T, inverse, np.vstack([decomposition.terms, decomposition.change]).T)
    return {
        str(name): GroupChange(
            key=str(name),
            enterprises=int(counts[g]),
            total_change_t=float(sums[-1, g]),
            terms_t=dict(zip(TERMS, sums[:-1, g].tolist(), strict=True)),
        )
        for g, name in enumerate(keys.tolist())
    }


def top_enterprises(
    decomposition: Decomposition,
    *,
    direction: Literal["increase", "decrease"],
    count: int = 10,
    term: str | None = None,
) -> list[EnterpriseContribution]:
    """The ``count`` enterprises that raised (or cut) emissions most, by total change or by one
    term (ties by name); enterprises that moved the other way or not at all are not listed."""
    sign = 1.0 if direction == "increase" else -1.0
    values = sign * (
        decomposition.change if term is None else decomposition.terms[TERMS.index(term)]
    )
    order = np.lexsort((np.arange(values.size), -values))  # names are sorted: index = name order
    return [decomposition.contribution(int(i)) for i in order[:count] if values[i] > 0]


# --- internals -------------------------------------------------------------------------------


def select_years(
    records: Iterable[EnterpriseYear], base_year: int, year: int
) -> tuple[dict[str, EnterpriseYear], dict[str, EnterpriseYear]]:
    """The records of the two years by enterprise, every record checked; ``InputError`` with
    every problem (duplicates, bad numbers, missing output, a year without data)."""
    if base_year == year:
        raise InputError([Problem(message("progress.decomposition.same_year", year=year))])
    chosen: dict[int, dict[str, EnterpriseYear]] = {base_year: {}, year: {}}
    problems: list[Problem] = []
    for record in records:
        into = chosen.get(record.year)
        if into is None:
            continue
        if record.enterprise in into:
            problems.append(_problem("progress.decomposition.duplicate", record))
            continue
        into[record.enterprise] = record
        if not _plausible(record):
            problems.extend(_check(record))
    for y in (base_year, year):
        if not chosen[y]:
            problems.append(Problem(message("progress.decomposition.no_year", year=y)))
    if problems:
        raise InputError(problems)
    return chosen[base_year], chosen[year]


def _problem(
    code: str, record: EnterpriseYear, column: str | None = None, **params: object
) -> Problem:
    reason = message(code, enterprise=record.enterprise, year=record.year, **params)
    return Problem(reason, column=column)


def _plausible(record: EnterpriseYear) -> bool:
    """A fast test that ``_check`` would find nothing (NaN fails every comparison)."""
    tce = record.energy_tce
    for carrier, t in record.energy_co2e_t.items():
        if not 0.0 <= t < math.inf or (t > 0 and not tce.get(carrier, 0.0) > 0):
            return False
    if not all(0.0 <= v < math.inf for v in tce.values()):
        return False
    if not all(0.0 <= v < math.inf for v in record.pollutants_t.values()):
        return False
    output = record.output_value_wan_yuan
    if output is None or not 0.0 < output < math.inf:
        if output is not None and not 0.0 <= output < math.inf:
            return False
        if any(v > 0 for v in tce.values()):
            return False
    return 0.0 <= record.non_energy_co2e_t < math.inf and 0.0 <= record.exported_co2e_t < math.inf


def _check(record: EnterpriseYear) -> list[Problem]:
    problems: list[Problem] = []
    values: list[tuple[str, float | None]] = [
        ("output_value_wan_yuan", record.output_value_wan_yuan),
        ("non_energy_co2e_t", record.non_energy_co2e_t),
        ("exported_co2e_t", record.exported_co2e_t),
    ]
    values += [(f"energy_tce[{c}]", v) for c, v in sorted(record.energy_tce.items())]
    values += [(f"energy_co2e_t[{c}]", v) for c, v in sorted(record.energy_co2e_t.items())]
    values += [(f"pollutants_t[{p}]", v) for p, v in sorted(record.pollutants_t.items())]
    for name, value in values:
        if value is not None and not (math.isfinite(value) and value >= 0):
            problems.append(
                _problem("progress.decomposition.bad_number", record, name, field=name, value=value)
            )
    for carrier in sorted(set(record.energy_co2e_t) - set(record.energy_tce)):
        if record.energy_co2e_t[carrier] > 0:
            problems.append(
                _problem(
                    "progress.decomposition.emissions_without_energy",
                    record,
                    f"energy_co2e_t[{carrier}]",
                    carrier=carrier,
                    co2e_t=record.energy_co2e_t[carrier],
                )
            )
    for carrier, tce in sorted(record.energy_tce.items()):
        if tce == 0 and record.energy_co2e_t.get(carrier, 0.0) > 0:
            problems.append(
                _problem(
                    "progress.decomposition.emissions_without_energy",
                    record,
                    f"energy_tce[{carrier}]",
                    carrier=carrier,
                    co2e_t=record.energy_co2e_t[carrier],
                )
            )
    energy = math.fsum(v for v in record.energy_tce.values() if v > 0)
    output = record.output_value_wan_yuan
    if energy > 0 and (output is None or output == 0):
        code = (
            "progress.decomposition.output_missing"
            if output is None
            else "progress.decomposition.output_zero"
        )
        problems.append(_problem(code, record, "output_value_wan_yuan", energy_tce=energy))
    return problems
