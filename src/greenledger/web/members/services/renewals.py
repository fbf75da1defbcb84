"""Yearly membership renewal: the staff renew a membership for a year, the daily schedule marks
members that were not renewed in time as lapsed and reminds the colleague managers of a
membership that ends within ``RENEWAL_REMINDER_DAYS``.

- ``membership_renew``: ``renewed_until`` moves to 31 December of the year after the one it was
  paid for (of this year at least, for a membership long lapsed; of this year for a membership
  recorded before renewals were kept, ``renewed_until`` null). A lapsed membership becomes
  active again; a withdrawn one cannot be renewed. The change is a history row and two ledger
  entries (the renewal and the status change it made).
- ``memberships_lapse_due``: active memberships whose ``renewed_until`` is before ``today``
  become LAPSED through ``membership_change`` (history row, audited under the scheduler's
  name); memberships without ``renewed_until`` are left alone. Running it twice changes nothing.
- ``membership_reminders_send``: one mail (template ``renewal_reminder``) to each colleague
  manager with an e-mail address, once per paid period, when ``renewed_until`` is at most
  ``RENEWAL_REMINDER_DAYS`` ahead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts.selectors import language_of
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.services import SCHEDULER, audit_append
from greenledger.web.members.models import Membership, MembershipStatus
from greenledger.web.members.services.organisations import membership_change

RENEWAL_REMINDER_DAYS = 30
REMIND_ACTION = "membership_remind"

__all__ = [
    "RENEWAL_REMINDER_DAYS",
    "membership_reminders_send",
    "membership_renew",
    "memberships_lapse_due",
    "next_renewal_date",
    "renewal_recipients",
]


def next_renewal_date(renewed_until: dt.date | None, today: dt.date) -> dt.date:
    """31 December of the year after ``renewed_until`` (this year at least)."""
    year = today.year if renewed_until is None else max(renewed_until.year + 1, today.year)
    return dt.date(year, 12, 31)


def membership_renew(
    *, actor: Any, membership: Membership, today: dt.date | None = None
) -> Membership:
    """Renew ``membership`` for a year (staff only); a lapsed member becomes active again."""
    if actor is not None and not permissions.can_manage_memberships(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status == MembershipStatus.WITHDRAWN:
            raise ValidationError(
                {"status": [_("A withdrawn membership cannot be renewed.")]}, code="invalid"
            )
        before = locked.renewed_until
        locked.renewed_until = next_renewal_date(before, today)
        locked.save(update_fields=["renewed_until"])
        audit_append(
            actor=actor,
            action="membership_renew",
            obj=locked,
            before={"renewed_until": before.isoformat() if before else None},
            after={"renewed_until": locked.renewed_until.isoformat(), "status": locked.status},
        )
        membership_change(
            actor=actor,
            membership=locked,
            effective_on=max(today, locked.joined_on),
            status=MembershipStatus.ACTIVE if locked.status == MembershipStatus.LAPSED else None,
            note=f"renewed until {locked.renewed_until.isoformat()}",
        )
    membership.renewed_until, membership.status = locked.renewed_until, locked.status
    return membership


def memberships_lapse_due(*, today: dt.date) -> list[Membership]:
    """Mark every active membership paid until before ``today`` as lapsed, each in its own
    transaction; the last paid day itself still counts as active."""
    lapsed = []
    due = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, renewed_until__lt=today
    ).order_by("id")
    for membership in list(due):
        with transaction.atomic():
            locked = Membership.objects.select_for_update().get(pk=membership.pk)
            paid_until = locked.renewed_until
            if locked.status != MembershipStatus.ACTIVE or paid_until is None:
                continue
            if paid_until >= today:
                continue
            membership_change(
                actor=SCHEDULER,
                membership=locked,
                effective_on=max(paid_until + dt.timedelta(days=1), locked.joined_on),
                status=MembershipStatus.LAPSED,
                note=f"not renewed: paid until {paid_until.isoformat()}",
            )
        lapsed.append(locked)
    return lapsed


def renewal_recipients(membership: Membership) -> list[Any]:
    """The organisation's active colleague managers with an e-mail address."""
    from greenledger.web.accounts.models import Role, User

    return list(
        User.objects.filter(organisation_id=membership.organisation_id, is_active=True)
        .filter(Q(role=Role.ENTERPRISE_MANAGER) | Q(organisation_admin=True))
        .exclude(email="")
        .order_by("id")
    )


def _reminded(membership: Membership) -> bool:
    assert membership.renewed_until is not None
    return AuditEntry.objects.filter(
        action=REMIND_ACTION,
        object_type=Membership._meta.label_lower,
        object_id=str(membership.pk),
        after__renewed_until=membership.renewed_until.isoformat(),
    ).exists()


def membership_reminders_send(
    *, today: dt.date, days: int = RENEWAL_REMINDER_DAYS, actor: Any = SCHEDULER
) -> list[Membership]:
    """Remind the colleague managers of every active membership paid until a day within
    ``days`` from ``today`` (today included), once per paid period: the ledger entry of the
    reminder names the ``renewed_until`` it was for."""
    from greenledger.web.alliance.services.mail import mail_queue

    reminded = []
    due = Membership.objects.filter(
        status=MembershipStatus.ACTIVE,
        renewed_until__gte=today,
        renewed_until__lte=today + dt.timedelta(days=days),
    ).select_related("organisation")
    for membership in due.order_by("id"):
        with transaction.atomic():
            locked = Membership.objects.select_for_update().get(pk=membership.pk)
            if locked.renewed_until != membership.renewed_until or _reminded(locked):
                continue
            recipients = renewal_recipients(locked)
            for user in recipients:
                mail_queue(
                    to=user.email,
                    template="renewal_reminder",
                    context={
                        "user": user,
                        "organisation": membership.organisation,
                        "membership": locked,
                        "days_left": (locked.renewed_until - today).days,
                        "colleagues_url": _colleagues_url(),
                    },
                    language=language_of(user),
                )
            audit_append(
                actor=actor,
                action=REMIND_ACTION,
                obj=locked,
                after={
                    "renewed_until": locked.renewed_until.isoformat(),
                    "recipients": len(recipients),
                },
            )
        reminded.append(locked)
    return reminded


def _colleagues_url() -> str:
    from django.urls import reverse

    from greenledger.web.alliance.services._common import absolute_url

    return absolute_url(reverse("alliance:colleagues"))
