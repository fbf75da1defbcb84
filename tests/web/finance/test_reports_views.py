"""The portfolio report's pages and API operation: the analyst downloads the year's XLSX and PDF
(the user's language, ``?lang=`` overrides), the portfolio page links them, nobody else may."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.web.finance.portfolio_support import kept_portfolio_world
from tests.web.finance.test_reports import book
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _client(users: dict[str, object], persona: str, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(users[persona])  # type: ignore[arg-type]
    return client


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_analyst_downloads_both_files_in_the_users_language(pw: PlanningWorld) -> None:
    book(pw)
    client = _client(pw.world.users, "analyst", "zh-hans")
    page = client.get(reverse("finance:portfolio") + "?year=2025").content.decode()
    xlsx_url = reverse("finance:portfolio_report_xlsx", args=[2025])
    pdf_url = reverse("finance:portfolio_report_pdf", args=[2025])
    assert xlsx_url == "/finance/portfolio/2025/report.xlsx"
    assert f'href="{xlsx_url}"' in page and f'href="{pdf_url}"' in page
    response = client.get(xlsx_url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "portfolio-2025-zh-hans.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert summary["加权数据质量评分"] == pytest.approx(122 / 76)
    english = client.get(xlsx_url + "?lang=en")
    assert "portfolio-2025-en.xlsx" in english["Content-Disposition"]
    assert load_workbook(io.BytesIO(english.content)).sheetnames[0] == "Summary"
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "投融资排放" in _pdf_text(pdf.content)
    assert client.get(pdf_url + "?lang=fr").status_code == 404
    assert client.get(reverse("finance:portfolio_report_pdf", args=[2019])).status_code == 404


@pytest.mark.parametrize("persona", ["enterprise_a", "secretariat", "evaluator", "public"])
def test_nobody_else_may(pw: PlanningWorld, persona: str) -> None:
    book(pw)
    client = _client(pw.world.users, persona)
    assert client.get(reverse("finance:portfolio_report_xlsx", args=[2025])).status_code == 403
    api = Client().get("/api/finance/portfolio/2025/report", **pw.world.api_headers(persona))
    assert api.status_code == 403


def test_anonymous_is_sent_to_sign_in(pw: PlanningWorld) -> None:
    response = Client().get(reverse("finance:portfolio_report_pdf", args=[2025]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_api(pw: PlanningWorld) -> None:
    book(pw)
    client = Client(**pw.world.api_headers("analyst"))
    response = client.get("/api/finance/portfolio/2025/report?format=pdf&lang=en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Portfolio carbon accounting report 2025" in _pdf_text(response.content)
    workbook = client.get("/api/finance/portfolio/2025/report")
    assert workbook.status_code == 200 and workbook["Content-Type"] == XLSX
    assert client.get("/api/finance/portfolio/2025/report?format=doc").status_code == 422
    assert client.get("/api/finance/portfolio/2019/report").status_code == 404
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/finance/portfolio/{year}/report"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {XLSX, "application/pdf"}
    assert {"401", "403", "404", "422"} <= set(operation["responses"])
