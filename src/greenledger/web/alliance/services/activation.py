"""Activation links: a new account (the manager account of an approved application) chooses
its password through a one-time link mailed to it.

Only the SHA-256 of the link's secret is stored. A link works once, until ``expires_at``
(``GREENLEDGER_ACTIVATION_HOURS`` after it was made); an expired, used or unknown link is
refused with the reason. Using it sets the password (Django's validators), activates the
account and marks the link used, in one transaction; a new link (``activation_resend``, the
staff) replaces the links not yet used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.accounts.services import user_set_language
from greenledger.web.alliance.models import Activation
from greenledger.web.alliance.services._common import (
    absolute_url,
    invalid,
    new_secret,
    now,
    require,
    secret_hash,
)
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.audit.services import audit_append

__all__ = [
    "Issued",
    "activation_create",
    "activation_find",
    "activation_problem",
    "activation_resend",
    "activation_use",
    "activation_url",
]


@dataclass(frozen=True)
class Issued:
    """A new activation link: ``token`` is the only time the secret is available."""

    activation: Activation
    token: str


def activation_url(token: str) -> str:
    return absolute_url(reverse("alliance:activate", args=[token]))


def _when(moment: dt.datetime) -> str:
    return str(formats.date_format(timezone.localtime(moment), "Y-m-d H:i"))


def activation_find(token: str) -> Activation | None:
    return Activation.objects.select_related("user").filter(token_hash=secret_hash(token)).first()


def activation_problem(activation: Activation | None) -> str | None:
    """Why the link cannot be used (in the reader's language), or None when it can."""
    if activation is None:
        return _(
            "This activation link is not valid: check that the whole link from the e-mail was "
            "opened, or ask the alliance secretariat for a new one."
        )
    if activation.used_at is not None:
        return _(
            "This activation link was already used on %(when)s: it works only once. Sign in "
            "with the password chosen then, or reset it."
        ) % {"when": _when(activation.used_at)}
    if activation.expires_at <= now():
        return _(
            "This activation link expired on %(when)s. Ask the alliance secretariat for a new one."
        ) % {"when": _when(activation.expires_at)}
    return None


def activation_create(*, actor: Any, user: User, language: str, context: dict[str, Any]) -> Issued:
    """Make a link for ``user`` and mail it (template ``activation``, in ``language``).
    ``context`` adds what the message says about why the account exists."""
    token, token_hash = new_secret()
    moment = now()
    with transaction.atomic():
        activation = Activation.objects.create(
            user=user,
            token_hash=token_hash,
            created_at=moment,
            expires_at=moment + dt.timedelta(hours=int(settings.GREENLEDGER_ACTIVATION_HOURS)),
        )
        audit_append(
            actor=actor,
            action="alliance.activation_create",
            obj=activation,
            after={"user": user.pk, "expires_at": activation.expires_at.isoformat()},
        )
        mail_queue(
            to=user.email,
            template="activation",
            context={
                **context,
                "user": user,
                "activation_url": activation_url(token),
                "hours": int(settings.GREENLEDGER_ACTIVATION_HOURS),
            },
            language=language,
        )
    return Issued(activation=activation, token=token)


def activation_resend(*, actor: Any, user: User, language: str, context: dict[str, Any]) -> Issued:
    """A new link for an account not activated yet (the staff); older unused links stop
    working."""
    require(
        permissions.can_review_applications(actor),
        _("Only the alliance secretariat sends activation links."),
    )
    if user.is_active or user.has_usable_password():
        raise invalid("user", _("This account is already activated."))
    with transaction.atomic():
        Activation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now())
        return activation_create(actor=actor, user=user, language=language, context=context)


def activation_use(*, token: str, password: str, password_again: str, language: str = "") -> User:
    """Choose the password through the link: the account becomes active, the link used;
    ``language`` (of the page) becomes the language of mail to the user."""
    with transaction.atomic():
        activation = (
            Activation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=secret_hash(token))
            .first()
        )
        problem = activation_problem(activation)
        if problem is not None:
            raise invalid("token", problem)
        assert activation is not None
        user = activation.user
        if password != password_again:
            raise invalid("password_again", _("The two passwords differ."))
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        user_set_language(user=user, language=language)
        activation.used_at = now()
        activation.save(update_fields=["used_at"])
        # older links of the same account stop working with this one
        Activation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now())
        audit_append(
            actor=user,
            action="alliance.activation_use",
            obj=user,
            before={"is_active": False},
            after={"is_active": True, "activation": activation.pk},
        )
    return user
