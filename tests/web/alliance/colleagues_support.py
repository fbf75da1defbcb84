"""Helpers of the colleagues, invitations, password-reset and renewal tests."""

from __future__ import annotations

from typing import Any

from greenledger.web.accounts.models import Role, User
from greenledger.web.alliance.models import Invitation
from greenledger.web.alliance.services import invitations
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.conftest import World

NEW_PASSWORD = "Wind-turbine-ledger-77"


def invite(
    world: World,
    email: str = "reporter@company-a.example",
    role: str = Role.ENTERPRISE_REPORTER,
    language: str = "en",
) -> tuple[Invitation, str]:
    """Company A's manager invites ``email``; (the invitation, the path of the mail's link)."""
    invitation = invitations.invitation_create(
        actor=world.users["enterprise_a"],
        organisation=world.company_a,
        email=email,
        role=role,
        language=language,
    )
    return invitation, link_in(mail_to(email, "invitation")[-1])


def token_of(path: str) -> str:
    """The secret of an invitation link ``/alliance/invitations/<token>/``."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def a_colleague_of_a(world: World, username: str = "reporter-a") -> User:
    """A reporter of company A, invited by its manager and accepted."""
    _invitation, path = invite(world, email=f"{username}@company-a.example")
    return invitations.invitation_accept(
        token=token_of(path), username=username, password=NEW_PASSWORD
    )


def accept_body(username: str = "new-reporter", password: str = NEW_PASSWORD) -> dict[str, Any]:
    return {"username": username, "password": password, "password_again": password}
