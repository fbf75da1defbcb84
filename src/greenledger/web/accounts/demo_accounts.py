"""The demo district's accounts: one per role, with the documented password and token.

Called by ``members.demo.demo_load`` inside its transaction; idempotent like it.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.accounts import services
from greenledger.web.accounts.models import ApiToken, Assignment, DataSharing, User
from greenledger.web.accounts.tokens import token_digest
from greenledger.web.members.demo import DEMO_PASSWORD, DEMO_USERS, DemoReport, demo_token
from greenledger.web.members.models import Organisation, OrganisationKind

ASSIGNED_ENTERPRISES = 5
SHARING_ENTERPRISES = 10


def load(
    *,
    report: DemoReport,
    organisations: dict[str, Organisation],
    homes: dict[str, Organisation | None],
) -> None:
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=spec.username,
                password=DEMO_PASSWORD,
                role=spec.role,
                organisation=homes.get(spec.username),
                email=f"{spec.username}@example.org",
                check_password=False,
            )
            report.count("users")
        users[spec.username] = user
        token = demo_token(spec.username)
        if not ApiToken.objects.filter(token_hash=token_digest(token)).exists():
            services.api_token_create(actor=user, name="demo", token=token)
            report.count("api tokens")
        report.users.append(spec)
        report.tokens[spec.username] = token

    home = homes.get("manager")
    enterprises = [
        o
        for key, o in organisations.items()
        if key.startswith("ent:") and o.kind == OrganisationKind.ENTERPRISE and o != home
    ]
    assigned = ([home] if home else []) + enterprises[: ASSIGNED_ENTERPRISES - 1]
    for organisation in assigned:
        if not Assignment.objects.filter(
            evaluator=users["evaluator"], organisation=organisation, ended_at__isnull=True
        ).exists():
            services.assignment_create(
                actor=None, evaluator=users["evaluator"], organisation=organisation
            )
            report.count("assignments")
    bank = homes.get("analyst")
    if bank is None:
        return
    sharing: list[Any] = ([home] if home else []) + enterprises[10 : 10 + SHARING_ENTERPRISES - 1]
    for organisation in sharing:
        if not DataSharing.objects.filter(
            organisation=organisation, institution=bank, revoked_at__isnull=True
        ).exists():
            services.data_sharing_grant(actor=None, organisation=organisation, institution=bank)
            report.count("data-sharing grants")
