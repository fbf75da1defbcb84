"""The single-enterprise accounting functions: lines in, line results and totals out.

This is the reference implementation, written for clarity; the batch engine computes the same
figures columnar for many enterprises at once and must agree with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from greenledger.core.context import METHOD_VERSION, AccountingContext
from greenledger.core.energy import EnergySummary, line_energy, summarise_energy
from greenledger.core.factors.library import FactorLibrary
from greenledger.core.ghg import (
    Gbt32150View,
    GhgProtocolView,
    gbt32150_view,
    ghg_protocol_view,
    line_emissions,
)
from greenledger.core.model import LINE_FIGURES, ActivityLine, LineResult
from greenledger.core.pollutants import line_pollutants
from greenledger.core.resolve import line_factors


def compute_line(
    line: ActivityLine, library: FactorLibrary, context: AccountingContext
) -> LineResult:
    activity = library.activities[line.activity]
    factors = line_factors(
        library,
        context,
        line.activity,
        instrument=line.instrument,
        technology=line.technology,
        year=line.year,
    )
    tce, tce_generation = line_energy(line.quantity, factors)
    emissions = line_emissions(line.quantity, factors)
    so2, nox, pm, vocs = line_pollutants(line, factors)
    return LineResult(
        line=line,
        category=activity.category,
        energy_tce=tce,
        energy_tce_generation=tce_generation,
        **emissions._asdict(),
        so2_t=so2,
        nox_t=nox,
        pm_t=pm,
        vocs_t=vocs,
        factor_ids=factors.factor_ids,
    )


def totals(results: Iterable[LineResult]) -> dict[str, float]:
    """Sums of every additive figure, in LINE_FIGURES order."""
    sums = dict.fromkeys(LINE_FIGURES, 0.0)
    for result in results:
        for name in LINE_FIGURES:
            sums[name] += getattr(result, name)
    return sums


@dataclass(frozen=True)
class EnterpriseInventory:
    """One enterprise over one or more periods."""

    enterprise: str
    periods: tuple[str, ...]
    lines: tuple[LineResult, ...]
    totals: dict[str, float] = field(repr=False)
    energy: EnergySummary = field(repr=False)
    ghg_protocol: GhgProtocolView = field(repr=False)
    gbt32150: Gbt32150View = field(repr=False)

    def factor_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for line in self.lines for i in line.factor_ids))

    @property
    def co2e_t_per_wan_yuan(self) -> float | None:
        output = self.energy.output_value_wan_yuan
        return self.gbt32150.total_tco2e / output if output else None


@dataclass(frozen=True)
class Inventory:
    context: AccountingContext
    factor_set_version: str
    method_version: str
    enterprises: tuple[EnterpriseInventory, ...]

    @property
    def totals(self) -> dict[str, float]:
        return totals(line for e in self.enterprises for line in e.lines)


def enterprise_inventory(enterprise: str, results: Sequence[LineResult]) -> EnterpriseInventory:
    return EnterpriseInventory(
        enterprise=enterprise,
        periods=tuple(sorted({r.line.period for r in results})),
        lines=tuple(results),
        totals=totals(results),
        energy=summarise_energy(results),
        ghg_protocol=ghg_protocol_view(results),
        gbt32150=gbt32150_view(results),
    )


def compute_inventory(
    lines: Iterable[ActivityLine], library: FactorLibrary, context: AccountingContext
) -> Inventory:
    """Account every line and group the results by enterprise, in first-seen order."""
    grouped: dict[str, list[LineResult]] = {}
    for line in lines:
        grouped.setdefault(line.enterprise, []).append(compute_line(line, library, context))
    return Inventory(
        context=context,
        factor_set_version=library.version,
        method_version=METHOD_VERSION,
        enterprises=tuple(enterprise_inventory(name, rows) for name, rows in grouped.items()),
    )
