"""Colleagues: an organisation's colleague manager invites colleagues by e-mail into the roles
the organisation's kind allows, revokes an invitation, removes a colleague; the invited person
accepts from the mail's one-time link by choosing a user name and a password.

- ``invitation_create``: the role must be one of ``permissions.invitable_roles(organisation)``
  (another role is a field error naming the role and the kind); an e-mail that already has an
  active account, or a pending invitation of the organisation, is refused. The link
  (``alliance:invitation``) carries a secret whose SHA-256 alone is stored; it works once, for
  GREENLEDGER_INVITATION_HOURS. Mail ``invitation`` in the invitation's language.
- ``invitation_accept``: creates the account (``accounts.services.user_create``: password
  validators, unique user name) in the organisation with the role, in one transaction with the
  invitation marked used; a revoked, expired or used invitation is refused with the reason.
- ``colleague_remove``: deactivates the account (``accounts.services.user_deactivate``, its API
  tokens revoked); never the manager themselves, never the organisation's last colleague manager.

Every change is in the audit ledger under the acting user (the new account for an acceptance).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import Role, User
from greenledger.web.alliance.models import Invitation
from greenledger.web.alliance.services._common import absolute_url, new_secret, now, secret_hash
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation, OrganisationKind

INVITATION_FIELDS = [
    "id",
    "organisation",
    "email",
    "role",
    "language",
    "invited_by",
    "created_at",
    "expires_at",
    "accepted_at",
    "user",
    "revoked_at",
]

PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"

__all__ = [
    "colleague_managers",
    "colleague_remove",
    "invitation_accept",
    "invitation_by_token",
    "invitation_create",
    "invitation_refusal",
    "invitation_revoke",
    "invitation_state",
    "is_colleague_manager",
]


def invitation_state(invitation: Invitation, at: dt.datetime | None = None) -> str:
    """pending, accepted, revoked or expired (at ``at``, by default now)."""
    if invitation.accepted_at is not None:
        return ACCEPTED
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.expires_at <= (at or now()):
        return EXPIRED
    return PENDING


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """Why the invitation's link no longer works, in the reader's language; None if it does."""
    if invitation is None:
        return _("This invitation link is not valid: check that it was copied whole.")
    state = invitation_state(invitation)
    if state == ACCEPTED:
        return _(
            "This invitation was already accepted on %(date)s: the link works only once. "
            "Sign in with the account chosen then."
        ) % {"date": _local(invitation.accepted_at)}
    if state == REVOKED:
        return _(
            "This invitation was revoked on %(date)s by the organisation's colleague manager."
        ) % {"date": _local(invitation.revoked_at)}
    if state == EXPIRED:
        return _(
            "This invitation expired on %(date)s. Ask the colleague manager who invited you "
            "for a new one."
        ) % {"date": _local(invitation.expires_at)}
    return None


def _local(moment: dt.datetime | None) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=secret_hash(token))
        .first()
    )


def is_colleague_manager(user: User) -> bool:
    return user.is_active and (user.role == Role.ENTERPRISE_MANAGER or user.organisation_admin)


def colleague_managers(organisation: Organisation) -> QuerySet[User]:
    """The organisation's active accounts that manage its colleagues."""
    return User.objects.filter(organisation=organisation, is_active=True).filter(
        Q(role=Role.ENTERPRISE_MANAGER) | Q(organisation_admin=True)
    )


def _check_manager(actor: Any, organisation: Organisation) -> None:
    if not permissions.can_manage_colleagues(actor, organisation):
        raise PermissionDenied(_("Only the organisation's colleague manager can do this."))


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _kind_label(kind: str) -> str:
    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


def invitation_create(
    *, actor: Any, organisation: Organisation, email: str, role: str, language: str = ""
) -> Invitation:
    """Invite ``email`` into ``organisation`` with ``role``; mail the one-time link."""
    _check_manager(actor, organisation)
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address (name@example.org).")]
    allowed = permissions.invitable_roles(organisation)
    if role not in allowed:
        errors["role"] = [
            _(
                "An organisation of kind “%(kind)s” cannot invite into the role “%(role)s”: "
                "choose %(allowed)s."
            )
            % {
                "role": _role_label(role),
                "kind": _kind_label(organisation.kind),
                "allowed": ", ".join(f"“{_role_label(r)}”" for r in allowed) or "—",
            }
        ]
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [
            _("Unknown language “%(language)s”: zh-hans or en.") % {"language": language}
        ]
    if "email" not in errors:
        if User.objects.filter(email__iexact=email, is_active=True).exists():
            errors["email"] = [
                _("%(email)s already has an active account: it cannot be invited again.")
                % {"email": email}
            ]
        elif _pending(organisation).filter(email__iexact=email).exists():
            errors["email"] = [
                _("%(email)s already has a pending invitation: revoke it first to send a new one.")
                % {"email": email}
            ]
    if errors:
        raise ValidationError(errors, code="invalid")
    secret, digest = new_secret()
    created = now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            language=language,
            token_hash=digest,
            invited_by=actor,
            created_at=created,
            expires_at=created + dt.timedelta(hours=settings.GREENLEDGER_INVITATION_HOURS),
        )
        audit_append(
            actor=actor,
            action="invitation_create",
            obj=invitation,
            after=snapshot(invitation, INVITATION_FIELDS),
        )
        mail_queue(
            to=email,
            template="invitation",
            context={
                "invitation": invitation,
                "organisation": organisation,
                "inviter": actor,
                "role": Role(invitation.role).label,  # lazy: rendered in ``language``
                "hours": settings.GREENLEDGER_INVITATION_HOURS,
                "link": absolute_url(reverse("alliance:invitation", args=[secret])),
            },
            language=language,
        )
    return invitation


def _pending(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now(),
    )


def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    """The link stops working at once. An accepted invitation cannot be revoked (remove the
    colleague instead); revoking twice changes nothing."""
    _check_manager(actor, invitation.organisation)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(
                {
                    "invitation": [
                        _("This invitation was already accepted: remove the colleague instead.")
                    ]
                },
                code="invalid",
            )
        if locked.revoked_at is not None:
            return locked
        before = snapshot(locked, INVITATION_FIELDS)
        locked.revoked_at = now()
        locked.save(update_fields=["revoked_at"])
        audit_append(
            actor=actor,
            action="invitation_revoke",
            obj=locked,
            before=before,
            after=snapshot(locked, INVITATION_FIELDS),
        )
    return locked


def invitation_accept(
    *,
    token: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
) -> User:
    """Create the invited colleague's account; the link then no longer works. Mail to the
    account goes in ``language`` (of the page), else the invitation's."""
    with transaction.atomic():
        found = invitation_by_token(token)
        locked = None if found is None else Invitation.objects.select_for_update().get(pk=found.pk)
        reason = invitation_refusal(locked)
        if reason is not None or locked is None:
            raise ValidationError({"invitation": [reason]}, code="invalid")
        if User.objects.filter(email__iexact=locked.email, is_active=True).exists():
            raise ValidationError(
                {
                    "invitation": [
                        _("%(email)s already has an active account: sign in with it.")
                        % {"email": locked.email}
                    ]
                },
                code="invalid",
            )
        user = accounts.user_create(
            actor=None,
            username=(username or "").strip(),
            password=password,
            role=locked.role,
            organisation=found.organisation if found is not None else None,
            email=locked.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        accounts.user_set_language(user=user, language=language or locked.language)
        before = snapshot(locked, INVITATION_FIELDS)
        locked.accepted_at = now()
        locked.user = user
        locked.save(update_fields=["accepted_at", "user"])
        audit_append(
            actor=user,
            action="invitation_accept",
            obj=locked,
            before=before,
            after=snapshot(locked, INVITATION_FIELDS),
        )
    return user


def colleague_remove(*, actor: Any, user: User) -> User:
    """Deactivate a colleague of the actor's organisation (their API tokens are revoked)."""
    if user.organisation_id is None:
        raise PermissionDenied
    _check_manager(actor, user.organisation)
    if user.pk == actor.pk:
        raise ValidationError(
            {"user": [_("You cannot remove yourself: ask another colleague manager.")]},
            code="invalid",
        )
    if not user.is_active:
        return user
    with transaction.atomic():
        managers = colleague_managers(user.organisation).select_for_update()
        manager_ids = set(managers.values_list("pk", flat=True))
        if user.pk in manager_ids and len(manager_ids) <= 1:
            raise ValidationError(
                {
                    "user": [
                        _(
                            "%(name)s is the organisation's last colleague manager and cannot "
                            "be removed."
                        )
                        % {"name": user.get_username()}
                    ]
                },
                code="invalid",
            )
        accounts.user_deactivate(actor=None, user=user)
        audit_append(
            actor=actor,
            action="colleague_remove",
            obj=user,
            after={"organisation": user.organisation_id, "is_active": False},
        )
    return user
