"""Registering and changing organisations and their alliance memberships."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.core.registry import credit_code, industry_code
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import SystemActor, audit_append, snapshot
from greenledger.web.members.models import (
    Membership,
    MembershipHistory,
    MembershipStanding,
    MembershipStatus,
    Organisation,
)
from greenledger.web.members.services._common import actor_name, raise_if

ORGANISATION_FIELDS = (
    "kind",
    "name_zh",
    "name_en",
    "credit_code",
    "industry_code",
    "address",
    "district",
    "contact_name",
    "contact_phone",
    "contact_email",
)
# What an enterprise manager may change about their own organisation.
SELF_SERVICE_FIELDS = frozenset(
    {"name_en", "address", "contact_name", "contact_phone", "contact_email", "industry_code"}
)


def credit_code_error(code: str) -> Any:
    """A translated reason why ``code`` (normalised) is not a valid credit code, or None."""
    found = credit_code.problem(code)
    if found is None:
        return None
    if found.reason == "length":
        return _("A Unified Social Credit Code has 18 characters.")
    if found.reason == "character":
        return _("Character %(position)s is not allowed (I, O, Z, S and V are never used).") % {
            "position": found.position
        }
    if found.reason == "division":
        return _("Characters 3 to 8 must be the digits of an administrative division code.")
    return _("The check character is wrong; it should be %(expected)s.") % {
        "expected": found.expected
    }


def organisation_check(values: dict[str, Any], *, instance: Organisation | None) -> None:
    """Normalise ``values`` in place and raise every problem at once, keyed by field."""
    errors: dict[str, list[Any]] = {}
    for name in ("name_zh", "name_en", "address", "district", "contact_name", "contact_phone"):
        if name in values and isinstance(values[name], str):
            values[name] = values[name].strip()
    if "credit_code" in values:
        values["credit_code"] = credit_code.normalise(values["credit_code"] or "")
        problem = credit_code_error(values["credit_code"])
        if problem:
            errors.setdefault("credit_code", []).append(problem)
        else:
            duplicate = Organisation.objects.filter(credit_code=values["credit_code"])
            if instance is not None:
                duplicate = duplicate.exclude(pk=instance.pk)
            other = duplicate.first()
            if other is not None:
                errors.setdefault("credit_code", []).append(
                    _("An organisation with this credit code is already registered: %(name)s.")
                    % {"name": other.name_zh}
                )
    if values.get("industry_code"):
        values["industry_code"] = values["industry_code"].strip().upper()
        reason = industry_code.problem(values["industry_code"])
        if reason:
            errors.setdefault("industry_code", []).append(
                _("Not a GB/T 4754-2017 industry code: %(reason)s.") % {"reason": reason}
            )
    if values.get("name_zh"):
        duplicate = Organisation.objects.filter(name_zh=values["name_zh"])
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            errors.setdefault("name_zh", []).append(
                _("An organisation with this name is already registered.")
            )
    candidate = Organisation(**{**_current(instance), **values})
    try:
        candidate.full_clean(exclude=["credit_code", "published"], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    raise_if(errors)


def _current(instance: Organisation | None) -> dict[str, Any]:
    if instance is None:
        return {}
    return {name: getattr(instance, name) for name in ORGANISATION_FIELDS}


def organisation_create(*, actor: Any, published: bool = False, **values: Any) -> Organisation:
    """Register an organisation (registry staff only). ``values``: ORGANISATION_FIELDS."""
    if actor is not None and not permissions.can_create_organisation(actor):
        raise PermissionDenied
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    values.setdefault("credit_code", "")
    organisation_check(values, instance=None)
    with transaction.atomic():
        organisation = Organisation.objects.create(published=published, **values)
        audit_append(
            actor=actor,
            action="organisation_create",
            obj=organisation,
            after=snapshot(organisation),
        )
    return organisation


def organisation_update(*, actor: Any, organisation: Organisation, **values: Any) -> Organisation:
    """Change an organisation. Enterprise managers may change only SELF_SERVICE_FIELDS."""
    if actor is not None and not permissions.can_change_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    if actor is not None and not permissions.is_registry_staff(actor):
        locked = sorted(set(values) - SELF_SERVICE_FIELDS)
        if locked:
            raise ValidationError(
                {name: [_("Only the alliance secretariat can change this.")] for name in locked}
            )
    organisation_check(values, instance=organisation)
    with transaction.atomic():
        before = snapshot(organisation)
        for name, value in values.items():
            setattr(organisation, name, value)
        organisation.save()
        audit_append(
            actor=actor,
            action="organisation_update",
            obj=organisation,
            before=before,
            after=snapshot(organisation),
        )
    return organisation


def organisation_set_published(
    *, actor: Any, organisation: Organisation, published: bool
) -> Organisation:
    if actor is not None and not permissions.can_publish_organisation(actor):
        raise PermissionDenied
    if organisation.published == published:
        return organisation
    with transaction.atomic():
        organisation.published = published
        organisation.save(update_fields=["published", "updated_at"])
        audit_append(
            actor=actor,
            action="organisation_publish" if published else "organisation_unpublish",
            obj=organisation,
            before={"published": not published},
            after={"published": published},
        )
    return organisation


def membership_create(
    *,
    actor: Any,
    organisation: Organisation,
    joined_on: dt.date,
    standing: str = MembershipStanding.MEMBER,
) -> Membership:
    if actor is not None and not permissions.can_manage_memberships(actor):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    if Membership.objects.filter(organisation=organisation).exists():
        errors["organisation"] = [_("This organisation is already an alliance member.")]
    if standing not in MembershipStanding.values:
        errors["standing"] = [_("Unknown standing.")]
    raise_if(errors)
    with transaction.atomic():
        membership = Membership.objects.create(
            organisation=organisation, joined_on=joined_on, standing=standing
        )
        MembershipHistory.objects.create(
            membership=membership,
            changed_at=timezone.now(),
            effective_on=joined_on,
            standing=standing,
            status=membership.status,
            note="joined",
            changed_by=actor_name(actor),
        )
        audit_append(
            actor=actor, action="membership_create", obj=membership, after=snapshot(membership)
        )
    return membership


def membership_change(
    *,
    actor: Any,
    membership: Membership,
    effective_on: dt.date,
    standing: str | None = None,
    status: str | None = None,
    note: str = "",
) -> Membership:
    """Change standing and/or status; the previous state stays in the history rows. ``actor``
    is a staff user, None (the system) or the scheduler (a lapse: ``memberships_lapse_due``)."""
    system = actor is None or isinstance(actor, SystemActor)
    if not system and not permissions.can_manage_memberships(actor):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    if standing is not None and standing not in MembershipStanding.values:
        errors["standing"] = [_("Unknown standing.")]
    if status is not None and status not in MembershipStatus.values:
        errors["status"] = [_("Unknown status.")]
    if effective_on < membership.joined_on:
        errors["effective_on"] = [_("A change cannot take effect before the member joined.")]
    raise_if(errors)
    with transaction.atomic():
        before = snapshot(membership)
        membership.standing = standing or membership.standing
        membership.status = status or membership.status
        membership.save()
        MembershipHistory.objects.create(
            membership=membership,
            changed_at=timezone.now(),
            effective_on=effective_on,
            standing=membership.standing,
            status=membership.status,
            note=note,
            changed_by=actor_name(actor),
        )
        audit_append(
            actor=actor,
            action="membership_change",
            obj=membership,
            before=before,
            after={**snapshot(membership), "note": note, "effective_on": effective_on},
        )
    return membership
