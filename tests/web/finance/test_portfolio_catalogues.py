"""A position's catalogue: each row names the catalogue its category code belongs to
(green_finance_2025 when empty, green_bond_2021 for legacy assets, shanghai_transition_2024 for
transition loans), the code is checked against THAT catalogue (refused with row, field and
reason in the user's language), stored in Position.catalogue, named in the breakdown by
catalogue category and in the green-loan statistics; transition tracking then follows the
transition loan. Import, form and API."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenledger.core.errors import InputError
from greenledger.web.finance.models import Position
from greenledger.web.finance.selectors.portfolio import portfolio_year
from greenledger.web.finance.selectors.transition import transition_tracking
from greenledger.web.finance.services.portfolio import portfolio_import
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from tests.web.finance.portfolio_support import HEADER, ROWS, kept_portfolio_world
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]

BOND = "绿色债券支持项目目录（2021年版）"
TRANSITION = "上海市转型金融目录（试行）"


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> Iterator[PlanningWorld]:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    yield copied
    translation.activate(settings.LANGUAGE_CODE)


def _row(key: str, code: str, catalogue: str) -> str:
    """A sample row with its catalogue code replaced and a catalogue column appended."""
    cells = ROWS[key].split(",")
    cells[13] = code  # catalogue_code, after sector (see HEADER)
    return ",".join([*cells, catalogue])


def _book(pw: PlanningWorld, *rows: str) -> Path:
    path = pw.tmp / "book.csv"
    path.write_text("\n".join([f"{HEADER},catalogue", *rows]) + "\n", encoding="utf-8")
    return path


def _import(pw: PlanningWorld, *rows: str) -> Any:
    return portfolio_import(
        actor=pw.world.users["analyst"],
        institution=pw.world.bank,
        year=2025,
        path=_book(pw, *rows),
        filename="book.csv",
    )


def _mixed(pw: PlanningWorld) -> Any:
    return _import(
        pw,
        _row("L-A", "C31", "shanghai_transition_2024"),  # a transition loan to member company A
        _row("P-1", "1", "green_bond_2021"),  # a legacy asset under the bond catalogue
        _row("E-1", "1", ""),  # the default catalogue: green finance 2025
        _row("M-1", "", ""),
    )


def test_each_row_is_stored_with_its_catalogue(pw: PlanningWorld) -> None:
    _mixed(pw)
    stored = {p.position: (p.catalogue, p.catalogue_code) for p in Position.objects.all()}
    assert stored == {
        "L-A": ("shanghai_transition_2024", "C31"),
        "P-1": ("green_bond_2021", "1"),
        "E-1": ("green_finance_2025", "1"),
        "M-1": ("", ""),
    }


def test_the_breakdowns_name_the_catalogue(pw: PlanningWorld) -> None:
    _mixed(pw)
    data = portfolio_year(pw.world.users["analyst"], 2025)
    assert data is not None
    # code "1" of two catalogues are two categories, each named with its catalogue
    assert set(data.by_category) == {
        "shanghai_transition_2024:C31",
        "green_bond_2021:1",
        "green_finance_2025:1",
        "",
    }
    bond = data.by_category["green_bond_2021:1"]
    assert bond["catalogue_name"] == BOND and bond["outstanding_yuan"] == pytest.approx(40e6)
    assert bond["financed_tco2e"] == pytest.approx(600.0)  # P-1: 0.4 x 1,500
    assert data.by_category["green_finance_2025:1"]["outstanding_yuan"] == pytest.approx(5e6)
    green = data.green.by_category
    assert set(green) == {
        "shanghai_transition_2024:C31",
        "green_bond_2021:1",
        "green_finance_2025:1",
    }
    assert green["shanghai_transition_2024:C31"]["catalogue_name"] == TRANSITION
    assert green["shanghai_transition_2024:C31"]["outstanding_yuan"] == pytest.approx(30e6)
    assert data.green.positions == 3


def test_transition_tracking_follows_the_transition_loan(pw: PlanningWorld) -> None:
    analyst = pw.world.users["analyst"]
    assert transition_tracking(user=analyst, institution=pw.world.bank) == []
    _mixed(pw)
    tracks = transition_tracking(user=analyst, institution=pw.world.bank)
    assert [t.position.position for t in tracks] == ["L-A"]
    assert tracks[0].category == "C31" and tracks[0].borrower == pw.enterprise


def _refused(pw: PlanningWorld, language: str) -> dict[tuple[int | None, str | None], str]:
    with translation.override(language), pytest.raises(InputError) as refused:
        _import(
            pw,
            _row("L-A", "C31", "green_bond_2021"),  # a transition code in the bond catalogue
            _row("P-1", "1", "brown_2020"),  # no such catalogue
            _row("E-1", "", "shanghai_transition_2024"),  # a catalogue without its code
            _row("M-1", "C31", ""),  # the default catalogue has no C31
        )
    with translation.override(language):
        return {(p.row, p.column): problem_text(p) for p in refused.value.problems}


def test_a_code_of_another_catalogue_is_refused_with_row_and_field(pw: PlanningWorld) -> None:
    found = _refused(pw, "en")
    assert set(found) == {
        (2, "catalogue_code"),
        (3, "catalogue"),
        (4, "catalogue_code"),
        (5, "catalogue_code"),
    }
    assert (
        "'C31'" in found[(2, "catalogue_code")]
        and "green_bond_2021" in found[(2, "catalogue_code")]
    )
    assert "'brown_2020'" in found[(3, "catalogue")]
    assert "needs the code of its category" in found[(4, "catalogue_code")]
    assert "green_finance_2025" in found[(5, "catalogue_code")]
    chinese = _refused(pw, "zh-hans")
    assert "未知的目录" in chinese[(3, "catalogue")]
    assert "需填写其类别代码" in chinese[(4, "catalogue_code")]
    assert not Position.objects.exists()


def test_the_form_and_the_pages_in_chinese(pw: PlanningWorld) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(pw.world.users["analyst"])
    url = reverse("finance:portfolio_position_new")
    form = client.get(url).content.decode()
    assert 'name="catalogue"' in form and TRANSITION in form and BOND in form
    fields = {
        "year": 2025,
        "position": "B-1",
        "borrower": "外部上市公司",
        "asset_class": "listed_equity",
        "outstanding_yuan": 5_000_000,
        "evic_yuan": 200_000_000,
        "emissions_tco2e": 80_000,
        "emissions_basis": "reported",
        "sector": "D44",
        "catalogue": "green_bond_2021",
        "catalogue_code": "C31",
    }
    refused = client.post(url, fields)
    assert refused.status_code == 200
    assert "green_bond_2021" in refused.context["form"].errors["catalogue_code"][0]
    assert client.post(url, {**fields, "catalogue_code": "3"}).status_code == 302
    saved = Position.objects.get(position="B-1")
    assert (saved.catalogue, saved.catalogue_code) == ("green_bond_2021", "3")
    page = client.get(reverse("finance:portfolio") + "?year=2025").content.decode()
    for table in ("by-category", "green-by-category"):
        assert BOND in page.split(f'id="{table}"')[1].split("</table>")[0]


def test_the_api_takes_and_answers_the_catalogue(pw: PlanningWorld) -> None:
    headers = pw.world.api_headers("analyst")
    body = {
        "position": "T-9",
        "borrower": "外部钢铁公司",
        "asset_class": "business_loan",
        "outstanding_yuan": 10_000_000,
        "equity_yuan": 50_000_000,
        "debt_yuan": 50_000_000,
        "emissions_tco2e": 200_000,
        "emissions_basis": "reported",
        "sector": "C31",
        "catalogue": "shanghai_transition_2024",
        "catalogue_code": "1",
    }
    url = "/api/finance/portfolio/2025/positions"
    refused = Client().post(url, body, content_type="application/json", **headers)
    assert refused.status_code == 422 and "catalogue_code" in refused.content.decode()
    saved = Client().post(
        url, {**body, "catalogue_code": "C31"}, content_type="application/json", **headers
    )
    assert saved.status_code == 201, saved.content
    assert (saved.json()["catalogue"], saved.json()["catalogue_code"]) == (
        "shanghai_transition_2024",
        "C31",
    )
    figures = Client().get("/api/finance/portfolio/2025", **headers).json()
    category = figures["by_catalogue_category"]["shanghai_transition_2024:C31"]
    assert category["catalogue_name_en"] == "Shanghai Transition Finance Catalogue (trial)"
    assert category["outstanding_yuan"] == pytest.approx(10e6)


def test_the_import_page_names_the_catalogue_column(pw: PlanningWorld) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(pw.world.users["analyst"])
    page = client.get(reverse("finance:portfolio_import")).content.decode()
    note = page.split('id="import-catalogue-column">')[1].split("</p>")[0]
    assert "上海市转型金融目录" in note and "shanghai_transition_2024" in note


def test_the_openapi_schema_documents_the_catalogue(pw: PlanningWorld) -> None:
    schema = Client().get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    sent = components["PositionIn"]["properties"]["catalogue"]
    assert "shanghai_transition_2024" in sent["description"]
    assert "catalogue" in components["PositionOut"]["required"]
    post = schema["paths"]["/api/finance/portfolio/{year}/positions"]["post"]
    assert "422" in post["responses"]


def test_the_report_names_the_catalogue_of_each_category(pw: PlanningWorld) -> None:
    import io

    import openpyxl

    _mixed(pw)
    client = Client()
    client.force_login(pw.world.users["analyst"])
    url = reverse("finance:portfolio_report_xlsx", args=[2025]) + "?lang=zh-hans"
    response = client.get(url)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for v in row if v is not None}  # fmt: skip
    assert any(c.startswith(f"{BOND} 1 ") for c in cells)
    assert any(c.startswith(f"{TRANSITION} C31 ") for c in cells)
