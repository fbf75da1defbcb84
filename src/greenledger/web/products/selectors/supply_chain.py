"""Who supplies whom: every process input that links to a product (another enterprise's shared
footprint, or the enterprise's own product), with whether the supplier's share with the
customer is in force now.

An enterprise's users see the links where their enterprise is the customer or the supplier; the
staff see the district's. Others see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from greenledger.web.accounts import permissions
from greenledger.web.products.models import InputKind, ProcessInput

__all__ = ["Link", "supply_chain"]


@dataclass(frozen=True)
class Link:
    supplier_id: int
    supplier: str
    product_id: int
    product: str
    unit: str
    customer_id: int
    customer: str
    process_id: int
    process: str
    customer_product: str
    year: int
    amount: float  # per unit of the customer's product
    own: bool  # an enterprise's own product into its own process
    shared: bool  # a supplier's share with the customer in force now (True for own products)


def supply_chain(user: Any, *, year: int | None = None) -> list[Link]:
    inputs = ProcessInput.objects.filter(
        kind__in=[InputKind.OWN, InputKind.SUPPLIER]
    ).select_related(
        "process",
        "process__organisation",
        "process__product",
        "own_product",
        "own_product__organisation",
        "supplier_product",
        "supplier_product__organisation",
    )
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        pass
    elif role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None:
        org = user.organisation_id
        inputs = inputs.filter(
            Q(process__organisation_id=org) | Q(supplier_product__organisation_id=org)
        )
    else:
        return []
    if year is not None:
        inputs = inputs.filter(process__year=year)
    in_force: dict[int, set[int]] = {}
    links = []
    for item in inputs.order_by("process__year", "process__organisation_id", "process_id", "id"):
        product = item.own_product if item.kind == InputKind.OWN else item.supplier_product
        if product is None:
            continue
        process = item.process
        own = item.kind == InputKind.OWN
        customer = process.organisation_id
        if not own and customer not in in_force:
            in_force[customer] = set(
                permissions.active_footprint_shares(customer).values_list("product_id", flat=True)
            )
        links.append(
            Link(
                supplier_id=product.organisation_id,
                supplier=product.organisation.name_zh,
                product_id=product.pk,
                product=product.name,
                unit=product.unit,
                customer_id=customer,
                customer=process.organisation.name_zh,
                process_id=process.pk,
                process=process.name,
                customer_product=process.product.name,
                year=process.year,
                amount=item.amount,
                own=own,
                shared=own or product.pk in in_force[customer],
            )
        )
    return links
