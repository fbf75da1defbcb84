"""Calls for applications: the secretariat opens one against a rule set (standard + edition)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.assessment import (
    RuleSetNotFound,
    load_ruleset,
    threshold_override_problems,
)
from greenledger.core.errors import GreenLedgerError
from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import Call, CallStatus
from greenledger.web.assessments.services._common import invalid, now, require, today
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import DesignationLevel, DesignationType
from greenledger.web.ui.core_messages import render

# The registry designation an approved application of each standard becomes.
DESIGNATION_OF_STANDARD = {
    "green_factory": DesignationType.GREEN_FACTORY,
    "green_park": DesignationType.GREEN_PARK,
    "green_supply_chain": DesignationType.GREEN_SUPPLY_CHAIN,
    "green_design_product": DesignationType.GREEN_DESIGN_PRODUCT,
    "zero_carbon_factory_shanghai": DesignationType.ZERO_CARBON_FACTORY,
    "zero_carbon_factory_ceca": DesignationType.ZERO_CARBON_FACTORY,
    "zero_carbon_park": DesignationType.ZERO_CARBON_PARK,
    "zero_carbon_data_center": DesignationType.ZERO_CARBON_DATA_CENTER,
}

CALL_FIELDS = [
    "ruleset_id",
    "title",
    "year",
    "deadline",
    "status",
    "designation_type",
    "level",
    "issuing_body",
    "validity_years",
    "thresholds",
    "agreement_tolerance",
]


def ruleset_of(ruleset_id: str) -> Any:
    try:
        return load_ruleset(ruleset_id)
    except RuleSetNotFound as exc:
        raise invalid("ruleset_id", render(exc.message)) from None
    except GreenLedgerError as exc:  # a shipped rule set that does not load is a bug
        raise invalid("ruleset_id", str(exc)) from None


@transaction.atomic
def call_open(
    *,
    actor: Any,
    ruleset_id: str,
    title: str,
    year: int,
    deadline: dt.date,
    issuing_body: str,
    level: str = DesignationLevel.DISTRICT,
    validity_years: int = 3,
    thresholds: dict[str, float] | None = None,
    agreement_tolerance: float = 5.0,
) -> Call:
    """Open a call; ``thresholds`` sets configurable thresholds of the rule set for this call."""
    require(permissions.can_run_assessments(actor), _("Only the secretariat opens calls."))
    ruleset = ruleset_of(ruleset_id)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the call a title.")]
    if not 1990 <= int(year) <= 2100:
        errors["year"] = [_("The year must lie between 1990 and 2100.")]
    if deadline < today():
        errors["deadline"] = [_("The deadline has already passed.")]
    if level not in DesignationLevel.values:
        errors["level"] = [_("Unknown level.")]
    if not issuing_body.strip():
        errors["issuing_body"] = [_("Name the body that issues the designation.")]
    if not 1 <= int(validity_years) <= 10:
        errors["validity_years"] = [_("The validity must lie between 1 and 10 years.")]
    if not 0 <= float(agreement_tolerance) <= 100:
        errors["agreement_tolerance"] = [_("The tolerance must lie between 0 and 100 points.")]
    overrides = {str(k): float(v) for k, v in (thresholds or {}).items()}
    problems = threshold_override_problems(ruleset, overrides)
    if problems:
        errors["thresholds"] = [
            render(p.message).removeprefix("$.thresholds.").removeprefix("$.thresholds: ")
            for p in problems
        ]
    if errors:
        raise ValidationError(errors)
    call = Call.objects.create(
        ruleset_id=ruleset.id,
        title=title.strip(),
        year=year,
        deadline=deadline,
        designation_type=DESIGNATION_OF_STANDARD[ruleset.standard],
        level=level,
        issuing_body=issuing_body.strip(),
        validity_years=validity_years,
        thresholds=overrides,
        agreement_tolerance=agreement_tolerance,
        created_by=actor,
        created_at=now(),
    )
    audit_append(actor=actor, action="call.open", obj=call, after=snapshot(call, CALL_FIELDS))
    return call


@transaction.atomic
def call_close(*, actor: Any, call: Call) -> Call:
    require(permissions.can_run_assessments(actor), _("Only the secretariat closes calls."))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status == CallStatus.CLOSED:
        raise invalid("status", _("The call is already closed."))
    before = snapshot(call, ["status"])
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status"])
    audit_append(
        actor=actor, action="call.close", obj=call, before=before, after={"status": call.status}
    )
    return call


def call_accepts_applications(call: Call) -> bool:
    return call.status == CallStatus.OPEN and today() <= call.deadline
