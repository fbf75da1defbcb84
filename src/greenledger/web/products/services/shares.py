"""A supplier's consent that a named customer may read a product's footprint, and the log of
the customer's reads.

``share_grant``: the enterprise's manager shares one of its products' footprints (every version
while in force) with a member customer or an outside customer's PACT client, for a purpose,
until ``expires_at`` (None: until revoked). ``share_revoke`` ends it now: the customer's next
read answers 404 and is logged as refused. Both audited.

``footprint_read_log`` records a member customer's read of a footprint through the share in
force (``FootprintRead``); ``footprint_read_refused`` records an attempt after every share of
the product with the customer ended (``refused=True`` on the share that ended last). A read by
the supplier itself or by the staff is not a read through a share and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation, OrganisationKind
from greenledger.web.products.models import (
    Footprint,
    FootprintNotice,
    FootprintRead,
    FootprintShare,
    PactClient,
    Product,
)

__all__ = [
    "customers",
    "footprint_read_log",
    "footprint_read_refused",
    "notice_mark_read",
    "share_grant",
    "share_revoke",
]


def customers(organisation: Organisation | int) -> Any:
    """The member enterprises a supplier may share with (active members but itself)."""
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE, membership__status="active")
        .exclude(pk=pk)
        .order_by("name_zh", "id")
    )


def share_grant(
    *,
    actor: Any,
    product: Product,
    customer: Organisation | None = None,
    client: PactClient | None = None,
    purpose: str,
    expires_at: dt.datetime | None = None,
) -> FootprintShare:
    """Share ``product``'s footprint with ``customer`` (a member) or ``client`` (an outside
    customer's PACT client): exactly one of the two."""
    if actor is not None and not permissions.can_manage_products(actor, product.organisation):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if (customer is None) == (client is None):
        errors["customer"] = _("Name one customer: a member enterprise or a PACT client.")
    elif customer is not None:
        if customer.pk == product.organisation_id:
            errors["customer"] = _("An enterprise does not share with itself.")
        elif not customers(product.organisation_id).filter(pk=customer.pk).exists():
            errors["customer"] = _("The customer must be a member enterprise of the district.")
    elif client is not None:
        if client.organisation_id != product.organisation_id:
            errors["client"] = _("The PACT client is not one of this enterprise's.")
        elif client.revoked_at is not None:
            errors["client"] = _("The PACT client is revoked.")
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = _("Say what the customer uses the footprint for.")
    elif len(purpose) > 200:
        errors["purpose"] = _("At most 200 characters.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors, code="invalid")
    with transaction.atomic():
        share = FootprintShare.objects.create(
            product=product,
            customer=customer,
            client=client,
            purpose=purpose,
            granted_by=actor,
            granted_at=timezone.now(),
            expires_at=expires_at,
        )
        audit_append(actor=actor, action="products.share.grant", obj=share, after=snapshot(share))
    return share


def share_revoke(*, actor: Any, share: FootprintShare) -> FootprintShare:
    """End the share now (revoking twice changes nothing)."""
    if actor is not None and not permissions.can_manage_products(actor, share.product.organisation):
        raise PermissionDenied
    with transaction.atomic():
        share = FootprintShare.objects.select_for_update().get(pk=share.pk)
        if share.revoked_at is not None:
            return share
        before = snapshot(share)
        share.revoked_at = timezone.now()
        share.revoked_by = actor if getattr(actor, "pk", None) is not None else None
        share.save(update_fields=["revoked_at", "revoked_by"])
        audit_append(
            actor=actor,
            action="products.share.revoke",
            obj=share,
            before=before,
            after=snapshot(share),
        )
    return share


def _customer_of(user: Any, product: Product) -> int | None:
    """The member organisation a read by ``user`` would be through, or None (own or staff)."""
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        return None
    if user.organisation_id == product.organisation_id:
        return None
    return int(user.organisation_id)


def footprint_read_log(*, user: Any, footprint: Footprint, path: str = "") -> FootprintRead | None:
    """Log a member customer's read of ``footprint`` through its share in force."""
    customer = _customer_of(user, footprint.product)
    if customer is None:
        return None
    share = (
        permissions.active_footprint_shares(customer)
        .filter(product_id=footprint.product_id)
        .order_by("id")
        .first()
    )
    if share is None:
        return None
    return FootprintRead.objects.create(
        share=share, footprint=footprint, user=user, path=path[:500], at=timezone.now()
    )


def _end(share: FootprintShare) -> dt.datetime:
    ends = [t for t in (share.revoked_at, share.expires_at) if t is not None]
    return min(ends)


def footprint_read_refused(
    *, user: Any, footprint: Footprint, path: str = ""
) -> FootprintRead | None:
    """Log a member customer's refused attempt on ``footprint`` after its share(s) ended."""
    customer = _customer_of(user, footprint.product)
    if customer is None:
        return None
    if permissions.active_footprint_shares(customer).filter(product_id=footprint.product_id):
        return None
    now = timezone.now()
    over = FootprintShare.objects.filter(
        product_id=footprint.product_id, customer_id=customer
    ).filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
    ended = max(over, key=lambda s: (_end(s), s.pk), default=None)
    if ended is None:
        return None
    return FootprintRead.objects.create(
        share=ended, footprint=footprint, user=user, path=path[:500], refused=True, at=now
    )


def notice_mark_read(*, actor: Any, notice: FootprintNotice) -> FootprintNotice:
    """The customer has seen the notice of a new version."""
    if (
        not permissions.is_enterprise_user(actor)
        or notice.share.customer_id != actor.organisation_id
    ):
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
