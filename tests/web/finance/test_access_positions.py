"""A position names the financing project it finances: a project of the same member borrower
that the institution may see (a grant in force covering projects, or an interest the enterprise
accepted); otherwise the import row or the form field ``project`` is refused with the reason,
and nothing is imported."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from greenledger.core.errors import InputError
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import DataSharing
from greenledger.web.finance.models import Interest, InterestStatus, Position, Project
from greenledger.web.finance.services.portfolio import portfolio_import, position_save
from tests.web.finance.pool_support import a_project
from tests.web.finance.portfolio_support import HEADER, ROWS, kept_portfolio_world
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> PlanningWorld:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _book(pw: PlanningWorld, rows: dict[str, str]) -> Path:
    """ROWS with a ``project`` column (position -> project id or text)."""
    path = pw.tmp / "book.csv"
    lines = [f"{HEADER},project"] + [f"{ROWS[name]},{value}" for name, value in rows.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(pw: PlanningWorld, rows: dict[str, str]) -> None:
    path = _book(pw, rows)
    portfolio_import(
        actor=pw.world.users["analyst"],
        institution=pw.world.bank,
        year=2025,
        path=path,
        filename=path.name,
    )


def _refusals(pw: PlanningWorld, rows: dict[str, str]) -> list[tuple[int | None, str | None, str]]:
    with translation.override("en"), pytest.raises(InputError) as refused:
        _import(pw, rows)
    assert not Position.objects.exists()  # nothing half-imported
    return [(p.row, p.column, str(p.reason)) for p in refused.value.problems]


def _project_of_b(pw: PlanningWorld) -> Project:
    return a_project(pw.world, organisation=pw.world.company_b, name="乙公司项目")


def _only_inventories_shared(pw: PlanningWorld) -> None:
    grant = DataSharing.objects.get(organisation=pw.enterprise, institution=pw.world.bank)
    accounts.grant_revoke(actor=pw.world.users["enterprise_a"], grant=grant)
    accounts.grant_create(
        actor=pw.world.users["enterprise_a"], organisation=pw.enterprise,
        institution=pw.world.bank, purpose="portfolio_accounting", inventories=True, plans=False,
        projects=False, meters=False,
    )  # fmt: skip


def test_an_import_links_a_position_to_the_borrower_s_shared_project(pw: PlanningWorld) -> None:
    project = a_project(pw.world)  # company A's, shared by the personas' grant (all data)
    _import(pw, {"L-A": str(project.pk), "E-1": ""})
    positions = {p.position: p for p in Position.objects.all()}
    assert positions["L-A"].project == project
    assert positions["E-1"].project is None
    assert list(project.positions.all()) == [positions["L-A"]]


def test_unseen_foreign_and_malformed_projects_are_refused_by_row(pw: PlanningWorld) -> None:
    own = a_project(pw.world)
    other = _project_of_b(pw)
    problems = _refusals(pw, {"L-A": str(other.pk), "E-1": str(own.pk), "P-1": "第3号"})
    assert problems == [
        (
            2,
            "project",
            f"project {other.pk} is not a project 测试绿色银行 may see: it needs the enterprise's "
            "grant in force covering projects, or an interest it accepted",
        ),
        (
            3,
            "project",
            f"project {own.pk} (变频与空调群控改造) is not a project of the borrower: give the "
            "credit code of 甲公司",
        ),
        (4, "project", "'第3号' is not a project number"),
    ]


def test_the_grant_decides_and_an_accepted_interest_opens_the_link(pw: PlanningWorld) -> None:
    project = a_project(pw.world)
    _only_inventories_shared(pw)  # the member rule still holds; projects are no longer shared
    problems = _refusals(pw, {"L-A": str(project.pk)})
    assert [(row, column) for row, column, _reason in problems] == [(2, "project")]
    Interest.objects.create(
        project=project, institution=pw.world.bank, status=InterestStatus.ACCEPTED,
        expressed_by=pw.world.users["analyst"], expressed_at=timezone.now(),
    )  # fmt: skip
    _import(pw, {"L-A": str(project.pk)})
    assert Position.objects.get(position="L-A").project == project


def test_a_pending_interest_is_not_enough(pw: PlanningWorld) -> None:
    project = a_project(pw.world)
    _only_inventories_shared(pw)
    Interest.objects.create(
        project=project, institution=pw.world.bank, status=InterestStatus.PENDING,
        expressed_by=pw.world.users["analyst"], expressed_at=timezone.now(),
    )  # fmt: skip
    assert [c for _r, c, _t in _refusals(pw, {"L-A": str(project.pk)})] == ["project"]


def test_the_form_links_or_refuses_at_the_field_in_the_user_s_language(pw: PlanningWorld) -> None:
    project = a_project(pw.world)
    other = _project_of_b(pw)
    fields = {
        "position": "L-A",
        "borrower": "甲公司",
        "borrower_code": pw.enterprise.credit_code,
        "asset_class": "business_loan",
        "outstanding_yuan": 30_000_000,
        "equity_yuan": 100_000_000,
        "debt_yuan": 50_000_000,
        "emissions_basis": "reported",
        "sector": "C3825",
    }
    analyst = pw.world.users["analyst"]
    saved = position_save(
        actor=analyst, institution=pw.world.bank, year=2025, **fields, project=project.pk
    )
    assert saved.project == project
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        position_save(
            actor=analyst, institution=pw.world.bank, year=2025, **fields, project=other.pk
        )
    assert list(refused.value.message_dict) == ["project"]
    assert "测试绿色银行" in refused.value.message_dict["project"][0]
    assert "项目" in refused.value.message_dict["project"][0]
    assert Position.objects.get().project == project  # the refused form changed nothing


def test_pages_and_api_show_the_link(pw: PlanningWorld) -> None:
    project = a_project(pw.world)
    other = _project_of_b(pw)
    _import(pw, {"L-A": str(project.pk), "E-1": ""})
    loan = Position.objects.get(position="L-A")
    analyst = pw.world.client("analyst")
    page = analyst.get("/finance/portfolio/?year=2025", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a href="/finance/projects/{project.pk}/" id="position-project-{loan.pk}">' in page
    assert "Financing project" in page
    own = pw.world.client("enterprise_a").get(
        f"/finance/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = own.content.decode()
    assert 'id="project-positions"' in text and f'id="project-position-{loan.pk}"' in text
    assert "融资机构" in text and "测试绿色银行" in text and "L-A" in text
    seen = analyst.get(f"/finance/projects/{project.pk}/").content.decode()
    assert 'id="project-positions"' not in seen  # the enterprise's view only

    client, headers = pw.world.client("anonymous"), pw.world.api_headers("analyst")
    body = {
        "position": "L-A2", "borrower": "甲公司", "borrower_code": pw.enterprise.credit_code,
        "asset_class": "business_loan", "outstanding_yuan": 1_000_000,
        "equity_yuan": 100_000_000, "debt_yuan": 50_000_000, "emissions_basis": "reported",
        "sector": "C3825", "project_id": project.pk,
    }  # fmt: skip
    url = "/api/finance/portfolio/2025/positions"
    created = client.post(url, body, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["project_id"] == project.pk
    refused = client.post(
        url, {**body, "project_id": other.pk}, content_type="application/json", **headers
    )
    assert refused.status_code == 422 and "project" in refused.content.decode()
    listed = client.get(url, **headers).json()["items"]
    assert {p["position"]: p["project_id"] for p in listed} == {
        "L-A": project.pk, "L-A2": project.pk, "E-1": None,
    }  # fmt: skip


def test_the_import_page_names_the_project_column_in_both_languages(pw: PlanningWorld) -> None:
    analyst = pw.world.client("analyst")
    en = analyst.get("/finance/portfolio/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A column project (项目) may name the financing project" in en
    zh = analyst.get("/finance/portfolio/import/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "可用“项目”列（project）按编号填写该持仓所融资的项目" in zh
    assert "A column project" not in zh
