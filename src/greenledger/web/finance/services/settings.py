"""Screening values for the catalogue thresholds the catalogues do not publish.

The secretariat (or a district administrator) sets a value for a configurable threshold of a
finance catalogue (``FinanceCatalogue.configured``: an unpublished entry value, an advanced
value, the borderline margin), with the document and clause it was read from; or clears it.
Rows of ``CatalogueSetting`` are append-only: the newest row per (catalogue, path) is in
force, a null value clears it (the deployment's ``settings.FINANCE_CATALOGUE_SETTINGS`` value,
if any, then applies again). ``services.eligibility.catalogue`` applies them, and each
eligibility check records the newest row id it applied (the settings version).
"""

from __future__ import annotations

import math
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.finance.catalogue import (
    CatalogueNotFound,
    FinanceCatalogue,
    Limit,
    NotConfigurable,
    available_catalogues,
    load_finance_catalogue,
)
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.finance.models import CatalogueSetting
from greenledger.web.reporting.services._common import invalid, require
from greenledger.web.ui.core_messages import render

__all__ = [
    "can_manage_settings",
    "catalogue_setting_set",
    "settings_in_force",
    "settings_version",
]

SOURCE_NOTE_MAX = 500


def can_manage_settings(user: Any) -> bool:
    """The registry staff (secretariat, district administrators) set screening values."""
    return permissions.is_registry_staff(user)


def settings_in_force(key: str) -> dict[str, CatalogueSetting]:
    """The newest row per threshold path of catalogue ``key`` that holds a value (a cleared
    threshold is absent)."""
    newest = (
        CatalogueSetting.objects.filter(catalogue=key)
        .values("path")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    rows = CatalogueSetting.objects.filter(pk__in=list(newest)).select_related("set_by")
    return {row.path: row for row in rows if row.value is not None}


def settings_version(key: str) -> int | None:
    """The id of the newest setting row of catalogue ``key`` (set or cleared), or None."""
    found = CatalogueSetting.objects.filter(catalogue=key).aggregate(last=Max("id"))["last"]
    return int(found) if found is not None else None


def _limit(rules: FinanceCatalogue, path: str) -> Limit | None:
    return next((limit for limit in rules.limits() if limit.path == path), None)


def _partner(path: str) -> str | None:
    """The entry value of an advanced value's criterion, or the advanced of an entry value."""
    if path.endswith(".advanced"):
        return path.removesuffix(".advanced") + ".threshold"
    if path.endswith(".threshold"):
        return path.removesuffix(".threshold") + ".advanced"
    return None


def _check_value(rules: FinanceCatalogue, limit: Limit, value: float, in_force: Any) -> None:
    if not math.isfinite(value) or value < 0:
        raise invalid("value", _("The value must be a number of 0 or more."))
    if limit.path == "margin" and value >= 1:
        raise invalid(
            "value", _("The margin is a fraction of the threshold (e.g. 0.05 for 5 %), below 1.")
        )
    partner_path = _partner(limit.path)
    partner = _limit(rules, partner_path) if partner_path else None
    if partner is None:
        return
    other = in_force(partner.path)
    if other is None:
        return
    advanced, entry = (value, other) if limit.path.endswith(".advanced") else (other, value)
    looser = advanced > entry if limit.limit == "max" else advanced < entry
    if looser:
        raise invalid(
            "value",
            _(
                "The advanced value (%(advanced)s) may not be looser than the entry value "
                "(%(entry)s)."
            )
            % {"advanced": f"{advanced:g}", "entry": f"{entry:g}"},
        )


@transaction.atomic
def catalogue_setting_set(
    *, actor: Any, catalogue: str, path: str, value: float | None, source_note: str
) -> CatalogueSetting:
    """Set (or, with ``value`` None, clear) the screening value of one configurable threshold
    of one catalogue; ``source_note`` names the document and clause the value was read from.
    An unknown catalogue, an unknown or fixed threshold, or a value looser than its partner
    (an advanced value looser than the entry value) is refused at its field."""
    require(
        can_manage_settings(actor),
        _("Only the secretariat and the district administrators set screening values."),
    )
    try:
        rules = load_finance_catalogue(catalogue)
    except CatalogueNotFound as error:
        raise invalid("catalogue", render(error.message)) from None
    note = (source_note or "").strip()
    if not note:
        raise invalid("source_note", _("Name the document and clause the value was read from."))
    if len(note) > SOURCE_NOTE_MAX:
        raise invalid(
            "source_note",
            _("At most %(n)s characters.") % {"n": SOURCE_NOTE_MAX},
        )
    limit = _limit(rules, path)
    try:
        # the core's own test: an unknown or fixed path is refused with the configurable ones
        rules.configured({path: 0.0 if value is None else float(value)})
    except NotConfigurable as error:
        raise invalid("path", render(error.message)) from None
    assert limit is not None
    if value is not None:
        from greenledger.web.finance.services.eligibility import values_in_force

        current = values_in_force(catalogue)
        _check_value(rules, limit, float(value), current.get)
    before = settings_in_force(catalogue).get(path)
    row = CatalogueSetting.objects.create(
        catalogue=catalogue,
        path=path,
        value=None if value is None else float(value),
        source_note=note,
        set_by=actor,
        set_at=timezone.now(),
    )
    audit_append(
        actor=actor,
        action="finance.setting.set",
        obj=row,
        before={"value": before.value, "source_note": before.source_note} if before else None,
        after={"catalogue": catalogue, "path": path, "value": row.value, "source_note": note},
    )
    return row


def catalogue_keys() -> tuple[str, ...]:
    return available_catalogues()
