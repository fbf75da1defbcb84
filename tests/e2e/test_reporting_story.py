"""The reporting story in a real browser: an energy manager imports a messy workbook, reads the
error report, fixes the file, imports it and submits; the secretariat assigns the evaluator; the
evaluator verifies; the manager downloads the annual report (Chinese and English PDF) and the
workbook, whose totals are the hand-computed ones."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from greenledger.web.reporting.models import Submission, SubmissionStatus
from tests.e2e.reporting_helpers import ZH_HEADER, screenshot, sign_in, sign_out, write_workbook
from tests.web.conftest import build_world

pytestmark = pytest.mark.e2e

# Raw coal 1,000 t in January, 50 万kWh (500 MWh) of purchased electricity every month.
# Energy: 1,000 t x 0.7143 tce/t + 6,000 MWh x 0.1229 tce/MWh = 714.30 + 737.40 = 1,451.70 tce.
# GB/T 32150: coal 1,900.30 tCO2 + CH4 and N2O 14.16 tCO2e = 1,914.46 tCO2e; electricity
# 6,000 MWh x 0.5306 tCO2/MWh (national average 2023, the latest before 2024) = 3,183.60 tCO2;
# total 5,098.06 tCO2e.
GOOD_ROWS: list[tuple[Any, ...]] = [
    ("甲公司", "甲工厂", "2024年1月", "原煤", "1,000", "t"),
    *[("甲公司", "甲工厂", f"2024年{m}月", "外购电力", "50", "万kWh") for m in range(1, 13)],
    *[("甲公司", "甲工厂", f"2024年{m}月", "工业总产值", "1,000", "万元") for m in range(1, 13)],
]
UNKNOWN = ("甲公司", "甲工厂", "2024年3月", "神秘燃料", "12", "t")
NEGATIVE = ("甲公司", "甲工厂", "2024年4月", "原煤", "-5", "t")


@pytest.fixture
def district(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    from django.core.cache import cache

    cache.clear()
    # Imports run as soon as they are enqueued (the in-process backend).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_world()


def download(page: Any, selector: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def upload(page: Any, path: Path) -> str:
    """Upload a file; wait for its (new) job to end; the status it ended with."""
    before = page.locator("#import-job").get_attribute("data-job")
    page.set_input_files("#id_file", str(path))
    page.click("#import-button")
    page.wait_for_function(
        """previous => {
          const panel = document.querySelector('#import-job');
          return panel && panel.dataset.job && panel.dataset.job !== previous
            && ['succeeded', 'failed'].includes(panel.dataset.status);
        }""",
        arg=before,
    )
    value = page.locator("#import-progress").get_attribute("aria-valuenow")
    status = str(page.locator("#import-job").get_attribute("data-status"))
    assert value == "100" or status == "failed"
    return status


def test_import_fix_submit_assign_verify_and_download_the_reports(
    page: Any, district: Any, tmp_path: Path
) -> None:
    # -- the energy manager opens the 2024 reporting year
    sign_in(page, "enterprise-a")
    page.click("nav.main-nav >> text=数据报送")
    page.click("text=报告年度")
    page.fill("#id_year", "2024")
    page.click("#new-draft button[type=submit]")
    page.wait_for_selector("#submission-status[data-status='draft']")
    submission = Submission.objects.get(organisation=district.company_a, year=2024)

    # -- a messy workbook: Chinese headers, 万kWh, thousands separators, two bad lines
    messy = write_workbook(
        tmp_path / "2024年能源消费台账.xlsx",
        [GOOD_ROWS[0], UNKNOWN, *GOOD_ROWS[1:7], NEGATIVE, *GOOD_ROWS[7:]],
        ZH_HEADER,
    )
    assert upload(page, messy) == "failed"
    # cells read one by one: innerText's tabs between cells depend on the layout of the moment
    problems = page.locator("#problem-table tbody tr").evaluate_all(
        "rows => rows.map(row => Array.from(row.cells, cell => cell.textContent.trim()))"
    )
    assert len(problems) == 2, problems
    # columns: sheet, row, column, reason
    assert any(p[1] == "3" and "神秘燃料" in p[3] for p in problems), problems  # sheet row 3
    assert any(p[1] == "10" and "-5" in p[3] for p in problems), problems  # the negative, row 10
    screenshot(page, "import-failed")
    marked = load_workbook(io.BytesIO(download(page, "#error-report")))
    assert "能源消费" in marked.sheetnames and len(marked.sheetnames) == 2

    # -- fixed and uploaded again
    fixed = write_workbook(tmp_path / "2024年能源消费台账-改.xlsx", GOOD_ROWS, ZH_HEADER)
    assert upload(page, fixed) == "succeeded"
    page.goto(f"/reporting/submissions/{submission.pk}/")
    assert "共 25 条记录" in page.locator("#record-count").inner_text()
    assert page.locator("#key-figures .value").first.inner_text() == "1,451.70"
    screenshot(page, "submission-draft")
    page.click("#submit-button")
    page.wait_for_selector("#submission-status[data-status='submitted']")
    sign_out(page)

    # -- the secretariat gives it to the evaluator assigned to company A
    sign_in(page, "secretariat")
    page.goto(f"/reporting/submissions/{submission.pk}/")
    page.select_option("#assign-form select", str(district.users["evaluator"].pk))
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("#submission-status[data-status='under_verification']")
    sign_out(page)

    # -- the evaluator comments on a line and verifies
    sign_in(page, "evaluator")
    page.goto("/reporting/")
    page.click(f"#submission-list a[href='/reporting/submissions/{submission.pk}/']")
    first = page.locator("#record-table tbody tr", has_text="原煤").first
    first.locator("summary").click()
    first.locator("textarea").fill("请附上1月原煤的入库单")
    first.locator("form button[type=submit]").click()
    page.wait_for_selector(".comment >> text=请附上1月原煤的入库单")
    screenshot(page, "submission-review")
    page.click("#verify-button")
    page.wait_for_selector("#submission-status[data-status='verified']")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED
    sign_out(page)

    # -- the manager downloads the reports
    sign_in(page, "enterprise-a")
    page.goto(f"/reporting/submissions/{submission.pk}/inventory/")
    assert page.locator("#energy-tce").inner_text() == "1,451.70"
    assert page.locator("#gbt-total").inner_text() == "5,098.06"
    page.wait_for_selector("[data-chart='chart-monthly'][data-drawn='true']")
    screenshot(page, "inventory")
    page.goto(f"/reporting/submissions/{submission.pk}/")
    chinese = pdf_text(download(page, "#pdf-zh"))
    english = pdf_text(download(page, "#pdf-en"))
    assert "2024年度温室气体排放报告" in squeeze(chinese)
    assert squeeze("2024 annual greenhouse gas emission report") in squeeze(english)
    for text in (chinese, english):
        for figure in ("1,451.70", "714.30", "1,914.46", "3,183.60", "5,098.06"):
            assert figure in text, figure
    workbook = load_workbook(io.BytesIO(download(page, "#xlsx")))
    assert len(workbook.sheetnames) >= 2
