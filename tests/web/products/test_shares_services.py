"""share_grant / share_revoke and the log of a member customer's reads (products world: S
shares the billet with C, in force)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import FootprintRead, FootprintShare
from greenledger.web.products.services.shares import (
    footprint_read_log,
    footprint_read_refused,
    share_grant,
    share_revoke,
)
from tests.web.products.conftest import ProductsWorld
from tests.web.products.footprints_support import compute_both


def test_grant_to_a_member_customer_is_audited(products_world: ProductsWorld) -> None:
    pw = products_world
    expires = timezone.now() + dt.timedelta(days=30)
    share = share_grant(
        actor=pw.manager_c, product=pw.bracket, customer=pw.supplier, purpose="年度报告",
        expires_at=expires,
    )  # fmt: skip
    assert (share.customer, share.client, share.expires_at) == (pw.supplier, None, expires)
    assert AuditEntry.objects.filter(
        action="products.share.grant", object_id=str(share.pk)
    ).exists()
    assert pw.bracket.pk in permissions.visible_footprint_products(pw.manager_s).values_list(
        "pk", flat=True
    )


def test_grant_refusals_name_the_field(products_world: ProductsWorld) -> None:
    pw = products_world
    cases = [
        ({"customer": pw.outside, "purpose": "x"}, "customer"),  # not a member
        ({"customer": pw.supplier, "purpose": "x"}, "customer"),  # itself
        ({"purpose": "x"}, "customer"),  # nobody named
        ({"customer": pw.customer, "purpose": "  "}, "purpose"),
        (
            {
                "customer": pw.customer,
                "purpose": "x",
                "expires_at": timezone.now() - dt.timedelta(seconds=1),
            },
            "expires_at",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as caught:
            share_grant(actor=pw.manager_s, product=pw.billet, **kwargs)  # type: ignore[arg-type]
        assert field in caught.value.message_dict, kwargs
    with pytest.raises(PermissionDenied):
        share_grant(actor=pw.manager_c, product=pw.billet, customer=pw.customer, purpose="x")


def test_reads_are_logged_and_refused_after_revocation(products_world: ProductsWorld) -> None:
    pw = products_world
    billet, _bracket = compute_both(pw)
    read = footprint_read_log(user=pw.manager_c, footprint=billet, path="/x")
    assert read is not None and (read.share, read.refused) == (pw.share, False)
    assert footprint_read_log(user=pw.manager_s, footprint=billet) is None  # the supplier's own
    assert footprint_read_log(user=pw.staff, footprint=billet) is None
    assert footprint_read_refused(user=pw.manager_c, footprint=billet) is None  # still in force
    share_revoke(actor=pw.manager_s, share=pw.share)
    assert not permissions.active_footprint_shares(pw.customer.pk).exists()
    assert footprint_read_log(user=pw.manager_c, footprint=billet) is None
    refused = footprint_read_refused(user=pw.manager_c, footprint=billet, path="/y")
    assert refused is not None and (refused.share_id, refused.refused) == (pw.share.pk, True)
    assert FootprintRead.objects.filter(share=pw.share).count() == 2
    # a user of no customer writes nothing
    assert footprint_read_refused(user=pw.world.users["analyst"], footprint=billet) is None


def test_revoke_once_only_by_the_supplier(products_world: ProductsWorld) -> None:
    pw = products_world
    with pytest.raises(PermissionDenied):
        share_revoke(actor=pw.manager_c, share=pw.share)
    share = share_revoke(actor=pw.manager_s, share=pw.share)
    assert share.revoked_at is not None and share.revoked_by == pw.manager_s
    again = share_revoke(actor=pw.manager_s, share=share)
    assert again.revoked_at == share.revoked_at
    assert AuditEntry.objects.filter(action="products.share.revoke").count() == 1
    assert FootprintShare.objects.get(pk=share.pk).revoked_at is not None
