"""The transition-loan KPI page and API: the analyst reads company A's 2024 and 2025 KPIs (2.1
and 1.8 tCO2e/t against 2.0 and 1.6, hand figures in transition_support.py) in Chinese and in
English, with the chart; nobody else may; each inventory read is logged."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from greenledger.web.accounts.models import DataAccess
from greenledger.web.finance.models import Position
from tests.web.finance.transition_support import (
    TransitionWorld,
    kept_transition_world,
    transition_settings,
)
from tests.web.test_zh_interface import english_runs

__all__ = ["kept_transition_world"]

URL = "/finance/portfolio/transition/"
API = "/api/finance/portfolio/transition"


@pytest.fixture
def tw(kept_transition_world: TransitionWorld, db: None, tmp_path: Path) -> TransitionWorld:
    copied = copy.deepcopy(kept_transition_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _client(tw: TransitionWorld, persona: str, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(tw.world.users[persona])
    return client


def _row(text: str, year: int) -> str:
    found = re.search(rf'<tr data-year="{year}" data-status="(\w+)">(.*?)</tr>', text, re.S)
    assert found, year
    return found.group(1) + found.group(2)


def test_the_analyst_reads_the_kpis_in_english(tw: TransitionWorld) -> None:
    assert reverse("finance:portfolio_transition") == URL
    with transition_settings():
        response = _client(tw, "analyst").get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-position="T-1"' in text and 'data-position="T-OUT"' in text
    assert 'data-position="G-1"' not in text
    first, second = _row(text, 2024), _row(text, 2025)
    assert first.startswith("below_entry") and "2.100" in first and "0.100" in first
    assert "0.500" in first and "923.4" in first and "439.71 t" in first
    assert second.startswith("entry") and "1.800" in second and "0.200" in second
    assert "Entry value met" in second or "entry value met" in second
    assert _row(text, 2023).startswith("needs_data")
    assert "no product output in the inventory" in text
    assert 'data-reason="not_a_member"' in text
    assert "smelting and pressing of ferrous metals" in text
    chart = json.loads(
        re.search(r'<script id="chart-transition-\d+" type="application/json">(.*?)</script>',
                  text, re.S).group(1)  # type: ignore[union-attr]
    )  # fmt: skip
    kpi, entry, advanced = chart["data"]
    assert kpi["x"] == ["2024", "2025"]
    assert kpi["y"] == pytest.approx([2.1, 1.8])
    assert entry["y"] == [2.0, 2.0] and advanced["y"] == [1.6, 1.6]
    assert "plotly" in text and "cdn" not in text.lower()


def test_the_page_in_chinese(tw: TransitionWorld) -> None:
    with transition_settings():
        response = _client(tw, "analyst", "zh-hans").get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    for words in ("转型贷款关键绩效指标", "准入值", "先进值", "黑色金属冶炼和压延加工业"):
        assert words in text, words
    for english in ("Entry value", "Advanced value", "Needs data", "Verified data", "KPI by"):
        assert english not in text, english
    assert english_runs(text) == []
    unset = _client(tw, "analyst", "zh-hans").get(URL).content.decode()
    assert "尚未设定目标值" in unset and english_runs(unset) == []


def test_the_portfolio_page_links_here(tw: TransitionWorld) -> None:
    text = _client(tw, "analyst").get(reverse("finance:portfolio")).content.decode()
    assert f'href="{URL}" id="portfolio-transition"' in text


def test_no_transition_loan(tw: TransitionWorld) -> None:
    Position.objects.filter(institution=tw.world.bank).delete()
    text = _client(tw, "analyst", "zh-hans").get(URL).content.decode()
    assert 'id="no-transition-loans"' in text and english_runs(text) == []
    assert Client().get(API, **tw.world.api_headers("analyst")).json() == []


def test_unset_values_are_said(tw: TransitionWorld) -> None:
    text = _client(tw, "analyst").get(URL).content.decode()
    assert _row(text, 2024).startswith("needs_setting")
    assert "values not set" in text


def test_each_read_is_logged_with_the_page(tw: TransitionWorld) -> None:
    before = DataAccess.objects.count()
    _client(tw, "analyst").get(URL)
    logged = list(DataAccess.objects.order_by("id")[before:])
    assert len(logged) == 3 and {a.path for a in logged} == {URL}


@pytest.mark.parametrize("persona", ["enterprise_a", "secretariat", "evaluator", "public"])
def test_others_may_not(tw: TransitionWorld, persona: str) -> None:
    assert _client(tw, persona).get(URL).status_code == 403
    assert Client().get(API, **tw.world.api_headers(persona)).status_code == 403


def test_anonymous_is_sent_to_sign_in(tw: TransitionWorld) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    assert Client().get(API).status_code in (401, 403)


def test_the_api(tw: TransitionWorld) -> None:
    with transition_settings():
        response = Client().get(API, **tw.world.api_headers("analyst"))
    assert response.status_code == 200
    data = {t["position"]: t for t in response.json()}
    assert set(data) == {"T-1", "T-OUT"}
    years = {y["year"]: y for y in data["T-1"]["years"]}
    assert years[2024]["kpi"] == pytest.approx(2.1)
    assert years[2024]["status"] == "below_entry"
    assert years[2025]["gap_to_advanced"] == pytest.approx(0.2)
    assert years[2025]["evidence"]["submission"] == tw.submissions[2025].pk
    assert years[2023]["reason"] == "no_product_output"
    assert data["T-OUT"]["reason"] == "not_a_member"
