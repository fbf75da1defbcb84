"""Authorization-matrix rows of the colleague pages (who has access, inviting, revoking,
removing), the invitation's page (anonymous, by its one-time link), password reset by e-mail,
the staff's membership renewals, and their API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous.

An organisation's colleague manager (here the enterprise managers A and B) has the colleague
pages; anybody else 403 (anonymous visitors asking for a page are sent to sign in). A's
invitation and A's colleague answer B's manager 404. The invitation page and the password-reset
pages are open to everybody: the link is the key. A reset asked for an unknown address answers
as for a known one and changes nothing (no ledger entry, no mail); for a known one the request
is in the ledger. Renewals are the staff's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from greenledger.web.accounts.models import User
from greenledger.web.alliance.models import Invitation, OutgoingMail
from greenledger.web.alliance.services import invitations
from tests.web.alliance.colleagues_support import a_colleague_of_a, accept_body, invite, token_of
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def invitation_of_a(world: World) -> int:
    return invite(world, email="matrix@company-a.example")[0].pk


def colleague_of_a(world: World) -> int:
    return a_colleague_of_a(world, username="matrix-colleague").pk


def open_link(world: World) -> str:
    return token_of(invite(world, email="open@company-a.example")[1])


def used_link(world: World) -> str:
    _invitation, path = invite(world, email="used@company-a.example")
    invitations.invitation_accept(
        token=token_of(path), username="used-link", password=accept_body()["password"]
    )
    return token_of(path)


def revoked_link(world: World) -> str:
    invitation, path = invite(world, email="revoked@company-a.example")
    invitations.invitation_revoke(actor=world.users["enterprise_a"], invitation=invitation)
    return token_of(path)


def manager_a_with_address(world: World) -> User:
    user = world.users["enterprise_a"]
    User.objects.filter(pk=user.pk).update(email="manager@company-a.example")
    user.refresh_from_db()
    return user


def known_address(world: World) -> dict[str, Any]:
    return {"email": manager_a_with_address(world).email}


def reset_user(world: World) -> User:
    """A colleague of A who is not a persona (signing a persona in would spend its token)."""
    found = User.objects.filter(username="reset-colleague").first()
    return found or a_colleague_of_a(world, username="reset-colleague")


def reset_uid(world: World) -> str:
    return urlsafe_base64_encode(force_bytes(reset_user(world).pk))


def reset_token(world: World) -> str:
    return default_token_generator.make_token(reset_user(world))


def no_mail(world: World, persona: str) -> None:
    assert not OutgoingMail.objects.exists(), "a reset for an unknown address sent mail"


def one_reset_mail(world: World, persona: str) -> None:
    assert list(OutgoingMail.objects.values_list("to", "template")) == [
        ("manager@company-a.example", "password_reset")
    ]


def invitation_form(world: World) -> dict[str, Any]:
    return {"email": "invited@example.org", "role": "enterprise_reporter", "language": "en"}


def not_accepted(world: World, persona: str) -> None:
    assert not User.objects.filter(username="new-reporter").exists()
    revoked = Invitation.objects.get(email="revoked@company-a.example")
    assert revoked.accepted_at is None and revoked.user is None


MANAGER_PAGE = expect(200, 200, 403, 403, 403, 403, 403, 302)
MANAGER_WRITE = expect(302, 302, 403, 403, 403, 403, 403, 403)
A_ONLY_WRITE = expect(302, 404, 403, 403, 403, 403, 403, 403)
EVERYBODY = expect(200, 200, 200, 200, 200, 200, 200, 200)
EVERYBODY_302 = expect(302, 302, 302, 302, 302, 302, 302, 302)
GONE = expect(410, 410, 410, 410, 410, 410, 410, 410)
STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
STAFF_WRITE = expect(403, 403, 403, 302, 302, 403, 403, 403)
MANAGER_API = expect(200, 200, 403, 403, 403, 403, 403, 403)
A_ONLY_API = expect(200, 404, 403, 403, 403, 403, 403, 403)

INVITATION = {"invitation_id": invitation_of_a}
COLLEAGUE = {"user_id": colleague_of_a}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "alliance/colleagues/": [Row(MANAGER_PAGE)],
    "alliance/colleagues/invite/": [
        Row(MANAGER_PAGE),
        Row(MANAGER_WRITE, method="post", writes=True, body=invitation_form),
    ],
    "alliance/colleagues/invitations/<int:invitation_id>/revoke/": [
        Row(A_ONLY_WRITE, method="post", writes=True, params=INVITATION),
    ],
    "alliance/colleagues/<int:user_id>/remove/": [
        Row(A_ONLY_WRITE, method="post", writes=True, params=COLLEAGUE),
    ],
    "alliance/invitations/<str:token>/": [
        Row(EVERYBODY, params={"token": open_link}),
        Row(EVERYBODY_302, method="post", writes=True, params={"token": open_link},
            body=lambda w: accept_body()),
        Row(GONE, params={"token": used_link}),
        Row(GONE, method="post", params={"token": revoked_link}, body=lambda w: accept_body(),
            after=not_accepted),
        Row(expect(404, 404, 404, 404, 404, 404, 404, 404), params={"token": lambda w: "nope"}),
    ],
    "alliance/password-reset/": [
        Row(EVERYBODY),
        Row(EVERYBODY_302, method="post", body=lambda w: {"email": "nobody@example.org"},
            after=no_mail),
        Row(EVERYBODY_302, method="post", writes=True, body=known_address,
            after=one_reset_mail),
    ],
    "alliance/password-reset/done/": [Row(EVERYBODY)],
    "alliance/password-reset/<uidb64>/<token>/": [
        # a valid link moves its token into the session and redirects to the form
        Row(EVERYBODY_302, params={"uidb64": reset_uid, "token": reset_token}),
        # the form's address without a token in the session: the "link not valid" page
        Row(EVERYBODY, params={"uidb64": reset_uid, "token": lambda w: "set-password"}),
    ],
    "alliance/password-reset/complete/": [Row(EVERYBODY)],
    "alliance/memberships/": [Row(STAFF_PAGE)],
    "alliance/memberships/<int:membership_id>/renew/": [
        Row(STAFF_WRITE, method="post", writes=True),
    ],
}  # fmt: skip


def invitation_body(world: World) -> dict[str, Any]:
    return {"email": "api-invited@example.org", "role": "enterprise_reporter"}


API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/alliance/colleagues"): Row(MANAGER_API),
    ("POST", "/api/alliance/colleagues/{user_id}/remove"): Row(A_ONLY_API, params=COLLEAGUE),
    ("GET", "/api/alliance/invitations"): Row(MANAGER_API),
    ("POST", "/api/alliance/invitations"):
        Row(expect(201, 201, 403, 403, 403, 403, 403, 403), body=invitation_body),
    ("POST", "/api/alliance/invitations/{invitation_id}/revoke"):
        Row(A_ONLY_API, params=INVITATION),
    ("POST", "/api/alliance/memberships/{membership_id}/renew"):
        Row(expect(403, 403, 403, 200, 200, 403, 403, 403)),
}  # fmt: skip
