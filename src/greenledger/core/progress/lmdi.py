"""The LMDI-I arithmetic on aligned arrays (see ``decomposition`` for the model and sources)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from greenledger.core.progress.decomposition import EnterpriseYear

__all__ = ["EFFECTS", "SMALL", "Array", "Panel", "lmdi_effects", "logarithmic_mean", "small"]

# Ang & Liu (2007) small-value strategy: the value a zero is replaced by.
SMALL = 1e-20
EFFECTS = ("activity", "structure", "energy_intensity", "energy_mix", "emission_factor")

Array = npt.NDArray[np.float64]


def logarithmic_mean(a: Array, b: Array) -> Array:
    """L(a, b) = (a - b) / ln(a / b), and (a + b) / 2 where a and b agree to 1e-12 (the
    second-order limit, where the division would lose precision); a, b > 0."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    close = np.abs(a - b) <= 1e-12 * np.maximum(a, b)
    ratio = np.where(close, 2.0, a / np.where(close, 1.0, b))
    return np.where(close, (a + b) / 2.0, (a - b) / np.log(ratio))


@dataclass(frozen=True, slots=True)
class Panel:
    present: npt.NDArray[np.bool_]
    output: Array  # (n,)
    energy: Array  # (n, k) tce
    co2e: Array  # (n, k) energy-related tCO2e
    other: Array  # (n,) non-energy - exported
    total: Array  # (n,) GB/T 32150 total

    @classmethod
    def build(cls, rows: Sequence[EnterpriseYear | None], carriers: Sequence[str]) -> Panel:
        present = np.array([row is not None for row in rows], dtype=np.bool_)
        real = [row for row in rows if row is not None]
        output = np.zeros(len(rows))
        other = np.zeros(len(rows))
        energy = np.zeros((len(rows), len(carriers)))
        co2e = np.zeros((len(rows), len(carriers)))
        if real:
            output[present] = [row.output_value_wan_yuan or 0.0 for row in real]
            other[present] = [row.non_energy_co2e_t - row.exported_co2e_t for row in real]
            energy[present] = [[row.energy_tce.get(c, 0.0) for c in carriers] for row in real]
            co2e[present] = [[row.energy_co2e_t.get(c, 0.0) for c in carriers] for row in real]
        return cls(present, output, energy, co2e, other, co2e.sum(axis=1) + other)


def lmdi_effects(p0: Panel, p1: Panel, both: npt.NDArray[np.bool_]) -> Array:
    """The five effects per enterprise, shape (5, n); zero outside ``both``."""
    n = both.shape[0]
    out = np.zeros((len(EFFECTS), n))
    idx = np.flatnonzero(both)
    if idx.size == 0:
        return out
    v0, v1 = p0.output[idx], p1.output[idx]
    e0, e1 = p0.energy[idx], p1.energy[idx]
    c0, c1 = p0.co2e[idx], p1.co2e[idx]
    q0, q1 = small(np.array(v0.sum())), small(np.array(v1.sum()))
    s0, s1 = small(v0 / q0), small(v1 / q1)
    t0, t1 = e0.sum(axis=1), e1.sum(axis=1)
    i0, i1 = small(t0 / small(v0)), small(t1 / small(v1))
    # Carrier shares: undefined (0/0) in a year without energy -> the other year's shares.
    m0 = np.divide(e0, t0[:, None], out=np.zeros_like(e0), where=t0[:, None] > 0)
    m1 = np.divide(e1, t1[:, None], out=np.zeros_like(e1), where=t1[:, None] > 0)
    m0 = np.where(t0[:, None] > 0, m0, m1)
    m1 = np.where(t1[:, None] > 0, m1, m0)
    # Emission factors: undefined for an unused carrier -> the other year's factor.
    f0 = np.divide(c0, e0, out=np.zeros_like(c0), where=e0 > 0)
    f1 = np.divide(c1, e1, out=np.zeros_like(c1), where=e1 > 0)
    f0, f1 = np.where(e0 > 0, f0, f1), np.where(e1 > 0, f1, f0)
    m0, m1, f0, f1 = small(m0), small(m1), small(f0), small(f1)
    used = (e0 > 0) | (e1 > 0)  # a carrier unused in both years contributes nothing
    x0 = [np.broadcast_to(q0, e0.shape), np.broadcast_to(s0[:, None], e0.shape)]
    x1 = [np.broadcast_to(q1, e1.shape), np.broadcast_to(s1[:, None], e1.shape)]
    x0 += [np.broadcast_to(i0[:, None], e0.shape), m0, f0]
    x1 += [np.broadcast_to(i1[:, None], e1.shape), m1, f1]
    # The products, not the reported tCO2e, enter L: then sum_X L * ln(X^T/X^0) = C^T - C^0
    # holds to rounding; they differ from the reported figures only by rounding or ~SMALL.
    cell0 = x0[0] * x0[1] * x0[2] * x0[3] * x0[4]
    cell1 = x1[0] * x1[1] * x1[2] * x1[3] * x1[4]
    weight = np.where(used, logarithmic_mean(cell1, cell0), 0.0)
    for k in range(len(EFFECTS)):
        out[k, idx] = (weight * np.log(x1[k] / x0[k])).sum(axis=1)
    return out


def small(values: Array) -> Array:
    """The Ang & Liu (2007) small-value rule: zeros become ``SMALL``. So do positive values
    below it (a factor of 1e-300 is a zero written with rounding noise), which keeps the
    products of five factors far above the float range's end (no underflow to 0)."""
    return np.where(values > SMALL, values, SMALL)
