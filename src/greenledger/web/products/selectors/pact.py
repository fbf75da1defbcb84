"""What the PACT API offers a client, as the spec's ProductFootprints (built by the core).

A client sees the footprints of the products shared with it while the share is in force
(not revoked, not expired): every version of such a product. Each of our footprint versions is
its own PACT footprint (its ``pact_id``): a newer version is a major change in the spec's
lifecycle, so the current one is served Active (version 1, ``precedingPfIds`` naming the
previous version's id) and a superseded one as its last version, Deprecated (version 2,
``updated`` when its successor was computed). The figures come from the stored ``Footprint``;
what the platform does not compute (carbon contents, land use, biogenic withdrawal and
accounting methodology, PACT's data-quality ratings) are the supplier's statements on the
product: a footprint missing one the spec makes mandatory is not offered, with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from greenledger.core.errors import InputError
from greenledger.core.products.pact import product_footprint, spec
from greenledger.web.products.models import (
    Footprint,
    FootprintRead,
    FootprintShare,
    FootprintStatus,
    PactClient,
    PactEvent,
    Product,
)

SIGNIFICANT_DIGITS = 6
BOUNDARY = (
    "Cradle-to-gate (ISO 14067, GB/T 24067-2024): the site's verified direct emissions "
    "attributed to the process, its electricity at the national electricity carbon-footprint "
    "factor (or the factor stated with its source), and its inputs per unit of output (the "
    "enterprise's own products, suppliers' shared footprints, background factors), solved "
    "together over the supply graph."
)


class NotOffered(Exception):
    """A footprint the API cannot serve as a conformant ProductFootprint, and why: ``reason``
    in the user's language (lazy), ``detail`` the core's findings (English, the spec's terms)."""

    def __init__(self, reason: Any, detail: str = "") -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Offer:
    """One footprint a client may read: the share allowing it, and its ProductFootprint (or
    ``reason`` why it cannot be served)."""

    footprint: Footprint
    share: FootprintShare
    document: dict[str, Any] | None
    reason: Any = ""  # lazy text in the user's language
    detail: str = ""  # the core's findings, in English

    def english(self) -> str:
        """Why the footprint is not served, in English (the API's messages)."""
        with translation.override("en"):
            reason = str(self.reason)
        return f"{reason} {self.detail}".strip()


def shares_in_force(client: PactClient) -> QuerySet[FootprintShare]:
    """The client's shares in force (not revoked, not expired)."""
    now = timezone.now()
    return FootprintShare.objects.filter(client=client, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def statements(product: Product) -> Mapping[str, Any]:
    """The supplier's PACT statements on ``product`` (empty until it makes them)."""
    value = product.pact_statements
    return value if isinstance(value, Mapping) else {}


def company_urn(domain: str, product: Product) -> str:
    return f"urn:pact:{domain}:company-id:{product.organisation.credit_code}"


def product_urn(domain: str, product: Product) -> str:
    return f"urn:pact:{domain}:product-id:{product.pk}"


def pact_document(footprint: Footprint, *, domain: str) -> dict[str, Any]:
    """``footprint`` as a ProductFootprint (NotOffered with the reason when it cannot be)."""
    product = footprint.product
    organisation = product.organisation
    said = statements(product)
    if not product.cpc_code:
        raise NotOffered(
            gettext_lazy("the product has no CPC code (productCategoryCpc is mandatory)")
        )
    if said.get("fossil_carbon_content") is None:
        raise NotOffered(
            gettext_lazy("the supplier has not stated the product's fossil carbon content")
        )
    if said.get("biogenic_carbon_content") is None:
        raise NotOffered(
            gettext_lazy("the supplier has not stated the product's biogenic carbon content")
        )
    siblings = {
        row.version: row
        for row in Footprint.objects.filter(
            product=product, version__in=(footprint.version - 1, footprint.version + 1)
        )
    }
    previous = siblings.get(footprint.version - 1)
    successor = siblings.get(footprint.version + 1)
    deprecated = footprint.status == FootprintStatus.SUPERSEDED
    arguments: dict[str, Any] = {
        "pf_id": str(footprint.pact_id),
        "version": 2 if deprecated else 1,
        "status": "Deprecated" if deprecated else "Active",
        "updated": successor.created_at if deprecated and successor is not None else None,
        "preceding_pf_ids": [str(previous.pact_id)] if previous is not None else (),
        "created": footprint.created_at,
        "company_name": organisation.name_en or organisation.name_zh,
        "company_ids": [company_urn(domain, product)],
        "product_ids": [product_urn(domain, product)],
        "product_name": product.name,
        "product_description": product.name_en or product.name,
        "cpc_code": product.cpc_code,
        "unit": product.unit,
        "tco2e_per_unit": footprint.tco2e_per_unit,
        "biogenic_tco2e_per_unit": footprint.biogenic_tco2e_per_unit,
        "reference_period_start": datetime(footprint.year, 1, 1, tzinfo=UTC),
        "reference_period_end": datetime(footprint.year + 1, 1, 1, tzinfo=UTC),
        "boundary_processes_description": BOUNDARY,
        "comment": f"GreenLedger footprint {footprint.pk}, version {footprint.version} "
        f"of {product.name_en or product.name}, reference year {footprint.year}",
        "geography_country": "CN",
        "significant_digits": SIGNIFICANT_DIGITS,
        "fossil_carbon_content_kgc_per_declared_unit": said["fossil_carbon_content"],
        "biogenic_carbon_content_kgc_per_declared_unit": said["biogenic_carbon_content"],
    }
    if footprint.primary_data_share is not None:
        arguments["primary_data_share_percent"] = footprint.primary_data_share * 100
    if said.get("biogenic_carbon_withdrawal") is not None:
        arguments["biogenic_carbon_withdrawal_kgco2e_per_declared_unit"] = said[
            "biogenic_carbon_withdrawal"
        ]
    if said.get("land_use"):
        arguments["land_use"] = dict(said["land_use"])
    if said.get("biogenic_accounting_methodology"):
        arguments["biogenic_accounting_methodology"] = said["biogenic_accounting_methodology"]
    if said.get("dqi"):
        arguments["dqi"] = dict(said["dqi"])
    try:
        return product_footprint(**arguments)
    except InputError as exc:
        reasons = "; ".join(problem.message.english() for problem in exc.problems)
        raise NotOffered(
            gettext_lazy("the footprint does not make a conformant PACT ProductFootprint:"),
            reasons or str(exc),
        ) from None


def _offer(footprint: Footprint, share: FootprintShare, domain: str) -> Offer:
    try:
        return Offer(footprint, share, pact_document(footprint, domain=domain))
    except NotOffered as exc:
        return Offer(footprint, share, None, exc.reason, exc.detail)


def client_offers(client: PactClient, *, domain: str) -> list[Offer]:
    """Every footprint the client may read, newest product footprint first within a product."""
    shares = {share.product_id: share for share in shares_in_force(client).order_by("granted_at")}
    footprints = (
        Footprint.objects.filter(product_id__in=shares)
        .select_related("product", "product__organisation")
        .order_by("product__name", "product_id", "-version")
    )
    return [_offer(footprint, shares[footprint.product_id], domain) for footprint in footprints]


@dataclass(frozen=True)
class Lookup:
    """GetFootprint's answer: the offer, or the ended share a refused read is logged on."""

    offer: Offer | None = None
    ended_share: FootprintShare | None = None
    footprint: Footprint | None = None


def client_footprint(client: PactClient, pf_id: str, *, domain: str) -> Lookup:
    """The footprint ``pf_id`` if shared with the client and in force; else what to log."""
    try:
        pf_id = str(uuid.UUID(pf_id))
    except ValueError:
        return Lookup()
    footprint = (
        Footprint.objects.select_related("product", "product__organisation")
        .filter(pact_id=pf_id)
        .first()
    )
    if footprint is None:
        return Lookup()
    share = shares_in_force(client).filter(product_id=footprint.product_id).first()
    if share is not None:
        return Lookup(offer=_offer(footprint, share, domain), footprint=footprint)
    ended = (
        FootprintShare.objects.filter(client=client, product_id=footprint.product_id)
        .order_by("-granted_at", "-id")
        .first()
    )
    return Lookup(ended_share=ended, footprint=footprint)


# --------------------------------------------------------------------------------------------
# The supplier's page


@dataclass(frozen=True)
class ClientRow:
    client: PactClient
    shares: list[FootprintShare]
    offers: list[Offer]
    reads: list[FootprintRead]
    events: list[PactEvent]


def organisation_clients(organisation_id: int, *, domain: str) -> list[ClientRow]:
    """The supplier's PACT clients with their shares, what each is offered, reads and events."""
    rows = []
    for client in PactClient.objects.filter(organisation_id=organisation_id).order_by(
        "revoked_at", "name", "id"
    ):
        rows.append(
            ClientRow(
                client=client,
                shares=list(FootprintShare.objects.filter(client=client).select_related("product")),
                offers=client_offers(client, domain=domain) if client.revoked_at is None else [],
                reads=list(
                    FootprintRead.objects.filter(share__client=client)
                    .select_related("footprint", "footprint__product")
                    .order_by("-at", "-id")[:50]
                ),
                events=list(client.events.order_by("-received_at", "-id")[:20]),
            )
        )
    return rows


def spec_version() -> str:
    return spec().version
