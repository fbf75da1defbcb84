"""The jobs the schedule can run, by name. Each takes the day it runs for and returns a
JSON-safe summary of what it changed (kept on the ``ScheduledRun`` row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from greenledger.web.audit.services import SCHEDULER


def expire_certificates(day: dt.date) -> dict[str, Any]:
    from greenledger.web.assessments.services import certificates_expire_due

    return {"expired": [c.number for c in certificates_expire_due(today=day)]}


def expire_designations(day: dt.date) -> dict[str, Any]:
    from greenledger.web.members.services import designations_expire_due

    return {"expired": [d.pk for d in designations_expire_due(today=day)]}


def send_renewal_reminders(day: dt.date) -> dict[str, Any]:
    from greenledger.web.assessments.services import certificate_reminders_send

    sent = certificate_reminders_send(today=day, actor=SCHEDULER)
    return {"reminded": [c.number for c in sent]}


def lapse_memberships(day: dt.date) -> dict[str, Any]:
    from greenledger.web.members.services import memberships_lapse_due

    return {"lapsed": [m.pk for m in memberships_lapse_due(today=day)]}


def remind_membership_renewals(day: dt.date) -> dict[str, Any]:
    from greenledger.web.members.services import membership_reminders_send

    return {"reminded": [m.pk for m in membership_reminders_send(today=day)]}


JOBS: dict[str, Callable[[dt.date], dict[str, Any]]] = {
    "certificates.expire": expire_certificates,
    "designations.expire": expire_designations,
    "certificates.remind": send_renewal_reminders,
    "memberships.lapse": lapse_memberships,
    "memberships.remind": remind_membership_renewals,
}
