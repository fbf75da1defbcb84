"""Writes of a plan's measures and scenarios (see ``services.plans`` for the rules every plan
write follows): a measure sized from a catalogue technology, the enterprise's own measures
(create, edit, disable, remove) and the scenarios (edit the defaults, add custom ones)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.planning.catalogue import to_measure
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.planning.models import (
    MeasureEffect,
    Plan,
    PlanMeasure,
    Scenario,
    ScenarioKind,
)
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services._checks import (
    check,
    editable,
    integer,
    now,
    number,
)
from greenledger.web.ui.core_messages import render

MEASURE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
MEASURE_FIELDS = [
    "measure_id",
    "technology_id",
    "name",
    "end_use",
    "effect",
    "saving_rate",
    "capex_yuan",
    "annual_opex_change_yuan",
    "lifetime_years",
    "group",
    "requires",
    "earliest_year",
    "capacity",
    "enabled",
    "note",
]
SCENARIO_FIELDS = [
    "kind",
    "growth",
    "grid_path",
    "energy_price_yuan_per_tce",
    "carbon_price_yuan_per_t",
    "discount_rate",
]


def _measure_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {f"measure.{k}" if k != "__all__" else k: v for k, v in errors.items()}


@transaction.atomic
def measure_add_from_catalogue(
    *,
    actor: Any,
    plan: Plan,
    technology_id: str,
    capacity: float,
    share: float | None = None,
    end_use: str | None = None,
) -> PlanMeasure:
    """A candidate measure sized from a catalogue technology (the core's ``to_measure``) on one
    of the plan's end uses (the technology's own end use when not given)."""
    from greenledger.web.planning.selectors.catalogue import technology as find_technology

    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    try:
        tech = find_technology(technology_id)
    except KeyError:
        raise ValidationError(
            {"technology_id": [_("There is no technology %(id)s in the catalogue.")
                               % {"id": technology_id}]}
        ) from None  # fmt: skip
    uses = {e.name: e for e in selectors.end_uses(plan)}
    target = (end_use or tech.end_use).strip()
    if target not in uses:
        raise ValidationError(
            {"end_use": [_("The plan has no end use %(end_use)s (it has: %(known)s).")
                         % {"end_use": target, "known": ", ".join(sorted(uses))}]}
        )  # fmt: skip
    if uses[target].energy_tce <= 0:
        raise ValidationError(
            {"end_use": [_("The end use %(end_use)s uses no energy: a technology cannot save "
                           "on it.") % {"end_use": target}]}
        )  # fmt: skip
    taken = set(plan.measures.values_list("measure_id", flat=True))
    measure_id, number = tech.id[:80], 2
    while measure_id in taken:
        measure_id = f"{tech.id[:74]}-{number}"
        number += 1
    try:
        core = to_measure(
            tech,
            capacity=float(capacity),
            end_use_energy_tce=uses[target].energy_tce,
            share=None if share is None else float(share),
            end_use=target,
            measure_id=measure_id,
            start_year=plan.start_year,
        )
    except InputError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.problems:
            field = (
                "share"
                if problem.message.params.get("field") == "share"
                or problem.message.code.endswith("over_penetration")
                else "capacity"
            )
            errors.setdefault(field, []).append(render(problem.message))
        raise ValidationError(errors) from None
    measure = PlanMeasure.objects.create(
        plan=plan,
        measure_id=core.id,
        technology_id=tech.id,
        name=tech.name_zh if _zh() else tech.name_en,
        end_use=core.end_use,
        effect=getattr(core, "effect", tech.effect),
        saving_rate=core.saving_rate,
        capex_yuan=core.capex_yuan,
        annual_opex_change_yuan=core.annual_opex_change_yuan,
        lifetime_years=core.lifetime_years,
        group=core.group or "",
        requires=list(core.requires),
        earliest_year=core.earliest_year,
        capacity=float(capacity),
    )
    plan.updated_at = now()
    plan.save(update_fields=["updated_at"])
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.measure_add", obj=measure,
        after=snapshot(measure, MEASURE_FIELDS),
    )  # fmt: skip
    return measure


def _zh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "zh-hans").lower().startswith("zh")


def _clean_measure(plan: Plan, fields: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("name", "group", "note", "end_use"):
            values[name] = str(value or "").strip()
        elif name == "effect":
            if value not in MeasureEffect.values:
                errors.setdefault(name, []).append(_("Choose energy or emissions."))
            values[name] = value
        elif name == "saving_rate":
            values[name] = number(errors, name, value, low=0, high=1)
        elif name == "capex_yuan":
            values[name] = number(errors, name, value, low=0)
        elif name == "annual_opex_change_yuan":
            values[name] = number(errors, name, value)
        elif name == "lifetime_years":
            values[name] = integer(errors, name, value, low=1, high=100)
        elif name == "earliest_year":
            values[name] = integer(
                errors, name, value, low=plan.start_year, high=plan.end_year, optional=True
            )
        elif name == "capacity":
            values[name] = number(errors, name, value, low=0, optional=True)
        elif name == "requires":
            items = value if isinstance(value, list | tuple) else str(value or "").split(",")
            values[name] = [str(r).strip() for r in items if str(r).strip()]
        elif name == "enabled":
            values[name] = bool(value)
        else:
            errors.setdefault(name, []).append(_("This field cannot be changed here."))
    if len(values.get("name", "")) > 200:
        errors.setdefault("name", []).append(_("At most 200 characters."))
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def measure_save(*, actor: Any, plan: Plan, measure_id: str, **fields: Any) -> PlanMeasure:
    """Create the enterprise's own measure ``measure_id`` or update a measure of the plan
    (fields: name, end_use, effect, saving_rate, capex_yuan, annual_opex_change_yuan,
    lifetime_years, group, requires, earliest_year, capacity, enabled, note)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    mid = str(measure_id or "").strip()
    if not MEASURE_ID.match(mid):
        raise ValidationError(
            {"measure_id": [_("A measure id is 1 to 80 letters, digits, - or _.")]}
        )
    values = _clean_measure(plan, fields)
    measure = PlanMeasure.objects.filter(plan=plan, measure_id=mid).first()
    before = None if measure is None else snapshot(measure, MEASURE_FIELDS)
    if measure is None:
        required = ("end_use", "saving_rate", "capex_yuan", "annual_opex_change_yuan",
                    "lifetime_years")  # fmt: skip
        missing = {k: [_("This field is required.")] for k in required if values.get(k) in
                   (None, "")}  # fmt: skip
        if missing:
            raise ValidationError(missing)
        measure = PlanMeasure(plan=plan, measure_id=mid, name=values.get("name") or mid)
    for key, value in values.items():
        setattr(measure, key, value)
    if not measure.name:
        measure.name = mid
    if measure.end_use not in {e.name for e in selectors.end_uses(plan)}:
        known = ", ".join(sorted(e.name for e in selectors.end_uses(plan)))
        raise ValidationError(
            {"end_use": [_("The plan has no end use %(end_use)s (it has: %(known)s).")
                         % {"end_use": measure.end_use, "known": known}]}
        )  # fmt: skip
    measure.save()
    plan.updated_at = now()
    plan.save(update_fields=["updated_at"])
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.measure_save", obj=measure, before=before,
        after=snapshot(measure, MEASURE_FIELDS),
    )  # fmt: skip
    return measure


@transaction.atomic
def measure_remove(*, actor: Any, measure: PlanMeasure) -> None:
    """Remove a measure from its plan (refused while another enabled measure requires it)."""
    plan = Plan.objects.select_for_update().get(pk=measure.plan_id)
    editable(actor, plan)
    needed_by = [
        m.measure_id
        for m in plan.measures.filter(enabled=True).exclude(pk=measure.pk)
        if measure.measure_id in (m.requires or [])
    ]
    if needed_by:
        raise ValidationError(
            {"__all__": [_("%(measure)s is a prerequisite of %(others)s: remove those first.")
                         % {"measure": measure.measure_id, "others": ", ".join(needed_by)}]}
        )  # fmt: skip
    before = snapshot(measure, MEASURE_FIELDS)
    measure_pk = measure.pk
    PlanMeasure.objects.filter(pk=measure_pk).delete()
    plan.updated_at = now()
    plan.save(update_fields=["updated_at"])
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.measure_remove", object_type="planning.planmeasure",
        object_id=measure_pk, before=before,
    )  # fmt: skip


@transaction.atomic
def scenario_save(*, actor: Any, plan: Plan, name: str, **fields: Any) -> Scenario:
    """Create a custom scenario ``name`` or update the plan's scenario of that name (fields:
    growth, grid_path, energy_price_yuan_per_tce, carbon_price_yuan_per_t, discount_rate)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    editable(actor, plan)
    label = str(name or "").strip()
    errors: dict[str, list[str]] = {}
    if not label or len(label) > 120:
        errors["name"] = [_("A scenario's name is 1 to 120 characters.")]
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "growth":
            values[key] = number(errors, key, value, low=-1, low_open=True, high=1)
        elif key == "grid_path":
            if value not in selectors.grid_paths():
                errors.setdefault(key, []).append(
                    _("Choose one of the grid factor paths: %(paths)s.")
                    % {"paths": ", ".join(sorted(selectors.grid_paths()))}
                )
            values[key] = value
        elif key == "energy_price_yuan_per_tce":
            values[key] = number(errors, key, value, low=0, optional=True)
        elif key == "carbon_price_yuan_per_t":
            values[key] = number(errors, key, value, low=0, optional=True) or 0.0
        elif key == "discount_rate":
            values[key] = number(errors, key, value, low=0, high=1, high_open=True)
        elif key != "kind":
            errors.setdefault(key, []).append(_("This field cannot be changed here."))
    scenario = Scenario.objects.filter(plan=plan, name=label).first() if label else None
    if scenario is None:
        for key in ("growth", "grid_path", "discount_rate"):
            if key not in values and key not in errors:
                errors[key] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    before = None if scenario is None else snapshot(scenario, ["name", *SCENARIO_FIELDS])
    if scenario is None:
        scenario = Scenario(plan=plan, name=label, kind=ScenarioKind.CUSTOM)
    for key, value in values.items():
        setattr(scenario, key, value)
    scenario.save()
    plan.updated_at = now()
    plan.save(update_fields=["updated_at"])
    check(plan)
    audit_append(
        actor=actor, action="planning.plan.scenario_save", obj=scenario, before=before,
        after=snapshot(scenario, ["name", *SCENARIO_FIELDS]),
    )  # fmt: skip
    return scenario
