"""Green-power API: the same inputs and run as the pages, the issue's JSON keys, 422 with every
refused row, 404 for a site the caller may not see and 403 for a write by a reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.web.conftest import World
from tests.web.ecology.green_power_support import (
    YEAR,
    private,  # noqa: F401  (fixture)
    solar_csv,
    store_load,
)

pytestmark = pytest.mark.usefixtures("private")

ISSUE_KEYS = [
    "hours", "load_mwh", "clean_supply_mwh", "matched_mwh", "cfe_score", "annual_match_share",
    "unmatched_mwh", "surplus_mwh", "by_hour_of_day",
]  # fmt: skip


def _api(world: World, persona: str) -> tuple[Client, dict[str, Any]]:
    return Client(), {**world.api_headers(persona), "HTTP_ACCEPT_LANGUAGE": "en"}


def test_inputs_and_a_run_through_the_api(world: World, tmp_path: Path) -> None:
    store_load(world.users["enterprise_b"], world.site_b, tmp_path / "in")
    client, headers = _api(world, "enterprise_b")
    base = f"/api/ecology/green-power/{world.site_b.pk}"
    with solar_csv(tmp_path / "roof-pv.csv").open("rb") as handle:
        stored = client.post(f"{base}/{YEAR}/supplies", {"kind": "onsite", "file": handle},
                             **headers)  # fmt: skip
    assert stored.status_code == 201, stored.content
    (supply,) = stored.json()
    assert (supply["source"], supply["flat"], supply["annual_mwh"]) == ("roof-pv", False, 2920)
    contract = client.post(f"{base}/{YEAR}/contracts", {"source": "wind", "annual_mwh": 876},
                           content_type="application/json", **headers)  # fmt: skip
    assert contract.status_code == 201 and contract.json()["flat"] is True
    month = client.post(f"{base}/{YEAR}/certificates", {"month": "2025-01", "mwh": 100},
                        content_type="application/json", **headers)  # fmt: skip
    assert month.status_code == 200 and month.json() == {"month": "2025-01", "mwh": 100.0}
    other_year = client.post(f"{base}/{YEAR}/certificates", {"month": "2024-01", "mwh": 1},
                             content_type="application/json", **headers)  # fmt: skip
    assert other_year.status_code == 422
    storage = client.put(f"{base}/storage", {"name": "b", "capacity_mwh": 4, "power_mw": 2,
                         "round_trip_efficiency": 1.0}, content_type="application/json",
                         **headers)  # fmt: skip
    assert storage.status_code == 200
    ran = client.post(f"{base}/{YEAR}/runs", **headers)
    assert ran.status_code == 201, ran.content
    result = ran.json()["result"]
    assert list(result)[:9] == ISSUE_KEYS
    # solar 1/6 + flat 0.1 MWh in the 20 other hours (730 MWh) + storage: the 4 MWh of surplus
    # (2 - 1 + 0.1 in each solar hour = 4.4 MWh a day, 4 MWh stored) back in hours 14..17
    assert result["cfe_score"] == pytest.approx((1460 + 730 + 4 * 365) / 8760, abs=1e-6)
    assert result["annual_match_share"] == pytest.approx((2920 + 876 + 100) / 8760, abs=1e-6)
    read = client.get(f"{base}/{YEAR}", **headers).json()
    assert read["run"]["id"] == ran.json()["id"] and read["storage"]["capacity_mwh"] == 4
    assert [c["month"] for c in read["certificates"]] == ["2025-01"]
    assert client.delete(f"{base}/{YEAR}/supplies/{supply['id']}", **headers).status_code == 204


def test_refusals_and_who_may_ask(world: World, tmp_path: Path) -> None:
    client, headers = _api(world, "enterprise_b")
    base = f"/api/ecology/green-power/{world.site_b.pk}"
    lines = solar_csv(tmp_path / "ok.csv").read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([*lines[:5], "2025-01-01T04:30+08:00,3", *lines[6:]]) + "\n")
    with bad.open("rb") as handle:
        refused = client.post(f"{base}/{YEAR}/supplies", {"kind": "onsite", "file": handle},
                              **headers)  # fmt: skip
    assert refused.status_code == 422
    rows = {(p["file"], p["row"]) for p in refused.json()["problems"]}
    assert ("bad.csv", 6) in rows
    no_load = client.post(f"{base}/{YEAR}/runs", **headers)
    assert no_load.status_code == 422 and "meter series" in str(no_load.json())
    _staff, staff_headers = _api(world, "secretariat")
    assert client.get(f"{base}/{YEAR}", **staff_headers).status_code == 200
    assert client.post(f"{base}/{YEAR}/runs", **staff_headers).status_code == 403
    for persona in ("enterprise_a", "analyst", "anonymous"):
        _c, other = _api(world, persona)
        assert client.get(f"{base}/{YEAR}", **other).status_code == 404
        assert client.post(f"{base}/{YEAR}/runs", **other).status_code == 404
