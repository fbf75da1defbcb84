"""The editor's pages in Chinese carry no English sentence (the rule of
``tests/web/test_zh_interface.py``), for the supplier, the customer and the staff."""

from __future__ import annotations

from django.urls import reverse

from tests.web.products.conftest import ProductsWorld
from tests.web.test_zh_interface import english_runs

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_editor_pages_have_no_english_sentence(products_world: ProductsWorld) -> None:
    pw = products_world
    pages = {
        "enterprise_a": [
            "/products/",
            reverse("products:catalogue"),
            reverse("products:product_new"),
            reverse("products:product", args=[pw.billet.pk]),
            reverse("products:process_new", args=[pw.billet.pk]) + "?year=2025",
            reverse("products:process", args=[pw.billet_process.pk]),
        ],
        "enterprise_b": [reverse("products:process", args=[pw.bracket_process.pk])],
        "secretariat": [
            f"{reverse('products:catalogue')}?organisation={pw.supplier.pk}",
            reverse("products:process", args=[pw.billet_process.pk]),
        ],
    }
    found = {}
    for persona, urls in pages.items():
        client = pw.world.client(persona)
        for url in urls:
            response = client.get(url, **ZH)
            assert response.status_code == 200, url
            runs = english_runs(response.content.decode())
            if runs:
                found[f"{persona} {url}"] = runs
    assert found == {}
