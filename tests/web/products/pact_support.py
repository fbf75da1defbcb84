"""PACT test data on the products world: an outside customer's client, a share, footprints.

The supplier S (company A) shares its billet's footprint with an outside customer through the
PACT client "Outside Importer GmbH". The billet has two footprint versions of 2025: version 1
(0.7 tCO2e/t, superseded) and version 2, the current one, worked out by hand from the products
world: direct 2,604.0205485 tCO2e + 8,000 MWh x 0.5777 tCO2e/MWh (the national electricity
carbon-footprint factor, 2024 value) = 7,225.6205485 tCO2e over 10,000 t = 0.72256205485
tCO2e/t, i.e. 0.722562 kgCO2e per kilogram at six significant digits; biogenic 0; primary-data
share 36.04 % (the direct 2,604.0205485 of 7,225.6205485).

The supplier's statements for PACT (what the platform does not compute): fossil carbon content
2 gC/kg (0.002 kgC/kg), no biogenic carbon, no land-use emissions, biogenic withdrawal 0,
methodology ISO, and the PACT data-quality ratings.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from greenledger.web.products.models import (
    Footprint,
    FootprintShare,
    FootprintStatus,
    PactClient,
    Product,
)
from greenledger.web.products.services.pact import pact_client_create
from tests.web.products.conftest import ProductsWorld

DIRECT_T = 2604.0205485
ELECTRICITY_T = 8000 * 0.5777
BILLET_T = 10_000.0
V2_PER_T = (DIRECT_T + ELECTRICITY_T) / BILLET_T  # 0.72256205485
STATEMENTS: dict[str, Any] = {
    "fossil_carbon_content": 0.002,
    "biogenic_carbon_content": 0,
    "biogenic_carbon_withdrawal": 0,
    "land_use": {
        "dLucGhgEmissions": 0,
        "landManagementGhgEmissions": 0,
        "otherBiogenicGhgEmissions": 0,
    },
    "biogenic_accounting_methodology": "ISO",
    "dqi": {
        "coveragePercent": 100,
        "technologicalDQR": 1.5,
        "temporalDQR": 1,
        "geographicalDQR": 1,
        "completenessDQR": 1.2,
        "reliabilityDQR": 1.4,
    },
}


@dataclass
class PactSetup:
    client: PactClient
    secret: str
    share: FootprintShare
    v1: Footprint
    v2: Footprint


def footprint(product: Product, version: int, per_unit: float, status: str, when: Any) -> Footprint:
    return Footprint.objects.create(
        product=product,
        year=2025,
        version=version,
        status=status,
        tco2e_per_unit=per_unit,
        biogenic_tco2e_per_unit=0.0,
        primary_data_share=DIRECT_T / (DIRECT_T + ELECTRICITY_T),
        dqi=2.0,
        contributions={},
        provenance={},
        created_at=when,
    )


def pact_setup(pw: ProductsWorld, *, statements: bool = True) -> PactSetup:
    client, secret = pact_client_create(
        actor=pw.manager_s, organisation=pw.supplier, name="Outside Importer GmbH"
    )
    now = timezone.now()
    share = FootprintShare.objects.create(
        product=pw.billet,
        client=client,
        purpose="PACT exchange",
        granted_by=pw.manager_s,
        granted_at=now,
    )
    v1 = footprint(pw.billet, 1, 0.7, FootprintStatus.SUPERSEDED, now - dt.timedelta(days=2))
    v2 = footprint(pw.billet, 2, V2_PER_T, FootprintStatus.CURRENT, now - dt.timedelta(days=1))
    if statements:
        Product.objects.filter(pk=pw.billet.pk).update(pact_statements=STATEMENTS)
    return PactSetup(client, secret, share, v1, v2)


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_for(http: Client, setup: PactSetup) -> str:
    response = http.post(
        "/pact/auth/token",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic(setup.client.client_id, setup.secret),
    )
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token
