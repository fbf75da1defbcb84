"""Cradle-to-gate product carbon footprints solved over the supply graph (ISO 14067, GB/T 24067).

A ``Model`` is a set of processes, one per product, and background factors for the products
no process of the model makes (purchased materials and energy, or a supplier's shared
footprint). ``direct_tco2e`` and every input ``amount`` are per the process's ``output``.

The technosphere matrix A has one column per process: its output on the diagonal (its
reference product's row) and its inputs as negative entries in the rows of the products that
supply them, so a process using its own product (a plant's own steam) lowers its diagonal.
Background inputs enter as direct emissions: e_j = direct_j + sum(amount x factor). The
footprints per unit f solve A^T f = e (one sparse LU of A, reused for every demand). With
s = A^-1 delta_i (the runs of every process one unit of product i needs), f_i = s . e, which
splits the footprint by process and by background product (``contributions``).

A is a Z-matrix (inputs are zero or more), so the model is productive exactly when A is a
nonsingular M-matrix: A^-T 1 > 0. A loop that produces nothing net (singular) or that uses
more than it makes is refused with the processes of the loop (the strongly connected
component of the supply graph whose block fails the same test).

Data quality: a pedigree-style DQI (five indicators, 1 best to 5 worst; its score is their
mean) per process and background factor, weighted by the absolute contribution along the
chain; the primary-data share is the share of the footprint from primary processes' direct
emissions (background factors and secondary processes count as secondary data).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import splu

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message

__all__ = [
    "DQI",
    "Background",
    "Contributions",
    "Footprints",
    "Input",
    "Model",
    "Process",
    "solve",
    "solve_arrays",
]

FloatArray = npt.NDArray[np.float64]
# A pivot this small relative to the largest counts as zero: the loop produces nothing net.
_SINGULAR_RTOL = 1e-12
_DQI_FIELDS = ("reliability", "completeness", "temporal", "geographical", "technological")
_MAX_NAMED = 20


def _refuse(reason: Message) -> InputError:
    return InputError([Problem(reason)])


@dataclass(frozen=True, slots=True)
class DQI:
    """A pedigree-style data-quality indicator: each score from 1 (best) to 5 (worst)."""

    reliability: int
    completeness: int
    temporal: int
    geographical: int
    technological: int

    def __post_init__(self) -> None:
        for name in _DQI_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise _refuse(message("footprint.bad_dqi", field=name, value=value))

    @property
    def score(self) -> float:
        """The mean of the five indicators (1 best, 5 worst)."""
        return float(sum(getattr(self, name) for name in _DQI_FIELDS)) / len(_DQI_FIELDS)


@dataclass(frozen=True, slots=True)
class Input:
    """An input of a process: a product and its amount per the process's output."""

    product: str
    amount: float


@dataclass(frozen=True, slots=True)
class Process:
    """A process making ``output`` units of ``product``; emissions and inputs per that output."""

    id: str
    product: str
    output: float
    direct_tco2e: float
    inputs: tuple[Input, ...] = ()
    biogenic_tco2e: float = 0.0
    primary: bool = True
    dqi: DQI | None = None


@dataclass(frozen=True, slots=True)
class Background:
    """The footprint of a product no process of the model makes, per unit, with its source."""

    product: str
    tco2e_per_unit: float
    source: str = ""
    confirmed: bool = False
    biogenic_tco2e_per_unit: float = 0.0
    dqi: DQI | None = None


@dataclass(frozen=True)
class Model:
    processes: tuple[Process, ...]
    background: Mapping[str, Background] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Contributions:
    """What makes up one product's footprint per unit, two ways that each add up to ``total``.

    ``direct`` + sum(``by_input``): the process's own emissions and each input product's share
    (amount x that product's footprint, per unit of output). ``by_process`` +
    sum(``by_background``): every process's direct emissions along the whole chain and every
    background product's (supplier's or secondary factor's) share.
    """

    product: str
    total: float
    direct: float
    by_input: dict[str, float]
    by_process: dict[str, float]
    by_background: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Compiled:
    processes: tuple[Process, ...]
    index: dict[str, int]  # product -> process column
    background: tuple[Background, ...]
    bg_index: dict[str, int]
    a: sp.csc_matrix  # technosphere (products x processes)
    g: sp.csr_matrix  # background use (background products x processes)
    direct: FloatArray
    factors: FloatArray


@dataclass(frozen=True)
class Footprints:
    """The solved footprints of every product the model makes (tCO2e per unit)."""

    per_unit: dict[str, float]
    biogenic_per_unit: dict[str, float]
    dqi: dict[str, float | None]  # contribution-weighted DQI score, None: no DQI given
    dqi_coverage: dict[str, float | None]  # share of the footprint that carries a DQI
    primary_share: dict[str, float | None]  # None when the footprint is zero
    _model: _Compiled = field(repr=False)
    _lu: _Solver = field(repr=False)

    def contributions(self, product: str) -> Contributions:
        model = self._model
        if product not in model.index:
            raise _refuse(message("footprint.not_in_model", product=product))
        i = model.index[product]
        process = model.processes[i]
        demand = np.zeros(len(model.processes))
        demand[i] = 1.0
        runs: FloatArray = self._lu.solve(demand, trans="T")
        by_input: dict[str, float] = {}
        for item in process.inputs:
            per_unit = (
                self.per_unit[item.product]
                if item.product in model.index
                else model.background[model.bg_index[item.product]].tco2e_per_unit
            )
            share = item.amount * per_unit / process.output
            by_input[item.product] = by_input.get(item.product, 0.0) + share
        by_process = {
            p.id: float(runs[j] * model.direct[j])
            for j, p in enumerate(model.processes)
            if runs[j] != 0.0 and model.direct[j] != 0.0
        }
        used = model.g @ runs
        by_background = {
            b.product: float(used[k] * model.factors[k])
            for k, b in enumerate(model.background)
            if used[k] != 0.0
        }
        return Contributions(
            product=product,
            total=self.per_unit[product],
            direct=process.direct_tco2e / process.output,
            by_input=by_input,
            by_process=by_process,
            by_background=by_background,
        )


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check(model: Model) -> list[Problem]:
    problems: list[Problem] = []
    if not model.processes:
        return [Problem(message("footprint.no_processes"))]
    ids: set[str] = set()
    makers: dict[str, str] = {}
    for p in model.processes:
        if p.id in ids:
            problems.append(Problem(message("footprint.duplicate_id", process=p.id)))
        ids.add(p.id)
        if p.product in makers:
            problems.append(
                Problem(
                    message(
                        "footprint.duplicate_product",
                        product=p.product,
                        first=makers[p.product],
                        second=p.id,
                    )
                )
            )
        else:
            makers[p.product] = p.id
        if not _finite(p.output) or p.output <= 0:
            problems.append(Problem(message("footprint.bad_output", process=p.id, value=p.output)))
        for name in ("direct_tco2e", "biogenic_tco2e"):
            value = getattr(p, name)
            if not _finite(value):
                problems.append(
                    Problem(message("footprint.bad_number", process=p.id, field=name, value=value))
                )
    for key, b in model.background.items():
        if key != b.product:
            problems.append(
                Problem(message("footprint.background_key", key=key, product=b.product))
            )
        for value in (b.tco2e_per_unit, b.biogenic_tco2e_per_unit):
            if not _finite(value):
                problems.append(
                    Problem(message("footprint.bad_background", product=b.product, value=value))
                )
        if b.product in makers:
            problems.append(
                Problem(
                    message(
                        "footprint.background_and_process",
                        product=b.product,
                        process=makers[b.product],
                    )
                )
            )
    for p in model.processes:
        for item in p.inputs:
            if not _finite(item.amount) or item.amount < 0:
                problems.append(
                    Problem(
                        message(
                            "footprint.bad_amount",
                            process=p.id,
                            product=item.product,
                            value=item.amount,
                        )
                    )
                )
            if item.product not in makers and item.product not in model.background:
                problems.append(
                    Problem(
                        message("footprint.unknown_product", process=p.id, product=item.product)
                    )
                )
    return problems


def _compile(model: Model) -> _Compiled:
    problems = _check(model)
    if problems:
        raise InputError(problems)
    processes = model.processes
    n = len(processes)
    index = {p.product: j for j, p in enumerate(processes)}
    background = tuple(model.background.values())
    bg_index = {b.product: k for k, b in enumerate(background)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    g_rows: list[int] = []
    g_cols: list[int] = []
    g_vals: list[float] = []
    for j, p in enumerate(processes):
        rows.append(j)
        cols.append(j)
        vals.append(float(p.output))
        for item in p.inputs:
            if item.product in index:
                rows.append(index[item.product])
                cols.append(j)
                vals.append(-float(item.amount))
            else:
                g_rows.append(bg_index[item.product])
                g_cols.append(j)
                g_vals.append(float(item.amount))
    a = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))  # duplicates are summed
    g = sp.csr_matrix((g_vals, (g_rows, g_cols)), shape=(len(background), n))
    direct = np.array([p.direct_tco2e for p in processes], dtype=np.float64)
    factors = np.array([b.tco2e_per_unit for b in background], dtype=np.float64)
    return _Compiled(processes, index, background, bg_index, a, g, direct, factors)


def _block_fault(block: sp.csc_matrix) -> str | None:
    """'singular', 'unproductive' or None: whether the block is a nonsingular M-matrix."""
    try:
        lu = splu(sp.csc_matrix(block.T))
    except RuntimeError:
        return "singular"
    pivots = np.abs(lu.U.diagonal())
    if pivots.size and pivots.min() <= _SINGULAR_RTOL * pivots.max():
        return "singular"
    check = lu.solve(np.ones(block.shape[0]))
    if not np.all(np.isfinite(check)):
        return "singular"
    if np.any(check <= 0):
        return "unproductive"
    return None


def _loop_problems(a: sp.csc_matrix, ids: list[str]) -> list[Problem]:
    """The loops (strongly connected components) that make the model unsolvable."""
    count, labels = connected_components(a, directed=True, connection="strong")
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    sizes = np.diff(bounds)
    diagonal = a.diagonal()
    problems: list[Problem] = []
    for c in range(count):
        members = order[bounds[c] : bounds[c + 1]]
        if sizes[c] == 1:  # one process: productive when it makes more than it uses itself
            fault = None if diagonal[members[0]] > 0 else "singular"
            if diagonal[members[0]] < 0:
                fault = "unproductive"
        else:
            fault = _block_fault(sp.csc_matrix(a[members][:, members]))
        if fault is not None:
            named = [ids[k] for k in members[:_MAX_NAMED]]
            more = len(members) - len(named)
            listed = ", ".join(named) + (f" (and {more} more)" if more else "")
            problems.append(Problem(message(f"footprint.loop_{fault}", processes=listed)))
    if not problems:  # numerically unsolvable without a failing loop on its own
        problems.append(Problem(message("footprint.loop_singular", processes=", ".join(ids[:20]))))
    return problems


class _Solver:
    """The LU of A^T with the processes ordered by the supply graph's loops (strongly connected
    components) in supply order, so the factors keep A's sparsity: fill-in stays inside loops.
    ``solve(b)`` solves A^T x = b (footprints), ``solve(b, trans="T")`` A x = b (runs)."""

    def __init__(self, a: sp.csc_matrix) -> None:
        count, labels = connected_components(a, directed=True, connection="strong")
        coo = a.tocoo()
        lr, lc = labels[coo.row], labels[coo.col]
        cross = lr != lc
        triangular = bool(np.all(lr[cross] < lc[cross]) or np.all(lr[cross] > lc[cross]))
        self.order = np.argsort(labels, kind="stable")
        permuted = sp.csc_matrix(a[self.order][:, self.order].T)
        # typed Any: the SciPy stubs lack SuperLU.solve's ``trans`` argument
        # A productive model is an M-matrix, whose LU needs no pivoting to be stable: prefer the
        # diagonal (threshold 0.1) so the supply order is kept and nothing fills in.
        self.lu: Any = splu(
            permuted,
            permc_spec="NATURAL" if triangular else "COLAMD",
            diag_pivot_thresh=0.1,
        )

    def solve(self, b: FloatArray, trans: str = "N") -> FloatArray:
        x = np.empty_like(b, dtype=np.float64)
        x[self.order] = self.lu.solve(np.ascontiguousarray(b[self.order]), trans=trans)
        return x


def _factorize(a: sp.csc_matrix, ids: list[str]) -> _Solver:
    """The LU of A^T; a model that is not productive is refused with its loops."""
    try:
        solver = _Solver(a)
    except RuntimeError:
        raise InputError(_loop_problems(a, ids)) from None
    pivots = np.abs(solver.lu.U.diagonal())
    if pivots.min() <= _SINGULAR_RTOL * pivots.max():
        raise InputError(_loop_problems(a, ids))
    check = solver.solve(np.ones(a.shape[0]))
    if not np.all(np.isfinite(check)) or np.any(check <= 0):
        raise InputError(_loop_problems(a, ids))
    return solver


def solve_arrays(technosphere: sp.spmatrix | sp.sparray, emissions: FloatArray) -> FloatArray:
    """The footprint per unit of every product: f solving A^T f = e for a square technosphere
    matrix (column j: process j, its product on row j) and per-run emissions e (the bench's
    entry; ``solve`` builds both from a ``Model``). Refuses an unproductive matrix."""
    a = sp.csc_matrix(technosphere, dtype=np.float64)
    if a.shape[0] != a.shape[1] or emissions.shape != (a.shape[0],):
        raise ValueError(f"a square matrix and one emission per column, not {a.shape}")
    lu = _factorize(a, [str(j) for j in range(a.shape[0])])
    result: FloatArray = lu.solve(np.asarray(emissions, dtype=np.float64))
    return result


def solve(model: Model) -> Footprints:
    """The footprints of all products of ``model`` solved together (see the module's notes)."""
    c = _compile(model)
    lu = _factorize(c.a, [p.id for p in c.processes])
    procs = c.processes
    bg_used_t = c.g.T  # processes x background
    abs_bg = np.abs(c.factors)
    bio_bg = np.array([b.biogenic_tco2e_per_unit for b in c.background], dtype=np.float64)
    q_p = np.array([p.dqi.score if p.dqi else 0.0 for p in procs], dtype=np.float64)
    has_p = np.array([p.dqi is not None for p in procs], dtype=np.float64)
    q_b = np.array([b.dqi.score if b.dqi else 0.0 for b in c.background], dtype=np.float64)
    has_b = np.array([b.dqi is not None for b in c.background], dtype=np.float64)
    primary = np.array([p.primary for p in procs], dtype=np.float64)
    abs_direct = np.abs(c.direct)
    rhs = np.column_stack(
        [
            c.direct + bg_used_t @ c.factors,  # 0 footprint
            np.array([p.biogenic_tco2e for p in procs]) + bg_used_t @ bio_bg,  # 1 biogenic
            c.direct * primary,  # 2 from primary data
            abs_direct * q_p + bg_used_t @ (abs_bg * q_b),  # 3 DQI-weighted
            abs_direct * has_p + bg_used_t @ (abs_bg * has_b),  # 4 weight with a DQI
            abs_direct + bg_used_t @ abs_bg,  # 5 all weight
        ]
    )
    x = lu.solve(rhs)
    total, weight, covered = x[:, 0], x[:, 5], x[:, 4]
    with np.errstate(divide="ignore", invalid="ignore"):
        dqi = np.where(covered > 0, x[:, 3] / covered, np.nan)
        coverage = np.where(weight > 0, covered / weight, np.nan)
        share = np.where(total != 0, x[:, 2] / total, np.nan)

    def column(values: FloatArray) -> dict[str, float | None]:
        return {
            p.product: None if math.isnan(v) else float(v)
            for p, v in zip(procs, values.tolist(), strict=True)
        }

    return Footprints(
        per_unit={p.product: float(v) for p, v in zip(procs, total.tolist(), strict=True)},
        biogenic_per_unit={
            p.product: float(v) for p, v in zip(procs, x[:, 1].tolist(), strict=True)
        },
        dqi=column(dqi),
        dqi_coverage=column(coverage),
        primary_share=column(share),
        _model=c,
        _lu=lu,
    )
