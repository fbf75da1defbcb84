"""Yearly membership renewal: renewing moves ``renewed_until`` to the end of the next year and
revives a lapsed member; the daily lapse marks active members past ``renewed_until`` lapsed
(history row, audited under the scheduler), leaving memberships without a date alone; the
colleague managers are reminded once, 30 days ahead; both run from the worker's schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.accounts.models import User
from greenledger.web.alliance.models import OutgoingMail
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members import services
from greenledger.web.members.models import Membership, MembershipHistory, MembershipStatus
from greenledger.web.ops import scheduler
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def paid_until(membership: Membership, day: dt.date | None) -> Membership:
    Membership.objects.filter(pk=membership.pk).update(renewed_until=day)
    membership.refresh_from_db()
    return membership


def membership_b(world: World) -> Membership:
    return Membership.objects.get(organisation=world.company_b)


def test_next_renewal_date_is_the_end_of_the_following_year() -> None:
    today = dt.date(2026, 11, 20)
    assert services.next_renewal_date(dt.date(2026, 12, 31), today) == dt.date(2027, 12, 31)
    assert services.next_renewal_date(dt.date(2025, 12, 31), today) == dt.date(2026, 12, 31)
    assert services.next_renewal_date(dt.date(2021, 12, 31), today) == dt.date(2026, 12, 31)
    assert services.next_renewal_date(None, today) == dt.date(2026, 12, 31)


def test_the_staff_renew_a_membership_for_a_year(world: World) -> None:
    membership = paid_until(world.membership_a, dt.date(2026, 12, 31))
    services.membership_renew(
        actor=world.users["secretariat"], membership=membership, today=dt.date(2026, 12, 2)
    )
    membership.refresh_from_db()
    assert membership.renewed_until == dt.date(2027, 12, 31)
    assert membership.status == MembershipStatus.ACTIVE
    last = MembershipHistory.objects.filter(membership=membership).order_by("-id").first()
    assert last is not None and last.note == "renewed until 2027-12-31"
    entry = AuditEntry.objects.get(action="membership_renew")
    assert entry.before == {"renewed_until": "2026-12-31"}
    assert entry.after["renewed_until"] == "2027-12-31"
    assert entry.actor_username == "secretariat"


@pytest.mark.parametrize("persona", ["enterprise_a", "analyst", "public", "evaluator"])
def test_only_the_staff_renew(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_renew(actor=world.users[persona], membership=world.membership_a)
    assert not AuditEntry.objects.filter(action="membership_renew").exists()


def test_a_lapsed_member_renewed_becomes_active_again_with_history(world: World) -> None:
    membership = paid_until(world.membership_a, dt.date(2025, 12, 31))
    [lapsed] = services.memberships_lapse_due(today=dt.date(2026, 1, 1))
    assert lapsed.pk == membership.pk
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LAPSED
    services.membership_renew(
        actor=world.users["district_admin"], membership=membership, today=dt.date(2026, 2, 10)
    )
    membership.refresh_from_db()
    assert (membership.status, membership.renewed_until) == (
        MembershipStatus.ACTIVE,
        dt.date(2026, 12, 31),
    )
    history = list(
        MembershipHistory.objects.filter(membership=membership)
        .order_by("id")
        .values_list("status", "effective_on", "note")
    )
    assert history[-2:] == [
        ("lapsed", dt.date(2026, 1, 1), "not renewed: paid until 2025-12-31"),
        ("active", dt.date(2026, 2, 10), "renewed until 2026-12-31"),
    ]


def test_a_withdrawn_membership_cannot_be_renewed(world: World, english: Any) -> None:
    Membership.objects.filter(pk=world.membership_a.pk).update(status="withdrawn")
    world.membership_a.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.membership_renew(actor=world.users["secretariat"], membership=world.membership_a)
    assert refused.value.message_dict["status"] == ["A withdrawn membership cannot be renewed."]


def test_lapse_marks_only_active_members_past_their_date_once(world: World) -> None:
    a = paid_until(world.membership_a, dt.date(2026, 12, 31))
    b = paid_until(membership_b(world), None)  # recorded before renewals: left alone
    assert services.memberships_lapse_due(today=dt.date(2026, 12, 31)) == []  # last paid day
    assert [m.pk for m in services.memberships_lapse_due(today=dt.date(2027, 1, 1))] == [a.pk]
    assert services.memberships_lapse_due(today=dt.date(2027, 1, 2)) == []  # nothing new
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("lapsed", "active")
    [entry] = AuditEntry.objects.filter(action="membership_change", object_id=str(a.pk)).order_by(
        "-sequence"
    )[:1]
    assert entry.actor_username == "system:scheduler"
    assert entry.after["status"] == "lapsed"
    assert MembershipHistory.objects.filter(membership=a).last().changed_by == "system:scheduler"


def test_the_colleague_managers_are_reminded_once_30_days_ahead(
    world: World, sent_mail: list[Any]
) -> None:
    User.objects.filter(pk=world.users["enterprise_a"].pk).update(email="manager@company-a.example")
    paid_until(world.membership_a, dt.date(2026, 12, 31))
    assert services.membership_reminders_send(today=dt.date(2026, 11, 30)) == []  # 31 days
    [reminded] = services.membership_reminders_send(today=dt.date(2026, 12, 1))
    assert reminded.pk == world.membership_a.pk
    assert services.membership_reminders_send(today=dt.date(2026, 12, 2)) == []  # once
    [mail] = OutgoingMail.objects.filter(template="renewal_reminder")
    assert mail.to == "manager@company-a.example"
    # in the platform's language (the manager has no language yet: never signed in)
    assert mail.subject == "GreenLedger：甲公司的联盟会籍有效期至 2026-12-31"
    assert "甲公司的联盟会籍续期至 2026-12-31，还有 30 天。" in mail.body
    assert "http://testserver/alliance/colleagues/" in mail.body
    assert [m.to for m in sent_mail] == [["manager@company-a.example"]]
    entry = AuditEntry.objects.get(action="membership_remind")
    assert entry.after == {"renewed_until": "2026-12-31", "recipients": 1}
    # renewed meanwhile: the next period is reminded again, a year later
    services.membership_renew(
        actor=world.users["secretariat"], membership=world.membership_a, today=dt.date(2026, 12, 5)
    )
    assert services.membership_reminders_send(today=dt.date(2027, 12, 20)) != []
    assert OutgoingMail.objects.filter(template="renewal_reminder").count() == 2


def test_the_schedule_runs_the_lapse_and_the_reminders(
    world: World, clock: Any, settings: Any
) -> None:
    settings.GREENLEDGER_SCHEDULE = {
        "memberships.lapse": settings.GREENLEDGER_SCHEDULE["memberships.lapse"],
        "memberships.remind": settings.GREENLEDGER_SCHEDULE["memberships.remind"],
    }
    paid_until(world.membership_a, dt.date(2027, 3, 9))
    paid_until(membership_b(world), dt.date(2027, 4, 9))
    clock.set("2027-03-10 09:00")
    outcomes = {o.job: o.summary for o in scheduler.tick()}
    assert outcomes == {
        "memberships.lapse": {"lapsed": [world.membership_a.pk]},
        "memberships.remind": {"reminded": [membership_b(world).pk]},
    }
    world.membership_a.refresh_from_db()
    assert world.membership_a.status == "lapsed"
