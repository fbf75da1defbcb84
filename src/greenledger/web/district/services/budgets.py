"""Carbon dual control: budget plans for the key enterprises, and alerts when over.

``budget_plan_create`` allocates yearly budgets with the core's ``allocate_budgets`` (base-year
emissions x (1 - rate) ** (year - base), an intensity benchmark x output value, or a weighted
mix) over the key energy-consuming enterprises of the verified fact table. An enterprise that
lacks the data its method needs (base-year emissions, a year's output value) is left out and
flagged in ``BudgetPlan.excluded`` with the enterprise, the year and the reason, never dropped
silently. With district caps the budgets are either scaled to the cap (``scale_to_cap``) or,
when they exceed it, the plan is refused naming the year and the excess; budgets under the cap
are kept and the gap shown. The new plan becomes the active one (an older one stays, inactive).

``budget_alerts_check(fact=...)`` runs after every refresh of a fact row (the facts service
calls it): for the active plan it raises an alert when the verified emissions exceed the budget
("over_budget") or the enterprise's trajectory ("above_trajectory", its base-year emissions
reduced at the plan's rate, when that differs from the budget), and clears an open alert when a
corrected verified version no longer exceeds the limit. Each change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.progress import AllocationMethod, allocate_budgets, budget_alerts
from greenledger.core.progress import Budget as CoreBudget
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.district.models import (
    AlertKind,
    BudgetAlert,
    BudgetMethod,
    BudgetPlan,
    EnterpriseBudget,
    EnterpriseYearFact,
    FactBasis,
)
from greenledger.web.district.selectors.budgets import key_enterprise_data
from greenledger.web.reporting.services._common import now, require
from greenledger.web.ui.core_messages import render

__all__ = ["PLAN_FIELDS", "budget_alerts_check", "budget_plan_create"]

PLAN_FIELDS = [
    "name",
    "method",
    "base_year",
    "first_year",
    "last_year",
    "reduction_rate",
    "benchmark",
    "weight",
    "caps",
    "scale_to_cap",
    "gaps",
    "excluded",
    "active",
]
ALERT_FIELDS = ["plan", "organisation", "year", "kind", "limit_t", "verified_t", "version"]
_KIND = {"over budget": AlertKind.OVER_BUDGET, "over trajectory": AlertKind.ABOVE_TRAJECTORY}
_ROUNDING = 1e-9
MAX_YEARS = 30


def _field_of(problem: Problem) -> str:
    code = problem.message.code
    if code == "budget.bad_parameter":
        name = str(problem.message.params.get("parameter", ""))
        return "weight" if name == "weight" else "reduction_rate"
    if code == "progress.target.year_before_base":
        return "first_year"
    if code == "budget.missing_benchmark":
        return "benchmark"
    if code in ("budget.missing_cap", "budget.exceeds_cap"):
        return "caps"
    return "__all__"


def _by_year(
    name: str, values: Mapping[Any, Any] | None, errors: dict[str, list[str]]
) -> dict[int, float]:
    cleaned: dict[int, float] = {}
    for year, value in (values or {}).items():
        try:
            whole, number = int(str(year)), float(value)
        except (TypeError, ValueError):
            errors.setdefault(name, []).append(
                _("%(year)s: %(value)s is not a year and a number.")
                % {"year": year, "value": value}
            )
            continue
        if not number >= 0 or number == float("inf"):
            errors.setdefault(name, []).append(
                _("%(year)s: the value must be zero or more.") % {"year": whole}
            )
            continue
        cleaned[whole] = number
    return cleaned


@transaction.atomic
def budget_plan_create(
    *,
    actor: Any,
    name: str,
    method: str,
    base_year: int,
    first_year: int,
    last_year: int,
    reduction_rate: float = 0.0,
    benchmark: Mapping[Any, Any] | None = None,
    weight: float = 0.5,
    caps: Mapping[Any, Any] | None = None,
    scale_to_cap: bool = False,
) -> BudgetPlan:
    """Allocate yearly budgets for ``first_year``..``last_year`` and make the plan active."""
    require(
        permissions.can_manage_district_accounts(actor),
        _("Only the district's staff allocate carbon budgets."),
    )
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the plan a name.")]
    if method not in BudgetMethod.values:
        errors["method"] = [_("Choose grandfathering, benchmark or a weighted mix.")]
    for field, year in (
        ("base_year", base_year),
        ("first_year", first_year),
        ("last_year", last_year),
    ):
        if not 1990 <= int(year) <= 2100:
            errors[field] = [_("The year must lie between 1990 and 2100.")]
    if int(last_year) < int(first_year):
        errors["last_year"] = [_("The last year comes before the first year.")]
    elif int(last_year) - int(first_year) >= MAX_YEARS:
        errors["last_year"] = [_("A plan covers at most %(n)s years.") % {"n": MAX_YEARS}]
    benchmarks = _by_year("benchmark", benchmark, errors)
    cap_values = _by_year("caps", caps, errors)
    if errors:
        raise ValidationError(errors)
    years = list(range(int(first_year), int(last_year) + 1))
    enterprises = key_enterprise_data(base_year=int(base_year), years=years)
    if not enterprises:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "No key energy-consuming enterprise has verified figures up to "
                        "%(year)s: there is nobody to allocate budgets to."
                    )
                    % {"year": last_year}
                ]
            }
        )
    allocation_method = AllocationMethod(
        kind=method,  # type: ignore[arg-type]
        base_year=int(base_year),
        reduction_rate=float(reduction_rate),
        benchmark=benchmarks,
        weight=float(weight),
    )
    try:
        allocation = allocate_budgets(
            [data for _org, data in enterprises],
            years,
            allocation_method,
            cap_values or None,
            scale_to_cap=bool(scale_to_cap),
        )
    except InputError as error:
        for problem in error.problems:
            errors.setdefault(_field_of(problem), []).append(render(problem.message))
        raise ValidationError(errors) from None
    over_cap = [p for p in allocation.problems if p.message.code == "budget.exceeds_cap"]
    if over_cap:
        raise ValidationError({"caps": [render(p.message) for p in over_cap]})
    by_label = {data.enterprise: organisation for organisation, data in enterprises}
    excluded = [
        {
            "organisation_id": by_label[str(p.column)].pk,
            "enterprise": str(p.column),
            "year": p.row,
            "reason": render(p.message),
            **p.message.as_dict(),
        }
        for p in allocation.problems
        if p.column in by_label
    ]
    for plan in BudgetPlan.objects.select_for_update().filter(active=True):
        plan.active = False
        plan.save(update_fields=["active"])
        audit_append(
            actor=actor, action="district.budget.plan_replace", obj=plan, after={"active": False}
        )
    plan = BudgetPlan.objects.create(
        name=name.strip(),
        method=method,
        base_year=int(base_year),
        first_year=int(first_year),
        last_year=int(last_year),
        reduction_rate=float(reduction_rate),
        benchmark={str(y): v for y, v in sorted(benchmarks.items())},
        weight=float(weight),
        caps={str(y): v for y, v in sorted(cap_values.items())},
        scale_to_cap=bool(scale_to_cap),
        gaps={str(y): v for y, v in sorted(allocation.gaps.items())},
        excluded=excluded,
        active=True,
        created_by=actor,
        created_at=now(),
    )
    EnterpriseBudget.objects.bulk_create(
        EnterpriseBudget(
            plan=plan,
            organisation=by_label[item.enterprise],
            year=item.year,
            budget_t=item.budget_t,
            grandfathered_t=item.grandfathered_t,
            benchmark_t=item.benchmark_t,
            scale=item.scale,
        )
        for item in allocation.budgets
    )
    audit_append(
        actor=actor,
        action="district.budget.plan_create",
        obj=plan,
        after={
            **snapshot(plan, PLAN_FIELDS),
            "budgets": len(allocation.budgets),
            "totals": {str(y): v for y, v in allocation.totals.items()},
        },
    )
    facts = EnterpriseYearFact.objects.filter(
        basis=FactBasis.VERIFIED,
        organisation_id__in=[o.pk for o in by_label.values()],
        year__in=years,
    ).select_related("organisation")
    for fact in facts:
        _check(plan, fact)
    return plan


def _check(plan: BudgetPlan, fact: EnterpriseYearFact) -> list[BudgetAlert]:
    budget = EnterpriseBudget.objects.filter(
        plan=plan, organisation_id=fact.organisation_id, year=fact.year
    ).first()
    if budget is None:
        return []
    key = str(fact.organisation_id)
    core_budget = CoreBudget(
        key, fact.year, budget.budget_t, budget.grandfathered_t, budget.benchmark_t, budget.scale
    )
    trajectory: dict[str, dict[int, float]] = {}
    path = budget.grandfathered_t
    if path is not None and abs(path - budget.budget_t) > _ROUNDING * max(abs(path), 1.0):
        trajectory[key] = {fact.year: path}
    found = {
        _KIND[a.kind]: a
        for a in budget_alerts([core_budget], {(key, fact.year): fact.gbt32150_co2e_t}, trajectory)
    }
    current = {
        a.kind: a
        for a in BudgetAlert.objects.select_for_update().filter(
            plan=plan, organisation_id=fact.organisation_id, year=fact.year, cleared_at__isnull=True
        )
    }
    stamp = now()
    for kind, alert in current.items():
        if kind not in found:
            alert.cleared_at = stamp
            alert.save(update_fields=["cleared_at"])
            audit_append(
                actor=None,
                action="district.budget.alert_clear",
                obj=alert,
                after={**snapshot(alert, ALERT_FIELDS), "cleared_by_version": fact.version_id,
                       "verified_now_t": fact.gbt32150_co2e_t},
            )  # fmt: skip
    open_alerts: list[BudgetAlert] = []
    for kind, core_alert in found.items():
        existing = current.get(kind)
        if (
            existing is not None
            and existing.version_id == fact.version_id
            and existing.verified_t == core_alert.verified_t
            and existing.limit_t == core_alert.limit_t
        ):
            open_alerts.append(existing)
            continue
        if existing is not None:  # a newer verified version still over: the figures move on
            before = snapshot(existing, ALERT_FIELDS)
            existing.limit_t = core_alert.limit_t
            existing.verified_t = core_alert.verified_t
            existing.version_id = fact.version_id
            existing.save(update_fields=["limit_t", "verified_t", "version"])
            audit_append(
                actor=None,
                action="district.budget.alert_update",
                obj=existing,
                before=before,
                after=snapshot(existing, ALERT_FIELDS),
            )
            open_alerts.append(existing)
            continue
        created = BudgetAlert.objects.create(
            plan=plan,
            organisation_id=fact.organisation_id,
            year=fact.year,
            kind=kind,
            limit_t=core_alert.limit_t,
            verified_t=core_alert.verified_t,
            version_id=fact.version_id,
            raised_at=stamp,
        )
        audit_append(
            actor=None,
            action="district.budget.alert_raise",
            obj=created,
            after=snapshot(created, ALERT_FIELDS),
        )
        open_alerts.append(created)
    return open_alerts


@transaction.atomic
def budget_alerts_check(*, fact: EnterpriseYearFact) -> list[BudgetAlert]:
    """Raise or clear the active plans' alerts of one refreshed fact row; the open alerts of
    its enterprise-year after the check. Estimated rows raise nothing (only verified
    emissions are held against a budget)."""
    if fact.basis != FactBasis.VERIFIED:
        return []
    alerts: list[BudgetAlert] = []
    for plan in BudgetPlan.objects.filter(active=True).order_by("pk"):
        alerts.extend(_check(plan, fact))
    return alerts
