"""The offers, needs and matches API: anonymity, creation by JSON (422 by field), the
import (422 with rows and columns), closing, matches with their figures."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web.ecology.conftest import EcologyWorld

GAS_T_PER_MWH = 15.3 * 0.99 * 44 / 12 * 3.6 / 1000 / 0.9


def _get(w: EcologyWorld, user: str, url: str) -> tuple[int, dict]:
    response = Client().get(url, **w.api_headers(user))
    return response.status_code, response.json() if response.content else {}


def _post(w: EcologyWorld, user: str, url: str, body: dict | None = None) -> tuple[int, dict]:
    response = Client().post(
        url, data=json.dumps(body or {}), content_type="application/json", **w.api_headers(user)
    )
    return response.status_code, response.json() if response.content else {}


def test_the_lists_hide_an_anonymous_company(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    status, body = _get(w, "b", "/api/ecology/offers?kind=hazardous_waste")
    assert status == 200
    (oil,) = body["items"]
    assert (oil["organisation"], oil["site"], oil["name"], oil["park"]) == (
        None, None, None, "丙园区",
    )  # fmt: skip
    assert oil["code"] == "900-249-08"
    status, body = _get(w, "d", f"/api/ecology/offers/{w.oil_offer.pk}")
    assert (status, body["organisation"]) == (200, "丁公司")
    assert _get(w, "analyst", "/api/ecology/needs")[0] == 403
    assert _get(w, "researcher", "/api/ecology/needs")[0] == 200


def test_a_need_by_json_and_refusals_by_field(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    body = {"site_id": w.site_b.pk, "kind": "water", "name": "冷却补水", "quantity": 5000,
            "start_month": "2026-01", "end_month": "2026-12", "process": "industrial_water_reuse",
            "quality_grade": 3}  # fmt: skip
    status, made = _post(w, "b", "/api/ecology/needs", body)
    assert status == 201, made
    assert (made["unit"], made["water_grade"], made["organisation"]) == ("m3", "3", "乙公司")
    status, refused = _post(w, "b", "/api/ecology/needs", {**body, "site_id": w.site_a.pk})
    assert status == 422 and "site_id" in json.dumps(refused)
    status, refused = _post(w, "b", "/api/ecology/needs", {**body, "process": "process_heat"})
    assert status == 422 and "process" in json.dumps(refused)
    assert _post(w, "staff", "/api/ecology/needs", body)[0] == 403


def test_an_import_refused_whole_names_rows_and_columns(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    upload = SimpleUploadedFile(
        "offers.csv",
        "site,kind,name,code,quantity,start_month,end_month\n"
        "甲工厂,hazardous_waste,废油,900-999-08,5,2026-01,2026-12\n".encode(),
    )
    response = Client().post("/api/ecology/offers/imports", {"file": upload}, **w.api_headers("a"))
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(2, "code")]


def test_matches_and_close(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    status, body = _get(w, "b", f"/api/ecology/needs/{w.heat_need.pk}/matches")
    assert status == 200
    (first,) = body["matches"]
    assert first["counterpart"]["id"] == w.heat_offer.pk
    assert first["match"]["benefit"]["t_co2e_avoided"] == pytest.approx(6000 * GAS_T_PER_MWH)
    assert first["exchange_id"] is None
    assert _get(w, "a", f"/api/ecology/needs/{w.heat_need.pk}/matches")[0] == 403
    assert _post(w, "b", f"/api/ecology/offers/{w.heat_offer.pk}/close")[0] == 403
    status, closed = _post(w, "a", f"/api/ecology/offers/{w.heat_offer.pk}/close")
    assert (status, closed["status"]) == (200, "closed")
    assert _post(w, "a", f"/api/ecology/offers/{w.heat_offer.pk}/close")[0] == 422
