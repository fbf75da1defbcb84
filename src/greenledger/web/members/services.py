"""Writes to the registry. Each function checks permission, validates every field (errors are
keyed by field name), changes the rows and appends an audit entry, all in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.core.registry import credit_code, industry_code
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import (
    Designation,
    DesignationLevel,
    DesignationStatus,
    DesignationType,
    Membership,
    MembershipHistory,
    MembershipStanding,
    MembershipStatus,
    Organisation,
    Site,
    SiteKind,
)

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
SITE_FIELDS = ("kind", "name_zh", "name_en", "district", "address", "parent_park", "it_load_kw")
PARK_DESIGNATIONS = frozenset(
    {
        DesignationType.GREEN_PARK,
        DesignationType.ZERO_CARBON_PARK,
        DesignationType.OUTSTANDING_GREEN_PARK,
    }
)
FACTORY_DESIGNATIONS = frozenset(
    {DesignationType.GREEN_FACTORY, DesignationType.ZERO_CARBON_FACTORY}
)


def _raise_if(errors: dict[str, list[Any]]) -> None:
    if errors:
        raise ValidationError(errors)


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


def _clean_organisation(values: dict[str, Any], *, instance: Organisation | None) -> None:
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
    _raise_if(errors)


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
    _clean_organisation(values, instance=None)
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
    _clean_organisation(values, instance=organisation)
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
    _raise_if(errors)
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
            changed_by=_actor_name(actor),
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
    """Change standing and/or status; the previous state stays in the history rows."""
    if actor is not None and not permissions.can_manage_memberships(actor):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    if standing is not None and standing not in MembershipStanding.values:
        errors["standing"] = [_("Unknown standing.")]
    if status is not None and status not in MembershipStatus.values:
        errors["status"] = [_("Unknown status.")]
    if effective_on < membership.joined_on:
        errors["effective_on"] = [_("A change cannot take effect before the member joined.")]
    _raise_if(errors)
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
            changed_by=_actor_name(actor),
        )
        audit_append(
            actor=actor,
            action="membership_change",
            obj=membership,
            before=before,
            after={**snapshot(membership), "note": note, "effective_on": effective_on},
        )
    return membership


def _actor_name(actor: Any) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.get_username()
    return "system"


def _clean_site(values: dict[str, Any], *, organisation: Organisation, instance: Site | None):
    errors: dict[str, list[Any]] = {}
    merged = {**({n: getattr(instance, n) for n in SITE_FIELDS} if instance else {}), **values}
    for name in ("name_zh", "name_en", "district", "address"):
        if isinstance(merged.get(name), str):
            merged[name] = merged[name].strip()
    kind = merged.get("kind")
    park = merged.get("parent_park")
    if park is not None:
        if kind not in (SiteKind.FACTORY, SiteKind.DATA_CENTRE):
            errors["parent_park"] = [
                _("Only a factory or a data centre can lie in an industrial park.")
            ]
        elif park.kind != SiteKind.PARK:
            errors["parent_park"] = [_("%(name)s is not an industrial park.") % {"name": park}]
        elif park.district != merged.get("district"):
            errors["parent_park"] = [
                _(
                    "The park %(park)s lies in %(park_district)s, not in %(district)s: "
                    "a site can only lie in a park of its own district."
                )
                % {
                    "park": park.name_zh,
                    "park_district": park.district,
                    "district": merged.get("district"),
                }
            ]
        elif instance is not None and park.pk == instance.pk:
            errors["parent_park"] = [_("A site cannot lie in itself.")]
    load = merged.get("it_load_kw")
    if load is not None and load != "":
        try:
            load = Decimal(str(load))
        except InvalidOperation:
            errors["it_load_kw"] = [_("Enter a number of kilowatts.")]
            load = None
        merged["it_load_kw"] = load
    else:
        merged["it_load_kw"] = None
    if kind == SiteKind.DATA_CENTRE:
        if merged["it_load_kw"] is None:
            errors.setdefault("it_load_kw", [_("A data centre needs its IT load capacity.")])
        elif merged["it_load_kw"] <= 0:
            errors.setdefault("it_load_kw", [_("The IT load capacity must be positive.")])
    elif merged["it_load_kw"] is not None:
        errors.setdefault("it_load_kw", [_("Only data centres have an IT load capacity.")])
    if merged.get("name_zh"):
        duplicate = Site.objects.filter(organisation=organisation, name_zh=merged["name_zh"])
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            errors.setdefault("name_zh", []).append(
                _("This organisation already has a site with this name.")
            )
    candidate = Site(organisation=organisation, **merged)
    try:
        candidate.full_clean(exclude=["organisation", "parent_park"], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    _raise_if(errors)
    return merged


def site_create(*, actor: Any, organisation: Organisation, **values: Any) -> Site:
    if actor is not None and not permissions.can_add_site_to(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(SITE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    values.setdefault("district", organisation.district)
    cleaned = _clean_site(values, organisation=organisation, instance=None)
    with transaction.atomic():
        site = Site.objects.create(organisation=organisation, **cleaned)
        audit_append(actor=actor, action="site_create", obj=site, after=snapshot(site))
    return site


def site_update(*, actor: Any, site: Site, **values: Any) -> Site:
    if actor is not None and not permissions.can_change_site(actor, site):
        raise PermissionDenied
    unknown = set(values) - set(SITE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    if "kind" in values and values["kind"] != SiteKind.PARK and site.kind == SiteKind.PARK:
        if site.tenants.exists():
            raise ValidationError({"kind": [_("Sites lie in this park; it stays a park.")]})
    cleaned = _clean_site(values, organisation=site.organisation, instance=site)
    with transaction.atomic():
        before = snapshot(site)
        for name, value in cleaned.items():
            setattr(site, name, value)
        site.save()
        audit_append(
            actor=actor, action="site_update", obj=site, before=before, after=snapshot(site)
        )
    return site


def site_delete(*, actor: Any, site: Site) -> None:
    if actor is not None and not permissions.can_change_site(actor, site):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    if site.designations.exists():
        errors["site"] = [_("This site holds designations and cannot be deleted.")]
    elif site.tenants.exists():
        errors["site"] = [_("Other sites lie in this park; it cannot be deleted.")]
    _raise_if(errors)
    with transaction.atomic():
        before = snapshot(site)
        site_id = site.pk
        site.delete()
        audit_append(
            actor=actor,
            action="site_delete",
            object_type=Site._meta.label_lower,
            object_id=site_id,
            before=before,
        )


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
    elif site is not None and designation_type in PARK_DESIGNATIONS:
        if site.kind != SiteKind.PARK:
            errors["site"] = [_("A park designation is awarded to an industrial park.")]
    elif site is not None and designation_type == DesignationType.ZERO_CARBON_DATA_CENTER:
        if site.kind != SiteKind.DATA_CENTRE:
            errors["site"] = [_("This designation is awarded to a data centre.")]
    elif site is not None and designation_type in FACTORY_DESIGNATIONS:
        if site.kind != SiteKind.FACTORY:
            errors["site"] = [_("A factory designation is awarded to a factory.")]
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
    _raise_if(designation_problems(values))
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
