"""Air pollutants (SO2, NOx, PM, VOCs) of the same activity lines as the GHG inventory.

Coordinated reduction of pollution and carbon: every combustion line yields both. SO2 of coal and
oil follows the fuel's sulfur content when the factor library gives a sulfur-based coefficient;
an optional end-of-pipe removal efficiency applies per line.
"""

from __future__ import annotations

from collections.abc import Iterable

from greenledger.core.model import ActivityLine, LineResult
from greenledger.core.resolve import LineFactors


def line_pollutants(line: ActivityLine, factors: LineFactors) -> tuple[float, float, float, float]:
    """(SO2, NOx, PM, VOCs) in tonnes for one line, after end-of-pipe removal."""
    quantity = line.quantity
    kept = 1.0 - line.removal_efficiency
    sulfur = factors.default_sulfur if line.sulfur_percent is None else line.sulfur_percent
    so2 = quantity * (factors.so2 + factors.so2_per_sulfur * sulfur) * kept
    nox = quantity * factors.nox * kept
    pm = quantity * factors.pm * kept
    vocs = quantity * factors.vocs * kept
    return so2, nox, pm, vocs


def summarise_pollutants(results: Iterable[LineResult]) -> dict[str, float]:
    totals = {"so2": 0.0, "nox": 0.0, "pm": 0.0, "vocs": 0.0}
    for result in results:
        totals["so2"] += result.so2_t
        totals["nox"] += result.nox_t
        totals["pm"] += result.pm_t
        totals["vocs"] += result.vocs_t
    return totals
