"""The product-footprint story in a real browser, on the demo district (products/demo.py):

1. the demo enterprise's manager (``manager``) keeps a product of its own, an equipment frame
   (设备机架) made at its factory with 5 of the site's 100 working days of its verified 2025
   emissions; its footprint (computed before the browser opens) is only its own emissions;
2. the billet maker (``prod_supplier``) shares its steel billet's footprint with the manager's
   enterprise on the share form;
3. the manager links the shared billet into the frame's process (1.2 t of billet per t of frame)
   and computes its footprints again: the frame's new version is its own figure plus
   1.2 x the billet's footprint (worked out here from the stored figures), on the footprint page;
4. the bracket maker (``prod_customer``) downloads its verified 2025 CBAM communication as XLSX:
   the bracket's SEE direct and indirect in Summary_Products are those worked out by hand from
   its process, the billet's and the verified inventories' electricity factors:
   SEE = (own + 1.05 t x 4,000 t x the billet's SEE) / 4,000 t.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.members.demo import DEMO_PASSWORD
from greenledger.web.products import demo as products_demo
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e

FRAME = "设备机架（浏览器）"
FRAME_OUTPUT_T = 500.0
FRAME_KEY = {"key": "working days", "value": 5.0, "of": 100.0}
BILLET_PER_FRAME = 1.2


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def number(text: str) -> float:
    return float(text.replace(",", "").strip())


def test_a_shared_billet_changes_the_customers_footprint_and_cbam_xlsx_has_the_see(
    page: Any, demo: None
) -> None:
    from openpyxl import load_workbook

    from greenledger.web.accounts.models import User
    from greenledger.web.members.models import Site, SiteKind
    from greenledger.web.products.models import (
        AttributionBasis,
        CbamReport,
        Footprint,
        FootprintShare,
        FootprintStatus,
        Process,
        Product,
    )
    from greenledger.web.products.selectors.attribution import verified_site_inventory
    from greenledger.web.products.services.catalogue import process_save, product_create
    from greenledger.web.products.services.footprints import footprint_compute

    manager = User.objects.get(username="manager")
    supplier = User.objects.get(username="prod_supplier")
    assert manager.organisation is not None and supplier.organisation is not None
    site = (
        Site.objects.filter(organisation=manager.organisation, kind=SiteKind.FACTORY)
        .order_by("pk")
        .first()
    )
    assert site is not None and verified_site_inventory(site=site, year=2025) is not None
    billet = Product.objects.get(name=products_demo.BILLET["name"])
    billet_fp = Footprint.objects.get(product=billet, status=FootprintStatus.CURRENT)

    # -- 1. the manager's frame, its own emissions only (by the services, as its editor would)
    frame = product_create(
        actor=manager, site=site, name=FRAME, name_en="equipment frame", unit="t"
    )
    process = process_save(
        actor=manager, product=frame, year=2025, name="焊接（浏览器）",
        annual_output=FRAME_OUTPUT_T, attribution_basis=AttributionBasis.STATED,
        attribution=FRAME_KEY,
    )  # fmt: skip
    (before,) = footprint_compute(actor=manager, organisation=manager.organisation, year=2025)
    own = (
        process.direct_tco2e + process.electricity_mwh * (process.electricity_factor or 0.0)
    ) / FRAME_OUTPUT_T
    assert before.tco2e_per_unit == pytest.approx(own, rel=1e-9)

    # -- 2. the supplier shares the billet's footprint with the manager's enterprise
    sign_in(page, "prod_supplier")
    page.goto("/products/shares/new/")
    page.wait_for_selector("#share-form")
    page.select_option("#share-form [name=product]", str(billet.pk))
    page.select_option("#share-form [name=customer]", str(manager.organisation_id))
    page.fill("#share-form [name=purpose]", "设备机架的产品碳足迹（浏览器）")
    page.click("#share-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/products/shares/$"))
    share = FootprintShare.objects.get(product=billet, customer=manager.organisation)
    assert share.revoked_at is None

    # -- 3. the manager links the shared billet into the frame's process and computes again
    sign_in(page, "manager")
    page.goto(f"/products/processes/{process.pk}/")
    page.wait_for_selector("#process-form")
    page.select_option("#process-form [name=input-0-source]", f"supplier:{billet.pk}")
    page.fill("#process-form [name=input-0-amount]", str(BILLET_PER_FRAME))
    page.click("#process-form button[type=submit]")
    page.wait_for_selector("#process-inputs")
    assert Process.objects.get(pk=process.pk).inputs.count() == 1
    page.goto("/products/footprints/")
    page.select_option("#id_compute_year", "2025")
    page.click("#compute-form button[type=submit]")
    page.wait_for_selector(f"#footprint-row-{frame.pk}")
    after = Footprint.objects.get(product=frame, status=FootprintStatus.CURRENT)
    expected = own + BILLET_PER_FRAME * billet_fp.tco2e_per_unit
    assert after.version == 2 and after.tco2e_per_unit == pytest.approx(expected, rel=1e-9)
    page.goto(f"/products/footprints/{after.pk}/")
    shown = number(page.locator("#footprint-value").inner_text())
    assert shown == pytest.approx(expected, abs=5e-5)
    assert number(page.locator("#contributions-total").inner_text()) == pytest.approx(
        expected, abs=5e-7
    )
    assert billet.name in page.locator("#contributions").inner_text()
    screenshot(page, "products-footprint")

    # -- 4. the bracket maker downloads its verified CBAM communication as XLSX
    customer_site = products_demo.story_sites()["prod_customer"]  # type: ignore[index]
    report = CbamReport.objects.get(installation__site=customer_site, period="2025")
    billet_process = Process.objects.get(product=billet, year=2025)
    bracket_process = Process.objects.get(product__name=products_demo.BRACKET["name"], year=2025)

    def electricity_ef(who: str) -> float:
        sites = products_demo.story_sites()
        assert sites is not None
        found = verified_site_inventory(site=sites[who], year=2025)
        assert found is not None
        (stream,) = [s for s in found.streams if s.electricity]
        return stream.co2e_t / stream.quantity

    out_b, out_k = products_demo.BILLET_OUTPUT_T, products_demo.BRACKET_OUTPUT_T
    billet_direct = billet_process.direct_tco2e / out_b
    billet_indirect = billet_process.electricity_mwh * electricity_ef("prod_supplier") / out_b
    mass = products_demo.BILLET_PER_BRACKET * out_k
    see_direct = (bracket_process.direct_tco2e + mass * billet_direct) / out_k
    see_indirect = (
        bracket_process.electricity_mwh * electricity_ef("prod_customer") + mass * billet_indirect
    ) / out_k

    sign_in(page, "prod_customer")
    page.goto(f"/products/cbam/reports/{report.pk}/")
    shown_direct = number(page.locator("#cbam-goods td.see-direct").first.inner_text())
    shown_indirect = number(page.locator("#cbam-goods td.see-indirect").first.inner_text())
    assert (shown_direct, shown_indirect) == (
        pytest.approx(see_direct, abs=5e-7),
        pytest.approx(see_indirect, abs=5e-7),
    )
    screenshot(page, "products-cbam-report")
    with page.expect_download() as info:
        page.click("#download-xlsx")
    data = Path(info.value.path()).read_bytes()
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [r for r in book["Summary_Products"].iter_rows(values_only=True) if r[0] == "73089098"]
    assert len(rows) == 1
    assert rows[0][5] == pytest.approx(see_direct, rel=1e-9)
    assert rows[0][6] == pytest.approx(see_indirect, rel=1e-9)
    assert rows[0][7] == pytest.approx(see_direct + see_indirect, rel=1e-9)
