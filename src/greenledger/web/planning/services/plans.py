"""Writes of enterprise plans: create one from the newest verified inventory, edit it, its end-use
shares, targets, budgets, measures and scenarios, refresh its baseline, copy it.

Every write is all-or-nothing (``transaction.atomic``): the changed plan is checked as a whole by
the core (``selectors.plans.plan_input``: the split baseline, the measures' end uses, years and
prerequisites, the targets) and a refusal is a ``ValidationError`` naming the field and the
reason in the user's language. Only the enterprise's energy manager writes
(``permissions.can_create_plan`` / ``can_edit_plan``); a committed plan is kept as it is
(``plan_copy`` starts a new draft from it). Every write appends to the audit ledger
(``planning.plan.*``).

A new plan takes its baseline from the enterprise's newest verified inventory
(``selectors.plans.inventory_baseline``), its discount rates from the core's default scenarios
(private: the baseline scenario's rate; social: the lowest rate of the defaults) and gets the
three default scenarios (baseline, policy, stretch).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.planning.scenarios import default_scenarios
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation
from greenledger.web.planning.models import (
    Plan,
    PlanStatus,
    Scenario,
    ScenarioKind,
    TargetSource,
)
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services._checks import (
    LAST_YEAR,
    check,
    clean_targets,
    editable,
    input_errors,
    integer,
    now,
    number,
)
from greenledger.web.planning.services.plan_measures import (
    measure_add_from_catalogue,
    measure_remove,
    measure_save,
    scenario_save,
)
from greenledger.web.reporting.selectors import newest_verified_inventory
from greenledger.web.reporting.services._common import require
from greenledger.web.reporting.services.inventory import inventory_lines

__all__ = [
    "PLAN_FIELDS",
    "measure_add_from_catalogue",
    "measure_remove",
    "measure_save",
    "plan_copy",
    "plan_create",
    "plan_refresh_baseline",
    "plan_set_shares",
    "plan_update",
    "scenario_save",
]

PLAN_FIELDS = [
    "name",
    "start_year",
    "end_year",
    "private_rate",
    "social_rate",
    "target_source",
    "targets",
    "budget_yuan",
    "annual_budget_yuan",
    "max_adoptions_per_year",
]


def _clean_plan_fields(plan: Plan, fields: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(fields) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "name":
            text = str(value or "").strip()
            if not text:
                errors.setdefault("name", []).append(_("This field is required."))
            elif len(text) > 200:
                errors.setdefault("name", []).append(_("At most 200 characters."))
            values[name] = text
        elif name in ("start_year", "end_year"):
            values[name] = integer(errors, name, value, low=plan.inventory_year, high=LAST_YEAR)
        elif name in ("private_rate", "social_rate"):
            values[name] = number(errors, name, value, low=0, high=1, high_open=True)
        elif name == "target_source":
            if value not in TargetSource.values:
                errors.setdefault(name, []).append(
                    _(
                        "Choose the enterprise's own caps, its carbon budget or the district's "
                        "intensity target."
                    )  # fmt: skip
                )
            values[name] = value
        elif name == "targets":
            values[name] = clean_targets(value, errors)
        elif name in ("budget_yuan", "annual_budget_yuan"):
            values[name] = number(errors, name, value, low=0, optional=True)
        elif name == "max_adoptions_per_year":
            values[name] = integer(errors, name, value, low=1, high=1000, optional=True)
    start = values.get("start_year", plan.start_year)
    end = values.get("end_year", plan.end_year)
    if start is not None and end is not None and start > end:
        errors.setdefault("end_year", []).append(
            _("The end year %(end)s comes before the start year %(start)s.")
            % {"end": end, "start": start}
        )
    if errors:
        raise ValidationError(errors)
    return values


def _default_rates() -> tuple[float, float]:
    specs = default_scenarios()
    baseline = next((s for s in specs if s.kind == ScenarioKind.BASELINE), specs[0])
    return baseline.discount_rate, min(s.discount_rate for s in specs)


def _create_default_scenarios(plan: Plan) -> None:
    """The three default scenarios, named in the creating user's language."""
    for spec in default_scenarios(language=get_language() or "zh-hans"):
        Scenario.objects.create(
            plan=plan,
            name=spec.name,
            kind=spec.kind,
            growth=spec.growth,
            grid_path=spec.grid_path,
            energy_price_yuan_per_tce=spec.energy_price_yuan_per_tce,
            carbon_price_yuan_per_t=spec.carbon_price_yuan_per_t,
            discount_rate=spec.discount_rate,
        )


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    start_year: int | None = None,
    end_year: int = 2060,
) -> Plan:
    """A draft plan from the enterprise's newest verified inventory (``start_year``: the year
    after the inventory's when not given), with the three default scenarios."""
    require(
        permissions.can_create_plan(actor, organisation),
        _("Only the enterprise's energy manager creates its plans."),
    )
    inventory = newest_verified_inventory(organisation)
    if inventory is None:
        raise ValidationError(
            {"__all__": [_("The enterprise has no verified inventory: a plan starts from one.")]}
        )
    baseline = selectors.inventory_baseline(inventory, inventory_lines(inventory))
    year = int(baseline["provenance"]["inventory_year"])
    private, social = _default_rates()
    plan = Plan(
        organisation=organisation,
        name="",
        submission=inventory.version.submission,
        version=inventory.version,
        inventory_year=year,
        baseline=baseline,
        shares={},
        start_year=year + 1,
        end_year=end_year,
        private_rate=private,
        social_rate=social,
        created_by=actor,
        created_at=now(),
        updated_at=now(),
    )
    values = _clean_plan_fields(
        plan,
        {"name": name, "start_year": year + 1 if start_year is None else start_year,
         "end_year": end_year},
    )  # fmt: skip
    for key, value in values.items():
        setattr(plan, key, value)
    plan.save()
    _create_default_scenarios(plan)
    check(plan)
    audit_append(actor=actor, action="planning.plan.create", obj=plan, after=_plan_state(plan))
    return plan


def _plan_state(plan: Plan) -> dict[str, Any]:
    return snapshot(plan, [*PLAN_FIELDS, "organisation", "version", "shares", "status"])


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, **fields: Any) -> Plan:
    """Change the plan's name, years, discount rates, targets (``target_source`` and, for its
    own caps, ``targets``: [{"year", "max_emissions_t"?, "max_intensity_t_per_wan_yuan"?}]),
    capex budgets and roll-out limit."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    before = _plan_state(plan)
    for key, value in _clean_plan_fields(plan, fields).items():
        setattr(plan, key, value)
    if plan.target_source == TargetSource.OWN and any(
        t.get("max_intensity_t_per_wan_yuan") is not None for t in plan.targets or []
    ) and not (plan.baseline or {}).get("output_wan_yuan"):  # fmt: skip
        raise ValidationError(
            {"targets": [_("The inventory has no output value: an intensity target needs one.")]}
        )
    plan.updated_at = now()
    plan.save()
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.update", obj=plan, before=before,
        after=_plan_state(plan),
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_set_shares(*, actor: Any, plan: Plan, shares: Mapping[str, Mapping[str, float]]) -> Plan:
    """Set the end-use shares of the carriers ({carrier: {end_use: share}}; each carrier's
    shares sum to 1; a carrier left out is its own end use)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    cleaned: dict[str, dict[str, float]] = {}
    errors: dict[str, list[str]] = {}
    for carrier, by_end_use in shares.items():
        if not isinstance(by_end_use, Mapping):
            errors.setdefault(f"shares.{carrier}", []).append(_("Give a share per end use."))
            continue
        values: dict[str, float] = {}
        for end_use, share in by_end_use.items():
            found = number(errors, f"shares.{carrier}.{end_use}", share, low=0, high=1)
            if found is not None and found > 0:
                values[str(end_use).strip()] = found
        if values:
            cleaned[str(carrier)] = values
    if errors:
        raise ValidationError(errors)
    try:
        selectors.end_uses(plan, cleaned)
    except InputError as error:
        raise ValidationError(input_errors(error)) from None
    before = {"shares": plan.shares}
    plan.shares = cleaned
    plan.updated_at = now()
    plan.save(update_fields=["shares", "updated_at"])
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.shares", obj=plan, before=before,
        after={"shares": cleaned},
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_refresh_baseline(*, actor: Any, plan: Plan) -> Plan:
    """Take the baseline from the enterprise's newest verified inventory (shares of carriers
    that are gone are dropped)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    inventory = newest_verified_inventory(plan.organisation)
    if inventory is None or inventory.version_id == plan.version_id:
        raise ValidationError(
            {"__all__": [_("The plan already starts from the newest verified inventory.")]}
        )
    before = {"version": plan.version_id, "baseline": plan.baseline}
    baseline = selectors.inventory_baseline(inventory, inventory_lines(inventory))
    plan.baseline = baseline
    plan.submission = inventory.version.submission
    plan.version = inventory.version
    plan.inventory_year = int(baseline["provenance"]["inventory_year"])
    plan.shares = {c: s for c, s in (plan.shares or {}).items() if c in baseline["carriers"]}
    if plan.start_year < plan.inventory_year:
        plan.start_year = plan.inventory_year + 1
    plan.updated_at = now()
    plan.save()
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.refresh", obj=plan, before=before,
        after={"version": plan.version_id, "baseline": baseline},
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_copy(*, actor: Any, plan: Plan, name: str = "") -> Plan:
    """A new draft with the plan's baseline, shares, targets, measures and scenarios."""
    require(
        permissions.can_edit_plan(actor, plan),
        _("Only the enterprise's energy manager copies its plans."),
    )
    measures = list(plan.measures.all())
    scenarios = list(plan.scenarios.all())
    source_id = plan.pk
    copy = Plan.objects.get(pk=plan.pk)
    copy.pk = None
    copy.name = (name or _("Copy of %(name)s") % {"name": plan.name})[:200]
    copy.status = PlanStatus.DRAFT
    copy.created_by = actor
    copy.created_at = copy.updated_at = now()
    copy.save()
    for measure in measures:
        measure.pk = None
        measure.plan = copy
        measure.save()
    for scenario in scenarios:
        scenario.pk = None
        scenario.plan = copy
        scenario.save()
    audit_append(
        actor=actor, action="planning.plan.copy", obj=copy, before={"plan": source_id},
        after=_plan_state(copy),
    )  # fmt: skip
    return copy
