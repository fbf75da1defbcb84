"""Event registrations and check-in under /api/alliance.

- ``GET /registrations``: the registrations the caller's organisation made (every event), with
  their codes; users without an organisation (and anonymous callers) 403.
- ``POST /events/{event_id}/registrations``: a user of an active member organisation registers
  a participant for a published event (201: ``confirmed``, or ``waitlisted`` when the seats are
  taken). ``participant`` is ``self``, ``colleague`` (``user_id``: an account of the caller's
  organisation) or ``guest`` (``name`` and ``email``). A draft or cancelled event answers 404;
  a refusal 422 naming ``event``, ``user``, ``name`` or ``email``; anybody else 403.
- ``POST /registrations/{registration_id}/cancel``: a user of the registering organisation
  cancels (the first waiting participant moves up); another organisation's 404; 422 naming
  ``status`` or ``event``.
- ``GET /events/{event_id}/registrations``: the staff read an event's registrations and counts.
- ``POST /events/{event_id}/check-in``: the staff check the holder of ``code`` in; 422 naming
  ``code`` with the reason (unknown, another event's, already checked in, cancelled,
  waitlisted); anybody else 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.alliance.api._router import router
from greenledger.web.alliance.models import Registration
from greenledger.web.alliance.selectors import registrations as selectors
from greenledger.web.alliance.services import registrations as services
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column, paginated
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _organisation_user(request: HttpRequest) -> Any:
    user = _user(request)
    if permissions.role_of(user) is None or user.organisation_id is None:
        raise PermissionDenied
    return user


def _staff(request: HttpRequest) -> Any:
    user = _user(request)
    if not permissions.can_check_in(user):
        raise PermissionDenied
    return user


class AllianceRegistrationOut(Schema):
    id: int
    event_id: int
    event: str = Field(description="The event's Chinese title.")
    organisation_id: int
    user_id: int | None = Field(description="The participant's account, when they have one.")
    name: str
    email: str
    job_title: str
    status: str = Field(description="confirmed, waitlisted or cancelled.")
    code: str = Field(description="The check-in code (the QR code holds it).")
    ticket_url: str = Field(description="The participant's ticket page with the QR code.")
    registered_at: dt.datetime
    promoted_at: dt.datetime | None = Field(description="Moved up from the waiting list at.")
    cancelled_at: dt.datetime | None
    checked_in_at: dt.datetime | None
    checked_in_by: str | None = Field(description="The user name of the staff member.")


class AllianceRegistrationIn(Schema):
    participant: Literal["self", "colleague", "guest"] = Field(
        description="self (the caller), colleague (user_id) or guest (name and email)."
    )
    user_id: DbId | None = Field(None, description="A colleague's account (participant colleague).")
    name: str = column(Registration, "name", "")
    email: str = column(Registration, "email", "")
    job_title: str = column(Registration, "job_title", "")
    language: Literal["zh-hans", "en"] | None = Field(
        None, description="The language of the participant's mail (default: the request's)."
    )


class AllianceEventCountsOut(Schema):
    capacity: int | None = Field(description="None: no limit.")
    confirmed: int
    waitlisted: int
    checked_in: int
    seats_left: int | None


class AllianceEventRegistrationsOut(Schema):
    counts: AllianceEventCountsOut
    registrations: list[AllianceRegistrationOut]


class AllianceCheckInIn(Schema):
    code: str = Field(max_length=40, description="The code as typed or scanned.")


def _out(registration: Registration) -> dict[str, Any]:
    by = registration.checked_in_by
    return {
        "id": registration.pk,
        "event_id": registration.event_id,
        "event": registration.event.title_zh,
        "organisation_id": registration.organisation_id,
        "user_id": registration.user_id,
        "name": registration.name,
        "email": registration.email,
        "job_title": registration.job_title,
        "status": registration.status,
        "code": registration.code,
        "ticket_url": reverse(
            "alliance:ticket", kwargs={"ticket": services.ticket_of(registration)}
        ),
        "registered_at": registration.registered_at,
        "promoted_at": registration.promoted_at,
        "cancelled_at": registration.cancelled_at,
        "checked_in_at": registration.checked_in_at,
        "checked_in_by": by.get_username() if by is not None else None,
    }


@router.get(
    "/registrations",
    response=list[AllianceRegistrationOut],
    summary="The registrations of the caller's organisation",
)
@answers(403)
@paginated
def registration_list(request: HttpRequest) -> Any:
    user = _organisation_user(request)
    found = selectors.organisation_registrations(user).select_related("checked_in_by")
    return [_out(r) for r in found]


@router.post(
    "/events/{int:event_id}/registrations",
    response={201: AllianceRegistrationOut},
    summary="Register a participant for an event",
)
def registration_create(
    request: HttpRequest, event_id: DbId, payload: AllianceRegistrationIn
) -> Any:
    user = _organisation_user(request)
    if not permissions.can_register_for_events(user):
        raise PermissionDenied
    event = selectors.event_for_registration(event_id)
    participant: Any = None
    if payload.participant == "self":
        participant = user
    elif payload.participant == "colleague":
        if payload.user_id is None:
            raise ValidationError({"user": [_("Give the colleague's user_id.")]})
        participant = payload.user_id
    guest = payload.participant == "guest"
    registration = services.registration_create(
        actor=user,
        event=event,
        user=participant,
        name=payload.name if guest else "",
        email=payload.email if guest else "",
        job_title=payload.job_title,
        language=payload.language,
    )
    return Status(201, _out(registration))


@router.post(
    "/registrations/{int:registration_id}/cancel",
    response=AllianceRegistrationOut,
    summary="Cancel a registration",
)
def registration_cancel(request: HttpRequest, registration_id: DbId) -> Any:
    user = _organisation_user(request)
    registration = selectors.registration_get(user=user, pk=registration_id)
    return _out(services.registration_cancel(actor=user, registration=registration))


@router.get(
    "/events/{int:event_id}/registrations",
    response=AllianceEventRegistrationsOut,
    summary="An event's registrations and counts (staff)",
)
@answers(403)
def event_registration_list(request: HttpRequest, event_id: DbId) -> Any:
    _staff(request)
    event = selectors.event_for_check_in(event_id)
    counts = selectors.event_counts(event)
    return {
        "counts": {
            "capacity": counts.capacity,
            "confirmed": counts.confirmed,
            "waitlisted": counts.waitlisted,
            "checked_in": counts.checked_in,
            "seats_left": counts.seats_left,
        },
        "registrations": [
            _out(r) for r in selectors.event_registrations(event).select_related("event")
        ],
    }


@router.post(
    "/events/{int:event_id}/check-in",
    response=AllianceRegistrationOut,
    summary="Check a participant in by the code",
)
def check_in(request: HttpRequest, event_id: DbId, payload: AllianceCheckInIn) -> Any:
    user = _staff(request)
    event = selectors.event_for_check_in(event_id)
    return _out(services.registration_check_in(actor=user, event=event, code=payload.code))
