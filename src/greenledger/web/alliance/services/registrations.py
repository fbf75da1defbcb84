"""Registrations for alliance events and the check-in at the door.

- ``registration_create``: a user of an organisation whose membership is active
  (``permissions.can_register_for_events``) registers a participant for a published event
  before registration closes (``registration_closes_at``, or the event's start when none is
  set): themselves or a colleague (``user``: an account of their organisation, with its name
  and e-mail) or a named person (``name`` and ``email``). The event's row is locked
  (``select_for_update``) while the confirmed registrations are counted, so two registrations
  at once cannot both take the last seat: confirmed while fewer than ``capacity`` are
  confirmed, otherwise on the waiting list. A participant (same e-mail or same account) already
  registered and not cancelled is refused. Mail ``registration_confirmed`` or
  ``registration_waitlisted`` with the check-in code and the ticket link (the QR code).
- ``registration_cancel``: a user of the registering organisation cancels; a confirmed seat
  that frees goes to the first on the waiting list (``registered_at``, ``id``), who gets the
  mail ``registration_promoted``. ``waitlist_promote`` does the same after a capacity change
  (and a registration first fills such seats from the waiting list, then counts).
- ``registration_check_in``: the staff (``permissions.can_check_in``) check a participant in by
  the code (typed or scanned). Refused with the reason: an unknown code, a code for another
  event (named), a registration already checked in (when, by whom), cancelled or waitlisted.

Everything is in the audit ledger (refused attempts change nothing and leave no entry).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts.selectors import language_of
from greenledger.web.alliance.models import Event, EventStatus, Registration, RegistrationStatus
from greenledger.web.alliance.services._common import absolute_url, invalid, require
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.audit.services import audit_append, snapshot

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "closes_at",
    "participant_language",
    "normalise_code",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "ticket_of",
    "ticket_registration_id",
    "waitlist_promote",
]

# No 0/O, 1/I/L: a code read aloud or typed at the door is not misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
TICKET_SALT = "greenledger.alliance.ticket"


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def closes_at(event: Event) -> Any:
    """When registration for ``event`` closes: its own deadline, else the event's start."""
    return event.registration_closes_at or event.starts_at


def normalise_code(code: str) -> str:
    """A code as typed: spaces and hyphens dropped, upper case."""
    return "".join(str(code or "").split()).replace("-", "").upper()


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Registration.objects.filter(code=code).exists():
            return code


def ticket_of(registration: Registration) -> str:
    """The signed token of the participant's ticket page (the link in the mail): the page shows
    the QR code to whoever has the link, with or without an account."""
    return signing.Signer(salt=TICKET_SALT).sign(str(registration.pk))


def ticket_registration_id(ticket: str) -> int | None:
    """The registration a ticket token names, or None for a forged or damaged token."""
    try:
        return int(signing.Signer(salt=TICKET_SALT).unsign(ticket))
    except (signing.BadSignature, ValueError):
        return None


def _state(registration: Registration) -> dict[str, Any]:
    return snapshot(registration)


def _language(language: str | None) -> str:
    return language or translation.get_language() or settings.LANGUAGE_CODE


def participant_language(registration: Registration) -> str:
    """The language of mail about a registration once made: the participant's account's, or
    for a named guest the registering user's."""
    return language_of(registration.user or registration.registered_by)


def _mail(registration: Registration, template: str, language: str) -> None:
    path = reverse("alliance:ticket", kwargs={"ticket": ticket_of(registration)})
    mail_queue(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "event": registration.event,
            "code": registration.code,
            "ticket_url": absolute_url(path),
            "starts": _local(registration.event.starts_at),
        },
        language=language,
    )


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _participant(
    actor: Any, user: Any, name: str, email: str, job_title: str
) -> tuple[Any, str, str, str]:
    """(account, name, e-mail, job title) of the participant, or a field error."""
    if user is not None:
        colleague = (
            get_user_model()
            .objects.filter(pk=getattr(user, "pk", user), is_active=True)
            .filter(organisation_id=actor.organisation_id)
            .first()
        )
        if colleague is None:
            raise invalid(
                "user", _("The participant must be an active account of your organisation.")
            )
        address = (colleague.email or "").strip()
        if not address:
            raise invalid(
                "user",
                _("The account %(user)s has no e-mail address: the confirmation and the code are "
                  "sent by e-mail. Add the address to the account or register the person by name "
                  "and e-mail.") % {"user": colleague.get_username()},
            )  # fmt: skip
        shown = colleague.get_full_name().strip() or colleague.get_username()
        return colleague, shown[:100], BaseUserManager.normalize_email(address), job_title
    name = (name or "").strip()
    address = (email or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the participant's name.")]
    elif len(name) > 100:
        errors["name"] = [_("The name is longer than 100 characters.")]
    if not address:
        errors["email"] = [_("Give the participant's e-mail address: the code is sent there.")]
    else:
        try:
            validate_email(address)
        except ValidationError:
            errors["email"] = [_("%(email)s is not an e-mail address.") % {"email": address}]
    if errors:
        raise ValidationError(errors)
    return None, name, BaseUserManager.normalize_email(address), job_title


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    event: Event,
    user: Any = None,
    name: str = "",
    email: str = "",
    job_title: str = "",
    language: str | None = None,
) -> Registration:
    """Register a participant of the actor's organisation for ``event``: the account ``user``
    (the actor or a colleague) or the person ``name`` <``email``>. Confirmed while seats are
    left, otherwise waitlisted while the waiting list has places (``Event.waitlist_limit``),
    otherwise refused. ``language``: of the mail (default: the current language)."""
    require(
        permissions.can_register_for_events(actor),
        _("Only users of a member organisation whose membership is active register "
          "participants for events."),
    )  # fmt: skip
    event = _locked_event(event)
    if event.status != EventStatus.PUBLISHED:
        raise invalid("event", _("The event is not open: it is not published or was cancelled."))
    moment = timezone.now()
    if moment >= closes_at(event):
        raise invalid(
            "event",
            _("Registration for this event closed at %(at)s.") % {"at": _local(closes_at(event))},
        )
    job_title = (job_title or "").strip()[:200]
    account, name, address, job_title = _participant(actor, user, name, email, job_title)
    in_force = Registration.objects.filter(event=event).exclude(status=RegistrationStatus.CANCELLED)
    field = "user" if account is not None else "email"
    if in_force.filter(email__iexact=address).exists() or (
        account is not None and in_force.filter(user=account).exists()
    ):
        raise invalid(
            field,
            _("%(who)s is already registered for this event.") % {"who": f"{name} <{address}>"},
        )
    # seats freed by a larger capacity go to those already waiting, in order, before newcomers
    _promote(actor, event)
    confirmed = event.capacity is None or _confirmed_count(event) < event.capacity
    if not confirmed and event.waitlist_limit is not None:
        waiting = Registration.objects.filter(
            event=event, status=RegistrationStatus.WAITLISTED
        ).count()
        if waiting >= event.waitlist_limit:
            raise invalid(
                "event",
                _(
                    "The event is full: its %(seats)s seats are taken and its waiting list "
                    "of %(places)s places is full."
                )
                % {"seats": event.capacity, "places": event.waitlist_limit},
            )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                organisation_id=actor.organisation_id,
                user=account,
                name=name,
                email=address,
                job_title=job_title,
                status=(
                    RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED
                ),
                code=_new_code(),
                registered_by=actor,
                registered_at=moment,
            )
    except IntegrityError:  # the constraint: one registration in force per e-mail and event
        raise invalid(
            field,
            _("%(who)s is already registered for this event.") % {"who": f"{name} <{address}>"},
        ) from None
    audit_append(
        actor=actor,
        action="alliance.registration.create",
        obj=registration,
        after=_state(registration),
    )
    template = "registration_confirmed" if confirmed else "registration_waitlisted"
    colleague = account is not None and account.pk != actor.pk
    _mail(registration, template, language_of(account) if colleague else _language(language))
    return registration


def _promote(actor: Any, event: Event) -> list[Registration]:
    """Move waitlisted registrations of the (locked) ``event`` up into free seats, in order.
    Their mail goes in each participant's language (``participant_language``)."""
    if event.status != EventStatus.PUBLISHED:
        return []
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by("registered_at", "id")
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    for registration in list(waiting):  # the event's row lock keeps others out
        before = _state(registration)
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit_append(
            actor=actor,
            action="alliance.registration.promote",
            obj=registration,
            before=before,
            after=_state(registration),
        )
        _mail(registration, "registration_promoted", participant_language(registration))
        promoted.append(registration)
    return promoted


@transaction.atomic
def waitlist_promote(*, actor: Any, event: Event) -> list[Registration]:
    """Fill the seats free in ``event`` (e.g. after its capacity grew) from the waiting list."""
    return _promote(actor, _locked_event(event))


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration of the actor's organisation; a seat it frees goes to the first on
    the waiting list."""
    require(
        permissions.role_of(actor) is not None
        and actor.organisation_id is not None
        and actor.organisation_id == registration.organisation_id,
        _("Only users of the organisation that registered the participant cancel it."),
    )
    event = _locked_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise invalid(
            "status",
            _("The registration was already cancelled at %(at)s.")
            % {"at": _local(registration.cancelled_at or timezone.now())},
        )
    if registration.checked_in_at is not None:
        raise invalid(
            "status",
            _("The participant was checked in at %(at)s: the registration stays.")
            % {"at": _local(registration.checked_in_at)},
        )
    if event.ends_at <= timezone.now():
        raise invalid("event", _("The event is over: its registrations stay as they were."))
    before = _state(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_append(
        actor=actor,
        action="alliance.registration.cancel",
        obj=registration,
        before=before,
        after=_state(registration),
    )
    if before["status"] == RegistrationStatus.CONFIRMED:
        _promote(actor, event)
    return registration


@transaction.atomic
def registration_check_in(*, actor: Any, event: Event, code: str) -> Registration:
    """Check the participant holding ``code`` in at ``event`` (once)."""
    require(permissions.can_check_in(actor), _("Only the secretariat checks participants in."))
    typed = normalise_code(code)
    if not typed:
        raise invalid("code", _("Type or scan the participant's code."))
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "checked_in_by")
        .filter(code=typed)
        .first()
    )
    if registration is None:
        raise invalid("code", _("No registration has the code %(code)s.") % {"code": typed})
    if registration.event_id != event.pk:
        other = registration.event
        raise invalid(
            "code",
            _("The code %(code)s is for another event: %(event)s (%(starts)s).")
            % {"code": typed, "event": _event_title(other), "starts": _local(other.starts_at)},
        )
    if event.status != EventStatus.PUBLISHED:
        raise invalid("event", _("The event is not published or was cancelled: nobody checks in."))
    who = registration.name
    if registration.status == RegistrationStatus.CANCELLED:
        raise invalid(
            "code",
            _("The registration of %(name)s was cancelled at %(at)s.")
            % {"name": who, "at": _local(registration.cancelled_at or registration.registered_at)},
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        raise invalid(
            "code",
            _("%(name)s is on the waiting list, not confirmed: no seat to check in to.")
            % {"name": who},
        )
    if registration.checked_in_at is not None:
        by = registration.checked_in_by
        raise invalid(
            "code",
            _("%(name)s was already checked in at %(at)s by %(by)s.")
            % {
                "name": who,
                "at": _local(registration.checked_in_at),
                "by": by.get_username() if by is not None else "?",
            },
        )
    before = _state(registration)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit_append(
        actor=actor,
        action="alliance.registration.check_in",
        obj=registration,
        before=before,
        after=_state(registration),
    )
    return registration


def _event_title(event: Event) -> str:
    if (translation.get_language() or "").startswith("en") and event.title_en:
        return event.title_en
    return event.title_zh
