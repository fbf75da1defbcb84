"""Consents as the finance pages and API take them: an enterprise's grant to a financial
institution, named by ids and an expiry date, turned into ``accounts.services.grant_create``.

The expiry is a calendar date in the district's time zone: the grant is in force through that
whole day and ends at the midnight that follows. A project named for due diligence must be one
of the enterprise's own financing projects; an institution must be a financial member (both are
refused by field otherwise, never created half-way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataSharing, SharingScope
from greenledger.web.finance.models import Project
from greenledger.web.members.models import Organisation, OrganisationKind

__all__ = ["consent_grant", "consent_revoke", "expiry_of", "institutions"]


def institutions() -> Any:
    """The financial institutions an enterprise may share with, by Chinese name."""
    return Organisation.objects.filter(kind=OrganisationKind.FINANCIAL).order_by("name_zh", "id")


def expiry_of(day: dt.date | None) -> dt.datetime | None:
    """The moment a grant valid through ``day`` (the district's time zone) ends."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def consent_grant(
    *,
    actor: Any,
    organisation: Organisation,
    institution_id: int,
    purpose: str,
    data: Iterable[str],
    expires_on: dt.date | None = None,
    project_id: int | None = None,
) -> DataSharing:
    """Grant ``institution_id`` access to ``data`` (SharingScope values) for ``purpose`` through
    ``expires_on`` (None: until revoked)."""
    chosen = set(data)
    errors: dict[str, Any] = {}
    unknown = sorted(chosen - set(SharingScope.values))
    if unknown:
        errors["data"] = _("Unknown data: %(names)s.") % {"names": ", ".join(unknown)}
    institution = institutions().filter(pk=institution_id).first()
    if institution is None:
        errors["institution"] = _("There is no financial institution with this id.")
    project = None
    if project_id is not None:
        project = Project.objects.filter(pk=project_id, organisation=organisation).first()
        if project is None:
            errors["project"] = _("The project is not one of this enterprise's projects.")
    if errors:
        raise ValidationError(errors, code="invalid")
    assert institution is not None
    try:
        return accounts.grant_create(
            actor=actor,
            organisation=organisation,
            institution=institution,
            purpose=purpose,
            expires_at=expiry_of(expires_on),
            project=project,
            **{scope: scope in chosen for scope in SharingScope.values},
        )
    except ValidationError as error:  # the expiry is given here as a date: name it so
        renamed = {
            ("expires_on" if field == "expires_at" else field): reasons
            for field, reasons in error.message_dict.items()
        }
        raise ValidationError(renamed, code="invalid") from None


def consent_revoke(*, actor: Any, grant: DataSharing) -> DataSharing:
    """End the grant now (``accounts.services.grant_revoke``)."""
    return accounts.grant_revoke(actor=actor, grant=grant)
