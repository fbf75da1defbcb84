"""Portfolio API: import a book (multipart), 422 with every row and field, one position by JSON,
the positions and the PCAF figures of a year; analysts only."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from greenledger.web.finance.models import Position
from tests.web.conftest import credit_code
from tests.web.finance.portfolio_support import HEADER, ROWS, kept_portfolio_world
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _upload(pw: PlanningWorld, persona: str, *rows: str, language: str = "en") -> Any:
    body = ("\n".join([HEADER, *rows]) + "\n").encode()
    return Client().post(
        "/api/finance/portfolio/2025/imports",
        {"file": SimpleUploadedFile("book.csv", body, content_type="text/csv")},
        headers={"accept-language": language},
        **pw.world.api_headers(persona),
    )


def test_import_then_figures_and_positions(pw: PlanningWorld) -> None:
    response = _upload(pw, "analyst", *ROWS.values())
    assert response.status_code == 201, response.content
    assert response.json()["rows"] == 4
    headers = pw.world.api_headers("analyst")
    figures = Client().get("/api/finance/portfolio/2025", **headers).json()
    assert figures["totals"]["weighted_data_quality_score"] == pytest.approx(122 / 76)
    assert figures["by_asset_class"]["mortgage"]["financed_tco2e"] == pytest.approx(5.0)
    assert figures["green_loans"]["by_effect"]["direct"]["outstanding_yuan"] == pytest.approx(40e6)
    listed = Client().get("/api/finance/portfolio/2025/positions", **headers)
    assert listed.status_code == 200
    assert {p["position"] for p in listed.json()["items"]} == set(ROWS)
    assert Client().get("/api/finance/portfolio/2019", **headers).status_code == 404


def test_refused_import_lists_rows_and_fields(pw: PlanningWorld) -> None:
    unshared = ROWS["P-1"].replace("外部项目公司,", f"乙公司,{credit_code(2)}", 1)
    negative = ROWS["M-1"].replace(",1000000,", ",-5,", 1)
    response = _upload(pw, "analyst", unshared, negative, language="zh-hans")
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert {(p["row"], p["column"]) for p in problems} == {
        (2, "borrower_code"),
        (3, "outstanding_yuan"),
    }
    assert any("共享" in p["message"] for p in problems)
    assert not Position.objects.exists()


def test_position_by_json_and_who_may(pw: PlanningWorld) -> None:
    body = {
        "position": "E-1",
        "borrower": "外部上市公司",
        "asset_class": "listed_equity",
        "outstanding_yuan": 5_000_000,
        "evic_yuan": 200_000_000,
        "emissions_tco2e": 80_000,
        "emissions_basis": "reported",
        "sector": "C26",
    }
    url = "/api/finance/portfolio/2025/positions"
    kwargs: dict[str, Any] = {"data": json.dumps(body), "content_type": "application/json"}
    created = Client().post(url, **kwargs, **pw.world.api_headers("analyst"))
    assert created.status_code == 201
    assert created.json()["financed_tco2e"] == pytest.approx(2000.0)
    assert created.json()["data_quality_score"] == 2
    bad = {**body, "asset_class": "crypto"}
    refused = Client().post(
        url,
        data=json.dumps(bad),
        content_type="application/json",
        **pw.world.api_headers("analyst"),
    )
    assert refused.status_code == 422
    assert Client().post(url, **kwargs, **pw.world.api_headers("enterprise_a")).status_code == 403
    assert Client().get(url).status_code == 403  # anonymous: no institution


def test_delete_a_position(pw: PlanningWorld) -> None:
    assert _upload(pw, "analyst", ROWS["E-1"], ROWS["M-1"]).status_code == 201
    target = Position.objects.get(position="M-1")
    url = f"/api/finance/portfolio/2025/positions/{target.pk}"
    assert Client().delete(url, **pw.world.api_headers("enterprise_a")).status_code == 403
    assert Client().delete(url, **pw.world.api_headers("analyst")).status_code == 204
    assert Client().delete(url, **pw.world.api_headers("analyst")).status_code == 404
    assert list(Position.objects.values_list("position", flat=True)) == ["E-1"]
    figures = Client().get("/api/finance/portfolio/2025", **pw.world.api_headers("analyst"))
    assert figures.json()["totals"]["financed_tco2e"] == pytest.approx(2000.0)
