"""Carbon dual control: yearly carbon budgets for key enterprises, and alerts when over.

Allocation methods (``AllocationMethod``), for enterprise i and year y, base year b:
- grandfathering: ``G_iy = E_ib * (1 - r) ** (y - b)``, base-year emissions reduced at the
  annual rate r;
- benchmark: ``B_iy = benchmark_y * output_iy``, an intensity benchmark (t CO2 per unit of
  output value, per year) times the enterprise's output value that year;
- mixed: ``w * G_iy + (1 - w) * B_iy`` with the grandfathering weight w in [0, 1].

With district caps (t per year) the budgets are either scaled to sum exactly to the cap
(``scale_to_cap``: every budget times ``cap_y / total_y``), or left as computed with the gap
``cap_y - total_y`` reported and a problem flagged for every year whose total exceeds the cap.
An enterprise lacking the data its method needs (base-year emissions, a year's output value) is
left out of the allocation and flagged with its name, the year and the reason; the result is
complete only when it has no problems.

``budget_alerts`` compares verified emissions with the budget and with the enterprise's
trajectory (any yearly path, e.g. from ``targets.trajectory``) and returns an alert for each
excess, largest first. Equal is not over: a value counts as over only beyond a relative
rounding tolerance of 1e-9 (budgets are products of floats).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message

__all__ = [
    "Allocation",
    "AllocationMethod",
    "Budget",
    "BudgetAlert",
    "EnterpriseData",
    "allocate_budgets",
    "budget_alerts",
]

_ROUNDING = 1e-9  # relative: verified emissions this close to a limit are at it, not over

MethodKind = Literal["grandfathering", "benchmark", "mixed"]


@dataclass(frozen=True, slots=True)
class EnterpriseData:
    """What the allocation knows of one enterprise."""

    enterprise: str
    base_year_emissions_t: float | None = None
    output: Mapping[int, float] = field(default_factory=dict)  # output value by year (10^4 yuan)


@dataclass(frozen=True, slots=True)
class AllocationMethod:
    kind: MethodKind
    base_year: int
    reduction_rate: float = 0.0  # annual, grandfathering and mixed
    benchmark: Mapping[int, float] = field(default_factory=dict)  # t per output unit, by year
    weight: float = 0.5  # grandfathering's weight in the mixed method

    def problems(self) -> list[Problem]:
        found = []
        for name, value in (("reduction rate", self.reduction_rate), ("weight", self.weight)):
            if not 0.0 <= value <= 1.0:
                found.append(Problem(message("budget.bad_parameter", parameter=name, value=value)))
        return found


@dataclass(frozen=True, slots=True)
class Budget:
    enterprise: str
    year: int
    budget_t: float
    grandfathered_t: float | None  # before weighting and scaling
    benchmark_t: float | None
    scale: float  # the cap scaling applied (1.0 when not scaled)


@dataclass(frozen=True, slots=True)
class Allocation:
    method: AllocationMethod
    budgets: tuple[Budget, ...]
    totals: Mapping[int, float]  # sum of budgets by year, after any scaling
    caps: Mapping[int, float]
    gaps: Mapping[int, float]  # cap - total by year (negative: over the cap)
    scaled: bool
    excluded: tuple[str, ...]  # enterprises left out for lack of data
    problems: tuple[Problem, ...]

    @property
    def complete(self) -> bool:
        return not self.problems

    def budget(self, enterprise: str, year: int) -> float:
        for item in self.budgets:
            if item.enterprise == enterprise and item.year == year:
                return item.budget_t
        raise KeyError((enterprise, year))


def _raw_budgets(
    data: EnterpriseData, years: list[int], method: AllocationMethod, problems: list[Problem]
) -> list[Budget] | None:
    uses_g = method.kind in ("grandfathering", "mixed")
    uses_b = method.kind in ("benchmark", "mixed")
    before = len(problems)
    base = data.base_year_emissions_t
    if uses_g and (base is None or base < 0):
        problems.append(
            Problem(
                message(
                    "budget.missing_base",
                    enterprise=data.enterprise,
                    year=method.base_year,
                    method=method.kind,
                ),
                row=method.base_year,
                column=data.enterprise,
            )
        )
    if uses_b:
        for year in years:
            output = data.output.get(year)
            if output is None or output < 0:
                problems.append(
                    Problem(
                        message(
                            "budget.missing_output",
                            enterprise=data.enterprise,
                            year=year,
                            method=method.kind,
                        ),
                        row=year,
                        column=data.enterprise,
                    )
                )
    if len(problems) > before:
        return None
    result = []
    for year in years:
        g = None
        if uses_g:
            assert base is not None
            g = base * (1.0 - method.reduction_rate) ** (year - method.base_year)
        b = method.benchmark[year] * data.output[year] if uses_b else None
        if method.kind == "grandfathering":
            value = g
        elif method.kind == "benchmark":
            value = b
        else:
            assert g is not None and b is not None
            value = method.weight * g + (1.0 - method.weight) * b
        assert value is not None
        result.append(Budget(data.enterprise, year, value, g, b, 1.0))
    return result


def allocate_budgets(
    enterprises: Iterable[EnterpriseData],
    years: Iterable[int],
    method: AllocationMethod,
    caps: Mapping[int, float] | None = None,
    *,
    scale_to_cap: bool = False,
) -> Allocation:
    """Yearly budgets for each enterprise by ``method``; see the module docstring.

    Raises ``InputError`` for an invalid method (a rate or weight outside [0, 1], a year before
    the base year, a benchmark year missing); flags missing enterprise data and caps exceeded
    in ``Allocation.problems``."""
    years = sorted(set(years))
    refused = method.problems()
    for year in years:
        if year < method.base_year:
            refused.append(
                Problem(
                    message(
                        "progress.target.year_before_base",
                        target=method.kind,
                        year=year,
                        base_year=method.base_year,
                    ),
                    row=year,
                )
            )
        elif method.kind != "grandfathering" and year not in method.benchmark:
            refused.append(
                Problem(
                    message("budget.missing_benchmark", year=year, method=method.kind), row=year
                )
            )
    if scale_to_cap and caps is None:
        refused.extend(Problem(message("budget.missing_cap", year=y), row=y) for y in years)
    if caps is not None:
        refused.extend(
            Problem(message("budget.missing_cap", year=y), row=y) for y in years if y not in caps
        )
    if refused:
        raise InputError(refused)
    problems: list[Problem] = []
    budgets: list[Budget] = []
    excluded: list[str] = []
    for data in enterprises:
        found = _raw_budgets(data, years, method, problems)
        if found is None:
            excluded.append(data.enterprise)
        else:
            budgets.extend(found)
    totals = {y: sum(b.budget_t for b in budgets if b.year == y) for y in years}
    if scale_to_cap and caps is not None:
        factors = {y: (caps[y] / totals[y] if totals[y] > 0 else 1.0) for y in years}
        budgets = [
            Budget(
                b.enterprise,
                b.year,
                b.budget_t * factors[b.year],
                b.grandfathered_t,
                b.benchmark_t,
                factors[b.year],
            )  # fmt: skip
            for b in budgets
        ]
        totals = {y: sum(b.budget_t for b in budgets if b.year == y) for y in years}
    gaps: dict[int, float] = {}
    if caps is not None:
        for year in years:
            gaps[year] = caps[year] - totals[year]
            if not scale_to_cap and gaps[year] < 0:
                problems.append(
                    Problem(
                        message(
                            "budget.exceeds_cap",
                            year=year,
                            total=round(totals[year], 3),
                            excess=round(-gaps[year], 3),
                            cap=caps[year],
                        ),
                        row=year,
                    )
                )
    return Allocation(
        method=method,
        budgets=tuple(budgets),
        totals=totals,
        caps=dict(caps or {}),
        gaps=gaps,
        scaled=bool(scale_to_cap),
        excluded=tuple(excluded),
        problems=tuple(problems),
    )


@dataclass(frozen=True, slots=True)
class BudgetAlert:
    enterprise: str
    year: int
    kind: Literal["over budget", "over trajectory"]
    verified_t: float
    limit_t: float
    excess_t: float

    @property
    def excess_fraction(self) -> float:
        return self.excess_t / self.limit_t if self.limit_t > 0 else float("inf")


def budget_alerts(
    budgets: Iterable[Budget],
    verified: Mapping[tuple[str, int], float],
    trajectories: Mapping[str, Mapping[int, float]] | None = None,
) -> tuple[BudgetAlert, ...]:
    """An alert for every verified enterprise-year above its budget, and above its trajectory
    (when one is given for the enterprise and year); largest excess first."""
    alerts: list[BudgetAlert] = []
    for item in budgets:
        value = verified.get((item.enterprise, item.year))
        if value is not None and value > item.budget_t * (1.0 + _ROUNDING):
            alerts.append(
                BudgetAlert(
                    item.enterprise,
                    item.year,
                    "over budget",
                    value,
                    item.budget_t,
                    value - item.budget_t,
                )  # fmt: skip
            )
    for (enterprise, year), value in verified.items():
        path = (trajectories or {}).get(enterprise, {})
        if year in path and value > path[year] * (1.0 + _ROUNDING):
            alerts.append(
                BudgetAlert(
                    enterprise, year, "over trajectory", value, path[year], value - path[year]
                )  # fmt: skip
            )
    return tuple(sorted(alerts, key=lambda a: (-a.excess_t, a.enterprise, a.year, a.kind)))
