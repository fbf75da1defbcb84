"""Portfolio import problems name their column by its label in the user's language
(统一社会信用代码, 未偿金额（元）, 碳减排效应 ...), not the raw file header."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenledger.web.finance.columns import PORTFOLIO_COLUMNS
from greenledger.web.reporting.templatetags.reporting_extras import column_label
from tests.web.conftest import credit_code
from tests.web.finance.portfolio_support import HEADER, ROWS, kept_portfolio_world
from tests.web.planning.conftest import PlanningWorld

__all__ = ["kept_portfolio_world"]


@pytest.fixture
def pw(kept_portfolio_world: PlanningWorld, db: None, tmp_path: Path) -> Iterator[PlanningWorld]:
    copied = copy.deepcopy(kept_portfolio_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    yield copied
    translation.activate(settings.LANGUAGE_CODE)


def _problems(html: str) -> list[tuple[str, str, str]]:
    """(row, column, reason) of the refused file's table."""
    table = html.split('id="import-problems"')[1].split("</tbody>")[0].split("<tbody>")[1]
    rows = []
    for tr in table.split("<tr>")[1:]:
        cells = [c.split("</td>")[0] for c in tr.split("<td")[1:]]
        rows.append(tuple(c.split(">", 1)[1] for c in cells))
    return rows  # type: ignore[return-value]


def test_every_portfolio_column_has_a_chinese_label() -> None:
    with translation.override("zh-hans"):
        labels = {column: column_label(column) for column in PORTFOLIO_COLUMNS}
    assert labels["borrower_code"] == "统一社会信用代码"
    assert labels["outstanding_yuan"] == "未偿金额（元）"
    assert labels["project"] == "融资项目（编号）"
    for column, label in labels.items():
        assert label != column and not label.isascii(), column
    with translation.override("en"):
        assert column_label("carbon_effect") == "Carbon-reduction effect"


def test_a_chinese_import_error_names_the_columns_in_chinese(pw: PlanningWorld) -> None:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(pw.world.users["analyst"])
    unshared = ROWS["P-1"].replace("外部项目公司,", f"乙公司,{credit_code(2)}", 1)
    bad_effect = ROWS["E-1"].replace("C26,,,", "C26,,sideways,")
    negative = ROWS["M-1"].replace(",1000000,", ",-5,", 1)
    body = "\n".join([HEADER, unshared, bad_effect, negative]) + "\n"
    upload = SimpleUploadedFile("book.csv", body.encode(), content_type="text/csv")
    response = client.post(reverse("finance:portfolio_import"), {"year": 2025, "file": upload})
    assert response.status_code == 422
    problems = _problems(response.content.decode())
    found = {(row, column) for row, column, _reason in problems}
    assert {("2", "统一社会信用代码"), ("3", "碳减排效应"), ("4", "未偿金额（元）")} <= found
    raw = set(PORTFOLIO_COLUMNS)
    assert not raw & {column for _row, column, _reason in problems}
