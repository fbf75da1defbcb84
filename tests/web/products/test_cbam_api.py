"""CBAM through /api/products/cbam: an installation and a complex good with a default-value
precursor computed by hand, refusals as 422 with the good's field, the communication as JSON and
XLSX, the verification, and who sees what."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from greenledger.web.products.models import CbamReport
from tests.web.products.conftest import ProductsWorld
from tests.web.products.test_cbam_services import BILLET_SEE_DIRECT, EF

BASE = "/api/products/cbam"


def _call(pw: ProductsWorld, persona: str, method: str, url: str, body: Any = None) -> Any:
    client = pw.world.client("anonymous")
    headers = pw.world.api_headers(persona) if persona in pw.world.tokens else {}
    if persona not in pw.world.tokens and persona != "anonymous":
        client.force_login(pw.world.users[persona])
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def _installation(pw: ProductsWorld) -> int:
    body = {"site": pw.site_s.pk, "name_en": "Jia Steel Works", "unlocode": "CNSHA"}
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations", body)
    assert answer.status_code == 201, answer.content
    return int(answer.json()["id"])


def test_complex_good_with_an_own_and_a_default_precursor(products_world: ProductsWorld) -> None:
    pw = products_world
    installation = _installation(pw)
    body = {
        "period": "2026",
        "electricity_ef_tco2_per_mwh": EF,
        "electricity_ef_source": "grid CO2 factor",
        "goods": [
            {"id": "sinter", "good": "pig iron", "cn_code": "7201", "activity_level_t": 100,
             "direct_tco2e": 150, "electricity_mwh": 0},
            {"id": "bars", "good": "bars", "cn_code": "7214", "activity_level_t": 1000,
             "direct_tco2e": 100, "electricity_mwh": 100,
             "precursors": [{"good": "sinter", "mass_t": 50},
                            {"default_see_direct": 2.0, "default_see_indirect": 0.0,
                             "mass_t": 10}]},
        ],
    }  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations/{installation}/reports", body)
    assert answer.status_code == 201, answer.content
    goods = answer.json()["result"]["goods"]
    # pig iron: 150 / 100 = 1.5; bars: (100 + 50 x 1.5 + 10 x 2.0 x 1.10) / 1000 = 0.197
    assert goods[0]["see_direct"] == pytest.approx(1.5)
    assert goods[1]["see_direct"] == pytest.approx(0.197, rel=1e-12)
    assert goods[1]["see_indirect"] == pytest.approx(100 * EF / 1000, rel=1e-12)
    assert goods[1]["uses_defaults"] is True
    report_id = answer.json()["id"]
    data = _call(pw, "enterprise_a", "get", f"{BASE}/reports/{report_id}/communication").json()
    assert [p["cn_code"] for p in data["products"]] == ["7201", "7214"]
    assert data["default_value_markup"] == pytest.approx(0.10)
    answer = _call(pw, "enterprise_a", "get", f"{BASE}/reports/{report_id}/communication.xlsx")
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content))["Summary_Products"].values)
    assert rows[2][5] == pytest.approx(0.197, rel=1e-12)


def test_refusals_name_the_good_and_field(products_world: ProductsWorld) -> None:
    pw = products_world
    installation = _installation(pw)
    body = {
        "period": "2025",
        "electricity_ef_tco2_per_mwh": EF,
        "electricity_ef_source": "grid",
        "goods": [
            {"process": pw.billet_process.pk},
            {"id": "glass", "good": "glass", "cn_code": "700510", "activity_level_t": 0,
             "direct_tco2e": 1, "precursors": [5]},
        ],
    }  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations/{installation}/reports", body)
    assert answer.status_code == 422
    text = json.dumps(answer.json(), ensure_ascii=False)
    assert "goods[2].precursors[1]" in text  # not an object: refused before the core
    body["goods"][1]["precursors"] = []
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations/{installation}/reports", body)
    assert answer.status_code == 422
    text = json.dumps(answer.json(), ensure_ascii=False)
    assert "goods[2].cn_code" in text and "goods[2].activity_level_t" in text
    assert not CbamReport.objects.exists()


def test_verification_and_visibility(products_world: ProductsWorld) -> None:
    pw = products_world
    installation = _installation(pw)
    body = {"period": "2025", "electricity_ef_tco2_per_mwh": EF, "electricity_ef_source": "grid",
            "goods": [{"process": pw.billet_process.pk}]}  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations/{installation}/reports", body)
    report = answer.json()["id"]
    assert answer.json()["result"]["goods"][0]["see_direct"] == pytest.approx(BILLET_SEE_DIRECT)
    assert _call(pw, "enterprise_b", "get", f"{BASE}/reports/{report}").status_code == 404
    assert _call(pw, "secretariat", "get", f"{BASE}/reports/{report}").status_code == 200
    assert _call(pw, "secretariat", "post", f"{BASE}/reports/{report}/submit").status_code == 403
    assert _call(pw, "enterprise_a", "post", f"{BASE}/reports/{report}/submit").status_code == 200
    answer = _call(pw, "evaluator", "post", f"{BASE}/reports/{report}/verify", {"note": "ok"})
    assert answer.status_code == 200 and answer.json()["status"] == "verified"
    listed = _call(pw, "evaluator", "get", f"{BASE}/installations").json()
    assert [i["id"] for i in listed] == [installation]
    assert _call(pw, "enterprise_b", "get", f"{BASE}/installations").json() == []


def test_ids_past_their_column_and_an_infinite_see_are_refused(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    installation = _installation(pw)
    url = f"{BASE}/installations/{installation}/reports"
    body = {"period": "2025", "electricity_ef_tco2_per_mwh": EF, "electricity_ef_source": "grid",
            "goods": [{"process": 2**70}]}  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", url, body)
    assert answer.status_code == 422 and "goods[1].process" in answer.content.decode()
    body["goods"] = [{"id": "x", "good": "bars", "cn_code": "7214", "activity_level_t": 1e-320,
                      "direct_tco2e": 1e300}]  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", url, body)
    assert answer.status_code == 422 and "goods[1].activity_level_t" in answer.content.decode()
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations",
                   {"site": 2**70, "name_en": "x"})  # fmt: skip
    assert answer.status_code == 422
    assert not CbamReport.objects.exists()


def test_a_carbon_price_past_a_floats_range_is_refused(products_world: ProductsWorld) -> None:
    pw = products_world
    installation = _installation(pw)
    body = {"period": "2025", "electricity_ef_tco2_per_mwh": EF, "electricity_ef_source": "grid",
            "goods": [{"id": "x", "good": "bars", "cn_code": "7214", "activity_level_t": 1e-5,
                       "direct_tco2e": 1e300}],  # SEE 1e305 t/t: finite
            "carbon_price": {"amount_per_t": 1e10, "currency": "CNY"}}  # fmt: skip
    answer = _call(pw, "enterprise_a", "post", f"{BASE}/installations/{installation}/reports", body)
    assert answer.status_code == 422, answer.content
    assert not CbamReport.objects.exists()
