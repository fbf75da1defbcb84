"""Checks shared by the plan services: who may write, numbers and years in range, and the core's
verdict on the whole plan (``check``), each refusal a ``ValidationError`` naming the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.planning.models import Plan, PlanStatus
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.reporting.services._common import require
from greenledger.web.ui.core_messages import render

LAST_YEAR = 2100


def now() -> dt.datetime:
    return timezone.now()


def editable(actor: Any, plan: Plan) -> None:
    require(
        permissions.can_edit_plan(actor, plan),
        _("Only the enterprise's energy manager edits its plans."),
    )
    if plan.status == PlanStatus.COMMITTED:
        raise ValidationError(
            {"__all__": [_("The plan is committed and kept as it is: copy it to change it.")]}
        )


def _field_of(column: str | None) -> str:
    """The editor's field for a core problem's column (``measures[m1].saving_rate`` ->
    ``measures.m1.saving_rate``; ``shares.electricity.hvac`` stays)."""
    if not column:
        return "__all__"
    return re.sub(r"\[([^\]]+)\]", r".\1", column)


def input_errors(error: InputError) -> dict[str, list[str]]:
    """The core's problems as a ``ValidationError`` dict: field -> reasons in the user's
    language."""
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        errors.setdefault(_field_of(problem.column), []).append(render(problem.message))
    return errors


def check(plan: Plan) -> None:
    """Refuse (ValidationError) a plan the core does not take as a whole."""
    try:
        selectors.plan_input(plan)
        for scenario in plan.scenarios.all():
            selectors.plan_input(plan, scenario)
    except InputError as error:
        raise ValidationError(input_errors(error)) from None


def number(
    errors: dict[str, list[str]],
    field: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    optional: bool = False,
) -> float | None:
    if value is None or value == "":
        if not optional:
            errors.setdefault(field, []).append(_("This field is required."))
        return None
    try:
        found = float(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("%(value)s is not a number.") % {"value": value})
        return None
    if not selectors.is_finite_number(found):
        errors.setdefault(field, []).append(_("%(value)s is not a number.") % {"value": value})
        return None
    too_low = low is not None and (found <= low if low_open else found < low)
    too_high = high is not None and (found >= high if high_open else found > high)
    if too_low or too_high:
        bounds = f"{'(' if low_open else '['}{low if low is not None else '-∞'}, "
        bounds += f"{high if high is not None else '∞'}{')' if high_open else ']'}"
        errors.setdefault(field, []).append(
            _("%(value)s lies outside %(bounds)s.") % {"value": value, "bounds": bounds}
        )
        return None
    return found


def integer(
    errors: dict[str, list[str]],
    field: str,
    value: Any,
    *,
    low: int,
    high: int,
    optional: bool = False,
) -> int | None:
    found = number(errors, field, value, low=low, high=high, optional=optional)
    if found is None:
        return None
    if found != int(found):
        errors.setdefault(field, []).append(
            _("%(value)s is not a whole number.") % {"value": value}
        )
        return None
    return int(found)


def clean_targets(raw: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        errors.setdefault("targets", []).append(_("Give the targets as a list."))
        return []
    cleaned: list[dict[str, Any]] = []
    years: set[int] = set()
    for index, item in enumerate(raw, start=1):
        field = f"targets.{index}"
        if not isinstance(item, Mapping):
            errors.setdefault(field, []).append(_("A target gives a year and a cap."))
            continue
        year = integer(errors, f"{field}.year", item.get("year"), low=1990, high=LAST_YEAR)
        cap = number(errors, f"{field}.max_emissions_t", item.get("max_emissions_t"), low=0,
                      optional=True)  # fmt: skip
        intensity = number(
            errors,
            f"{field}.max_intensity_t_per_wan_yuan",
            item.get("max_intensity_t_per_wan_yuan"),
            low=0,
            optional=True,
        )
        if cap is None and intensity is None and f"{field}.max_emissions_t" not in errors:
            errors.setdefault(f"{field}.max_emissions_t", []).append(
                _("Give a cap in tonnes, an intensity limit, or both.")
            )
            continue
        if year is None:
            continue
        if year in years:
            errors.setdefault(f"{field}.year", []).append(
                _("There is already a target for %(year)s.") % {"year": year}
            )
            continue
        years.add(year)
        cleaned.append(
            {"year": year, "max_emissions_t": cap, "max_intensity_t_per_wan_yuan": intensity}
        )
    return sorted(cleaned, key=lambda t: t["year"])
