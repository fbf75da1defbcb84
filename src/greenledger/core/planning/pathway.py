"""The least-cost pathway: which measures to adopt in which year to meet the targets.

A mixed-integer programme solved by SciPy's ``milp`` (HiGHS).

Model years: every year from ``start_year`` to ``min(2035, end_year)``, then five-year steps
(2040, 2045, ...) and ``end_year`` itself. A model year stands for itself and the years up to
the next model year: operating costs, energy savings and carbon costs are counted for each of
those years, discounted to ``start_year`` (factor 1 in ``start_year``).

Adoption is permanent: a measure adopted in a model year stays active to the horizon; it is
replaced at the end of each lifetime (capex again, discounted) and the last installation is
credited with its straight-line residual value at the horizon (``end_year + 1``), discounted.

Interactions are exact: on each end use the optimiser chooses, in every model year, one
*combination* of that end use's measures (one binary per combination and year); a combination
saves ``1 - prod(1 - saving_rate)`` over its measures of effect "energy" of the end use's
(grown) energy, and ``1 - prod(1 - saving_rate)`` over all its measures (effect "energy" and
"emissions") of the end use's emissions, so two measures are never counted twice; a measure of
effect "emissions" (green power, fuel switching) leaves the energy unchanged. Combinations
that break an exclusion group or lack a prerequisite on the same end use are left out. This
grows as 2^n with the measures of one end use: fine up to about 10 measures per end use
(``MAX_MEASURES_PER_END_USE`` is the limit).

Objective (discounted, relative to doing nothing; ``npv_yuan``): capex at adoption and at each
replacement, minus residual value, plus the change in operating cost while active, minus energy
cost saved (if ``energy_price_yuan_per_tce``), minus carbon price x emissions avoided. The
baseline per end use grows by ``growth`` a year from ``start_year``; the electricity part of
its emissions (``electricity_emissions_t``) also follows the grid factor index
(``PlanInput.grid_index``) year by year (``PlanInput.end_use_emissions_t``), so emissions and
the carbon value of the tonnes avoided fall as the grid gets cleaner.

Constraints: emissions in each target year <= the target's cap (``PlanInput.cap_t``: the
absolute cap, the intensity limit x that year's grown output value, or the tighter of both; a
target year between model years uses the state of the model year before it, with that year's
baseline); at most one measure of an exclusion group; a prerequisite adopted no later than the
measure needing it; ``earliest_year``; ``budget_yuan`` caps the undiscounted capex of the
first installations (replacements are not counted against it), ``annual_budget_yuan`` the
same within each model year, and ``max_adoptions_per_year`` the number of measures first
adopted in each model year.

Infeasible targets are not an error: each target year has a nonnegative shortfall. The plan is
solved lexicographically: first with no shortfall allowed; if that is infeasible, the least
total shortfall is found, then the cheapest plan with that shortfall (status "infeasible",
``shortfall_t`` per target year). A solver stopped by its time limit returns the best plan
found (status "feasible") with its gap.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.planning.model import Measure, PlanInput

__all__ = [
    "MAX_MEASURES_PER_END_USE",
    "Pathway",
    "TooManyMeasures",
    "adoption_cost_pv",
    "discount_factor",
    "model_years",
    "optimise",
]

# 2^n combinations per end use and model year: 12 measures give 4,096 binaries a year.
MAX_MEASURES_PER_END_USE = 12
_ALL_YEARS_UNTIL = 2035
_STEP_AFTER = 5


class TooManyMeasures(InputError):
    """An end use has more measures than the exact combination model handles."""

    def __init__(self, end_use: str, count: int) -> None:
        self.end_use = end_use
        self.count = count
        reason = message(
            "pathway.end_use.too_many",
            end_use=end_use,
            count=count,
            limit=MAX_MEASURES_PER_END_USE,
        )
        super().__init__([Problem(reason, column="measures")])


@dataclass(frozen=True, slots=True)
class Pathway:
    """The optimiser's answer.

    ``status``: "optimal" (within ``gap``), "feasible" (time limit hit: best plan found, its gap)
    or "infeasible" (the targets cannot all be met: the cheapest plan with the least total
    shortfall). ``adoptions``: (measure id, first year) in year order. ``emissions_t``: every
    model year. ``shortfall_t``: every target year (0 where met). ``npv_yuan``: discounted net
    cost relative to doing nothing (negative: the plan pays)."""

    status: str
    adoptions: tuple[tuple[str, int], ...]
    emissions_t: dict[int, float]
    shortfall_t: dict[int, float]
    npv_yuan: float
    gap: float
    solve_seconds: float
    capex_yuan: float = 0.0
    years: tuple[int, ...] = field(default=())


def model_years(start_year: int, end_year: int) -> tuple[int, ...]:
    """Yearly to 2035 (or the end), then five-year steps, and the end year itself."""
    years = list(range(start_year, min(_ALL_YEARS_UNTIL, end_year) + 1))
    year = years[-1] + _STEP_AFTER if years else start_year
    while year < end_year:
        years.append(year)
        year += _STEP_AFTER
    if not years or years[-1] != end_year:
        years.append(end_year)
    return tuple(years)


def discount_factor(rate: float, start_year: int, year: int) -> float:
    """1 / (1 + rate)^(year - start_year)."""
    return float((1.0 + rate) ** -(year - start_year))


def adoption_cost_pv(measure: Measure, year: int, plan: PlanInput) -> float:
    """Discounted capex of adopting ``measure`` in ``year`` and replacing it at each end of life
    up to ``end_year``, less the discounted straight-line residual value at the horizon."""
    life = measure.lifetime_years
    pv = 0.0
    install = year
    last = year
    while install <= plan.end_year:
        pv += measure.capex_yuan * discount_factor(plan.discount_rate, plan.start_year, install)
        last = install
        install += life
    horizon = plan.end_year + 1
    remaining = last + life - horizon
    if remaining > 0:
        residual = measure.capex_yuan * remaining / life
        pv -= residual * discount_factor(plan.discount_rate, plan.start_year, horizon)
    return pv


@dataclass(frozen=True, slots=True)
class _Combo:
    end_use: int
    members: tuple[int, ...]  # indices into plan.measures
    remaining: float  # emissions left: prod(1 - saving_rate) over all members
    energy_remaining: float = 1.0  # energy left: prod(1 - saving_rate) over "energy" members


def _combinations(plan: PlanInput) -> list[_Combo]:
    index = {m.id: i for i, m in enumerate(plan.measures)}
    combos: list[_Combo] = []
    for e, end_use in enumerate(plan.end_uses):
        members = [
            i
            for i, m in enumerate(plan.measures)
            if m.end_use == end_use.name
            and (m.earliest_year is None or m.earliest_year <= plan.end_year)
        ]
        if len(members) > MAX_MEASURES_PER_END_USE:
            raise TooManyMeasures(end_use.name, len(members))
        for size in range(len(members) + 1):
            for subset in itertools.combinations(members, size):
                chosen = set(subset)
                groups = [plan.measures[i].group for i in subset if plan.measures[i].group]
                if len(groups) != len(set(groups)):
                    continue
                if any(
                    plan.measures[index[r]].end_use == end_use.name and index[r] not in chosen
                    for i in subset
                    for r in plan.measures[i].requires
                ):
                    continue
                remaining = math.prod(1.0 - plan.measures[i].saving_rate for i in subset)
                energy = math.prod(
                    1.0 - plan.measures[i].saving_rate
                    for i in subset
                    if plan.measures[i].effect == "energy"
                )
                combos.append(_Combo(e, subset, remaining, energy))
    return combos


class _Programme:
    """The MILP's matrices; variables are z[combo, period] then shortfall[target]."""

    def __init__(self, plan: PlanInput) -> None:
        self.plan = plan
        self.years = model_years(plan.start_year, plan.end_year)
        self.combos = _combinations(plan)
        n_p = len(self.years)
        self.n_z = len(self.combos) * n_p
        self.targets = sorted(plan.targets, key=lambda t: t.year)
        self.n = self.n_z + len(self.targets)
        r, s = plan.discount_rate, plan.start_year
        nexts = [*self.years[1:], plan.end_year + 1]
        # Discount factors summed over the years a model year stands for, plain and grown.
        disc = [
            sum(discount_factor(r, s, y) for y in range(a, b))
            for a, b in zip(self.years, nexts, strict=True)
        ]
        grown = [
            sum(discount_factor(r, s, y) * (1 + plan.growth) ** (y - s) for y in range(a, b))
            for a, b in zip(self.years, nexts, strict=True)
        ]
        # Per end use: its discounted baseline emissions (grown, grid index on the electricity
        # part) over the years each model year stands for.
        carbon = [
            [
                sum(
                    discount_factor(r, s, y) * plan.end_use_emissions_t(end_use, y)
                    for y in range(a, b)
                )
                for a, b in zip(self.years, nexts, strict=True)
            ]
            for end_use in plan.end_uses
        ]
        self.carbon = carbon
        self.by_measure: dict[int, list[int]] = {i: [] for i in range(len(plan.measures))}
        for c, combo in enumerate(self.combos):
            for i in combo.members:
                self.by_measure[i].append(c)
        # Cost per unit of active[m, p]: adoption cost differences and operating change.
        active_cost = np.zeros((len(plan.measures), n_p))
        for i, m in enumerate(plan.measures):
            adopt = [adoption_cost_pv(m, y, plan) for y in self.years] + [0.0]
            for p in range(n_p):
                active_cost[i, p] = adopt[p] - adopt[p + 1] + m.annual_opex_change_yuan * disc[p]
        self.active_cost = active_cost
        n_c = len(self.combos)
        members = np.zeros((n_c, len(plan.measures)))  # [combo, measure]: 1 if a member
        for c, combo in enumerate(self.combos):
            members[c, list(combo.members)] = 1.0
        # A combination may be chosen from the latest earliest_year of its members on.
        earliest = np.array(
            [
                max(
                    (float(plan.measures[i].earliest_year or -np.inf) for i in c.members),
                    default=-np.inf,
                )
                for c in self.combos
            ]
        )
        self.allowed = np.array(self.years, dtype=np.float64)[None, :] >= earliest[:, None]
        price = plan.energy_price_yuan_per_tce or 0.0
        energy_value = np.array(
            [
                price * plan.end_uses[c.end_use].energy_tce * (1.0 - c.energy_remaining)
                for c in self.combos
            ]
        )
        avoided = np.array([1.0 - c.remaining for c in self.combos])
        by_end_use = np.array(carbon, dtype=np.float64).reshape(len(plan.end_uses), n_p)
        tonnes = by_end_use[[c.end_use for c in self.combos]].reshape(n_c, n_p)
        cost = np.zeros(self.n)
        cost[: self.n_z] = (
            -np.outer(energy_value, np.array(grown)).reshape(n_c, n_p)
            - plan.carbon_price_yuan_per_t * avoided[:, None] * tonnes
            + members @ active_cost
        ).reshape(-1)
        self.cost = cost

    def z(self, combo: int, period: int) -> int:
        return combo * len(self.years) + period

    def period_of(self, year: int) -> int:
        return max(p for p, y in enumerate(self.years) if y <= year)

    def bounds(self, shortfall_ub: float) -> Bounds:
        lb = np.zeros(self.n)
        ub = np.ones(self.n)
        ub[: self.n_z] = self.allowed.reshape(-1)
        ub[self.n_z :] = shortfall_ub
        return Bounds(lb, ub)

    def constraints(self) -> list[LinearConstraint]:
        plan = self.plan
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lo: list[float] = []
        hi: list[float] = []

        def row(entries: Sequence[tuple[int, float]], low: float, high: float) -> None:
            k = len(lo)
            for col, val in entries:
                rows.append(k)
                cols.append(col)
                vals.append(val)
            lo.append(low)
            hi.append(high)

        n_p = len(self.years)
        last = n_p - 1
        for e in range(len(plan.end_uses)):
            mine = [c for c, combo in enumerate(self.combos) if combo.end_use == e]
            for p in range(n_p):
                row([(self.z(c, p), 1.0) for c in mine], 1.0, 1.0)

        def active(i: int, p: int, sign: float) -> list[tuple[int, float]]:
            return [(self.z(c, p), sign) for c in self.by_measure[i]]

        index = {m.id: i for i, m in enumerate(plan.measures)}
        for i, m in enumerate(plan.measures):
            if not self.by_measure[i]:
                continue
            for p in range(1, n_p):  # adopted stays adopted
                row(active(i, p, 1.0) + active(i, p - 1, -1.0), 0.0, np.inf)
            for req in m.requires:
                r = index[req]
                if plan.measures[r].end_use == m.end_use:
                    continue  # left out of the combinations already
                for p in range(n_p):
                    row(active(r, p, 1.0) + active(i, p, -1.0), 0.0, np.inf)
        groups: dict[str, list[int]] = {}
        for i, m in enumerate(plan.measures):
            if m.group:
                groups.setdefault(m.group, []).append(i)
        for members in groups.values():
            if len({plan.measures[i].end_use for i in members}) > 1:
                row([x for i in members for x in active(i, last, 1.0)], -np.inf, 1.0)
        if plan.budget_yuan is not None:
            entries = [
                x for i, m in enumerate(plan.measures) for x in active(i, last, m.capex_yuan)
            ]
            row(entries, -np.inf, plan.budget_yuan)
        # Per model year: the capex and the number of the measures first adopted in it, as
        # sum over combinations (this year's minus last year's) of their members' weights.
        per_year: list[tuple[list[float], float]] = []
        if plan.annual_budget_yuan is not None:
            capex = [
                sum(plan.measures[i].capex_yuan for i in combo.members) for combo in self.combos
            ]
            per_year.append((capex, plan.annual_budget_yuan))
        if plan.max_adoptions_per_year is not None:
            count = [float(len(combo.members)) for combo in self.combos]
            per_year.append((count, float(plan.max_adoptions_per_year)))
        for weights, limit in per_year:
            for p in range(n_p):
                entries = [(self.z(c, p), w) for c, w in enumerate(weights) if w]
                if p > 0:
                    entries += [(self.z(c, p - 1), -w) for c, w in enumerate(weights) if w]
                row(entries, -np.inf, limit)
        for k, target in enumerate(self.targets):
            p = self.period_of(target.year)
            base = [plan.end_use_emissions_t(e, target.year) for e in plan.end_uses]
            entries = [
                (self.z(c, p), base[combo.end_use] * combo.remaining)
                for c, combo in enumerate(self.combos)
            ]
            row([*entries, (self.n_z + k, -1.0)], -np.inf, plan.cap_t(target))
        matrix = coo_array((vals, (rows, cols)), shape=(len(lo), self.n)).tocsr()
        return [LinearConstraint(matrix, np.array(lo), np.array(hi))]

    def emissions(self, x: npt.NDArray[np.float64], year: int, period: int) -> float:
        base = [self.plan.end_use_emissions_t(e, year) for e in self.plan.end_uses]
        return float(
            sum(
                x[self.z(c, period)] * base[combo.end_use] * combo.remaining
                for c, combo in enumerate(self.combos)
            )
        )


@dataclass(frozen=True, slots=True)
class _Solved:
    x: npt.NDArray[np.float64] | None
    status: int
    gap: float
    message: str


def optimise(plan: PlanInput, *, time_limit_s: float = 10.0, mip_rel_gap: float = 0.01) -> Pathway:
    """The least-cost pathway to the plan's targets (see the module's docstring)."""
    started = time.perf_counter()
    prog = _Programme(plan)
    constraints = prog.constraints()
    integrality = np.zeros(prog.n, dtype=np.int64)
    integrality[: prog.n_z] = 1

    def solve(
        objective: npt.NDArray[np.float64], shortfall_ub: float, extra: list[LinearConstraint]
    ) -> _Solved:
        left = max(0.1, time_limit_s - (time.perf_counter() - started))
        res = milp(
            objective,
            integrality=integrality,
            bounds=prog.bounds(shortfall_ub),
            constraints=constraints + extra,
            options={"time_limit": left, "mip_rel_gap": mip_rel_gap},
        )
        x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
        gap = getattr(res, "mip_gap", None)
        gap_value = float(gap) if gap is not None and math.isfinite(gap) else 0.0
        return _Solved(x, int(res.status), gap_value, str(res.message))

    result = solve(prog.cost, 0.0, [])
    if result.x is None:
        # No plan meets every target: least total shortfall first, then the cheapest such plan.
        short = np.zeros(prog.n)
        short[prog.n_z :] = 1.0
        least = solve(short, np.inf, [])
        if least.x is None:
            raise RuntimeError(f"the pathway solver found no plan: {least.message}")
        total = float(least.x[prog.n_z :].sum())
        cap = LinearConstraint(short, -np.inf, total + 1e-6 * max(1.0, total))
        result = solve(prog.cost, np.inf, [cap])
        if result.x is None:
            result = least
    assert result.x is not None
    x = np.concatenate([np.round(result.x[: prog.n_z], 6), result.x[prog.n_z :]])
    adoptions: list[tuple[str, int]] = []
    for i, m in enumerate(plan.measures):
        for p, year in enumerate(prog.years):
            if sum(x[prog.z(c, p)] for c in prog.by_measure[i]) > 0.5:
                adoptions.append((m.id, year))
                break
    adoptions.sort(key=lambda a: (a[1], a[0]))
    emissions = {y: prog.emissions(x, y, p) for p, y in enumerate(prog.years)}
    shortfall: dict[int, float] = {}
    for t in prog.targets:
        limit = plan.cap_t(t)
        over = prog.emissions(x, t.year, prog.period_of(t.year)) - limit
        shortfall[t.year] = max(0.0, over) if over > 1e-6 * max(1.0, limit) else 0.0
    npv = float(prog.cost[: prog.n_z] @ x[: prog.n_z])
    capex = sum(plan.measure(mid).capex_yuan for mid, _ in adoptions)
    if any(v > 0.0 for v in shortfall.values()):
        status = "infeasible"
    elif result.status == 0:
        status = "optimal"
    else:
        status = "feasible"
    return Pathway(
        status=status,
        adoptions=tuple(adoptions),
        emissions_t=emissions,
        shortfall_t=shortfall,
        npv_yuan=npv,
        gap=result.gap,
        solve_seconds=time.perf_counter() - started,
        capex_yuan=capex,
        years=prog.years,
    )
