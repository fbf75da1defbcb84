"""The footprint, share and supply-chain pages on the products world: the supplier computes and
sees its figure with contributions that add up; the customer sees the shared footprint (read
logged) and, once the share is revoked, 404 (attempt logged); the supply chain says shared or
not; the pages in Chinese."""

from __future__ import annotations

import json
import re

import pytest

from greenledger.web.products.models import Footprint, FootprintRead, FootprintShare
from greenledger.web.products.services.shares import share_revoke
from tests.web.products.conftest import ProductsWorld
from tests.web.products.footprints_support import BILLET, BRACKET, YEAR, compute_both

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_manager_computes_and_the_page_shows_the_figure(products_world: ProductsWorld) -> None:
    pw = products_world
    client = pw.world.client("enterprise_a")
    page = client.get("/products/footprints/", **EN)
    assert page.status_code == 200 and 'id="compute-form"' in page.content.decode()
    done = client.post("/products/footprints/compute/", {"year": YEAR}, **EN)
    assert done.status_code == 302 and done["Location"].endswith(f"?year={YEAR}")
    billet = Footprint.objects.get(product=pw.billet)
    listing = client.get(done["Location"], **EN).content.decode()
    assert "0.7226 tCO2e/t" in listing
    detail = client.get(f"/products/footprints/{billet.pk}/", **EN)
    html = detail.content.decode()
    assert detail.status_code == 200
    assert re.search(r'id="footprint-value">0\.7226<', html)
    assert re.search(r'id="contributions-total">0\.722562<', html)
    assert "Electricity of 连铸" in html and "verified inventory 2025 version" in html
    chart = json.loads(
        re.search(
            r'<script id="chart-contributions" type="application/json">(.*?)</script>', html
        ).group(1)  # type: ignore[union-attr]
    )
    assert sum(chart["data"][0]["x"]) == pytest.approx(BILLET, rel=1e-12)
    assert not FootprintRead.objects.exists()  # the supplier's own read is not a customer's


def test_a_refused_computation_names_the_process_and_product(
    products_world: ProductsWorld,
) -> None:
    pw = products_world  # the supplier has not computed the billet yet
    page = pw.world.client("enterprise_b").post(
        "/products/footprints/compute/", {"year": YEAR}, **EN
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'id="compute-errors"' in html
    assert "冲压" in html and "钢坯" in html
    assert not Footprint.objects.exists()


def test_the_customer_reads_the_shared_footprint_until_revoked(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    billet, bracket = compute_both(pw)
    customer = pw.world.client("enterprise_b")
    listing = customer.get("/products/footprints/", **EN).content.decode()
    assert 'id="footprints-shared"' in listing and "钢坯" in listing and "1.1702" in listing
    page = customer.get(f"/products/footprints/{billet.pk}/", **EN)
    assert page.status_code == 200
    [read] = FootprintRead.objects.all()
    assert (read.share, read.user, read.refused) == (pw.share, pw.manager_c, False)
    own = customer.get(f"/products/footprints/{bracket.pk}/", **EN).content.decode()
    assert f'href="/products/footprints/{billet.pk}/"' in own  # the supplier's input links
    # the supplier sees who read what, then revokes
    supplier = pw.world.client("enterprise_a")
    shares = supplier.get("/products/shares/", **EN).content.decode()
    assert f'id="read-{read.pk}"' in shares and pw.manager_c.get_username() in shares
    revoked = supplier.post(f"/products/shares/{pw.share.pk}/revoke/")
    assert revoked.status_code == 302
    assert customer.get(f"/products/footprints/{billet.pk}/").status_code == 404
    refused = FootprintRead.objects.get(refused=True)
    assert (refused.share, refused.user) == (pw.share, pw.manager_c)
    chain = customer.get("/products/supply-chain/", **EN).content.decode()
    assert 'data-shared="no"' in chain and "not shared" in chain
    assert BRACKET > BILLET


def test_a_footprint_not_shared_is_invisible(products_world: ProductsWorld) -> None:
    pw = products_world
    _billet, bracket = compute_both(pw)
    assert (
        pw.world.client("enterprise_a").get(f"/products/footprints/{bracket.pk}/").status_code
        == 404
    )
    assert (
        pw.world.client("secretariat").get(f"/products/footprints/{bracket.pk}/").status_code == 200
    )
    assert pw.world.client("analyst").get(f"/products/footprints/{bracket.pk}/").status_code == 403
    assert not FootprintRead.objects.exists()


def test_share_form_grants_and_refuses_on_the_field(products_world: ProductsWorld) -> None:
    pw = products_world
    client = pw.world.client("enterprise_b")
    form = client.get(f"/products/shares/new/?product={pw.bracket.pk}", **EN)
    assert form.status_code == 200
    refused = client.post(
        "/products/shares/new/",
        {"product": pw.bracket.pk, "customer": pw.supplier.pk, "purpose": ""},
        **EN,
    )
    assert refused.status_code == 200 and "Say what the customer uses" in refused.content.decode()
    done = client.post(
        "/products/shares/new/",
        {"product": pw.bracket.pk, "customer": pw.supplier.pk, "purpose": "年报"},
    )
    assert done.status_code == 302
    assert FootprintShare.objects.filter(product=pw.bracket, customer=pw.supplier).exists()
    # another enterprise's share is 404; the staff do not manage shares
    assert client.post(f"/products/shares/{pw.share.pk}/revoke/").status_code == 404
    assert pw.world.client("secretariat").get("/products/shares/").status_code == 403


def test_the_pages_speak_chinese(products_world: ProductsWorld) -> None:
    pw = products_world
    billet, _bracket = compute_both(pw)
    client = pw.world.client("enterprise_a")
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    page = client.get(f"/products/footprints/{billet.pk}/", **zh).content.decode()
    assert "贡献构成" in page and "连铸 的用电" in page and "工序直接排放" in page
    assert "供应链" in client.get("/products/supply-chain/", **zh).content.decode()
    assert "碳足迹共享" in client.get("/products/shares/", **zh).content.decode()
    refused = pw.world.client("enterprise_b")
    share_revoke(actor=pw.manager_s, share=pw.share)
    html = refused.post("/products/footprints/compute/", {"year": YEAR}, **zh).content.decode()
    assert "未向贵企业共享" in html
