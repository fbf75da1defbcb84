"""The reporting pages: who sees which page, and the real figures on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.reporting import services
from greenledger.web.reporting.models import ImportStatus, Submission
from tests.web.conftest import PERSONAS, World
from tests.web.reporting.conftest import draft, run_import, write_csv

pytestmark = pytest.mark.django_db

COAL_ONLY = [("甲公司", "甲工厂", "2024-01", "原煤", "1000", "t")]


def coal_submission(world: World, tmp_path: Path) -> Submission:
    submission = draft(world)
    job = run_import(world, submission, write_csv(tmp_path / "coal.csv", COAL_ONLY))
    assert job.status == ImportStatus.SUCCEEDED, job.problems
    return submission


def text(response: Any) -> str:
    return response.content.decode()


def test_the_inventory_page_shows_the_hand_computed_coal_figures(
    world: World, tmp_path: Path
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client("enterprise_a").get(
        f"/reporting/submissions/{submission.pk}/inventory/"
    )
    assert response.status_code == 200
    body = text(response)
    # 1,000 t raw coal x 0.7143 tce/t; x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12
    assert '<span class="value" id="energy-tce">714.30</span>' in body
    assert '<td class="num" id="co2-fossil">1,900.30 tCO2</td>' in body
    assert "GB/T 32150" in body and 'data-chart="chart-monthly"' in body
    assert "chart-sources" in body and "chart-scopes" in body


def test_the_submission_page_shows_the_records_and_the_workflow_to_the_manager(
    world: World, tmp_path: Path
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/")
    body = text(response)
    assert response.status_code == 200
    assert 'id="record-table"' in body and "1000 t" in body
    assert 'id="submit-button"' in body and 'id="import-form"' in body
    assert 'id="pdf-zh"' in body and 'id="pdf-en"' in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_submission_page_answers_404_to_everyone_who_may_not_see_it(
    world: World, tmp_path: Path, persona: str
) -> None:
    submission = coal_submission(world, tmp_path)
    response = world.client(persona).get(f"/reporting/submissions/{submission.pk}/")
    expected = 200 if persona in ("enterprise_a", "secretariat", "district_admin") else 404
    assert response.status_code == expected


def test_the_lineage_page_lists_every_factor_with_its_source(world: World, tmp_path: Path) -> None:
    submission = coal_submission(world, tmp_path)
    body = text(
        world.client("enterprise_a").get(f"/reporting/submissions/{submission.pk}/lineage/")
    )
    assert "<code>gbt32150-2015.raw_coal.ncv</code>" in body
    assert "<code>gbt2589-2020.raw_coal.coal_equivalent</code>" in body
    assert "GB/T 2589-2020" in body and "2026.11" in body


def test_the_pages_are_in_chinese_by_default_and_in_english_after_the_switch(
    world: World, tmp_path: Path
) -> None:
    submission = coal_submission(world, tmp_path)
    client = world.client("enterprise_a")
    url = f"/reporting/submissions/{submission.pk}/inventory/"
    chinese = text(client.get(url))
    assert "综合能源消费量" in chinese and ">数据报送</a>" in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    english = text(client.get(url))
    assert "Comprehensive energy consumption" in english and ">Reporting</a>" in english
    assert "714.30" in english and "1,900.30 tCO2" in english


def test_the_navigation_offers_reporting_to_those_who_report_review_or_run_the_district(
    world: World,
) -> None:
    for persona in ("enterprise_a", "evaluator", "secretariat", "analyst"):
        assert 'href="/reporting/"' in text(world.client(persona).get("/")), persona
    for persona in ("public", "anonymous"):
        assert 'href="/reporting/"' not in text(world.client(persona).get("/")), persona


def test_the_list_shows_each_persona_their_submissions(world: World, tmp_path: Path) -> None:
    submission = coal_submission(world, tmp_path)
    mine = text(world.client("enterprise_a").get("/reporting/"))
    assert f'/reporting/submissions/{submission.pk}/"' in mine
    assert f"/reporting/organisations/{world.company_a.pk}/" in mine
    assert 'id="district-download"' not in mine
    assert f'/reporting/submissions/{submission.pk}/"' not in text(
        world.client("enterprise_b").get("/reporting/")
    )
    assert f'/reporting/submissions/{submission.pk}/"' not in text(
        world.client("evaluator").get("/reporting/")
    )  # not assigned to it yet
    staff = text(world.client("secretariat").get("/reporting/"))
    assert f'/reporting/submissions/{submission.pk}/"' in staff
    assert 'id="district-download"' in staff


def verified(world: World, tmp_path: Path) -> Submission:
    submission = coal_submission(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    services.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )
    return services.submission_verify(actor=world.users["evaluator"], submission=submission)


def test_the_reports_download_as_pdf_in_both_languages_and_as_xlsx(
    world: World, tmp_path: Path
) -> None:
    submission = verified(world, tmp_path)
    client = world.client("analyst")  # the bank company A shares its data with
    base = f"/reporting/submissions/{submission.pk}/"
    for language in ("zh-hans", "en"):
        pdf = client.get(base + "report.pdf", {"language": language})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert f"-{language}.pdf" in pdf["Content-Disposition"]
    assert client.get(base + "report.pdf", {"language": "fr"}).status_code == 404
    xlsx = client.get(base + "report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    district = world.client("secretariat").get("/reporting/district/inventories.xlsx?year=2024")
    assert district.status_code == 200 and district.content.startswith(b"PK")


def meter_csv(path: Path, skip: int = 0) -> Path:
    start = dt.datetime(2024, 1, 1)
    lines = ["meter,timestamp,kwh"] + [
        f"M1,{start + dt.timedelta(hours=i):%Y-%m-%d %H:%M},2.5"
        for i in range(8784)
        if not (100 <= i < 100 + skip)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_meter_series_upload_shows_its_validation_report(world: World, tmp_path: Path) -> None:
    client = world.client("enterprise_a")
    url = f"/reporting/sites/{world.site_a.pk}/meters/"
    path = meter_csv(tmp_path / "m1.csv", skip=5)
    with path.open("rb") as handle:
        response = client.post(url, {"year": 2024, "file": handle}, follow=True)
    body = text(response)
    assert 'id="meter-report"' in body and 'id="series-table"' in body
    assert "2024-01-05" in body  # the gap of 5 hours from hour 100
    assert "99.9 %" in body and 'data-chart="chart-meter"' in body
    bad = tmp_path / "m2.csv"
    bad.write_text("meter,timestamp,kwh\nM2,2024-03-10 02:00,1\nM2,2024-03-10 02:00,1\n")
    with bad.open("rb") as handle:
        refused = text(client.post(url, {"year": 2024, "file": handle}))
    assert 'id="meter-problems"' in refused
    assert world.client("enterprise_b").get(url).status_code == 404
