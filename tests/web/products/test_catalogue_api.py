"""The products, processes and attribution API: 201/422 by field, 403/404 by role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.web.products.conftest import ProductsWorld


def _call(pw: ProductsWorld, persona: str, method: str, url: str, body: Any = None) -> Any:
    client = Client()
    headers = {**pw.world.api_headers(persona), "HTTP_ACCEPT_LANGUAGE": "en"}
    if body is None:
        response = getattr(client, method)(url, **headers)
    else:
        response = getattr(client, method)(
            url, data=json.dumps(body), content_type="application/json", **headers
        )
    return response.status_code, response.json() if response.content else None


def test_products_by_role(products_world: ProductsWorld) -> None:
    pw = products_world
    status, body = _call(pw, "enterprise_a", "get", "/api/products/products")
    assert status == 200 and [p["name"] for p in body["items"]] == ["钢坯"]
    status, body = _call(pw, "secretariat", "get", "/api/products/products")
    assert status == 200 and {p["name"] for p in body["items"]} == {"钢坯", "钢支架"}
    assert _call(pw, "analyst", "get", "/api/products/products")[0] == 403
    assert _call(pw, "enterprise_a", "get", f"/api/products/products/{pw.bracket.pk}")[0] == 404
    status, body = _call(
        pw, "enterprise_a", "post", "/api/products/products",
        {"site_id": pw.site_s.pk, "name": "钢板", "unit": "t", "cn_code": "7208 51 20"},
    )  # fmt: skip
    assert status == 201 and body["cn_code"] == "72085120"
    status, body = _call(
        pw, "enterprise_a", "post", "/api/products/products",
        {"site_id": pw.site_c.pk, "name": "x", "unit": "t"},
    )  # fmt: skip
    assert status == 422 and "site_id" in json.dumps(body)
    status, _ = _call(
        pw, "secretariat", "post", "/api/products/products",
        {"site_id": pw.site_s.pk, "name": "y", "unit": "t"},
    )  # fmt: skip
    assert status == 403
    status, body = _call(
        pw, "enterprise_a", "patch", f"/api/products/products/{pw.billet.pk}", {"cpc_code": "x"}
    )
    assert status == 422 and "cpc_code" in json.dumps(body)


def _process(pw: ProductsWorld, **extra: Any) -> dict[str, Any]:
    body = {
        "product_id": pw.billet.pk, "year": 2025, "name": "连铸", "annual_output": 10000,
        "attribution_basis": "source_streams",
        "attribution": {"streams": [{"line": "natural_gas", "share": 1},
                                    {"line": "limestone", "share": 1},
                                    {"line": "purchased_electricity", "share": 0.8}]},
        "inputs": [],
    }  # fmt: skip
    body.update(extra)
    return body


def test_processes_and_attribution(products_world: ProductsWorld) -> None:
    pw = products_world
    status, body = _call(pw, "enterprise_b", "get", "/api/products/processes?year=2025")
    assert status == 200 and [p["name"] for p in body["items"]] == ["冲压"]
    [supplier_input] = body["items"][0]["inputs"]
    assert supplier_input["kind"] == "supplier" and supplier_input["supplier"] == "甲公司"
    url = f"/api/products/processes/{pw.billet_process.pk}"
    assert _call(pw, "enterprise_b", "get", url)[0] == 404
    status, body = _call(pw, "enterprise_a", "get", url)
    assert status == 200 and body["direct_tco2e"] == pytest.approx(2604.0205485)
    assert body["provenance"]["inventory_id"] == pw.inventory_s.pk
    # over 100 %: 422 naming the stream; nothing changed
    over = _process(pw, attribution={"streams": [{"line": "purchased_electricity", "share": 1.2}]})
    status, body = _call(pw, "enterprise_a", "put", url, over)
    assert status == 422 and "between 0 and 100" in json.dumps(body)
    status, body = _call(
        pw, "enterprise_a", "put", url,
        _process(pw, inputs=[{"kind": "background", "background_key": "nope", "amount": 1}]),
    )  # fmt: skip
    assert status == 422 and "Input 1" in json.dumps(body) and "nope" in json.dumps(body)
    status, body = _call(pw, "enterprise_a", "put", url, _process(pw, annual_output=12000))
    assert status == 200 and body["annual_output"] == 12000
    assert _call(pw, "enterprise_b", "put", url, _process(pw))[0] == 404
    assert _call(pw, "secretariat", "put", url, _process(pw))[0] == 403
    # the site's split adds up to the verified inventory
    status, body = _call(
        pw, "enterprise_a", "get", f"/api/products/sites/{pw.site_s.pk}/attribution?year=2025"
    )
    assert status == 200
    verified = pw.inventory_s.enterprise_totals["gbt32150_co2e_t"]
    assert body["attributed_t"] + body["remainder_t"] == pytest.approx(verified, rel=1e-12)
    assert body["remainder_t"] == pytest.approx(1061.2)
    assert sum(s["co2e_t"] for s in body["streams"]) == pytest.approx(verified, rel=1e-12)
    assert (
        _call(
            pw, "enterprise_b", "get", f"/api/products/sites/{pw.site_s.pk}/attribution?year=2025"
        )[0]
        == 404
    )
    assert (
        _call(
            pw, "enterprise_a", "get", f"/api/products/sites/{pw.site_s.pk}/attribution?year=2024"
        )[0]
        == 404
    )


def test_process_create_and_delete(products_world: ProductsWorld) -> None:
    pw = products_world
    status, product = _call(
        pw, "enterprise_a", "post", "/api/products/products",
        {"site_id": pw.site_s.pk, "name": "钢板", "unit": "t"},
    )  # fmt: skip
    assert status == 201
    body = {
        "product_id": product["id"], "year": 2025, "name": "轧制", "annual_output": 5000,
        "attribution_basis": "metered",
        "attribution": {"key": "MWh metered", "value": 1000, "of": 10000},
        "inputs": [{"kind": "own", "product": pw.billet.pk, "amount": 1.03}],
    }  # fmt: skip
    status, created = _call(pw, "enterprise_a", "post", "/api/products/processes", body)
    # a metered key takes 10 % of every stream: natural gas is already wholly the billet's
    assert status == 422 and "natural_gas" in json.dumps(created)
    body["attribution"] = {"key": "MWh metered", "value": 0, "of": 10000}
    status, created = _call(pw, "enterprise_a", "post", "/api/products/processes", body)
    assert status == 201 and created["inputs"][0]["product_id"] == pw.billet.pk
    url = f"/api/products/processes/{created['id']}"
    assert _call(pw, "enterprise_b", "delete", url)[0] == 404
    assert _call(pw, "enterprise_a", "delete", url)[0] == 204
    assert _call(pw, "enterprise_a", "get", url)[0] == 404
