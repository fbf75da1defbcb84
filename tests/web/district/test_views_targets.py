"""Target and budget pages and API over the shared district (``conftest.district``: five
enterprises verified 2020-2022 through the reporting services; e1 东一水泥 is the only key
energy-consuming unit, 15,000 t of coal in 2020 = 10,837.4 tce)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from greenledger.web.district.models import BudgetAlert, DistrictTarget, EnterpriseYearFact
from greenledger.web.district.selectors.targets import published_targets, target_progress
from greenledger.web.district.services.budgets import budget_plan_create
from tests.web.district.conftest import (
    ENTERPRISES,
    DistrictData,
    energy_tce,
    gbt32150_t,
    report,
    verify,
)

pytestmark = pytest.mark.django_db


def client_of(user: Any, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def district_intensity(year: int) -> float:
    """Sum of energy over sum of output value of the enterprises verified that year."""
    rows = [years[year] for *_rest, years in ENTERPRISES.values() if year in years]
    return sum(energy_tce(c, e) for c, e, _o in rows) / sum(o for _c, _e, o in rows)


TARGET_FORM = {
    "scope": "district",
    "metric": "energy_intensity",
    "base_year": "2020",
    "target_year": "2025",
    "change": "-13.5",
    "method": "geometric",
    "output_basis": "reported",
    "points": "",
    "note": "十四五单位产值能耗下降13.5%",
}


def test_the_secretariat_sets_a_target_on_the_page_and_sees_its_progress(
    district: DistrictData,
) -> None:
    client = client_of(district.secretariat)
    response = client.post("/district/targets/new/", TARGET_FORM)
    assert response.status_code == 302 and response["Location"] == "/district/targets/"
    target = DistrictTarget.objects.get(active=True)
    assert (target.change, target.note) == (-0.135, "十四五单位产值能耗下降13.5%")
    result = target_progress(target)
    # 2020: (10,837.4 + 275.79 + 98.32 + 381.73 + 245.8) / 26,000; 2022 likewise
    assert result.actual[2020] == pytest.approx(district_intensity(2020))
    assert result.actual[2022] == pytest.approx(district_intensity(2022))
    expected = district_intensity(2020) * 0.865 ** (2 / 5)
    assert result.progress is not None
    assert result.progress.expected == pytest.approx(expected)
    status = "on track" if district_intensity(2022) <= expected else "off track"
    assert result.progress.status == status
    page = client.get("/district/targets/").content.decode()
    assert f'id="target-{target.pk}"' in page and f'data-status="{status}"' in page
    assert f'id="chart-target-{target.pk}"' in page  # the Plotly spec for the chart


def test_a_refused_target_names_the_field_in_chinese(district: DistrictData) -> None:
    client = client_of(district.secretariat, "zh-hans")
    response = client.post("/district/targets/new/", {**TARGET_FORM, "target_year": "2019"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "基准年" in page and "2019" in page
    bad_points = {**TARGET_FORM, "method": "explicit", "points": "2018: -1\n2025: -13.5"}
    page = client.post("/district/targets/new/", bad_points).content.decode()
    assert "2018" in page
    assert not DistrictTarget.objects.exists()


def test_the_published_targets_page_shows_each_source_and_confirmation(
    district: DistrictData,
) -> None:
    page = Client().get("/district/targets/published/", headers={"accept-language": "en"})
    text = page.content.decode()
    unconfirmed = [t for t in published_targets() if not t.confirmed]
    assert text.count('data-role="unconfirmed"') == len(unconfirmed) > 0
    assert "沪府发〔2022〕7号" in text and "unconfirmed (press report)" in text


def e1_plan(district: DistrictData) -> Any:
    return budget_plan_create(
        actor=district.secretariat,
        name="双控试点",
        method="grandfathering",
        base_year=2020,
        first_year=2021,
        last_year=2023,
        reduction_rate=0.05,
    )


def test_verifying_an_inventory_over_the_budget_raises_the_alert_the_pages_show(
    district: DistrictData,
) -> None:
    plan = e1_plan(district)
    e1 = district.enterprises["e1"]
    base = gbt32150_t(15_000, 100, 2020)
    budgets = {b.year: b.budget_t for b in plan.budgets.filter(organisation=e1)}
    assert budgets == pytest.approx({2021: base * 0.95, 2022: base * 0.95**2,
                                     2023: base * 0.95**3})  # fmt: skip
    assert not BudgetAlert.objects.exists()  # 2021 and 2022 are under their budgets
    verify(district, report(district, "e1", 2023, (15_500, 130, 12_500)))
    verified = EnterpriseYearFact.objects.get(organisation=e1, year=2023).gbt32150_co2e_t
    alert = BudgetAlert.objects.get(organisation=e1, year=2023)
    assert (alert.kind, alert.verified_t, alert.cleared_at) == ("over_budget", verified, None)
    assert alert.limit_t == pytest.approx(base * 0.95**3)
    own = client_of(district.managers["e1"]).get(f"/district/enterprises/{e1.pk}/budget/")
    assert own.status_code == 200 and 'id="budget-alerts"' in own.content.decode()
    other = client_of(district.managers["e2"]).get(f"/district/enterprises/{e1.pk}/budget/")
    assert other.status_code == 404
    overview = client_of(district.secretariat).get("/district/budgets/?year=2023")
    assert f'data-organisation="{e1.pk}" class="over"' in overview.content.decode()


def test_the_api_refuses_in_the_error_contract_and_answers_progress(
    district: DistrictData,
) -> None:
    headers = district.world.api_headers("secretariat")
    body = {"scope": "district", "metric": "co2_intensity", "base_year": 2020,
            "target_year": 2019, "change": -0.18}  # fmt: skip
    client = Client()
    refused = client.post("/api/district/targets", json.dumps(body),
                          content_type="application/json", **headers)  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_error"
    assert [e["field"] for e in refused.json()["errors"]] == ["target_year"]
    created = client.post("/api/district/targets", json.dumps({**body, "target_year": 2025}),
                          content_type="application/json", **headers)  # fmt: skip
    assert created.status_code == 201
    detail = client.get(f"/api/district/targets/{created.json()['id']}", **headers).json()
    assert detail["progress"]["year"] == 2022
    assert detail["progress"]["status"] in ("on track", "at risk", "off track")
    assert set(detail["trajectory"]) == {str(y) for y in range(2020, 2026)}
    e1_plan(district)
    e1 = district.enterprises["e1"].pk
    own = client.get(f"/api/district/budgets/enterprises/{e1}", **headers).json()
    assert [y["year"] for y in own["years"]] == [2021, 2022, 2023]
    overview = client.get("/api/district/budgets/overview", **headers).json()
    assert overview["year"] == 2022 and overview["rows"][0]["organisation_id"] == e1


def test_the_pages_speak_chinese(district: DistrictData) -> None:
    published = Client().get("/district/targets/published/", headers={"accept-language": "zh-hans"})
    assert "未确认（新闻报道）" in published.content.decode()
    client = client_of(district.secretariat, "zh-hans")
    client.post("/district/targets/new/", TARGET_FORM)
    page = client.get("/district/targets/").content.decode()
    assert "全区目标" in page
    assert any(word in page for word in ("进度正常", "有风险", "进度滞后"))
    e1_plan(district)
    budgets = client.get("/district/budgets/").content.decode()
    assert "碳排放预算" in budgets or "预算（吨二氧化碳当量）" in budgets


def test_the_api_refuses_budgets_over_the_cap_naming_the_year(district: DistrictData) -> None:
    headers = district.world.api_headers("secretariat")
    base = gbt32150_t(15_000, 100, 2020)
    body = {"name": "双控", "method": "grandfathering", "base_year": 2020, "first_year": 2021,
            "last_year": 2021, "reduction_rate": 0.05, "caps": {"2021": 20_000}}  # fmt: skip
    refused = Client().post("/api/district/budgets/plans", json.dumps(body),
                            content_type="application/json", **headers)  # fmt: skip
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "caps" and "2021" in error["message"]
    assert f"{base * 0.95 - 20_000:.3f}".rstrip("0").rstrip(".") in error["message"]
    scaled = Client().post("/api/district/budgets/plans",
                           json.dumps({**body, "scale_to_cap": True}),
                           content_type="application/json", **headers)  # fmt: skip
    assert scaled.status_code == 201
    assert [b["budget_t"] for b in scaled.json()["budgets"]] == pytest.approx([20_000])
