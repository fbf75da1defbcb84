"""Portfolio pages: the analyst imports a book and reads its figures; a refused file lists its
rows and fields in the user's language; a form position; who may not see the pages."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

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


def _client(pw: PlanningWorld, persona: str, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(pw.world.users[persona])
    return client


def _upload(*rows: str) -> SimpleUploadedFile:
    body = "\n".join([HEADER, *rows]) + "\n"
    return SimpleUploadedFile("book.csv", body.encode(), content_type="text/csv")


def test_analyst_imports_and_reads_the_figures(pw: PlanningWorld) -> None:
    client = _client(pw, "analyst")
    url = reverse("finance:portfolio_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": 2025, "file": _upload(*ROWS.values())})
    assert response.status_code == 302
    assert Position.objects.filter(year=2025).count() == 4
    page = client.get(reverse("finance:portfolio") + "?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="portfolio-totals"' in text and "M-1" in text and "project_finance" in text
    totals = page.context["data"].result.totals
    assert totals.weighted_data_quality_score == pytest.approx(122 / 76)


def test_a_refused_file_names_rows_and_fields_in_chinese(pw: PlanningWorld) -> None:
    client = _client(pw, "analyst", "zh-hans")
    unshared = ROWS["P-1"].replace("外部项目公司,", f"乙公司,{credit_code(2)}", 1)
    response = client.post(
        reverse("finance:portfolio_import"), {"year": 2025, "file": _upload(unshared)}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "未向" in text and "共享" in text  # the member rule, in Chinese
    assert "文件被拒绝" in text and "导入持仓" in text  # the page, in Chinese
    assert not Position.objects.exists()


def test_form_position_and_field_errors(pw: PlanningWorld) -> None:
    client = _client(pw, "analyst")
    url = reverse("finance:portfolio_position_new")
    fields = {
        "year": 2025,
        "position": "E-9",
        "borrower": "外部上市公司",
        "asset_class": "listed_equity",
        "outstanding_yuan": 5_000_000,
        "evic_yuan": 200_000_000,
        "emissions_tco2e": 80_000,
        "emissions_basis": "reported",
        "sector": "C26",
    }
    assert client.post(url, fields).status_code == 302
    assert Position.objects.get(position="E-9").financed_tco2e == pytest.approx(2000.0)
    refused = client.post(url, {**fields, "evic_yuan": ""})
    assert refused.status_code == 200
    assert "evic_yuan" in refused.context["form"].errors


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("enterprise_a", 403), ("secretariat", 403), ("public", 403)],
)
def test_who_may_not_see_the_portfolio(pw: PlanningWorld, persona: str, status: int) -> None:
    client = Client() if persona == "anonymous" else _client(pw, persona)
    for name in ("portfolio", "portfolio_import", "portfolio_position_new"):
        assert client.get(reverse(f"finance:{name}")).status_code == status
