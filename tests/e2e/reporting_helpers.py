"""Shared steps of the reporting browser tests: the persona district, signing in, workbooks."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.web.conftest import PASSWORD

ZH_HEADER = ("企业名称", "厂区", "月份", "能源品种", "消费量", "计量单位")


def sign_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def sign_out(page: Any) -> None:
    page.click(".header-tools form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def write_workbook(path: Path, rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "能源消费"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def screenshot(page: Any, name: str) -> None:
    """Full-page screenshots for a human to look at, when GREENLEDGER_SCREENSHOTS names a
    directory (never committed)."""
    directory = os.environ.get("GREENLEDGER_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)
