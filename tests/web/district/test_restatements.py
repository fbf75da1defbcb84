"""Restating a year of the district (tests/web/district/conftest.py): figures by hand, verified
rows untouched, refusals naming the field in the user's language, shared and damaged Parquet
files, the selectors, pages and API.

2021 in the district: e1 14000 t coal + 110, e2 300 t + 60, e3 90, e5 220 (10^4 kWh purchased
electricity; e4 did not report): 4800 MWh at the 2021 national factor 0.5568 as verified; the
2023 factor is 0.5306 (MEE/NBS), so Scope 2 location-based and the GB/T 32150 total move by
4800 x (0.5306 - 0.5568) = -125.76 t. Coal 14300 t: AR6 instead of AR5 adds per TJ
10 kg CH4 x (27.9 - 28) + 1.5 kg N2O x (273 - 265) = 11 kg CO2e; 20.908 GJ/t.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import (
    FACT_FIGURES,
    EnterpriseYearFact,
    FactBasis,
    RestatedFact,
    Restatement,
)
from greenledger.web.district.selectors import restatements as selectors
from greenledger.web.district.services import restatement_storage as storage
from greenledger.web.district.services.restatements import restatement_run
from greenledger.web.reporting.models import InventoryResult
from tests.web.district.conftest import DistrictData

pytestmark = pytest.mark.django_db

ELECTRICITY_2021_MWH = 4800.0
COAL_2021_T = 14300.0
OLD, NEW = 0.5568, 0.5306


def run(district: DistrictData, year: int = 2021, basis: str = "electricity-2023") -> Restatement:
    return restatement_run(actor=district.secretariat, year=year, basis=basis)


def fact_state() -> list[tuple[Any, ...]]:
    return list(
        EnterpriseYearFact.objects.order_by("pk").values_list(
            "pk", "version_id", "refreshed_at", *FACT_FIGURES
        )
    )


def test_restating_2021_with_the_2023_factor_by_hand(district: DistrictData) -> None:
    facts_before = fact_state()
    inventories_before = list(InventoryResult.objects.order_by("pk").values_list())
    restatement = run(district)
    assert restatement.enterprise_count == 4
    assert restatement.context["basis"] == "electricity-2023"
    assert restatement.context["year"] == 2023 and restatement.context["gwp"] == "AR5"
    verified, restated = restatement.totals["verified"], restatement.totals["restated"]
    assert verified["scope2_location_t"] == pytest.approx(ELECTRICITY_2021_MWH * OLD, rel=1e-9)
    assert restated["scope2_location_t"] == pytest.approx(ELECTRICITY_2021_MWH * NEW, rel=1e-9)
    change = restated["gbt32150_co2e_t"] - verified["gbt32150_co2e_t"]
    assert change == pytest.approx(-125.76, rel=1e-9)
    # coal is not touched by the electricity factor
    assert restated["scope1_co2e_t"] == pytest.approx(verified["scope1_co2e_t"], rel=1e-12)
    assert restated["output_value_wan_yuan"] == pytest.approx(11000 + 4500 + 9000 + 1100)
    # per enterprise, against its verified version
    e5 = RestatedFact.objects.get(restatement=restatement, organisation=district.enterprises["e5"])
    fact = EnterpriseYearFact.objects.get(organisation=district.enterprises["e5"], year=2021)
    assert e5.version_id == fact.version_id
    assert e5.gbt32150_co2e_t == pytest.approx(2200 * NEW, rel=1e-12)
    assert fact.gbt32150_co2e_t == pytest.approx(2200 * OLD, rel=1e-12)
    assert e5.carriers["purchased_electricity"] == pytest.approx([220 * 1.229, 2200 * NEW])
    assert e5.factor_set_version == restatement.factor_set_version != ""
    # the verified rows and their inventories are exactly as they were
    assert fact_state() == facts_before
    assert list(InventoryResult.objects.order_by("pk").values_list()) == inventories_before
    entry = AuditEntry.objects.get(action="district.restatement.run")
    assert entry.object_id == str(restatement.pk)
    assert entry.after["gbt32150_co2e_t"]["restated"] == pytest.approx(restated["gbt32150_co2e_t"])


def test_ar6_and_the_2025_edition_by_hand(district: DistrictData) -> None:
    ar6 = run(district, basis="gwp-ar6")
    extra = COAL_2021_T * 20.908 / 1000 * 11 / 1000  # TJ x kg CO2e per TJ -> t
    change = ar6.totals["restated"]["gbt32150_co2e_t"] - ar6.totals["verified"]["gbt32150_co2e_t"]
    assert change == pytest.approx(extra, rel=1e-6)
    assert extra == pytest.approx(3.28884, rel=1e-5)
    # the 2025 edition's fuel rows carry the 2015 values over (marked unconfirmed): no change
    edition = run(district, basis="gbt32150-2025")
    assert edition.context["ghg_edition"] == "2025"
    for name in FACT_FIGURES:
        assert edition.totals["restated"][name] == pytest.approx(
            edition.totals["verified"][name], rel=1e-12, abs=1e-9
        ), name


def test_refusals_name_the_field_in_the_users_language(district: DistrictData) -> None:
    with pytest.raises(ValidationError) as caught:
        run(district, year=2019)
    assert set(caught.value.message_dict) == {"year"}
    assert "2019" in caught.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as caught:
        run(district, basis="electricity-1999")
    assert set(caught.value.message_dict) == {"basis"}
    assert "electricity-2023" in caught.value.message_dict["basis"][0]  # the choices named
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        run(district, year=2019, basis="nonsense")
    assert set(caught.value.message_dict) == {"year", "basis"}
    assert "没有" in caught.value.message_dict["year"][0]
    assert "nonsense" in caught.value.message_dict["basis"][0]
    assert "基准" in caught.value.message_dict["basis"][0]
    for persona in ("enterprise_a", "evaluator", "analyst", "public"):
        with pytest.raises(PermissionDenied):
            restatement_run(actor=district.world.users[persona], year=2021, basis="gwp-ar6")
    assert not Restatement.objects.exists()
    assert not AuditEntry.objects.filter(action="district.restatement.run").exists()


def _rewrite_as_one_file(inventories: list[InventoryResult], target: Path) -> None:
    """Several versions' lines in one Parquet file (as a batch load could store them)."""
    frames = [pl.read_parquet(i.lines_path) for i in inventories]
    target.parent.mkdir(parents=True, exist_ok=True)
    pl.concat(frames, how="vertical_relaxed").write_parquet(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    for inventory in inventories:
        inventory.lines_path = str(target)
        inventory.lines_sha256 = digest
        inventory.save(update_fields=["lines_path", "lines_sha256"])


def test_shared_damaged_and_miscounted_files_give_the_same_figures(
    district: DistrictData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(district).totals["restated"]
    facts = EnterpriseYearFact.objects.filter(year=2021, basis=FactBasis.VERIFIED)
    inventories = list(
        InventoryResult.objects.filter(version_id__in=facts.values("version_id")).order_by("pk")
    )
    # e1 and e2 share a file that also holds another year's lines of e3 (filtered out)
    other = InventoryResult.objects.get(version__submission=district.submissions["e3", 2022])
    _rewrite_as_one_file([*inventories[:2], other], tmp_path / "shared.parquet")
    # e3's file is damaged: read from its stored records instead
    damaged = Path(inventories[2].lines_path)
    copy = tmp_path / "damaged.parquet"
    shutil.copy(damaged, copy)
    with copy.open("r+b") as handle:
        handle.seek(20)
        handle.write(b"\x00\x01\x02")
    InventoryResult.objects.filter(pk=inventories[2].pk).update(lines_path=str(copy))
    # e5's file holds more lines than its recorded count (not written by inventory_save, with
    # its checksum updated): its lines are matched by the file's path, not by position
    e5 = inventories[3]
    grown = tmp_path / "grown.parquet"
    lines = pl.read_parquet(e5.lines_path)
    pl.concat(
        [lines, lines.with_columns(year=pl.lit(2020, dtype=lines["year"].dtype))]
    ).write_parquet(grown)
    InventoryResult.objects.filter(pk=e5.pk).update(
        lines_path=str(grown), lines_sha256=hashlib.sha256(grown.read_bytes()).hexdigest()
    )
    by_path = storage._scan_by_path
    calls: list[bool] = []
    monkeypatch.setattr(
        storage,
        "_scan_by_path",
        lambda s, *, by_name: calls.append(by_name) or by_path(s, by_name=by_name),
    )
    again = run(district).totals["restated"]
    assert sorted(calls) == [False, True]  # the miscounted file, then the shared one
    for name in FACT_FIGURES:
        assert again[name] == pytest.approx(expected[name], rel=1e-12, abs=1e-9), name


def test_a_file_written_with_other_column_types_is_read_too(
    district: DistrictData, tmp_path: Path
) -> None:
    expected = run(district).totals["restated"]
    fact = EnterpriseYearFact.objects.get(organisation=district.enterprises["e2"], year=2021)
    inventory = InventoryResult.objects.get(version_id=fact.version_id)
    older = tmp_path / "older.parquet"
    lines = pl.read_parquet(inventory.lines_path)
    lines.with_columns(pl.col("year").cast(pl.Int64)).write_parquet(older)
    InventoryResult.objects.filter(pk=inventory.pk).update(
        lines_path=str(older), lines_sha256=hashlib.sha256(older.read_bytes()).hexdigest()
    )
    again = run(district).totals["restated"]
    assert again == pytest.approx(expected, rel=1e-12)


def test_selectors_side_by_side_enterprises_and_series(district: DistrictData) -> None:
    restatement = run(district)
    detail = selectors.restatement_detail(restatement)
    rows = {row.name: row for row in detail["rows"]}
    gbt = rows["gbt32150_co2e_t"]
    assert gbt.difference == pytest.approx(-125.76, rel=1e-9)
    assert gbt.percent == pytest.approx(-125.76 / gbt.verified * 100, rel=1e-9)
    assert rows["co2e_t_per_wan_yuan"].restated == pytest.approx(gbt.restated / 25600, rel=1e-9)
    assert detail["changed_since"] == 0
    enterprises = list(selectors.restated_enterprises(restatement))
    # the largest difference first: e5 (2200 MWh)
    assert enterprises[0].organisation_id == district.enterprises["e5"].pk
    assert enterprises[0].difference_t == pytest.approx(2200 * (NEW - OLD), rel=1e-9)
    assert [e.organisation_id for e in enterprises[1:]] == [
        district.enterprises[k].pk for k in ("e1", "e3", "e2")
    ]
    series = {row["year"]: row for row in selectors.restated_series(restatement)}
    assert sorted(series) == [2020, 2021, 2022]
    assert series[2020]["restated"] is None and series[2022]["restated"] is None
    assert series[2021]["restated"]["gbt32150_co2e_t"] == pytest.approx(gbt.restated)
    # restating 2020 on the same basis fills in the like-for-like series; other bases do not
    run(district, year=2020)
    run(district, year=2022, basis="gwp-ar6")
    series = {row["year"]: row for row in selectors.restated_series(restatement)}
    electricity_2020 = (200 + 100 + 50 + 80 + 20) * 10  # MWh: e5, e1, e2, e3, e4
    restated_2020 = series[2020]["restated"]["gbt32150_co2e_t"]
    verified_2020 = series[2020]["verified"]["gbt32150_co2e_t"]
    assert restated_2020 - verified_2020 == pytest.approx(electricity_2020 * (NEW - OLD), rel=1e-9)
    assert series[2022]["restated"] is None


def test_a_correction_verified_afterwards_is_flagged(district: DistrictData) -> None:
    restatement = run(district)
    fact = EnterpriseYearFact.objects.get(organisation=district.enterprises["e2"], year=2021)
    newer = district.submissions["e2", 2022]  # any other version stands in for a correction
    EnterpriseYearFact.objects.filter(pk=fact.pk).update(version_id=newer.versions.get().pk)
    assert selectors.restatement_detail(restatement)["changed_since"] == 1


# -- pages -------------------------------------------------------------------------------------


def test_the_pages_restate_and_show_both_sides(district: DistrictData) -> None:
    client = district.world.client("secretariat")
    listing = client.get("/district/restatements/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert 'name="basis"' in text and "electricity-2023" in text
    assert "mee-nbs.electricity.ef.cn.2023" in text  # the basis's sources
    response = client.post("/district/restatements/", {"year": "2021", "basis": "electricity-2023"})
    restatement = Restatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/district/restatements/{restatement.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert restatement.factor_set_version in detail
    assert "-125.7600" in detail  # the difference of the GB/T 32150 total
    assert district.enterprises["e5"].name_zh in detail
    assert 'id="chart-series"' in detail


def test_the_form_refuses_naming_the_field_in_chinese(district: DistrictData) -> None:
    client = district.world.client("district_admin")
    with translation.override("zh-hans"):
        response = client.post(
            "/district/restatements/",
            {"year": "2019", "basis": "electricity-1999"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"year", "basis"}
    assert "2019" in form.errors["year"][0] and "没有" in form.errors["year"][0]
    assert "electricity-1999" in form.errors["basis"][0]
    assert not Restatement.objects.exists()


# -- API ---------------------------------------------------------------------------------------


def test_the_api_runs_lists_and_details(district: DistrictData) -> None:
    client = district.world.client("anonymous")
    headers = district.world.api_headers("secretariat")
    bases = client.get("/api/district/restatements/bases", **headers).json()
    assert [b["key"] for b in bases] == ["electricity-2023", "gbt32150-2025", "gwp-ar6", "newest"]
    assert bases[0]["context"]["year"] == 2023
    created = client.post(
        "/api/district/restatements",
        {"year": 2021, "basis": "electricity-2023"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    figures = {f["name"]: f for f in body["figures"]}
    assert figures["gbt32150_co2e_t"]["difference"] == pytest.approx(-125.76, rel=1e-9)
    assert body["series"][1]["year"] == 2021 and body["series"][1]["restated"] is not None
    listed = client.get("/api/district/restatements", **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert listed["items"][0]["basis"] == "electricity-2023"
    detail = client.get(f"/api/district/restatements/{body['id']}", **headers).json()
    assert detail["totals"] == body["totals"]
    enterprises = client.get(
        f"/api/district/restatements/{body['id']}/enterprises", **headers
    ).json()
    assert enterprises["count"] == 4
    first = enterprises["items"][0]
    assert first["organisation_id"] == district.enterprises["e5"].pk
    assert first["scope2_location_t"] == pytest.approx(2200 * NEW, rel=1e-12)
    assert first["verified_scope2_location_t"] == pytest.approx(2200 * OLD, rel=1e-12)


def test_the_api_refuses_in_the_error_contract(district: DistrictData) -> None:
    client = district.world.client("anonymous")
    headers = district.world.api_headers("secretariat")
    refused = client.post(
        "/api/district/restatements",
        {"year": 2019, "basis": "nonsense"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        **headers,
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "validation_error"
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"year", "basis"}
    assert "2019" in fields["year"] and "nonsense" in fields["basis"]
    forbidden = client.post(
        "/api/district/restatements",
        {"year": 2021, "basis": "gwp-ar6"},
        content_type="application/json",
        **district.world.api_headers("enterprise_a"),
    )
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "permission_denied"
    assert not Restatement.objects.exists()


def test_the_pages_have_no_english_sentence_in_chinese(district: DistrictData) -> None:
    from tests.web.test_zh_interface import english_runs

    restatement = run(district, basis="newest")
    client = district.world.client("secretariat")
    for url in ("/district/restatements/", f"/district/restatements/{restatement.pk}/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        text = response.content.decode()
        assert "重算" in text and "全部采用最新" in text
        assert english_runs(text) == [], url
