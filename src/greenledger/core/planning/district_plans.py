"""An enterprise's plan for the district pathway, built from what the district fact table knows:
its energy and energy-related emissions per carrier (the factor library's activity), its
non-energy emissions and output value.

The conventions (``data/district_sizing.yaml``, all stated and unconfirmed) say which catalogue
carrier family each activity belongs to, what share of a family's energy each catalogue end use
takes, and how much yearly energy one unit of a technology's capacity covers. Then:

- each family (electricity, coal, oil, natural gas, heat) is one end use of the plan; an
  activity outside the families (vehicles' fuels) is an end use of its own without measures, and
  non-energy emissions are the end use "process_emissions" without measures;
- each applicable catalogue technology acting on a family becomes a measure on that end use at
  its maximum penetration of the family's share in the technology's end use: saving rate =
  rate x max_penetration x share (or, for an absolute saving, the covered share itself), capex
  and operating change for the capacity that covers that energy;
- measure ids are ``<technology>@<family>``, exclusion groups are kept within the end use
  (``<group>@<family>``) and prerequisites point to the same end use's measures (a measure whose
  prerequisite is not among them is left out), so the plan decomposes by end use and
  ``district.price_sweep`` solves it exactly by dynamic programming;
- at most ``max_measures_per_end_use`` measures per end use: the cheapest per tonne at the start
  year (annualised cost less energy saved at the plan's energy price, over abatement), each with
  its prerequisites.

Measures on one family interact multiplicatively (the core's rule), so a family's measures never
save more than its energy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.planning.baseline import PROCESS_EMISSIONS
from greenledger.core.planning.catalogue import Technology
from greenledger.core.planning.costs import annualised_cost
from greenledger.core.planning.district import EnterpriseOption, price_sweep
from greenledger.core.planning.model import EndUse, Measure, PlanInput

__all__ = [
    "DEFAULT_SIZING_PATH",
    "PROCESS_END_USE",
    "CarrierFigures",
    "Sizing",
    "enterprise_plan",
    "load_sizing",
    "sweep_plans",
]

DEFAULT_SIZING_PATH = Path(__file__).parent / "data" / "district_sizing.yaml"
PROCESS_END_USE = PROCESS_EMISSIONS  # the end use split_baseline gives process emissions


class CarrierFigures(Protocol):
    """One carrier of an enterprise-year (``baseline.CarrierUse`` fits)."""

    @property
    def carrier(self) -> str: ...
    @property
    def energy_tce(self) -> float: ...
    @property
    def emissions_t(self) -> float: ...
    @property
    def electricity(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Sizing:
    """The conventions of ``data/district_sizing.yaml`` (see there)."""

    family_of: Mapping[str, str]  # activity -> family
    acts_on: Mapping[str, tuple[str, ...]]  # catalogue carrier -> families
    shares: Mapping[str, Mapping[str, float]]  # family -> catalogue end use -> share
    tce_per_unit_year: Mapping[str, float]  # capacity unit -> tce a year
    max_measures_per_end_use: int
    confirmed: bool = False

    def as_json(self) -> dict[str, Any]:
        """The values, for a run's record of what it used."""
        families: dict[str, list[str]] = {}
        for activity, family in self.family_of.items():
            families.setdefault(family, []).append(activity)
        return {
            "confirmed": self.confirmed,
            "families": families,
            "acts_on": {k: list(v) for k, v in self.acts_on.items()},
            "shares": {k: dict(v) for k, v in self.shares.items()},
            "tce_per_unit_year": dict(self.tce_per_unit_year),
            "max_measures_per_end_use": self.max_measures_per_end_use,
        }


def _positive(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"{where}: a positive number is required, not {value!r}")
    return float(value)


def load_sizing(path: Path | str | None = None) -> Sizing:
    """The conventions at ``path`` (the shipped file by default); ValueError naming the file and
    key on a malformed value."""
    file = Path(path) if path is not None else DEFAULT_SIZING_PATH
    data = load_yaml(file)
    family_of: dict[str, str] = {}
    for family, activities in dict(data["families"]).items():
        for activity in activities:
            if activity in family_of:
                raise ValueError(f"{file}: families: {activity} is in two families")
            family_of[str(activity)] = str(family)
    families = set(family_of.values())
    acts_on: dict[str, tuple[str, ...]] = {}
    for carrier, targets in dict(data["acts_on"]).items():
        unknown = [t for t in targets if t not in families]
        if unknown:
            raise ValueError(f"{file}: acts_on.{carrier}: unknown families {unknown}")
        acts_on[str(carrier)] = tuple(str(t) for t in targets)
    shares: dict[str, dict[str, float]] = {}
    for family, by_end_use in dict(data["shares"]).items():
        if family not in families:
            raise ValueError(f"{file}: shares.{family}: not a family")
        shares[str(family)] = {}
        for end_use, share in dict(by_end_use).items():
            value = _positive(share, f"{file}: shares.{family}.{end_use}")
            if value > 1.0:
                raise ValueError(f"{file}: shares.{family}.{end_use}: at most 1, not {value}")
            shares[str(family)][str(end_use)] = value
    per_unit = {
        str(unit): _positive(value, f"{file}: tce_per_unit_year.{unit}")
        for unit, value in dict(data["tce_per_unit_year"]).items()
    }
    limit = data["max_measures_per_end_use"]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 12:
        raise ValueError(f"{file}: max_measures_per_end_use: 1..12, not {limit!r}")
    return Sizing(
        family_of=family_of,
        acts_on=acts_on,
        shares=shares,
        tce_per_unit_year=per_unit,
        max_measures_per_end_use=limit,
        confirmed=bool(data.get("confirmed", False)),
    )


def _measure(
    technology: Technology, family: str, energy_tce: float, sizing: Sizing, start_year: int
) -> Measure | None:
    """The technology at its maximum penetration on the family's end use, or None when the
    conventions give it nothing to act on or no way to size it."""
    share = sizing.shares.get(family, {}).get(technology.end_use, 0.0)
    covered = technology.max_penetration * share  # share of the family's energy
    if covered <= 0.0 or energy_tce <= 0.0:
        return None
    if technology.saving_rate is not None:
        rate = technology.saving_rate * covered
        per_unit = sizing.tce_per_unit_year.get(technology.capacity_unit)
        if per_unit is None:
            return None
        capacity = covered * energy_tce / per_unit
    else:
        assert technology.absolute_saving_tce_per_unit is not None
        rate = covered
        capacity = covered * energy_tce / technology.absolute_saving_tce_per_unit
    if not 0.0 < rate < 1.0:
        return None
    return Measure(
        id=f"{technology.id}@{family}",
        end_use=family,
        saving_rate=rate,
        capex_yuan=technology.capex_yuan_per_unit * capacity,
        annual_opex_change_yuan=technology.opex_change_yuan_per_unit * capacity,
        lifetime_years=technology.lifetime_years,
        group=None if technology.group is None else f"{technology.group}@{family}",
        requires=tuple(f"{r}@{family}" for r in technology.requires),
        earliest_year=start_year + technology.lead_time_years,
        effect=technology.effect,
    )


def _cost_per_t(
    measure: Measure, end_use: EndUse, rate: float, energy_price: float | None
) -> float:
    saved_energy = (
        0.0 if measure.effect == "emissions" else measure.saving_rate * end_use.energy_tce
    )
    abatement = measure.saving_rate * end_use.emissions_t
    cost = annualised_cost(
        measure, rate=rate, energy_saving_tce=saved_energy, energy_price_yuan_per_tce=energy_price
    )
    return cost / abatement if abatement > 0 else float("inf")


def _keep(
    measures: list[Measure], end_use: EndUse, limit: int, rate: float, energy_price: float | None
) -> list[Measure]:
    """Measures whose prerequisites are among them (repeated until stable), then the cheapest
    per tonne, each brought in with its prerequisites, up to ``limit``."""
    by_id = {m.id: m for m in measures}
    changed = True
    while changed:
        changed = False
        for mid in list(by_id):
            if any(r not in by_id for r in by_id[mid].requires):
                del by_id[mid]
                changed = True
    order = sorted(
        by_id.values(), key=lambda m: (_cost_per_t(m, end_use, rate, energy_price), m.id)
    )
    kept: dict[str, Measure] = {}

    def closure(m: Measure) -> list[Measure]:
        out: list[Measure] = []
        stack = [m]
        while stack:
            current = stack.pop()
            if current.id in kept or current in out:
                continue
            out.append(current)
            stack.extend(by_id[r] for r in current.requires)
        return out

    for m in order:
        needed = closure(m)
        if len(kept) + len(needed) <= limit:
            kept.update((x.id, x) for x in needed)
    return sorted(kept.values(), key=lambda m: m.id)


def enterprise_plan(
    carriers: Sequence[CarrierFigures],
    technologies: Sequence[Technology],
    *,
    sizing: Sizing,
    start_year: int,
    end_year: int,
    discount_rate: float,
    growth: float = 0.0,
    non_energy_emissions_t: float = 0.0,
    output_wan_yuan: float | None = None,
    energy_price_yuan_per_tce: float | None = None,
    grid_factor_index: tuple[tuple[int, float], ...] = (),
) -> PlanInput:
    """The enterprise's plan without targets (see the module's docstring); ``technologies``
    are the catalogue's technologies applicable to its industry."""
    energy: dict[str, float] = {}
    emissions: dict[str, float] = {}
    electricity: dict[str, float] = {}
    for c in carriers:
        name = sizing.family_of.get(c.carrier, c.carrier)
        energy[name] = energy.get(name, 0.0) + c.energy_tce
        emissions[name] = emissions.get(name, 0.0) + c.emissions_t
        if c.electricity:
            electricity[name] = electricity.get(name, 0.0) + c.emissions_t
    end_uses = [
        EndUse(name, energy[name], emissions[name], electricity.get(name, 0.0))
        for name in sorted(energy)
        if energy[name] > 0.0 or emissions[name] > 0.0
    ]
    if non_energy_emissions_t > 0.0:
        end_uses.append(EndUse(PROCESS_END_USE, 0.0, non_energy_emissions_t))
    families = set(sizing.family_of.values())
    measures: list[Measure] = []
    for end_use in end_uses:
        if end_use.name not in families or end_use.emissions_t <= 0.0:
            continue
        mine = [
            m
            for t in technologies
            if end_use.name in sizing.acts_on.get(t.carrier, ())
            and (m := _measure(t, end_use.name, end_use.energy_tce, sizing, start_year)) is not None
        ]
        measures.extend(
            _keep(
                mine,
                end_use,
                sizing.max_measures_per_end_use,
                discount_rate,
                energy_price_yuan_per_tce,
            )
        )
    return PlanInput(
        start_year=start_year,
        end_year=end_year,
        discount_rate=discount_rate,
        end_uses=tuple(end_uses),
        growth=growth,
        targets=(),
        measures=tuple(measures),
        energy_price_yuan_per_tce=energy_price_yuan_per_tce,
        output_wan_yuan=output_wan_yuan,
        grid_factor_index=grid_factor_index,
    )


def sweep_plans(
    plans: Sequence[tuple[int, PlanInput]], prices: Sequence[float]
) -> list[tuple[int, tuple[EnterpriseOption, ...]]]:
    """``district.price_sweep`` of each (key, plan); a module-level function of the pure core,
    so a process pool's children can run it without importing anything else."""
    return [(key, price_sweep(plan, prices)) for key, plan in plans]
