"""The district annual report: a PDF in Chinese and in English whose text holds the year's
figures, and a workbook whose cells hold the selectors' numbers; the staff only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from greenledger.core.progress.decomposition import TERMS
from greenledger.web.district import annual_report
from greenledger.web.district.selectors import facts
from tests.web.district.conftest import DistrictData

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("zh-hans", "年度报告"), ("en", "Why emissions moved")],
)
def test_the_pdf_holds_the_years_totals_in_either_language(
    district: DistrictData, lang: str, heading: str
) -> None:
    response = district.world.client("secretariat").get(f"/district/report/2022.pdf?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    row = {r["year"]: r for r in facts.yearly_series()}[2022]
    assert f"{row['gbt32150_co2e_t']:,.2f}" in text
    assert f"{row['energy_tce']:,.2f}" in text
    assert heading in text
    change = facts.decomposition(base_year=2020, year=2022).total_change_t
    assert f"{change:,.2f}" in text


def test_the_workbook_holds_the_selectors_numbers(district: DistrictData) -> None:
    response = district.world.client("district_admin").get("/district/report/2022.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook["2022"]
    row = {r["year"]: r for r in facts.yearly_series()}[2022]
    base = {r["year"]: r for r in facts.yearly_series()}[2020]
    values = {
        line[0]: line[2:5] for line in summary.iter_rows(min_row=3, values_only=True) if line[0]
    }
    total = next(v for k, v in values.items() if "GB/T 32150" in str(k))
    assert total[0] == pytest.approx(row["gbt32150_co2e_t"], rel=1e-12)
    assert total[1] == pytest.approx(base["gbt32150_co2e_t"], rel=1e-12)
    assert total[2] == pytest.approx(100 * (row["gbt32150_co2e_t"] / base["gbt32150_co2e_t"] - 1))
    series = list(workbook["Series"].iter_rows(min_row=2, values_only=True))
    assert [line[0] for line in series] == [2020, 2021, 2022]
    decomposition = facts.decomposition(base_year=2020, year=2022)
    change = {line[0]: line[1] for line in workbook["Change"].iter_rows(values_only=True) if line}
    assert change["2020"] == pytest.approx(decomposition.total_base_t, rel=1e-12)
    assert change["2022"] == pytest.approx(decomposition.total_year_t, rel=1e-12)
    terms = [v for k, v in change.items() if k and k not in ("2020", "2022")][: len(TERMS) + 2]
    assert sum(decomposition.terms_t.values()) == pytest.approx(decomposition.total_change_t)
    assert pytest.approx(decomposition.terms_t["energy_intensity"], rel=1e-12) in terms


def test_the_report_data_names_the_versions_and_coverage(district: DistrictData) -> None:
    data = annual_report.report_data(2021)
    assert data is not None and data.base_year == 2020
    assert data.versions["factor_set_versions"]
    assert {o.name_zh for o in data.coverage.missing} >= {"西四建材有限公司"}
    assert annual_report.report_data(1999) is None


def test_only_the_staff_get_the_report(district: DistrictData) -> None:
    world = district.world
    assert world.client("enterprise_a").get("/district/report/2022.pdf").status_code == 403
    assert world.client("public").get("/district/report/2022.xlsx").status_code == 403
    assert world.client("anonymous").get("/district/report/2022.pdf").status_code == 302
    assert world.client("secretariat").get("/district/report/1999.pdf").status_code == 404
    assert world.client("secretariat").get("/district/report/2022.pdf?lang=fr").status_code == 404


def test_the_report_shows_a_targets_status_and_the_rate_still_needed(
    district: DistrictData,
) -> None:
    from greenledger.web.district.selectors.targets import target_progress
    from greenledger.web.district.services.targets import target_set

    target = target_set(
        actor=district.secretariat,
        scope="district",
        metric="energy_intensity",
        base_year=2020,
        target_year=2025,
        change=-0.135,
    )
    progress = target_progress(target).progress
    assert progress is not None and progress.year == 2022
    client = district.world.client("secretariat")
    text = pdf_text(client.get("/district/report/2022.pdf?lang=en").content)
    status = {"on track": "On track", "at risk": "At risk", "off track": "Off track"}
    assert status[progress.status] in text
    assert f"{progress.actual:,.4f}" in text and f"{progress.expected:,.4f}" in text
    assert progress.rate_needed is not None
    assert f"{100 * progress.rate_needed:+,.2f} %" in text
    sheet = load_workbook(io.BytesIO(client.get("/district/report/2022.xlsx").content))["Targets"]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[1:3] == (2020, 2025) and row[4] == 2022
    assert row[5] == pytest.approx(progress.actual, rel=1e-12)
    assert row[8] == pytest.approx(progress.rate_needed, rel=1e-12)
