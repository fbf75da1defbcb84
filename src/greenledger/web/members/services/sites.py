"""Sites: factories, industrial parks, data centres and offices of an organisation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import (
    Organisation,
    Site,
    SiteKind,
)
from greenledger.web.members.services._common import raise_if

SITE_FIELDS = (
    "kind", "name_zh", "name_en", "district", "address", "parent_park", "it_load_kw", "latitude",
    "longitude",
)  # fmt: skip


def _coordinate_errors(merged: dict[str, Any]) -> dict[str, list[Any]]:
    """WGS-84 degrees, both or neither; cleans numbers given as text."""
    errors: dict[str, list[Any]] = {}
    limits = {"latitude": 90.0, "longitude": 180.0}
    for name, limit in limits.items():
        value = merged.get(name)
        if value is None or value == "":
            merged[name] = None
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            errors[name] = [_("Enter a number of degrees.")]
            continue
        if not -limit <= number <= limit:
            errors[name] = [
                _("Enter degrees between %(low)s and %(high)s.") % {"low": -limit, "high": limit}
            ]
        merged[name] = number
    given = [merged.get(name) is not None for name in limits]
    if any(given) and not all(given):
        missing = "latitude" if not given[0] else "longitude"
        errors.setdefault(missing, []).append(_("Give both the latitude and the longitude."))
    return errors


def site_flags(site: Site) -> list[str]:
    """Warnings about a site's values that are not refused: coordinates outside the district's
    box (the core's ``symbiosis_files.load_district``, a platform setting)."""
    from greenledger.core.ecology.symbiosis_files import load_district
    from greenledger.core.messages import message
    from greenledger.web.reporting.templatetags.reporting_extras import problem_text

    if site.latitude is None or site.longitude is None:
        return []
    district = load_district()
    if district.contains(site.latitude, site.longitude):
        return []
    flag = message(
        "symbiosis.outside_district", lat=site.latitude, lon=site.longitude,
        district=district.name, lat_min=district.lat_min, lat_max=district.lat_max,
        lon_min=district.lon_min, lon_max=district.lon_max,
    )  # fmt: skip
    return [problem_text(flag)]


def site_check(
    values: dict[str, Any], *, organisation: Organisation, instance: Site | None
) -> dict[str, Any]:
    """Every problem with a site's values at once (keyed by field); the cleaned values."""
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
    for name, reasons in _coordinate_errors(merged).items():
        errors.setdefault(name, []).extend(reasons)
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
    raise_if(errors)
    return merged


def site_create(*, actor: Any, organisation: Organisation, **values: Any) -> Site:
    if actor is not None and not permissions.can_add_site_to(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(SITE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    values.setdefault("district", organisation.district)
    cleaned = site_check(values, organisation=organisation, instance=None)
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
    leaves_park = "kind" in values and values["kind"] != SiteKind.PARK
    if leaves_park and site.kind == SiteKind.PARK and site.tenants.exists():
        raise ValidationError({"kind": [_("Sites lie in this park; it stays a park.")]})
    cleaned = site_check(values, organisation=site.organisation, instance=site)
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
    raise_if(errors)
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
