"""The district's decision on a reviewed application. Approval issues a certificate and
records the designation in the registry, so it shows on the registry and the overview."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import (
    Application,
    ApplicationStatus,
    Certificate,
)
from greenledger.web.assessments.services._common import invalid, now, refuse, require
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import DesignationType
from greenledger.web.members.services import designation_create

NOT_RECOGNISED = "not_recognised"  # the rule sets' level below the pass mark
# Short codes in certificate numbers, one per designation type.
CERTIFICATE_CODES = {
    DesignationType.GREEN_FACTORY: "GF",
    DesignationType.GREEN_SUPPLY_CHAIN: "GSC",
    DesignationType.GREEN_DESIGN_PRODUCT: "GDP",
    DesignationType.GREEN_PARK: "GP",
    DesignationType.ZERO_CARBON_FACTORY: "ZCF",
    DesignationType.ZERO_CARBON_PARK: "ZCP",
    DesignationType.ZERO_CARBON_DATA_CENTER: "ZCDC",
}


def qualifies(level: str) -> bool:
    return bool(level) and level != NOT_RECOGNISED


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_certificate_number(designation_type: str, year: int) -> str:
    prefix = (
        f"{settings.GREENLEDGER_CERTIFICATE_PREFIX}-{CERTIFICATE_CODES[designation_type]}-{year}-"
    )
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    sequence = max((int(n.removeprefix(prefix)) for n in taken), default=0) + 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def application_decide(
    *, actor: Any, application: Application, approve: bool, reason: str
) -> Application:
    """Approve or reject a reviewed application, with reasons. Nobody decides on an
    application they reviewed."""
    require(permissions.can_run_assessments(actor), _("Only the district decides applications."))
    application = (
        Application.objects.select_for_update()
        .select_related("call", "organisation", "site")
        .get(pk=application.pk)
    )
    if application.reviews.filter(evaluator_id=actor.pk).exists():
        refuse(_("An evaluator cannot approve their own review."))
    if application.status != ApplicationStatus.REVIEWED:
        raise invalid("status", _("Only a reviewed application can be decided."))
    if not reason.strip():
        raise invalid("reason", _("Give the reasons for the decision."))
    if approve and not qualifies(application.final_level):
        raise invalid(
            "approve",
            _(
                "The reviews did not reach a recognised level "
                "(or found a basic requirement not met)."
            ),
        )
    before = snapshot(application, ["status", "decision_reason"])
    moment = now()
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    application.decision_reason = reason.strip()
    application.decided_by = actor
    application.decided_at = moment
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    audit_append(
        actor=actor,
        action="application.approve" if approve else "application.reject",
        obj=application,
        before=before,
        after=snapshot(application, ["status", "decision_reason", "final_points", "final_level"]),
    )
    if approve:
        issue_certificate(actor, application, timezone.localdate(moment))
    return application


def issue_certificate(actor: Any, application: Application, today: dt.date) -> Certificate:
    call = application.call
    valid_until = add_years(today, call.validity_years) - dt.timedelta(days=1)
    designation = designation_create(
        actor=actor,
        organisation=application.organisation,
        site=application.site,
        type=call.designation_type,
        level=call.level,
        batch=call.title[:60],
        year=call.year,
        issuing_body=call.issuing_body,
        valid_from=today,
        valid_until=valid_until,
    )
    level_title = next(
        (
            lv["title"]
            for lv in application.prescore.get("levels", [])
            if lv["id"] == application.final_level
        ),
        application.final_level,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    number=next_certificate_number(call.designation_type, today.year),
                    application=application,
                    designation=designation,
                    level=application.final_level,
                    level_title=level_title,
                    points=application.final_points,
                    issued_on=today,
                    valid_until=valid_until,
                )
            break
        except IntegrityError:  # a concurrent approval took the number
            continue
    else:
        raise RuntimeError("could not allocate a certificate number")
    audit_append(
        actor=actor,
        action="certificate.issue",
        obj=certificate,
        after=snapshot(
            certificate,
            ["number", "application", "designation", "level", "issued_on", "valid_until"],
        ),
    )
    return certificate
