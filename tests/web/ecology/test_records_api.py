"""Records and parks through the API: months in one call or a file, all-or-nothing with every
item's problem, an exchange's records with their calculation, a park's rates; who may ask."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from greenledger.web.ecology.models import ExchangeRecord
from tests.web.ecology.conftest import EcologyWorld
from tests.web.ecology.records_support import GAS_HEAT_T_PER_MWH, active_heat_exchange


def _api(w: EcologyWorld, user: str) -> tuple[Client, dict[str, Any]]:
    return Client(), {**w.api_headers(user), "HTTP_ACCEPT_LANGUAGE": "en"}


def test_months_by_api_and_by_file_then_the_park_rates(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    client, headers = _api(w, "b")
    bad = {
        "records": [
            {"exchange": exchange.pk, "month": "2026-01", "quantity": 1000},
            {"exchange": exchange.pk, "month": "2026-1x", "quantity": 1},
            {"exchange": 999999, "month": "2026-02", "quantity": 1},
        ]
    }
    refused = client.post("/api/ecology/records", bad, content_type="application/json", **headers)
    assert refused.status_code == 422
    problems = refused.json()["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(2, "month"), (3, "exchange")]
    assert problems[1]["message"] == "No exchange 999999 of your enterprise."
    assert not ExchangeRecord.objects.exists()
    good = {"records": [{"exchange": exchange.pk, "month": "2026-01", "quantity": 1000}]}
    made = client.post("/api/ecology/records", good, content_type="application/json", **headers)
    assert made.status_code == 201, made.content
    (record,) = made.json()
    assert record["source"] == "api" and record["unit"] == "MWh"
    assert record["avoided_tco2e"] == pytest.approx(1000 * GAS_HEAT_T_PER_MWH)
    upload = io.BytesIO(f"exchange,month,quantity\n{exchange.pk},2026-02,1000\n".encode())
    upload.name = "records.csv"
    filed = client.post("/api/ecology/records/imports", {"file": upload}, **headers)
    assert filed.status_code == 201 and filed.json()[0]["source"] == "file"
    listed = client.get(f"/api/ecology/exchanges/{exchange.pk}/records", **headers).json()
    assert [r["month"] for r in listed] == ["2026-01", "2026-02"]
    assert listed[0]["benefit"]["lines"][0]["arithmetic"] == (
        "1,000 MWh x 0.2222 tCO2/MWh = 222.2 tCO2"
    )
    park = client.get(f"/api/ecology/parks/{w.park.pk}?year=2026", **headers)
    assert park.status_code == 200
    body = park.json()
    assert body["rates"]["waste_heat_utilisation"]["value"] == pytest.approx(0.25)  # 2000/8000
    assert body["rates"]["waste_heat_utilisation"]["generated"] == 8000.0
    assert body["rates"]["solid_waste_utilisation"]["value"] is None
    assert body["avoided_tco2e"] == pytest.approx(2000 * GAS_HEAT_T_PER_MWH)
    assert body["exchanges"]["active"] == 1 and body["confirmed"] is False
    assert "910" in body["source"] and body["cfe"] is None
    assert client.get("/api/ecology/parks", **headers).json()[0]["id"] == w.park.pk


def test_who_may_ask(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    item = {"records": [{"exchange": exchange.pk, "month": "2026-01", "quantity": 1}]}
    records_url = f"/api/ecology/exchanges/{exchange.pk}/records"
    park_url = f"/api/ecology/parks/{w.park.pk}"
    expected = {
        # user: (post records, read records, read park)
        "a": (201, 200, 200),
        "d": (422, 404, 200),  # D is in the park, not a party
        "staff": (403, 200, 200),
        "researcher": (404, 404, 403),
        "analyst": (404, 404, 403),
        "anonymous": (404, 404, 403),
    }
    for user, (post, read, park) in expected.items():
        client, headers = _api(w, user)
        answered = (
            client.post(
                "/api/ecology/records", item, content_type="application/json", **headers
            ).status_code,
            client.get(records_url, **headers).status_code,
            client.get(park_url, **headers).status_code,
        )
        assert answered == (post, read, park), user
