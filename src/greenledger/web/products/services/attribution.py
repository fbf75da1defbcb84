"""Attributing a site's verified emissions to its processes (see ``selectors.attribution`` for
the streams, the bases and the figures kept).

``process_set_attribution`` checks and saves a process's basis and details, its electricity
factor and the factor's source, then ``process_attribute`` recomputes the figures from the
verified inventory: refused (nothing saved) when the year is not verified, a stream is not in
the inventory, a share is outside 0-100 %, or the shares of the site's processes in one stream
add up to more than 100 % (the stream, the processes and their shares named). Without a factor
of its own, a process's electricity takes the national electricity carbon-footprint factor of
the core's series (the newest value up to the process's year), a life-cycle factor kept apart
from the inventory's CO2 factors; the provenance names the inventory version and factor set.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.products.models import AttributionBasis, Process
from greenledger.web.products.selectors.attribution import (
    SiteInventory,
    attributed,
    electricity_footprint_factor,
    site_attribution,
    stream_shares,
    verified_site_inventory,
)

TOLERANCE = 1e-9
FIGURES = (
    "attribution_basis",
    "attribution",
    "direct_tco2e",
    "electricity_mwh",
    "electricity_factor",
    "electricity_factor_source",
    "provenance",
)


def _percent(value: float) -> str:
    return f"{value * 100:.4g} %"


def clean_attribution(
    basis: str, details: Mapping[str, Any] | None, site: SiteInventory
) -> dict[str, Any]:
    """The attribution details in their stored form; ValidationError on ``attribution`` with
    the stream or key and the reason."""
    if basis not in AttributionBasis.values:
        raise ValidationError(
            {"attribution_basis": _("Choose how the emissions are attributed.")}, code="invalid"
        )
    details = details if isinstance(details, Mapping) else {}
    errors: list[str] = []
    if basis == AttributionBasis.SOURCE_STREAMS:
        streams: list[dict[str, Any]] = []
        seen: set[str] = set()
        given = details.get("streams") or ()
        if not isinstance(given, (list, tuple)) or not all(isinstance(i, Mapping) for i in given):
            raise ValidationError(
                {"attribution": [_("Give the streams as a list of a line and a share each.")]},
                code="invalid",
            )
        for item in given:
            line = str(item.get("line") or "").strip()
            share = _number(item.get("share"))
            if not line:
                continue
            if site.stream(line) is None:
                errors.append(
                    _(
                        "Stream %(line)s: the verified inventory of %(year)s has no such stream "
                        "at this site."
                    )
                    % {"line": line, "year": site.year}
                )
            elif line in seen:
                errors.append(_("Stream %(line)s: named twice.") % {"line": line})
            if share is None or not 0.0 <= share <= 1.0:
                errors.append(
                    _("Stream %(line)s: the share must be between 0 and 100 %%.") % {"line": line}
                )
            seen.add(line)
            streams.append({"line": line, "share": share})
        if not streams and not errors:
            errors.append(_("Give the share of at least one stream."))
        if errors:
            raise ValidationError({"attribution": errors}, code="invalid")
        return {"streams": streams}
    key = str(details.get("key") or "").strip()
    value = _number(details.get("value"))
    of = _number(details.get("of"))
    if not key:
        errors.append(_("Name the allocation key (e.g. machine hours, tonnes, floor area)."))
    if of is None or of <= 0:
        errors.append(_("The key's total must be a number above zero."))
    if value is None or value < 0:
        errors.append(_("The process's value of the key must be a number, zero or more."))
    elif of is not None and of > 0 and value > of * (1 + TOLERANCE):
        errors.append(
            _(
                "Key %(key)s: the process's value %(value)s is more than the total %(of)s "
                "(over 100 %%)."
            )
            % {"key": key, "value": value, "of": of}
        )
    if errors:
        raise ValidationError({"attribution": errors}, code="invalid")
    return {"key": key, "value": value, "of": of}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_site_shares(process: Process, site: SiteInventory) -> None:
    """Refuse when the site's processes of the year, this one as it would be saved, take more
    than 100 % of a stream."""
    others = Process.objects.filter(site=process.site, year=process.year).exclude(pk=process.pk)
    split = site_attribution(site=process.site, year=process.year, processes=[*others, process])
    assert split is not None
    names = {p.pk: p.name for p in split.processes}
    errors = []
    for row in split.rows:
        if row.share > 1.0 + TOLERANCE:
            parts = ", ".join(
                f"{names.get(pk) or process.name} {_percent(share)}"
                for pk, share in row.by_process.items()
            )
            errors.append(
                _(
                    "Stream %(line)s: the processes of the site take %(total)s of it (%(parts)s); "
                    "the shares of one stream may not add up to more than 100 %%."
                )
                % {"line": row.stream.line, "total": _percent(row.share), "parts": parts}
            )
    if errors:
        raise ValidationError({"attribution": errors}, code="invalid")


def verified_or_refused(process: Process) -> SiteInventory:
    site = verified_site_inventory(site=process.site, year=process.year)
    if site is None:
        raise ValidationError(
            {
                "year": _(
                    "The enterprise has no verified inventory of %(year)s: attribute the "
                    "emissions once the year is verified."
                )
                % {"year": process.year}
            },
            code="invalid",
        )
    return site


def apply_attribution(process: Process, site: SiteInventory) -> None:
    """Check the process's basis and details against the site's streams and the other
    processes' shares, and set its attributed figures (not saved); ValidationError when
    refused."""
    process.attribution = clean_attribution(process.attribution_basis, process.attribution, site)
    check_site_shares(process, site)
    _apply(process, site)


def _apply(process: Process, site: SiteInventory) -> None:
    shares = stream_shares(process.attribution_basis, process.attribution, site.streams)
    figures = attributed(shares, site)
    process.direct_tco2e = figures.direct_tco2e
    process.electricity_mwh = figures.electricity_mwh
    factor_note: dict[str, Any] = {"given": True}
    if process.electricity_factor is None:
        factor = electricity_footprint_factor(process.year)
        if factor is not None:
            process.electricity_factor = factor.kg_co2e_per_kwh
            process.electricity_factor_source = factor.source
            factor_note = {"series_year": factor.year, "confirmed": factor.confirmed}
    process.provenance = {
        **site.provenance,
        "attributed_co2e_t": figures.co2e_t,
        "electricity_inventory_co2e_t": figures.electricity_co2e_t,
        "electricity_footprint_factor": factor_note,
    }


def process_attribute(*, actor: Any, process: Process) -> Process:
    """Recompute the process's attributed figures from its site's verified inventory."""
    if not permissions.can_manage_products(actor, process.organisation):
        raise PermissionDenied
    with transaction.atomic():
        process = Process.objects.select_for_update().select_related("site").get(pk=process.pk)
        before = snapshot(process, list(FIGURES))
        site = verified_or_refused(process)
        process.attribution = clean_attribution(
            process.attribution_basis, process.attribution, site
        )
        check_site_shares(process, site)
        _apply(process, site)
        process.updated_at = timezone.now()
        process.save(update_fields=[*FIGURES, "updated_at"])
        audit_append(
            actor=actor,
            action="products.process.attribute",
            obj=process,
            before=before,
            after=snapshot(process, list(FIGURES)),
        )
    return process


def process_set_attribution(
    *,
    actor: Any,
    process: Process,
    basis: str,
    attribution: Mapping[str, Any] | None,
    electricity_factor: float | None = None,
    electricity_factor_source: str = "",
) -> Process:
    """Save how the process takes the site's verified emissions (all or nothing) and its
    figures; ``electricity_factor`` (kgCO2e/kWh) None: the national series."""
    if not permissions.can_manage_products(actor, process.organisation):
        raise PermissionDenied
    with transaction.atomic():
        process = Process.objects.select_for_update().select_related("site").get(pk=process.pk)
        before = snapshot(process, list(FIGURES))
        site = verified_or_refused(process)
        process.attribution_basis = basis
        process.attribution = clean_attribution(basis, attribution, site)
        if electricity_factor is not None:
            if not math.isfinite(electricity_factor) or electricity_factor < 0:
                raise ValidationError(
                    {"electricity_factor": _("The factor must be a number, zero or more.")},
                    code="invalid",
                )
            if not electricity_factor_source.strip():
                raise ValidationError(
                    {"electricity_factor_source": _("Name the source of the factor.")},
                    code="invalid",
                )
        process.electricity_factor = electricity_factor
        process.electricity_factor_source = electricity_factor_source.strip()
        check_site_shares(process, site)
        _apply(process, site)
        process.updated_at = timezone.now()
        process.save(update_fields=[*FIGURES, "updated_at"])
        audit_append(
            actor=actor,
            action="products.process.attribute",
            obj=process,
            before=before,
            after=snapshot(process, list(FIGURES)),
        )
    return process


__all__ = [
    "apply_attribution",
    "clean_attribution",
    "process_attribute",
    "process_set_attribution",
    "verified_or_refused",
]
