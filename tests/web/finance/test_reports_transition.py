"""The transition KPI section of the portfolio report, on the transition world (company A's 2024
and 2025 verified inventories: 2.1 then 1.8 tCO2e/t against the entry value 2.0 and the advanced
value 1.6, hand figures in transition_support.py), each inventory read logged with the report's
address."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from greenledger.web.accounts.models import DataAccess
from tests.web.finance.transition_support import (
    TransitionWorld,
    kept_transition_world,
    transition_settings,
)

__all__ = ["kept_transition_world"]


@pytest.fixture
def tw(kept_transition_world: TransitionWorld, db: None, tmp_path: Path) -> TransitionWorld:
    copied = copy.deepcopy(kept_transition_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _client(tw: TransitionWorld, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(tw.world.users["analyst"])
    return client


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_transition_kpis_in_the_report(tw: TransitionWorld) -> None:
    client = _client(tw)
    url = reverse("finance:portfolio_report_xlsx", args=[2025])
    with transition_settings():
        response = client.get(url + "?lang=en")
        pdf = client.get(reverse("finance:portfolio_report_pdf", args=[2025]) + "?lang=zh-hans")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Transition KPIs"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in ("T-1", "T-OUT")]
    by_year = {r[4]: r for r in rows if r[0] == "T-1"}
    assert sorted(by_year) == [2023, 2024, 2025]
    assert by_year[2024][5] == pytest.approx(2.1) and by_year[2024][8] == "entry value not met"
    assert (by_year[2024][6], by_year[2024][7]) == (2.0, 1.6)
    assert by_year[2024][9] == pytest.approx(0.1) and by_year[2024][10] == pytest.approx(0.5)
    assert by_year[2025][5] == pytest.approx(1.8) and by_year[2025][8] == "entry value met"
    assert by_year[2025][9] == 0.0 and by_year[2025][10] == pytest.approx(0.2)
    assert by_year[2023][5] is None and "no product output" in by_year[2023][8]
    assert f"submission {tw.submissions[2025].pk}" in by_year[2025][11]
    outside = [r for r in rows if r[0] == "T-OUT"]
    assert len(outside) == 1 and outside[0][4] is None and "not a member" in outside[0][8]
    assert "G-1" not in [r[0] for r in sheet.iter_rows(values_only=True)]
    text = _pdf_text(pdf.content)
    assert "转型" in text and "2.100" in text and "1.800" in text
    logged = DataAccess.objects.filter(organisation=tw.world.company_a, path=url)
    assert logged.count() == 3  # one read per verified inventory
