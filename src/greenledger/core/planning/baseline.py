"""A plan's baseline by end use, from an inventory's energy carriers and the enterprise's shares.

An inventory gives energy and emissions by carrier (electricity, natural gas, ...), not by end
use. The enterprise says which share of each carrier goes to which end use (motors and drives,
boilers and steam, ...); ``split_baseline`` turns the carriers into the plan's end uses:

- a carrier's shares over end uses sum to 1 (within 1e-6); each end use gets that share of the
  carrier's energy and emissions, and end uses fed by several carriers add them up;
- a carrier without shares becomes an end use named after the carrier;
- the emissions of electricity carriers (purchased electricity) are also counted in the end
  use's ``electricity_emissions_t``: that part follows the grid factor path of a scenario;
- non-energy (process) emissions become the end use ``process_emissions`` with no energy.

Every problem is reported at once (``InputError``), each naming the carrier, the end use and the
field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.planning.catalogue import END_USES
from greenledger.core.planning.model import EndUse

__all__ = ["END_USES", "PROCESS_EMISSIONS", "SHARE_TOLERANCE", "CarrierUse", "split_baseline"]

PROCESS_EMISSIONS = "process_emissions"
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class CarrierUse:
    """One energy carrier of the inventory in the start year: its energy (tce), its emissions
    (t CO2e) and whether it is purchased electricity (its emissions follow the grid factor)."""

    carrier: str
    energy_tce: float
    emissions_t: float
    electricity: bool


def _amount(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _check_carriers(carriers: Sequence[CarrierUse], problems: list[Problem]) -> set[str]:
    names: set[str] = set()
    for use in carriers:
        name = use.carrier
        if not isinstance(name, str) or not name.strip():
            problems.append(
                Problem(message("planning.split.carrier_name", value=name), column="carrier")
            )
            continue
        if name == PROCESS_EMISSIONS:
            problems.append(
                Problem(message("planning.split.reserved", carrier=name, end_use=name), column=name)
            )
        if name in names:
            problems.append(
                Problem(message("planning.split.carrier_duplicate", carrier=name), column=name)
            )
        names.add(name)
        for field in ("energy_tce", "emissions_t"):
            value = getattr(use, field)
            if _amount(value) is None:
                problems.append(
                    Problem(
                        message(
                            "planning.split.carrier_number", carrier=name, field=field, value=value
                        ),
                        column=f"{name}.{field}",
                    )
                )
    return names


def _check_shares(
    shares: Mapping[str, Mapping[str, float]], names: set[str], problems: list[Problem]
) -> None:
    for carrier, by_end_use in shares.items():
        column = f"shares.{carrier}"
        if carrier not in names:
            problems.append(
                Problem(
                    message(
                        "planning.split.unknown_carrier",
                        carrier=carrier,
                        known=", ".join(sorted(names)) or "-",
                    ),
                    column=column,
                )
            )
            continue
        if not isinstance(by_end_use, Mapping) or not by_end_use:
            problems.append(
                Problem(message("planning.split.no_shares", carrier=carrier), column=column)
            )
            continue
        total = 0.0
        numbers_ok = True
        for end_use, share in by_end_use.items():
            if not isinstance(end_use, str) or not end_use.strip():
                problems.append(
                    Problem(
                        message("planning.split.end_use_name", carrier=carrier, value=end_use),
                        column=column,
                    )
                )
                numbers_ok = False
                continue
            if end_use == PROCESS_EMISSIONS:
                problems.append(
                    Problem(
                        message("planning.split.reserved", carrier=carrier, end_use=end_use),
                        column=f"{column}.{end_use}",
                    )
                )
                numbers_ok = False
            value = _amount(share)
            if value is None or value > 1:
                problems.append(
                    Problem(
                        message(
                            "planning.split.share",
                            carrier=carrier,
                            end_use=end_use,
                            field="share",
                            value=share,
                        ),
                        column=f"{column}.{end_use}",
                    )
                )
                numbers_ok = False
            else:
                total += value
        if numbers_ok and abs(total - 1.0) > SHARE_TOLERANCE:
            problems.append(
                Problem(
                    message(
                        "planning.split.sum",
                        carrier=carrier,
                        field="share",
                        total=round(total, 9),
                    ),
                    column=column,
                )
            )


def split_baseline(
    carriers: Sequence[CarrierUse],
    shares: Mapping[str, Mapping[str, float]],
    *,
    non_energy_emissions_t: float = 0.0,
) -> tuple[EndUse, ...]:
    """The baseline's end uses (in the order they first appear: carriers in order, each
    carrier's end uses in the order of its shares; ``process_emissions`` last), or
    ``InputError`` with every problem (see the module's docstring)."""
    problems: list[Problem] = []
    names = _check_carriers(carriers, problems)
    _check_shares(shares, names, problems)
    if _amount(non_energy_emissions_t) is None:
        problems.append(
            Problem(
                message(
                    "planning.split.non_energy",
                    field="non_energy_emissions_t",
                    value=non_energy_emissions_t,
                ),
                column="non_energy_emissions_t",
            )
        )
    if problems:
        raise InputError(problems)
    totals: dict[str, list[float]] = {}  # end use -> [energy, emissions, electricity part]
    for use in carriers:
        split = shares.get(use.carrier) or {use.carrier: 1.0}
        for end_use, share in split.items():
            if share == 0:
                continue
            entry = totals.setdefault(end_use, [0.0, 0.0, 0.0])
            entry[0] += use.energy_tce * share
            entry[1] += use.emissions_t * share
            if use.electricity:
                entry[2] += use.emissions_t * share
    end_uses = [
        EndUse(name, energy, emissions, electricity_emissions_t=min(electricity, emissions))
        for name, (energy, emissions, electricity) in totals.items()
    ]
    if non_energy_emissions_t > 0:
        end_uses.append(EndUse(PROCESS_EMISSIONS, 0.0, float(non_energy_emissions_t)))
    return tuple(end_uses)
