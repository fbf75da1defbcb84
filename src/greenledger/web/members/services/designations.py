"""Recording the green and zero-carbon designations and recognitions an organisation holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import SCHEDULER, audit_append, snapshot
from greenledger.web.members.models import (
    Designation,
    DesignationLevel,
    DesignationStatus,
    DesignationType,
    Organisation,
    Site,
    SiteKind,
)
from greenledger.web.members.services._common import raise_if

# The kind of site a designation is awarded to, when it names a site.
SITE_KIND_FOR_DESIGNATION: dict[str, str] = {
    DesignationType.GREEN_PARK: SiteKind.PARK,
    DesignationType.ZERO_CARBON_PARK: SiteKind.PARK,
    DesignationType.OUTSTANDING_GREEN_PARK: SiteKind.PARK,
    DesignationType.GREEN_FACTORY: SiteKind.FACTORY,
    DesignationType.ZERO_CARBON_FACTORY: SiteKind.FACTORY,
    DesignationType.ZERO_CARBON_DATA_CENTER: SiteKind.DATA_CENTRE,
}


def designation_problems(values: dict[str, Any]) -> dict[str, list[Any]]:
    """Every problem with a designation's values (shared by the form, the API and the import)."""
    errors: dict[str, list[Any]] = {}
    organisation: Organisation | None = values.get("organisation")
    site: Site | None = values.get("site")
    designation_type = values.get("type")
    if organisation is None:
        errors["organisation"] = [_("Choose the organisation.")]
    if designation_type not in DesignationType.values:
        errors["type"] = [_("Unknown designation type.")]
    if values.get("level") not in DesignationLevel.values:
        errors["level"] = [_("The level is national, municipal or district.")]
    if values.get("status", DesignationStatus.ACTIVE) not in DesignationStatus.values:
        errors["status"] = [_("Unknown status.")]
    year = values.get("year")
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        errors["year"] = [_("Enter a year between 1990 and 2100.")]
    if not (values.get("issuing_body") or "").strip():
        errors["issuing_body"] = [_("Name the issuing body.")]
    valid_from, valid_until = values.get("valid_from"), values.get("valid_until")
    if not isinstance(valid_from, dt.date):
        errors["valid_from"] = [_("Enter the date the designation takes effect.")]
    if valid_until is not None and not isinstance(valid_until, dt.date):
        errors["valid_until"] = [_("Enter a date.")]
    elif isinstance(valid_from, dt.date) and valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = [_("The end of validity is before its start.")]
    if site is not None and organisation is not None and site.organisation_id != organisation.pk:
        errors["site"] = [_("This site does not belong to the organisation.")]
    elif site is not None and site.kind != SITE_KIND_FOR_DESIGNATION.get(
        str(designation_type), site.kind
    ):
        errors["site"] = [
            _("A %(type)s is awarded to a site of kind %(kind)s.")
            % {
                "type": DesignationType(designation_type).label,
                "kind": SiteKind(SITE_KIND_FOR_DESIGNATION[designation_type]).label,
            }
        ]
    if not errors:
        duplicate = Designation.objects.filter(
            organisation=organisation, site=site, type=designation_type, year=year
        )
        if values.get("pk"):
            duplicate = duplicate.exclude(pk=values["pk"])
        if duplicate.exists():
            errors["type"] = [_("This designation is already recorded for that year.")]
    return errors


def designation_create(*, actor: Any, **values: Any) -> Designation:
    """Record a designation. ``values``: organisation, site, type, level, batch, year,
    issuing_body, valid_from, valid_until, status."""
    if actor is not None and not permissions.can_manage_designations(actor):
        raise PermissionDenied
    values.setdefault("status", DesignationStatus.ACTIVE)
    values.setdefault("batch", "")
    values.setdefault("site", None)
    values.setdefault("valid_until", None)
    raise_if(designation_problems(values))
    with transaction.atomic():
        designation = Designation.objects.create(**values)
        audit_append(
            actor=actor,
            action="designation_create",
            obj=designation,
            after=snapshot(designation),
        )
    return designation


def designation_set_status(*, actor: Any, designation: Designation, status: str) -> Designation:
    if actor is not None and not permissions.can_manage_designations(actor):
        raise PermissionDenied
    if status not in DesignationStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    with transaction.atomic():
        before = snapshot(designation)
        designation.status = status
        designation.save(update_fields=["status", "updated_at"])
        audit_append(
            actor=actor,
            action="designation_set_status",
            obj=designation,
            before=before,
            after=snapshot(designation),
        )
    return designation


def designation_expire(*, designation: Designation, today: dt.date) -> bool:
    """Mark an active designation whose validity ended before ``today`` as expired (the last
    day of validity, ``valid_until``, still counts as active). The ledger records the change
    under the scheduler's name. False (and nothing written) when there is nothing to expire."""
    with transaction.atomic():
        locked = Designation.objects.select_for_update().get(pk=designation.pk)
        if (
            locked.status != DesignationStatus.ACTIVE
            or locked.valid_until is None
            or locked.valid_until >= today
        ):
            return False
        before = snapshot(locked)
        locked.status = DesignationStatus.EXPIRED
        locked.save(update_fields=["status", "updated_at"])
        audit_append(
            actor=SCHEDULER,
            action="designation_expire",
            obj=locked,
            before=before,
            after={**snapshot(locked), "expired_as_of": today},
        )
    designation.status = locked.status
    return True


def designations_expire_due(*, today: dt.date) -> list[Designation]:
    """Expire every active designation whose ``valid_until`` is before ``today``, each in its own
    transaction with its own ledger entry; running it again for the same day changes nothing."""
    expired = []
    due = Designation.objects.filter(
        status=DesignationStatus.ACTIVE, valid_until__lt=today
    ).order_by("id")
    for designation in list(due):
        if designation_expire(designation=designation, today=today):
            expired.append(designation)
    return expired
