"""The product and process editor's pages and the products home."""

from __future__ import annotations

from django.urls import reverse

from greenledger.web.products.models import Process, Product
from tests.web.products.conftest import ProductsWorld


def test_home_links_by_role(products_world: ProductsWorld) -> None:
    world = products_world.world
    page = world.client("enterprise_a").get("/products/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="products-link-catalogue"' in text and 'id="nav-products"' in text
    assert 'id="count-products">1<' in text
    assert world.client("public").get("/products/").status_code == 403
    assert world.client("analyst").get("/products/").status_code == 403
    assert world.client("anonymous").get("/products/").status_code == 302
    evaluator = world.client("evaluator").get("/products/").content.decode()
    assert "products-link-catalogue" not in evaluator


def test_catalogue_lists_own_products_only(products_world: ProductsWorld) -> None:
    world = products_world.world
    text = world.client("enterprise_a").get(reverse("products:catalogue")).content.decode()
    assert "钢坯" in text and "钢支架" not in text and "连铸" in text
    # the site's 2025 verified emissions, what the processes take and the remainder
    site = products_world.site_s.pk
    row = f'id="split-{site}-2025"><td>甲工厂</td><td>2025</td><td class="num">7910.0205</td>'
    assert row + '<td class="num">6848.8205</td><td class="num">1061.2000</td></tr>' in text
    staff = world.client("secretariat")
    chosen = f"{reverse('products:catalogue')}?organisation={products_world.customer.pk}"
    text = staff.get(chosen).content.decode()
    assert "钢支架" in text and 'id="product-new"' not in text
    # another enterprise's product and process: 404; the staff read them
    other = world.client("enterprise_a")
    assert (
        other.get(reverse("products:product", args=[products_world.bracket.pk])).status_code == 404
    )
    url = reverse("products:process", args=[products_world.bracket_process.pk])
    assert other.get(url).status_code == 404
    assert staff.get(url).status_code == 200
    assert staff.post(url, {"action": "delete"}).status_code == 403


def test_product_new_saves_or_shows_field_errors(products_world: ProductsWorld) -> None:
    client = products_world.world.client("enterprise_a")
    url = reverse("products:product_new")
    site = products_world.site_s.pk
    refused = client.post(
        url, {"site": site, "name": "钢坯", "unit": "t", "cn_code": "72"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "already has a product of this name" in text and "8 digits" in text
    saved = client.post(url, {"site": site, "name": "钢板", "unit": "t", "cn_code": "7208 51 20"})
    created = Product.objects.get(name="钢板")
    assert saved.status_code == 302 and saved["Location"].endswith(f"/catalogue/{created.pk}/")
    assert created.cn_code == "72085120"
    assert products_world.world.client("enterprise_b").get(url).status_code == 200
    assert products_world.world.client("secretariat").get(url).status_code == 403


def _process_post(products_world: ProductsWorld, **extra: str) -> dict[str, str]:
    data = {
        "name": "轧制", "annual_output": "5000", "attribution_basis": "source_streams",
        "share-purchased_electricity": "10", "input-count": "2",
        "input-0-source": f"own:{products_world.billet.pk}", "input-0-amount": "1.02",
        "input-0-note": "", "input-1-source": "", "input-1-amount": "", "input-1-note": "",
        "primary": "on",
    }  # fmt: skip
    data.update(extra)
    return data


def test_process_new_refuses_over_100_percent_then_saves(products_world: ProductsWorld) -> None:
    client = products_world.world.client("enterprise_a")
    plate = Product.objects.create(
        organisation=products_world.supplier, site=products_world.site_s, name="钢板", unit="t",
        created_by=products_world.manager_s, created_at=products_world.billet.created_at,
        updated_at=products_world.billet.created_at,
    )  # fmt: skip
    url = reverse("products:process_new", args=[plate.pk]) + "?year=2025"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="share-natural_gas"' in text and "steel billet" not in text  # own product: 钢坯
    refused = client.post(
        url, _process_post(products_world, **{"share-purchased_electricity": "30"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    text = refused.content.decode()
    assert refused.status_code == 200 and 'id="errors-attribution"' in text
    assert "purchased_electricity" in text and "110 %" in text
    assert not Process.objects.filter(product=plate).exists()
    saved = client.post(url, _process_post(products_world))
    process = Process.objects.get(product=plate)
    assert saved.status_code == 302
    assert process.electricity_mwh == 1000.0 and process.inputs.get().own_product_id == (
        products_world.billet.pk
    )


def test_process_page_shows_the_split_and_remainder(products_world: ProductsWorld) -> None:
    client = products_world.world.client("enterprise_a")
    url = reverse("products:process", args=[products_world.billet_process.pk])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="site-total">7,910.0205<' in text
    assert 'id="site-remainder">1,061.2000<' in text
    assert 'id="site-attributed">6,848.8205<' in text
    assert "0.5777" in text and "not confirmed against its source" in text
    assert f"#{products_world.inventory_s.pk}" in text
    # the customer's process shows its supplier input
    text = (
        products_world.world.client("enterprise_b")
        .get(reverse("products:process", args=[products_world.bracket_process.pk]))
        .content.decode()
    )
    assert "甲公司: 钢坯" in text


def test_pages_and_refusals_in_chinese(products_world: ProductsWorld) -> None:
    client = products_world.world.client("enterprise_a")
    url = reverse("products:process", args=[products_world.billet_process.pk])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未分配（吨CO2当量）" in text and "场所2025年经核查排放在各工序间的分配" in text
    refused = client.post(
        url, {**_process_post(products_world, **{"share-natural_gas": "150"}), "action": "save",
              "input-count": "0"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    text = refused.content.decode()
    assert "排放源流 natural_gas：份额必须在0至100%之间。" in text


def test_every_home_link_opens_for_its_role(products_world: ProductsWorld) -> None:
    import re

    for persona, least in (("enterprise_a", 6), ("secretariat", 4), ("evaluator", 1)):
        client = products_world.world.client(persona)
        text = client.get("/products/").content.decode()
        block = text[text.index('id="products-links"') :]
        urls = re.findall(r'<li id="products-link-[\w_]+"><a href="([^"]+)"', block)
        assert len(urls) >= least, (persona, urls)
        for url in urls:
            assert client.get(url).status_code == 200, (persona, url)
