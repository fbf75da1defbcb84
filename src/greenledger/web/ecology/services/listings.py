"""Offers and needs of an enterprise's sites: by form (``offer_create`` / ``need_create``) or by
file (``listings_import``, CSV or XLSX, all-or-nothing), and closing one (``listing_close``).

Every offer and need goes through the core readers (``core.ecology.symbiosis_files``), one row
for a form and the file's rows for an import, so a form and a file refuse the same things with
the same reasons: a waste code of the wrong shape or class, a hazardous code the catalogue does
not list, a heat offer not hotter than its own return temperature, an unknown receiving process
or one that takes another resource, a reversed period, a bad profile. The site gives the
coordinates (``members.Site.latitude`` / ``longitude``; a site without them is refused: set
them on the site first), the enterprise and the park; a file names the site in a ``site``
column (its Chinese or English name, or its number) and any ``lat``, ``lon``, ``organisation``
or ``park`` columns it has are replaced by the site's. Coordinates outside the district's box
are flagged (``outside_district``), not refused.

Field names are the core's columns (``start_month``/``end_month`` as YYYY-MM,
``quality_grade``, ``permit_codes``, ...). Stored: the period from the first day of the start
month to the last day of the end month; the water quality grade as text; a need's one
"temperature needed" field holds a heat sink's minimum (``min_temp_c``) or a cold sink's
maximum (``max_temp_c``); its ``substitutes`` is the process's substitute (acceptance rules).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.ecology.benefit import load_factors
from greenledger.core.ecology.codes import load_acceptance
from greenledger.core.ecology.symbiosis_files import (
    UNITS,
    load_district,
    read_needs,
    read_offers,
)
from greenledger.core.ecology.symbiosis_files import Need as CoreNeed
from greenledger.core.ecology.symbiosis_files import Offer as CoreOffer
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message
from greenledger.core.tabular import SOURCE_ROW, read_table
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.ecology.models import ListingStatus, Need, Offer
from greenledger.web.members.models import Organisation, Site

FORM_FILE = "form"
OFFER_FIELDS = (
    "kind", "name", "code", "quantity", "start_month", "end_month", "supply_temp_c",
    "return_temp_c", "medium", "capacity_mw", "profile", "quality_grade", "current_route",
    "anonymous", "note",
)  # fmt: skip
NEED_FIELDS = (
    "kind", "name", "process", "quantity", "start_month", "end_month", "min_temp_c",
    "max_temp_c", "quality_grade", "permit_codes", "licence_number", "profile", "anonymous",
    "note",
)  # fmt: skip
_NOT_CORE = ("name", "current_route", "licence_number", "note")
# the fields that apply to each resource (besides kind, name, quantity, period, anonymous, note)
APPLIES: dict[str, dict[str, tuple[str, ...]]] = {
    "offer": {
        "solid_waste": ("code", "current_route"),
        "hazardous_waste": ("code", "current_route"),
        "heat": ("supply_temp_c", "return_temp_c", "medium", "capacity_mw", "profile"),
        "cold": ("supply_temp_c", "return_temp_c", "medium", "capacity_mw", "profile"),
        "water": ("quality_grade", "profile"),
    },
    "need": {
        "solid_waste": ("process",),
        "hazardous_waste": ("process", "permit_codes", "licence_number"),
        "heat": ("process", "min_temp_c", "profile"),
        "cold": ("process", "max_temp_c", "profile"),
        "water": ("process", "quality_grade", "profile"),
    },
}
_ALWAYS = ("kind", "name", "quantity", "start_month", "end_month", "anonymous", "note")
NO_PARK = "-"  # the core's park of a site outside every park
FAR_END = "2100-12"  # a listing stored without an end (older data) is open-ended


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def month_text(day: dt.date | None) -> str:
    return FAR_END if day is None else f"{day.year:04d}-{day.month:02d}"


def _first_day(month: str) -> dt.date:
    year, number = (int(x) for x in month.split("-"))
    return dt.date(year, number, 1)


def _last_day(month: str) -> dt.date:
    year, number = (int(x) for x in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def site_problem(site: Site, organisation: Organisation) -> str | None:
    """Why ``site`` cannot carry a listing of ``organisation`` (None: it can)."""
    if site.organisation_id != organisation.pk:
        return _("%(site)s is not a site of %(organisation)s.") % {
            "site": site,
            "organisation": organisation,
        }
    if site.latitude is None or site.longitude is None:
        return _("The site %(site)s has no coordinates: set its latitude and longitude first.") % {
            "site": site
        }
    return None


def _location_cells(site: Site, ident: str) -> dict[str, str]:
    return {
        "id": ident,
        "site": str(site.pk),
        "organisation": str(site.organisation_id),
        "park": str(site.parent_park_id or NO_PARK),
        "lat": repr(site.latitude),
        "lon": repr(site.longitude),
    }


def _placeholder_cells(ident: str) -> dict[str, str]:
    """Location cells for a row whose site is refused, so the core still checks the rest."""
    district = load_district()
    return {
        "id": ident,
        "site": "?",
        "organisation": "?",
        "park": NO_PARK,
        "lat": repr((district.lat_min + district.lat_max) / 2),
        "lon": repr((district.lon_min + district.lon_max) / 2),
    }


def _applies_problems(side: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Fields filled that do not apply to the resource (by field)."""
    kind = str(values.get("kind") or "").strip().lower()
    if kind not in APPLIES[side]:
        return {}
    allowed = set(_ALWAYS) | set(APPLIES[side][kind])
    return {
        name: _("This field does not apply to this resource; leave it empty.")
        for name, value in values.items()
        if name not in allowed and _text(value) not in ("", "no")
    }


def _extra_problems(side: str, values: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not _text(values.get("name")):
        problems["name"] = _("Give the offer or need a name.")
    elif len(_text(values.get("name"))) > 200:
        problems["name"] = _("At most 200 characters.")
    route = _text(values.get("current_route"))
    if side == "offer" and route and route not in load_factors().counterfactuals:
        problems["current_route"] = _("Unknown route %(value)s (known: %(known)s).") % {
            "value": route,
            "known": ", ".join(sorted(load_factors().counterfactuals)),
        }
    if side == "offer" and _text(values.get("heat_pump_cop")):
        problems["heat_pump_cop"] = _(
            "A stated heat pump COP cannot be stored yet; leave it empty (the matcher then uses "
            "the Carnot-fraction model)."
        )
    return {**_applies_problems(side, values), **problems}


def _model_fields(
    side: str, core: CoreOffer | CoreNeed, values: Mapping[str, Any]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": core.kind,
        "name": _text(values.get("name")),
        "quantity": core.quantity,
        "unit": UNITS[core.kind],
        "period_start": _first_day(core.start_month),
        "period_end": _last_day(core.end_month),
        "profile": list(core.profile or ()),
        "water_grade": "" if core.quality_grade is None else str(core.quality_grade),
        "anonymous": core.anonymous,
        "note": _text(values.get("note")),
    }
    if isinstance(core, CoreOffer):
        fields.update(
            code=core.code,
            supply_temp_c=core.supply_temp_c,
            return_temp_c=core.return_temp_c,
            medium=core.medium,
            capacity_mw=core.capacity_mw,
            current_route=_text(values.get("current_route")),
        )
    else:
        process = load_acceptance()[core.process]
        fields.update(
            process=core.process,
            min_temp_c=core.max_temp_c if core.kind == "cold" else core.min_temp_c,
            licence_codes=sorted(core.permit_codes),
            licence_number=_text(values.get("licence_number")),
            substitutes=process.substitutes or "",
        )
    return fields


def _read(side: str, frame: pl.DataFrame, file: str) -> tuple[CoreOffer | CoreNeed, ...]:
    if side == "offer":
        return read_offers(frame, file=file)
    return read_needs(frame, file=file)


def _require(actor: Any, organisation: Organisation) -> None:
    if not permissions.can_manage_listings(actor, organisation):
        raise PermissionDenied


def _create(side: str, actor: Any, site: Site, values: dict[str, Any]) -> Offer | Need:
    _require(actor, site.organisation)
    known = OFFER_FIELDS if side == "offer" else NEED_FIELDS
    unknown = set(values) - set(known)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {k: [v] for k, v in _extra_problems(side, values).items()}
    trouble = site_problem(site, site.organisation)
    if trouble:
        errors["site"] = [trouble]
    cells = {**_location_cells(site, "1")} if not trouble else _placeholder_cells("1")
    cells.update({k: _text(values.get(k)) for k in known if k not in _NOT_CORE})
    frame = pl.DataFrame({k: [v] for k, v in cells.items()}, schema={k: pl.String for k in cells})
    try:
        (core,) = _read(side, frame, FORM_FILE)
    except InputError as error:
        from greenledger.web.reporting.templatetags.reporting_extras import problem_text

        for problem in error.problems:
            field = problem.column if problem.column in known else "__all__"
            if problem.column in ("lat", "lon", "site"):
                field = "site"
            errors.setdefault(field or "__all__", []).append(problem_text(problem))
        raise ValidationError(errors) from None
    if errors:
        raise ValidationError(errors)
    model = Offer if side == "offer" else Need
    now = timezone.now()
    with transaction.atomic():
        listing = model.objects.create(
            organisation=site.organisation,
            site=site,
            created_by=actor,
            created_at=now,
            updated_at=now,
            **_model_fields(side, core, values),
        )
        audit_append(
            actor=actor, action=f"ecology.{side}.create", obj=listing, after=snapshot(listing)
        )
    return listing


def offer_create(*, actor: Any, site: Site, **values: Any) -> Offer:
    """An offer of ``site`` (one of the actor's enterprise's sites); ValidationError by field."""
    return _create("offer", actor, site, values)  # type: ignore[return-value]


def need_create(*, actor: Any, site: Site, **values: Any) -> Need:
    """A need of ``site`` (one of the actor's enterprise's sites); ValidationError by field."""
    return _create("need", actor, site, values)  # type: ignore[return-value]


def listing_close(*, actor: Any, listing: Offer | Need) -> Offer | Need:
    """Close an open offer or need (it leaves the matches; exchanges already made stay)."""
    _require(actor, listing.organisation)
    if listing.status != ListingStatus.OPEN:
        raise ValidationError({"status": [_("This offer or need is already closed.")]})
    side = "offer" if isinstance(listing, Offer) else "need"
    with transaction.atomic():
        before = snapshot(listing)
        listing.status = ListingStatus.CLOSED
        listing.updated_at = timezone.now()
        listing.save(update_fields=["status", "updated_at"])
        audit_append(
            actor=actor,
            action=f"ecology.{side}.close",
            obj=listing,
            before=before,
            after=snapshot(listing),
        )
    return listing


def _site_lookup(organisation: Organisation) -> dict[str, Site]:
    lookup: dict[str, Site] = {}
    for site in Site.objects.filter(organisation=organisation):
        lookup[str(site.pk)] = site
        if site.name_en:
            lookup[site.name_en.strip().lower()] = site
        lookup[site.name_zh.strip().lower()] = site
    return lookup


def listings_import(
    *, actor: Any, organisation: Organisation, side: str, path: Path, filename: str
) -> list[Offer] | list[Need]:
    """Offers (``side`` "offer") or needs ("need") of the enterprise's sites from a CSV/XLSX
    file, all-or-nothing: InputError lists every problem with its row, column and reason."""
    _require(actor, organisation)
    if side not in ("offer", "need"):
        raise ValueError(side)
    known = OFFER_FIELDS if side == "offer" else NEED_FIELDS
    raw = read_table(Path(path))
    frame = raw.rename({c: c.strip().lower() for c in raw.columns if c != SOURCE_ROW})
    problems: list[Problem] = []
    if "site" not in frame.columns:
        problems.append(
            Problem(_("The file has no column site."), file=filename, row=1, column="site")
        )
        raise InputError(problems)
    sites = _site_lookup(organisation)
    rows = frame.to_dicts()
    cores_in: list[dict[str, str]] = []
    row_sites: list[Site | None] = []
    for position, cells in enumerate(rows):
        row = int(cells.get(SOURCE_ROW) or position + 2)
        values = {k: "" if cells.get(k) is None else str(cells[k]) for k in known}
        if side == "offer":
            values["heat_pump_cop"] = str(cells.get("heat_pump_cop") or "")
        for field, reason in _extra_problems(side, values).items():
            problems.append(Problem(reason, file=filename, row=row, column=field))
        name = str(cells.get("site") or "").strip()
        site = sites.get(name.lower())
        trouble = None
        if site is None:
            trouble = _("%(organisation)s has no site %(site)s.") % {
                "organisation": organisation,
                "site": name or "—",
            }
        else:
            trouble = site_problem(site, organisation)
        if trouble:
            problems.append(Problem(trouble, file=filename, row=row, column="site"))
            location = _placeholder_cells(str(position + 1))
        else:
            assert site is not None
            location = _location_cells(site, str(position + 1))
        core_cells = {k: str(cells.get(k) or "") for k in frame.columns if k != SOURCE_ROW}
        core_cells.update(location)
        core_cells[SOURCE_ROW] = str(row)
        cores_in.append(core_cells)
        row_sites.append(None if trouble else site)
    columns = sorted({k for c in cores_in for k in c})
    core_frame = pl.DataFrame(
        {k: [c.get(k, "") for c in cores_in] for k in columns},
        schema={k: pl.String for k in columns},
    )
    try:
        cores = _read(side, core_frame, filename)
    except InputError as error:
        problems = [*error.problems, *problems]
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems)
    model = Offer if side == "offer" else Need
    now = timezone.now()
    created: list[Any] = []
    with transaction.atomic():
        for core, site, cells in zip(cores, row_sites, rows, strict=True):
            assert site is not None
            values = {k: cells.get(k) for k in known}
            listing = model.objects.create(
                organisation=organisation,
                site=site,
                created_by=actor,
                created_at=now,
                updated_at=now,
                **_model_fields(side, core, values),
            )
            audit_append(
                actor=actor,
                action=f"ecology.{side}.import",
                obj=listing,
                after={**snapshot(listing), "file": filename},
            )
            created.append(listing)
    return created


def outside_district(site: Site) -> Message | None:
    """The core's flag when ``site``'s coordinates lie outside the district's box."""
    from greenledger.core.messages import message

    if site.latitude is None or site.longitude is None:
        return None
    district = load_district()
    if district.contains(site.latitude, site.longitude):
        return None
    return message(
        "symbiosis.outside_district", lat=site.latitude, lon=site.longitude,
        district=district.name, lat_min=district.lat_min, lat_max=district.lat_max,
        lon_min=district.lon_min, lon_max=district.lon_max,
    )  # fmt: skip
