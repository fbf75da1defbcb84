"""Carbon dual control: what the allocation knows of the key enterprises, the district's view of
the active budget plan (who is over, alerts) and one enterprise's budget and trajectory.

The key energy-consuming enterprises are those whose verified fact rows classify them as a key
unit (``key_unit_status``, the core's ``classify_key_unit``), in any year up to the plan's last
year. Verified emissions are the GB/T 32150 totals of the verified rows; estimated rows never
count. An enterprise's trajectory in a plan is its base-year emissions reduced at the plan's
annual rate (the grandfathered path, before weighting and cap scaling).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from greenledger.core.progress import EnterpriseData
from greenledger.web.district.models import (
    BudgetAlert,
    BudgetPlan,
    EnterpriseBudget,
    EnterpriseYearFact,
    FactBasis,
)
from greenledger.web.members.models import Organisation

__all__ = [
    "KEY_STATUSES",
    "BudgetOverview",
    "EnterpriseBudgetView",
    "active_plan",
    "budget_overview",
    "enterprise_budget",
    "enterprise_label",
    "key_enterprise_data",
    "overview_year",
    "verified_emissions",
]

KEY_STATUSES = ("key unit", "designated key unit")


def enterprise_label(organisation: Organisation) -> str:
    """How an enterprise is named in the core's allocation and its messages."""
    return f"{organisation.name_zh} ({organisation.credit_code})"


def key_enterprise_data(
    *, base_year: int, years: Iterable[int]
) -> list[tuple[Organisation, EnterpriseData]]:
    """The key enterprises with their base-year verified emissions (None when that year has
    no verified row) and verified output value by year (for the plan's years)."""
    wanted = set(years)
    last = max(wanted | {base_year})
    verified = EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED)
    key_ids = (
        verified.filter(year__lte=last, key_unit_status__in=KEY_STATUSES)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    organisations = Organisation.objects.filter(pk__in=key_ids).order_by("pk")
    rows = verified.filter(organisation_id__in=key_ids, year__in=wanted | {base_year}).values_list(
        "organisation_id", "year", "gbt32150_co2e_t", "output_value_wan_yuan"
    )
    base: dict[int, float] = {}
    output: dict[int, dict[int, float]] = defaultdict(dict)
    for organisation_id, year, emissions, value in rows:
        if year == base_year:
            base[organisation_id] = emissions
        if year in wanted and value is not None:
            output[organisation_id][year] = value
    return [
        (
            organisation,
            EnterpriseData(
                enterprise=enterprise_label(organisation),
                base_year_emissions_t=base.get(organisation.pk),
                output=dict(output[organisation.pk]),
            ),
        )
        for organisation in organisations
    ]


def verified_emissions(organisation_ids: Iterable[int], years: Iterable[int]) -> dict[Any, float]:
    """GB/T 32150 totals of the verified rows, by (organisation id, year)."""
    rows = EnterpriseYearFact.objects.filter(
        basis=FactBasis.VERIFIED, organisation_id__in=list(organisation_ids), year__in=list(years)
    ).values_list("organisation_id", "year", "gbt32150_co2e_t")
    return {(organisation_id, year): value for organisation_id, year, value in rows}


def active_plan() -> BudgetPlan | None:
    return BudgetPlan.objects.filter(active=True).order_by("-created_at", "-id").first()


def overview_year(plan: BudgetPlan | None) -> int | None:
    """The year an overview shows by default: the plan's latest year with verified figures
    (its first year when none has any yet)."""
    if plan is None:
        return None
    latest = (
        EnterpriseYearFact.objects.filter(
            basis=FactBasis.VERIFIED, year__gte=plan.first_year, year__lte=plan.last_year
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return int(latest) if latest is not None else plan.first_year


@dataclass(frozen=True)
class BudgetOverview:
    plan: BudgetPlan
    year: int
    rows: list[dict[str, Any]]  # per enterprise, largest excess first
    cap_t: float | None
    budget_total_t: float
    verified_total_t: float
    gap_t: float | None  # the plan's cap minus its budgets that year
    alerts: list[BudgetAlert]  # open alerts of the year
    excluded: list[dict[str, Any]]  # enterprises left out of the plan, with the reason

    @property
    def over(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if row["over"]]


def _open_alerts(plan: BudgetPlan, **filters: Any) -> list[BudgetAlert]:
    return list(
        BudgetAlert.objects.filter(plan=plan, cleared_at__isnull=True, **filters)
        .select_related("organisation", "version")
        .order_by("-verified_t", "organisation_id", "kind")
    )


def budget_overview(*, year: int, plan: BudgetPlan | None = None) -> BudgetOverview | None:
    """The active plan's budgets of ``year`` beside the verified emissions (None: no plan)."""
    plan = plan or active_plan()
    if plan is None:
        return None
    budgets = list(
        EnterpriseBudget.objects.filter(plan=plan, year=year).select_related("organisation")
    )
    verified = verified_emissions([b.organisation_id for b in budgets], [year])
    alerts = _open_alerts(plan, year=year)
    kinds: dict[int, list[str]] = defaultdict(list)
    for alert in alerts:
        kinds[alert.organisation_id].append(alert.kind)
    rows = []
    for budget in budgets:
        value = verified.get((budget.organisation_id, year))
        excess = None if value is None else value - budget.budget_t
        rows.append(
            {
                "organisation": budget.organisation,
                "budget_t": budget.budget_t,
                "trajectory_t": budget.grandfathered_t,
                "verified_t": value,
                "excess_t": excess,
                "over": bool(kinds.get(budget.organisation_id)),
                "alerts": kinds.get(budget.organisation_id, []),
            }
        )
    rows.sort(key=lambda r: (-(r["excess_t"] if r["excess_t"] is not None else float("-inf")),))
    cap = plan.caps.get(str(year))
    gap = plan.gaps.get(str(year))
    return BudgetOverview(
        plan=plan,
        year=year,
        rows=rows,
        cap_t=None if cap is None else float(cap),
        budget_total_t=sum(b.budget_t for b in budgets),
        verified_total_t=sum(r["verified_t"] or 0.0 for r in rows),
        gap_t=None if gap is None else float(gap),
        alerts=alerts,
        excluded=list(plan.excluded),
    )


@dataclass(frozen=True)
class EnterpriseBudgetView:
    organisation: Organisation
    plan: BudgetPlan | None
    rows: list[dict[str, Any]]  # per year: budget, trajectory, verified, excess
    alerts: list[BudgetAlert]  # open alerts
    excluded: dict[str, Any] | None  # why the enterprise has no budget in the plan

    @property
    def has_budget(self) -> bool:
        return bool(self.rows)


def enterprise_budget(organisation: Organisation) -> EnterpriseBudgetView:
    """One enterprise's budgets in the active plan, its verified emissions and trajectory."""
    plan = active_plan()
    if plan is None:
        return EnterpriseBudgetView(organisation, None, [], [], None)
    budgets = list(EnterpriseBudget.objects.filter(plan=plan, organisation=organisation))
    verified = verified_emissions([organisation.pk], [b.year for b in budgets])
    alerts = _open_alerts(plan, organisation=organisation)
    over = {(a.year, a.kind) for a in alerts}
    rows = []
    for budget in sorted(budgets, key=lambda b: b.year):
        value = verified.get((organisation.pk, budget.year))
        rows.append(
            {
                "year": budget.year,
                "budget_t": budget.budget_t,
                "trajectory_t": budget.grandfathered_t,
                "verified_t": value,
                "excess_t": None if value is None else value - budget.budget_t,
                "over_budget": (budget.year, "over_budget") in over,
                "above_trajectory": (budget.year, "above_trajectory") in over,
            }
        )
    excluded = next((e for e in plan.excluded if e.get("organisation_id") == organisation.pk), None)
    return EnterpriseBudgetView(organisation, plan, rows, alerts, excluded)
