"""The demo district's product-footprint and CBAM story (products/demo.py), checked by hand
against the verified 2025 inventories it builds on: the billet's attribution and footprint,
the customer's bracket footprint from the shared billet, the CBAM SEEs of the billet (simple)
and of the bracket (complex, the supplier's billet as precursor), both reports verified by the
assigned evaluator, the shares (the customer and the outside importer's PACT client with the
documented demo credentials), the pages of both accounts, and a second load writing nothing.
The demo is loaded once for the module."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.demo import DemoReport
from greenledger.web.products import demo
from greenledger.web.products.models import (
    CbamReport,
    CbamStatus,
    Footprint,
    FootprintShare,
    FootprintStatus,
    PactClient,
    Process,
    Product,
)
from greenledger.web.products.selectors.attribution import (
    SiteInventory,
    site_attribution,
    verified_site_inventory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NATIONAL_ELECTRICITY_FOOTPRINT = 0.5777  # kgCO2e/kWh, 2024 series (MEE, NBS, NEA), the issue's


@pytest.fixture
def loaded(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def user(username: str) -> User:
    return User.objects.get(username=username)


def inventory(who: str) -> SiteInventory:
    sites = demo.story_sites()
    assert sites is not None
    found = verified_site_inventory(site=sites[who], year=demo.YEAR)
    assert found is not None
    return found


def split(found: SiteInventory) -> tuple[float, float, float]:
    """The site's non-electricity tCO2e, electricity MWh and electricity tCO2e."""
    direct = sum(s.co2e_t for s in found.streams if not s.electricity)
    mwh = sum(s.quantity for s in found.streams if s.electricity)
    electricity_t = sum(s.co2e_t for s in found.streams if s.electricity)
    return direct, mwh, electricity_t


def products() -> tuple[Product, Product]:
    return (
        Product.objects.get(name=demo.BILLET["name"]),
        Product.objects.get(name=demo.BRACKET["name"]),
    )


def current(product: Product) -> Footprint:
    return Footprint.objects.get(product=product, status=FootprintStatus.CURRENT)


def test_the_story_is_two_members_with_verified_inventories_and_their_own_accounts(
    loaded: None,
) -> None:
    supplier, customer = user("prod_supplier"), user("prod_customer")
    assert supplier.organisation is not None and customer.organisation is not None
    assert supplier.organisation.industry_code == demo.SUPPLIER_INDUSTRY
    assert customer.organisation.industry_code == demo.CUSTOMER_INDUSTRY
    billet, bracket = products()
    assert (billet.organisation_id, bracket.organisation_id) == (
        supplier.organisation_id,
        customer.organisation_id,
    )
    assert (billet.cn_code, bracket.cn_code) == ("72071114", "73089098")


def test_billet_attribution_adds_up_to_the_verified_inventory_and_its_footprint_by_hand(
    loaded: None,
) -> None:
    billet, _bracket = products()
    process = Process.objects.get(product=billet, year=demo.YEAR)
    found = inventory("prod_supplier")
    direct, mwh, electricity_t = split(found)
    assert process.direct_tco2e == pytest.approx(direct, rel=1e-12)
    assert process.electricity_mwh == pytest.approx(0.9 * mwh, rel=1e-12)
    # the unattributed remainder is the 10 % of electricity, and the two add up to the site
    attribution = site_attribution(site=process.site, year=demo.YEAR)
    assert attribution is not None
    assert attribution.remainder_t == pytest.approx(0.1 * electricity_t, rel=1e-9)
    assert attribution.attributed_t + attribution.remainder_t == pytest.approx(
        found.total_co2e_t, rel=1e-12
    )
    assert process.electricity_factor == NATIONAL_ELECTRICITY_FOOTPRINT
    footprint = current(billet)
    expected = (direct + 0.9 * mwh * NATIONAL_ELECTRICITY_FOOTPRINT) / demo.BILLET_OUTPUT_T
    assert footprint.tco2e_per_unit == pytest.approx(expected, rel=1e-9)
    assert footprint.version == 1 and footprint.year == demo.YEAR
    assert 1.0 < footprint.tco2e_per_unit < 4.0  # a plausible steel billet


def test_the_bracket_takes_the_shared_billet_footprint(loaded: None) -> None:
    billet, bracket = products()
    process = Process.objects.get(product=bracket, year=demo.YEAR)
    direct, mwh, _t = split(inventory("prod_customer"))
    assert process.direct_tco2e == pytest.approx(0.6 * direct, rel=1e-12)
    assert process.electricity_mwh == pytest.approx(0.6 * mwh, rel=1e-12)
    own = (0.6 * direct + 0.6 * mwh * NATIONAL_ELECTRICITY_FOOTPRINT) / demo.BRACKET_OUTPUT_T
    expected = own + demo.BILLET_PER_BRACKET * current(billet).tco2e_per_unit
    footprint = current(bracket)
    assert footprint.tco2e_per_unit == pytest.approx(expected, rel=1e-9)
    supplier_rows = [i for i in footprint.contributions["inputs"] if i["kind"] == "supplier"]
    assert [(i["product_id"], i["version"]) for i in supplier_rows] == [(billet.pk, 1)]
    assert supplier_rows[0]["tco2e_per_unit"] == pytest.approx(
        demo.BILLET_PER_BRACKET * current(billet).tco2e_per_unit, rel=1e-12
    )


def test_shares_with_the_customer_and_the_outside_importer(loaded: None) -> None:
    billet, bracket = products()
    customer = user("prod_customer")
    shares = FootprintShare.objects.filter(product=billet, revoked_at__isnull=True)
    assert shares.filter(customer_id=customer.organisation_id).count() == 1
    client = PactClient.objects.get(client_id=demo.DEMO_PACT_CLIENT_ID)
    assert client.name == demo.PACT_CUSTOMER and client.revoked_at is None
    assert shares.filter(client=client).count() == 1
    visible = permissions.visible_footprint_products(customer)
    assert visible.filter(pk=billet.pk).exists()
    # the bracket is not shared: the supplier does not see it
    assert (
        not permissions.visible_footprint_products(user("prod_supplier"))
        .filter(pk=bracket.pk)
        .exists()
    )


def test_the_documented_pact_secret_gets_a_token(loaded: None) -> None:
    from greenledger.web.products.services import pact

    token, issued = pact.pact_token_issue(
        client_id=demo.DEMO_PACT_CLIENT_ID, secret=demo.demo_pact_secret()
    )
    assert issued.client.client_id == demo.DEMO_PACT_CLIENT_ID
    assert pact.pact_token_client(token).pk == issued.client.pk


def test_the_outside_importer_reads_the_billet_through_the_pact_api(loaded: None) -> None:
    import base64

    billet, _bracket = products()
    browser = Client()
    basic = f"{demo.DEMO_PACT_CLIENT_ID}:{demo.demo_pact_secret()}".encode()
    answer = browser.post(
        "/pact/auth/token",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(basic).decode(),
    )
    assert answer.status_code == 200, answer.content
    token = answer.json()["access_token"]
    listed = browser.get("/pact/2/footprints", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert listed.status_code == 200, listed.content
    (served,) = listed.json()["data"]
    footprint = current(billet)
    assert served["id"] == str(footprint.pact_id)
    assert served["productCategoryCpc"] == "41231"
    # tCO2e per t = kgCO2e per kg, to the significant digits PACT is given
    assert float(served["pcf"]["pCfExcludingBiogenic"]) == pytest.approx(
        footprint.tco2e_per_unit, rel=1e-4
    )


def test_cbam_reports_verified_with_the_sees_by_hand(loaded: None) -> None:
    billet, bracket = products()
    billet_process = Process.objects.get(product=billet, year=demo.YEAR)
    bracket_process = Process.objects.get(product=bracket, year=demo.YEAR)
    supplier = CbamReport.objects.get(installation__site=billet_process.site, period="2025")
    customer = CbamReport.objects.get(installation__site=bracket_process.site, period="2025")
    for report in (supplier, customer):
        assert report.status == CbamStatus.VERIFIED
        assert report.verified_by is not None
        assert permissions.can_verify_cbam(report.verified_by, report)
    # the electricity factor: the verified inventory's (tCO2 / MWh of purchased electricity)
    _d, s_mwh, s_t = split(inventory("prod_supplier"))
    _d, c_mwh, c_t = split(inventory("prod_customer"))
    s_ef, c_ef = s_t / s_mwh, c_t / c_mwh
    assert supplier.inputs["electricity_ef_tco2_per_mwh"] == pytest.approx(s_ef, rel=1e-12)
    (good,) = supplier.result["goods"]
    billet_direct = billet_process.direct_tco2e / demo.BILLET_OUTPUT_T
    billet_indirect = billet_process.electricity_mwh * s_ef / demo.BILLET_OUTPUT_T
    assert good["see_direct"] == pytest.approx(billet_direct, rel=1e-9)
    assert good["see_indirect"] == pytest.approx(billet_indirect, rel=1e-9)
    assert good["precursors"] == [] and not good["uses_defaults"]
    # complex good: (own + 1.05 t x 4,000 t x the billet's SEE) / 4,000 t
    (good,) = customer.result["goods"]
    mass = demo.BILLET_PER_BRACKET * demo.BRACKET_OUTPUT_T
    direct = (bracket_process.direct_tco2e + mass * billet_direct) / demo.BRACKET_OUTPUT_T
    indirect = (
        bracket_process.electricity_mwh * c_ef + mass * billet_indirect
    ) / demo.BRACKET_OUTPUT_T
    assert good["see_direct"] == pytest.approx(direct, rel=1e-9)
    assert good["see_indirect"] == pytest.approx(indirect, rel=1e-9)
    (precursor,) = good["precursors"]
    assert precursor["source"] == "supplier" and precursor["mass_t"] == pytest.approx(mass)


def test_a_second_load_writes_nothing(loaded: None) -> None:
    before = AuditEntry.objects.count()
    report = DemoReport()
    demo.load(report=report)
    assert report.created == {}
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("prod_supplier", "/products/catalogue/"),
        ("prod_customer", "/products/catalogue/"),
        ("prod_supplier", "/products/cbam/"),
        ("prod_customer", "/products/cbam/"),
        ("prod_customer", "/products/footprints/"),
        ("prod_supplier", "/products/shares/"),
        ("prod_customer", "/products/supply-chain/"),
    ],
)
def test_the_story_pages_answer_with_content(loaded: None, username: str, path: str) -> None:
    browser = Client()
    browser.force_login(user(username))
    response = browser.get(path)
    assert response.status_code == 200
    assert "演示" in response.content.decode() or "(demo)" in response.content.decode()
