"""The footprint and share API on the products world: compute (201 with the hand figures, 422
naming the process and product), read a shared footprint (logged), 404 after revocation (logged
as refused) and for a footprint not shared, shares created and revoked, the supply chain."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from greenledger.web.products.models import FootprintRead, FootprintShare
from tests.web.products.conftest import ProductsWorld
from tests.web.products.footprints_support import BILLET, BRACKET, BRACKET_BILLET, YEAR


def call(pw: ProductsWorld, persona: str, method: str, url: str, body: Any = None) -> Any:
    return Client().generic(
        method,
        url,
        data=b"" if body is None else json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **pw.world.api_headers(persona),
    )


def test_compute_read_revoke_through_the_api(products_world: ProductsWorld) -> None:
    pw = products_world
    refused = call(pw, "enterprise_b", "POST", "/api/products/footprints/compute", {"year": YEAR})
    assert refused.status_code == 422
    reasons = " ".join(e["message"] for e in refused.json()["errors"])
    assert "冲压" in reasons and "钢坯" in reasons
    made = call(pw, "enterprise_a", "POST", "/api/products/footprints/compute", {"year": YEAR})
    assert made.status_code == 201
    [billet] = made.json()
    assert billet["tco2e_per_unit"] == pytest.approx(BILLET, rel=1e-12)
    c = billet["contributions"]
    assert c["direct"] + sum(e["tco2e_per_unit"] for e in c["inputs"]) == pytest.approx(BILLET)
    again = call(pw, "enterprise_a", "POST", "/api/products/footprints/compute", {"year": YEAR})
    assert (again.status_code, again.json()) == (201, [])
    [bracket] = call(
        pw, "enterprise_b", "POST", "/api/products/footprints/compute", {"year": YEAR}
    ).json()
    assert bracket["tco2e_per_unit"] == pytest.approx(BRACKET, rel=1e-12)
    supplier_input = next(e for e in bracket["contributions"]["inputs"] if e["kind"] == "supplier")
    assert supplier_input["tco2e_per_unit"] == pytest.approx(BRACKET_BILLET, rel=1e-12)
    listed = call(pw, "enterprise_b", "GET", f"/api/products/footprints?year={YEAR}").json()
    assert {i["product"] for i in listed["items"]} == {"钢坯", "钢支架"}
    assert (
        call(pw, "enterprise_a", "GET", f"/api/products/footprints/{bracket['id']}").status_code
        == 404
    )
    read = call(pw, "enterprise_b", "GET", f"/api/products/footprints/{billet['id']}")
    assert read.status_code == 200 and read.json()["version"] == 1
    reads = call(pw, "enterprise_a", "GET", "/api/products/shares/reads").json()["items"]
    assert [(r["product"], r["refused"]) for r in reads] == [("钢坯", False)]
    revoked = call(pw, "enterprise_a", "POST", f"/api/products/shares/{pw.share.pk}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    gone = call(pw, "enterprise_b", "GET", f"/api/products/footprints/{billet['id']}")
    assert gone.status_code == 404
    assert FootprintRead.objects.filter(refused=True, share=pw.share).count() == 1
    chain = call(pw, "enterprise_b", "GET", "/api/products/supply-chain").json()["items"]
    assert [(i["product"], i["customer_product"], i["shared"]) for i in chain] == [
        ("钢坯", "钢支架", False)
    ]
    for persona in ("analyst", "evaluator", "public"):
        assert call(pw, persona, "GET", "/api/products/footprints").status_code == 403


def test_shares_through_the_api(products_world: ProductsWorld) -> None:
    pw = products_world
    body = {"product_id": pw.bracket.pk, "customer_id": pw.supplier.pk, "purpose": "年报"}
    bad = call(pw, "enterprise_b", "POST", "/api/products/shares", {**body, "purpose": " "})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "purpose"
    outside = call(
        pw, "enterprise_b", "POST", "/api/products/shares", {**body, "customer_id": pw.outside.pk}
    )
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "customer"
    made = call(pw, "enterprise_b", "POST", "/api/products/shares", body)
    assert made.status_code == 201 and made.json()["state"] == "in_force"
    assert FootprintShare.objects.filter(product=pw.bracket, customer=pw.supplier).exists()
    theirs = call(pw, "enterprise_a", "POST", "/api/products/shares", body)
    assert theirs.status_code == 422 and theirs.json()["errors"][0]["field"] == "product_id"
    listed = call(pw, "enterprise_a", "GET", "/api/products/shares").json()
    assert [s["product"] for s in listed["granted"]] == ["钢坯"]
    assert [s["product"] for s in listed["held"]] == ["钢支架"]
    assert (
        call(pw, "enterprise_b", "POST", f"/api/products/shares/{pw.share.pk}/revoke").status_code
        == 404
    )
    assert call(pw, "secretariat", "GET", "/api/products/shares").status_code == 403
