"""The district level: each enterprise's options priced at a sweep of carbon prices, then the
least-cost selection of one option per enterprise that keeps the district under its caps.

``price_sweep`` finds, for each carbon price, the optimum of the enterprise pathway programme
(``pathway``) on a copy of the plan with that price and *no* emission targets: the enterprise's
own least-cost answer to the price (by ``pathway.optimise``, or exactly and much faster by
dynamic programming per end use when nothing couples the end uses: see ``price_sweep``).
Each answer becomes an ``EnterpriseOption``: its adoptions, its
emissions in every year of the plan, and its discounted cost *excluding* the carbon payment
(capex, replacements, residual value, operating change, energy saved; the district pays for
tonnes through the selection, not through a price). Options with the same adoptions are one
option (the prices at which it was optimal are merged), and "do nothing" (no adoptions, cost 0,
the grown baseline) is always among them, so a selection always exists.

``district_selection`` is a mixed-integer programme (SciPy's ``milp`` on HiGHS): one binary per
enterprise and option, exactly one option per enterprise, the district's emissions in each cap
year (the sum of the chosen options' emissions) at most the cap, least total discounted cost.
A cap that no selection meets is not an error: each cap year gets a nonnegative shortfall, the
least total shortfall is found first, then the cheapest selection with that shortfall (as the
pathway optimiser does), and the shortfall per cap year is reported.

Shadow carbon price: the LP relaxation of the selection (the convex hull of each enterprise's
options: the binaries relaxed to 0..1, still summing to one per enterprise), with each cap set
to the emissions the chosen selection reaches where it falls short (so the relaxation is always
feasible), solved with ``linprog`` (HiGHS); the shadow price of a cap year is minus the dual of
its cap row. It is the cost, in discounted yuan, of tightening that year's district cap by one
tonne when enterprises may blend options, i.e. the marginal cost per tonne of the marginal
enterprise moving to its next cleaner option. It equals the integer programme's marginal cost
only when the relaxation is exact (``relaxation_cost_yuan == cost_yuan``); otherwise it is a
lower-bound price (the Lagrangian price of the relaxation). Because costs are discounted over
the whole horizon and a cap counts one year's tonnes, with several cap years the price of one
year is shared with the others: read the sum over the years as the price of a tonne cut in all.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_array, csr_array

from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.pathway import (
    _Programme,
    adoption_cost_pv,
    discount_factor,
    model_years,
    optimise,
)

__all__ = ["DistrictSelection", "EnterpriseOption", "district_selection", "price_sweep"]


@dataclass(frozen=True, slots=True)
class EnterpriseOption:
    """One way an enterprise can go: ``adoptions`` (measure id, first year), its emissions
    (tonnes CO2e) in every year of the plan, its discounted cost in yuan without any carbon
    payment (negative: the measures pay for themselves), and the carbon prices at which the
    enterprise's optimiser chose it (empty for a "do nothing" no price led to)."""

    cost_yuan: float
    emissions_t: Mapping[int, float]
    adoptions: tuple[tuple[str, int], ...] = ()
    prices: tuple[float, ...] = ()
    status: str = "optimal"
    gap: float = 0.0


@dataclass(frozen=True, slots=True)
class DistrictSelection:
    """The district's answer.

    ``status``: "optimal" (within ``gap``), "feasible" (time limit: best found) or "infeasible"
    (the caps cannot all be met: the cheapest selection with the least total shortfall).
    ``chosen``: enterprise -> index into its options; ``options``: enterprise -> that option.
    ``emissions_t``, ``shortfall_t`` and ``shadow_price_yuan_per_t`` per cap year (see the
    module's docstring for the shadow price); ``relaxation_cost_yuan`` is the LP relaxation's
    cost at the caps the shadow price is read at (equal to ``cost_yuan`` when it is exact)."""

    status: str
    chosen: dict[str, int]
    options: dict[str, EnterpriseOption]
    cost_yuan: float
    emissions_t: dict[int, float]
    shortfall_t: dict[int, float]
    shadow_price_yuan_per_t: dict[int, float]
    relaxation_cost_yuan: float
    gap: float
    solve_seconds: float
    caps_t: dict[int, float] = field(default_factory=dict)


def _option_from_adoptions(
    plan: PlanInput, adoptions: tuple[tuple[str, int], ...]
) -> tuple[float, dict[int, float]]:
    """Discounted cost without carbon payment, and emissions in every plan year, of a pathway
    with these adoptions, on the pathway optimiser's conventions (a year takes the state of the
    model year at or before it; the baseline grows by ``growth`` and its electricity part
    follows the grid factor index; measures of effect "emissions" save no energy)."""
    years = model_years(plan.start_year, plan.end_year)
    first = dict(adoptions)
    price = plan.energy_price_yuan_per_tce or 0.0
    r, s = plan.discount_rate, plan.start_year
    # Capex at adoption and at each replacement, less the residual value (as in pathway).
    cost = 0.0
    for mid, year in adoptions:
        cost += adoption_cost_pv(plan.measure(mid), year, plan)
    adopted = [m for m in plan.measures if m.id in first]
    # Per model year: each end use's (emissions, energy) share left, and the operating change.
    states: list[tuple[list[tuple[float, float]], float]] = []
    for state_year in years:
        active = [m for m in adopted if first[m.id] <= state_year]
        shares = [
            (
                math.prod(1.0 - m.saving_rate for m in active if m.end_use == e.name),
                math.prod(
                    1.0 - m.saving_rate
                    for m in active
                    if m.end_use == e.name and m.effect == "energy"
                ),
            )
            for e in plan.end_uses
        ]
        states.append((shares, sum(m.annual_opex_change_yuan for m in active)))
    emissions: dict[int, float] = {}
    period = 0
    for year in range(plan.start_year, plan.end_year + 1):
        while period + 1 < len(years) and years[period + 1] <= year:
            period += 1
        shares, opex = states[period]
        grow = (1.0 + plan.growth) ** (year - s)
        df = discount_factor(r, s, year)
        total = 0.0
        for end_use, (remaining, energy) in zip(plan.end_uses, shares, strict=True):
            total += plan.end_use_emissions_t(end_use, year) * remaining
            cost -= price * end_use.energy_tce * grow * (1.0 - energy) * df
        cost += opex * df
        emissions[year] = total
    return cost, emissions


def _decomposes(plan: PlanInput) -> bool:
    """Without targets or budgets or a roll-out limit, and with every prerequisite and exclusion
    group inside one end use, the pathway programme falls apart into one independent problem
    per end use."""
    if plan.targets or plan.budget_yuan is not None or plan.annual_budget_yuan is not None:
        return False
    if plan.max_adoptions_per_year is not None:
        return False
    end_use = {m.id: m.end_use for m in plan.measures}
    groups: dict[str, str] = {}
    for m in plan.measures:
        if any(end_use[r] != m.end_use for r in m.requires):
            return False
        if m.group is not None and groups.setdefault(m.group, m.end_use) != m.end_use:
            return False
    return True


class _ByEndUse:
    """The exact optimum of the pathway programme of a plan that decomposes (``_decomposes``),
    by dynamic programming per end use over its combinations, on the programme's own costs
    (built once; they are linear in the carbon price): the combination of each model year must
    contain the one before (adoption is permanent), and a combination is allowed from the
    earliest year of all its measures."""

    def __init__(self, plan: PlanInput) -> None:
        prog = _Programme(replace(plan, carbon_price_yuan_per_t=0.0, targets=()))
        self.plan = plan
        self.prog = prog
        self.base = prog.cost[: prog.n_z]
        # Per yuan/t of carbon price: minus the discounted tonnes a combination avoids over the
        # years its model year stands for (the programme's carbon term at price 1: grown, the
        # grid factor index on the electricity part).
        carbon = np.array([prog.carbon[c.end_use] for c in prog.combos]).reshape(
            len(prog.combos), len(prog.years)
        )
        avoided = np.array([1.0 - c.remaining for c in prog.combos])
        self.slope = -(avoided[:, None] * carbon).reshape(-1)
        allowed_all = prog.bounds(0.0).ub[: prog.n_z] > 0.5
        n_p = len(prog.years)
        self.parts: list[
            tuple[list[int], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]
        ] = []
        for e in range(len(plan.end_uses)):
            mine = [c for c, combo in enumerate(prog.combos) if combo.end_use == e]
            members = sorted({i for c in mine for i in prog.combos[c].members})
            bit = {i: 1 << k for k, i in enumerate(members)}
            masks = np.array([sum(bit[i] for i in prog.combos[c].members) for c in mine])
            superset = (masks[None, :] & masks[:, None]) == masks[:, None]  # [c, c2]: c2 ⊇ c
            # 0 where c2 ⊇ c (c2 may follow c), infinity where it may not.
            barrier = np.where(superset, 0.0, np.inf)
            idx = np.array(mine, dtype=np.int64)[:, None] * n_p + np.arange(n_p)[None, :]
            self.parts.append((mine, barrier, idx, allowed_all[idx]))

    def adoptions(self, price: float) -> tuple[tuple[str, int], ...]:
        """The least-cost adoptions at ``price``."""
        return self.adoptions_many([price])[0]

    def adoptions_many(self, prices: Sequence[float]) -> list[tuple[tuple[str, int], ...]]:
        """The least-cost adoptions at each price, the prices solved side by side (in batches
        of at most ``_BATCH_CELLS`` DP cells per step)."""
        prog = self.prog
        found: list[list[tuple[str, int]]] = [[] for _ in prices]
        for mine, barrier, idx, allowed in self.parts:
            k = len(mine)
            batch = max(1, _BATCH_CELLS // (k * k))
            for start in range(0, len(prices), batch):
                chunk = np.array(prices[start : start + batch], dtype=np.float64)
                costs = self.base[idx][None, :, :] + chunk[:, None, None] * self.slope[idx]
                paths = _paths(costs, barrier, allowed)
                for b, path in enumerate(paths):
                    first: dict[int, int] = {}
                    for p, state in enumerate(path):
                        for i in prog.combos[mine[state]].members:
                            first.setdefault(i, prog.years[p])
                    found[start + b].extend(
                        (self.plan.measures[i].id, year) for i, year in first.items()
                    )
        return [tuple(sorted(pairs, key=lambda a: (a[1], a[0]))) for pairs in found]


_BATCH_CELLS = 1 << 22


def _paths(
    costs: npt.NDArray[np.float64],
    barrier: npt.NDArray[np.float64],
    allowed: npt.NDArray[np.bool_],
) -> list[list[int]]:
    """For each batch row of ``costs`` [batch, combination, period]: the least-cost sequence of
    combinations, one per period, each allowed in its period and containing the one before
    (``barrier`` [c, c2] is 0 where c2 may follow c, infinity where not)."""
    n_b, k, n_p = costs.shape
    value = np.where(allowed[None, :, -1], costs[:, :, -1], np.inf)
    steps: list[npt.NDArray[np.intp]] = []
    for p in range(n_p - 2, -1, -1):
        ahead = value[:, None, :] + barrier[None, :, :]  # [b, c, c2]
        best = np.argmin(ahead, axis=2)
        steps.append(best)
        reach = np.take_along_axis(ahead, best[:, :, None], axis=2)[:, :, 0]
        value = np.where(allowed[None, :, p], costs[:, :, p] + reach, np.inf)
    steps.reverse()
    state = np.argmin(value, axis=1)
    rows = np.arange(n_b)
    path = [state]
    for p in range(n_p - 1):
        state = steps[p][rows, state]
        path.append(state)
    return [[int(s) for s in row] for row in np.stack(path, axis=1)]


def price_sweep(
    plan: PlanInput,
    prices: Sequence[float],
    *,
    time_limit_s: float = 10.0,
    mip_rel_gap: float = 0.01,
) -> tuple[EnterpriseOption, ...]:
    """The enterprise's options: "do nothing" first, then its least-cost pathway at each carbon
    price (no targets), identical adoptions merged, in order of the lowest price reaching them.

    A plan whose measures interact only within their end use (prerequisites and exclusion
    groups inside one end use) and that has no budget is solved exactly per end use by dynamic
    programming on the pathway programme's own costs (gap 0); any other plan by ``optimise``,
    where ``time_limit_s`` and ``mip_rel_gap`` apply to each price's solve."""
    exact = _ByEndUse(plan) if _decomposes(replace(plan, targets=())) else None
    base_cost, base_emissions = _option_from_adoptions(plan, ())
    found: dict[tuple[tuple[str, int], ...], EnterpriseOption] = {
        (): EnterpriseOption(cost_yuan=base_cost, emissions_t=base_emissions)
    }
    swept = sorted(set(prices))
    for price in swept:
        if not math.isfinite(price) or price < 0:
            raise ValueError(f"a carbon price must be a nonnegative number, not {price}")
    answers = exact.adoptions_many([float(p) for p in swept]) if exact is not None else []
    for n, price in enumerate(swept):
        priced = replace(plan, carbon_price_yuan_per_t=float(price), targets=())
        if exact is not None:
            key, status, gap = answers[n], "optimal", 0.0
        else:
            pathway = optimise(priced, time_limit_s=time_limit_s, mip_rel_gap=mip_rel_gap)
            key, status, gap = pathway.adoptions, pathway.status, pathway.gap
        if key in found:
            old = found[key]
            found[key] = replace(old, prices=(*old.prices, float(price)))
            continue
        cost, emissions = _option_from_adoptions(plan, key)
        found[key] = EnterpriseOption(
            cost_yuan=cost,
            emissions_t=emissions,
            adoptions=key,
            prices=(float(price),),
            status=status,
            gap=gap,
        )
    return tuple(found.values())


def _solve(
    cost: npt.NDArray[np.float64],
    integrality: npt.NDArray[np.int64],
    bounds: Bounds,
    constraints: list[LinearConstraint],
    time_limit_s: float,
    mip_rel_gap: float,
) -> tuple[npt.NDArray[np.float64] | None, int, float]:
    res = milp(
        cost,
        integrality=integrality,
        bounds=bounds,
        constraints=constraints,
        options={"time_limit": max(0.1, time_limit_s), "mip_rel_gap": mip_rel_gap},
    )
    x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
    gap = getattr(res, "mip_gap", None)
    return x, int(res.status), float(gap) if gap is not None and math.isfinite(gap) else 0.0


def district_selection(
    options_by_enterprise: Mapping[str, Sequence[EnterpriseOption]],
    caps: Mapping[int, float],
    *,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-4,
) -> DistrictSelection:
    """One option per enterprise, least total discounted cost, district emissions in each cap
    year at most its cap (or the least total shortfall); see the module's docstring."""
    started = time.perf_counter()
    names = list(options_by_enterprise)
    cap_years = sorted(caps)
    columns: list[tuple[str, int]] = []
    for name in names:
        options = options_by_enterprise[name]
        if not options:
            raise ValueError(f"enterprise {name!r} has no option (not even doing nothing)")
        for k, option in enumerate(options):
            missing = [y for y in cap_years if y not in option.emissions_t]
            if missing:
                raise ValueError(
                    f"option {k} of enterprise {name!r} has no emissions for {missing}"
                )
            columns.append((name, k))
    n_x = len(columns)
    n_y = len(cap_years)
    n = n_x + n_y
    cost = np.zeros(n)
    emis = np.zeros((n_y, n_x))
    for j, (name, k) in enumerate(columns):
        option = options_by_enterprise[name][k]
        cost[j] = option.cost_yuan
        for t, year in enumerate(cap_years):
            emis[t, j] = option.emissions_t[year]
    # One option per enterprise (rows 0..E-1), then the caps: sum emissions - shortfall <= cap.
    row_of = {name: i for i, name in enumerate(names)}
    rows = [row_of[name] for name, _ in columns]
    pick = coo_array((np.ones(n_x), (rows, list(range(n_x)))), shape=(len(names), n)).tocsr()
    cap_matrix = csr_array(np.hstack([emis, -np.eye(n_y)])) if n_y else csr_array((0, n))
    cap_values = np.array([caps[y] for y in cap_years], dtype=np.float64)
    constraints = [
        LinearConstraint(pick, np.ones(len(names)), np.ones(len(names))),
        LinearConstraint(cap_matrix, -np.inf, cap_values),
    ]
    integrality = np.zeros(n, dtype=np.int64)
    integrality[:n_x] = 1
    lb = np.zeros(n)
    ub = np.ones(n)
    ub[n_x:] = 0.0

    def left() -> float:
        return time_limit_s - (time.perf_counter() - started)

    x, status, gap = _solve(cost, integrality, Bounds(lb, ub), constraints, left(), mip_rel_gap)
    if x is None:
        ub[n_x:] = np.inf
        short = np.zeros(n)
        short[n_x:] = 1.0
        least, _, _ = _solve(short, integrality, Bounds(lb, ub), constraints, left(), mip_rel_gap)
        if least is None:
            raise RuntimeError("the district selection found no selection at all")
        total = float(least[n_x:].sum())
        bound = LinearConstraint(short, -np.inf, total + 1e-6 * max(1.0, total))
        x, status, gap = _solve(
            cost, integrality, Bounds(lb, ub), [*constraints, bound], left(), mip_rel_gap
        )
        if x is None:
            x, status, gap = least, 1, 0.0
    picked = np.round(x[:n_x]) > 0.5
    chosen: dict[str, int] = {}
    for col in np.flatnonzero(picked).tolist():
        name, index = columns[col]
        chosen[name] = index
    emissions = {y: float(emis[t] @ picked) for t, y in enumerate(cap_years)}
    shortfall: dict[int, float] = {}
    for y in cap_years:
        over = emissions[y] - caps[y]
        shortfall[y] = over if over > 1e-6 * max(1.0, abs(caps[y])) else 0.0
    total_cost = float(cost[:n_x] @ picked)
    # The LP relaxation at the caps the selection reaches (see the module's docstring).
    reached = np.array([max(caps[y], emissions[y]) for y in cap_years], dtype=np.float64)
    # HiGHS takes a sparse A_eq (scipy documents it; its type stubs do not say so).
    lp = linprog(  # type: ignore[call-overload]
        cost[:n_x],
        A_ub=emis if n_y else None,
        b_ub=reached if n_y else None,
        A_eq=pick[:, :n_x],
        b_eq=np.ones(len(names)),
        bounds=(0.0, 1.0),
        method="highs",
    )
    if lp.status == 0 and n_y:
        duals = np.asarray(lp.ineqlin.marginals, dtype=np.float64)
        shadow = {y: max(0.0, -float(duals[t])) for t, y in enumerate(cap_years)}
    else:
        shadow = {y: 0.0 for y in cap_years}
    relaxation = float(lp.fun) if lp.status == 0 else math.nan
    if any(v > 0.0 for v in shortfall.values()):
        state = "infeasible"
    elif status == 0:
        state = "optimal"
    else:
        state = "feasible"
    return DistrictSelection(
        status=state,
        chosen=chosen,
        options={name: options_by_enterprise[name][k] for name, k in chosen.items()},
        cost_yuan=total_cost,
        emissions_t=emissions,
        shortfall_t=shortfall,
        shadow_price_yuan_per_t=shadow,
        relaxation_cost_yuan=relaxation,
        gap=gap,
        solve_seconds=time.perf_counter() - started,
        caps_t=dict(caps),
    )
