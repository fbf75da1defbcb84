"""Invitations: a colleague manager invites into the roles the organisation's kind allows; the
link works once, until it expires; a revoked link no longer works; removing a colleague
deactivates the account. Everything is in the audit ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import ApiToken, Role, User
from greenledger.web.alliance.models import Invitation
from greenledger.web.alliance.services import invitations
from greenledger.web.alliance.services._common import secret_hash
from greenledger.web.audit.models import AuditEntry
from tests.web.alliance.colleagues_support import (
    NEW_PASSWORD,
    a_colleague_of_a,
    invite,
    token_of,
)
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def test_an_invitation_mails_a_one_time_link_whose_secret_is_not_stored(
    world: World, sent_mail: list[Any], english: Any
) -> None:
    invitation, path = invite(world)
    token = token_of(path)
    assert path == f"/alliance/invitations/{token}/"
    assert invitation.token_hash == secret_hash(token) and token not in invitation.token_hash
    assert invitations.invitation_state(invitation) == "pending"
    hours = (invitation.expires_at - invitation.created_at) / dt.timedelta(hours=1)
    assert hours == 168
    [message] = sent_mail
    assert message.to == ["reporter@company-a.example"]
    assert message.subject == "GreenLedger: you are invited to join 甲公司 on the platform"
    assert "with the role “Enterprise reporter”" in message.body
    assert f"http://testserver{path}" in message.body
    [entry] = AuditEntry.objects.filter(action="invitation_create")
    assert entry.actor_username == "enterprise-a"
    assert entry.after["email"] == "reporter@company-a.example"
    assert "token_hash" not in entry.after


def test_accepting_creates_the_account_in_the_organisation_once(world: World, english: Any) -> None:
    invitation, path = invite(world)
    user = invitations.invitation_accept(
        token=token_of(path), username="li-reporter", password=NEW_PASSWORD, first_name="丽"
    )
    assert (user.username, user.role, user.organisation_id, user.email) == (
        "li-reporter",
        Role.ENTERPRISE_REPORTER,
        world.company_a.pk,
        "reporter@company-a.example",
    )
    assert user.is_active and user.check_password(NEW_PASSWORD) and not user.organisation_admin
    invitation.refresh_from_db()
    assert invitation.user == user and invitation.accepted_at is not None
    assert actions()[-2:] == ["user_create", "invitation_accept"]
    assert AuditEntry.objects.get(action="invitation_accept").actor_username == "li-reporter"
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_accept(
            token=token_of(path), username="second-go", password=NEW_PASSWORD
        )
    assert "already accepted" in refused.value.message_dict["invitation"][0]
    assert not User.objects.filter(username="second-go").exists()


def test_an_expired_link_is_refused_with_its_date(world: World, clock: Any, english: Any) -> None:
    clock.set("2026-05-04 09:00")
    _invitation, path = invite(world)
    clock.set("2026-05-11 08:59")  # 167 h 59 min later: still valid
    assert invitations.invitation_refusal(invitations.invitation_by_token(token_of(path))) is None
    clock.set("2026-05-11 09:00")
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_accept(token=token_of(path), username="late", password=NEW_PASSWORD)
    assert refused.value.message_dict["invitation"] == [
        "This invitation expired on 2026-05-11 09:00. Ask the colleague manager who invited you "
        "for a new one."
    ]
    assert not User.objects.filter(username="late").exists()


def test_a_revoked_link_no_longer_works(world: World, english: Any) -> None:
    invitation, path = invite(world)
    invitations.invitation_revoke(actor=world.users["enterprise_a"], invitation=invitation)
    invitation.refresh_from_db()
    assert invitations.invitation_state(invitation) == "revoked"
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_accept(token=token_of(path), username="x1", password=NEW_PASSWORD)
    assert "was revoked on" in refused.value.message_dict["invitation"][0]
    assert actions()[-1] == "invitation_revoke"


def test_an_unknown_token_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_accept(token="no-such-secret", username="x", password=NEW_PASSWORD)
    assert "invitation" in refused.value.message_dict


def test_a_role_the_kind_does_not_allow_is_a_field_error_naming_role_and_kind(
    world: World, english: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        invite(world, role=Role.FINANCIAL_ANALYST)
    assert refused.value.message_dict["role"] == [
        "An organisation of kind “Enterprise” cannot invite into the role “Financial analyst”: "
        "choose “Enterprise energy manager”, “Enterprise reporter”."
    ]
    assert not Invitation.objects.exists()


def test_a_financial_institutions_colleague_manager_invites_analysts_only(
    world: World, english: Any
) -> None:
    manager = world.users["analyst"]
    with pytest.raises(PermissionDenied):  # an analyst who does not manage colleagues
        invitations.invitation_create(
            actor=manager,
            organisation=world.bank,
            email="a2@bank.example",
            role="financial_analyst",
        )
    User.objects.filter(pk=manager.pk).update(organisation_admin=True)
    manager.refresh_from_db()
    created = invitations.invitation_create(
        actor=manager, organisation=world.bank, email="a2@bank.example", role="financial_analyst"
    )
    assert created.role == "financial_analyst"
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_create(
            actor=manager,
            organisation=world.bank,
            email="r@bank.example",
            role="enterprise_reporter",
        )
    assert "“Enterprise reporter”" in refused.value.message_dict["role"][0]
    assert "“Financial institution”" in refused.value.message_dict["role"][0]


def test_an_address_with_an_active_account_or_a_pending_invitation_is_refused(
    world: World, english: Any
) -> None:
    User.objects.filter(pk=world.users["enterprise_b"].pk).update(email="taken@company-b.example")
    with pytest.raises(ValidationError) as refused:
        invite(world, email="Taken@company-b.example")
    assert refused.value.message_dict["email"] == [
        "Taken@company-b.example already has an active account: it cannot be invited again."
    ]
    invite(world, email="twice@company-a.example")
    with pytest.raises(ValidationError) as again:
        invite(world, email="twice@company-a.example")
    assert "pending invitation" in again.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as bad:
        invite(world, email="not-an-address")
    assert "email" in bad.value.message_dict
    assert Invitation.objects.count() == 1


def test_another_organisations_manager_cannot_invite_or_revoke(world: World) -> None:
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(
            actor=world.users["enterprise_b"],
            organisation=world.company_a,
            email="x@company-a.example",
            role=Role.ENTERPRISE_REPORTER,
        )
    invitation, _path = invite(world)
    for persona in ("enterprise_b", "secretariat", "public"):
        with pytest.raises(PermissionDenied):
            invitations.invitation_revoke(actor=world.users[persona], invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_a_weak_password_or_a_taken_user_name_leaves_the_invitation_open(
    world: World, english: Any
) -> None:
    invitation, path = invite(world)
    with pytest.raises(ValidationError) as weak:
        invitations.invitation_accept(token=token_of(path), username="li", password="12345678")
    assert "password" in weak.value.message_dict
    with pytest.raises(ValidationError) as taken:
        invitations.invitation_accept(
            token=token_of(path), username="Enterprise-A", password=NEW_PASSWORD
        )
    assert taken.value.message_dict["username"] == ["A user with this name already exists."]
    invitation.refresh_from_db()
    assert invitations.invitation_state(invitation) == "pending"
    assert not AuditEntry.objects.filter(action="invitation_accept").exists()


def test_an_accepted_invitation_cannot_be_revoked(world: World, english: Any) -> None:
    colleague = a_colleague_of_a(world)
    invitation = Invitation.objects.get(user=colleague)
    with pytest.raises(ValidationError) as refused:
        invitations.invitation_revoke(actor=world.users["enterprise_a"], invitation=invitation)
    assert "remove the colleague instead" in refused.value.message_dict["invitation"][0]


def test_removing_a_colleague_deactivates_the_account_and_its_tokens(world: World) -> None:
    colleague = a_colleague_of_a(world)
    token = accounts.api_token_create(actor=colleague, name="reporting").record
    invitations.colleague_remove(actor=world.users["enterprise_a"], user=colleague)
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    entry = AuditEntry.objects.get(action="colleague_remove")
    assert (entry.actor_username, entry.object_id) == ("enterprise-a", str(colleague.pk))
    assert actions()[-2:] == ["user_deactivate", "colleague_remove"]
    # the address is free again: the colleague can be invited back
    invitation, _path = invite(world, email=colleague.email)
    assert invitation.email == colleague.email


def test_a_manager_cannot_remove_themselves_nor_another_organisations_colleague(
    world: World, english: Any
) -> None:
    manager = world.users["enterprise_a"]
    with pytest.raises(ValidationError) as refused:
        invitations.colleague_remove(actor=manager, user=manager)
    assert refused.value.message_dict["user"] == [
        "You cannot remove yourself: ask another colleague manager."
    ]
    with pytest.raises(PermissionDenied):
        invitations.colleague_remove(actor=manager, user=world.users["enterprise_b"])
    assert User.objects.get(pk=world.users["enterprise_b"].pk).is_active


def test_a_removed_manager_no_longer_manages_colleagues(world: World) -> None:
    """A second manager (invited into the manager role) removes the first; the first's
    account, now inactive, may remove nobody."""
    second, path = invite(world, email="second@company-a.example", role=Role.ENTERPRISE_MANAGER)
    manager_2 = invitations.invitation_accept(
        token=token_of(path), username="manager-2", password=NEW_PASSWORD
    )
    first = world.users["enterprise_a"]
    invitations.colleague_remove(actor=manager_2, user=first)
    assert list(invitations.colleague_managers(world.company_a)) == [manager_2]
    # first's account is inactive: it may no longer manage anybody
    first.refresh_from_db()
    with pytest.raises(PermissionDenied):
        invitations.colleague_remove(actor=first, user=manager_2)
    assert second.organisation_id == world.company_a.pk


def test_the_invitation_expires_after_the_configured_hours(world: World, settings: Any) -> None:
    settings.GREENLEDGER_INVITATION_HOURS = 2
    invitation, _path = invite(world)
    assert invitation.expires_at - invitation.created_at == dt.timedelta(hours=2)
    assert invitation.expires_at > timezone.now()
