"""The colleagues API: the manager lists colleagues and invitations, invites (422 naming the
refused field), revokes, removes; the staff renew a membership; anybody else 403; another
organisation's objects 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from greenledger.web.alliance.models import Invitation
from greenledger.web.members.models import Membership
from tests.web.alliance.colleagues_support import a_colleague_of_a, invite
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def call(world: World, persona: str, method: str, url: str, body: Any = None) -> Any:
    client = world.client("anonymous")
    headers = {**world.api_headers(persona), "HTTP_ACCEPT_LANGUAGE": "en"}
    if method == "GET":
        return client.get(url, **headers)
    return client.generic(
        method, url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_the_manager_lists_colleagues_and_invitations(world: World) -> None:
    colleague = a_colleague_of_a(world)
    invite(world, email="pending@company-a.example")
    response = call(world, "enterprise_a", "GET", "/api/alliance/colleagues")
    assert response.status_code == 200
    rows = {r["username"]: r for r in response.json()["items"]}
    assert set(rows) == {"enterprise-a", "reporter-a"}
    assert rows["enterprise-a"]["colleague_manager"] is True
    assert rows["reporter-a"] == {
        "id": colleague.pk,
        "username": "reporter-a",
        "first_name": "",
        "last_name": "",
        "email": "reporter-a@company-a.example",
        "role": "enterprise_reporter",
        "colleague_manager": False,
        "last_login": None,
        "is_active": True,
    }
    invitations = call(world, "enterprise_a", "GET", "/api/alliance/invitations").json()["items"]
    assert [(i["email"], i["state"], i["account"]) for i in invitations] == [
        ("pending@company-a.example", "pending", None),
        ("reporter-a@company-a.example", "accepted", "reporter-a"),
    ]
    assert all("token" not in key for i in invitations for key in i)


def test_inviting_answers_201_or_422_naming_the_field(world: World) -> None:
    created = call(
        world,
        "enterprise_a",
        "POST",
        "/api/alliance/invitations",
        {"email": "api@company-a.example", "role": "enterprise_manager", "language": "en"},
    )
    assert created.status_code == 201
    assert created.json()["state"] == "pending" and created.json()["role"] == "enterprise_manager"
    refused = call(
        world,
        "enterprise_a",
        "POST",
        "/api/alliance/invitations",
        {"email": "x@company-a.example", "role": "researcher"},
    )
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert error["field"] == "role"
    assert error["message"] == (
        "An organisation of kind “Enterprise” cannot invite into the role “Research institution "
        "staff”: choose “Enterprise energy manager”, “Enterprise reporter”."
    )
    assert Invitation.objects.count() == 1


def test_revoking_and_removing(world: World) -> None:
    colleague = a_colleague_of_a(world)
    invitation, _path = invite(world, email="later@company-a.example")
    url = f"/api/alliance/invitations/{invitation.pk}/revoke"
    assert call(world, "enterprise_b", "POST", url).status_code == 404
    revoked = call(world, "enterprise_a", "POST", url)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    remove = f"/api/alliance/colleagues/{colleague.pk}/remove"
    assert call(world, "enterprise_b", "POST", remove).status_code == 404
    removed = call(world, "enterprise_a", "POST", remove)
    assert removed.status_code == 200 and removed.json()["is_active"] is False
    me = world.users["enterprise_a"].pk
    oneself = call(world, "enterprise_a", "POST", f"/api/alliance/colleagues/{me}/remove")
    assert oneself.status_code == 422
    assert oneself.json()["errors"][0]["field"] == "user"


@pytest.mark.parametrize("persona", ["evaluator", "secretariat", "analyst", "public", "anonymous"])
def test_nobody_else_manages_colleagues(world: World, persona: str) -> None:
    assert call(world, persona, "GET", "/api/alliance/colleagues").status_code == 403
    assert call(world, persona, "GET", "/api/alliance/invitations").status_code == 403
    body = {"email": "x@example.org", "role": "enterprise_reporter"}
    assert call(world, persona, "POST", "/api/alliance/invitations", body).status_code == 403


def test_the_staff_renew_a_membership(world: World) -> None:
    Membership.objects.filter(pk=world.membership_a.pk).update(renewed_until=dt.date(2031, 12, 31))
    url = f"/api/alliance/memberships/{world.membership_a.pk}/renew"
    assert call(world, "enterprise_a", "POST", url).status_code == 403
    response = call(world, "secretariat", "POST", url)
    assert response.status_code == 200
    assert response.json()["renewed_until"] == "2032-12-31"
    assert response.json()["status"] == "active"
    Membership.objects.filter(pk=world.membership_a.pk).update(status="withdrawn")
    refused = call(world, "secretariat", "POST", url)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "status"
    assert (
        call(world, "secretariat", "POST", "/api/alliance/memberships/999999/renew").status_code
        == 404
    )
