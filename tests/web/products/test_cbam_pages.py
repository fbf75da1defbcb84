"""CBAM pages: an installation made and a report computed through the forms, the report page's
SEEs, the communication as XLSX (the Commission template's sheets) and JSON with the SEE by
hand, refusals shown with the good, the verification buttons, and who sees what."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greenledger.web.products.models import CbamReport, CbamStatus, Installation
from tests.web.products.conftest import ProductsWorld
from tests.web.products.test_cbam_services import (
    BILLET_SEE_DIRECT,
    BILLET_SEE_INDIRECT,
    EF,
)


def _make(pw: ProductsWorld) -> CbamReport:
    client = pw.world.client("enterprise_a")
    answer = client.post(
        reverse("products:cbam_installations"),
        {"site": pw.site_s.pk, "name_en": "Jia Steel Works", "unlocode": "CNSHA"},
    )
    installation = Installation.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("products:cbam_installation", args=[installation.pk])
    answer = client.post(
        reverse("products:cbam_report_create", args=[installation.pk]),
        {
            "period": "2025",
            "processes": [pw.billet_process.pk],
            "electricity_ef_tco2_per_mwh": str(EF),
            "electricity_ef_source": "grid CO2 factor of the inventory",
            "carbon_price": "90",
            "carbon_price_currency": "CNY",
            "covered_share": "1",
        },
    )
    report = CbamReport.objects.get()
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return report


def test_report_page_and_communication_downloads(products_world: ProductsWorld) -> None:
    pw = products_world
    report = _make(pw)
    client = pw.world.client("enterprise_a")
    page = client.get(reverse("products:cbam_report", args=[report.pk])).content.decode()
    assert "0.260402" in page and "0.424480" in page  # SEE direct and indirect, 6 decimals
    assert 'id="submit-form"' in page
    url = reverse("products:cbam_installation", args=[report.installation_id])
    page = client.get(url).content.decode()
    assert 'id="latest-goods"' in page and "0.260402" in page
    answer = client.get(reverse("products:cbam_communication_xlsx", args=[report.pk]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == [
        "Summary_Communication",
        "Summary_Products",
        "E_PurchPrec",
        "Sources",
    ]
    products = list(book["Summary_Products"].iter_rows(values_only=True))
    assert products[1][0] == "72071114"
    assert products[1][5] == pytest.approx(BILLET_SEE_DIRECT, rel=1e-12)
    assert products[1][6] == pytest.approx(BILLET_SEE_INDIRECT, rel=1e-12)
    assert products[1][8] == pytest.approx(0.8)  # MWh per t
    assert products[1][17] == pytest.approx(90 * BILLET_SEE_DIRECT, rel=1e-12)
    summary = list(book["Summary_Communication"].iter_rows(values_only=True))
    assert any(row[1] == "CNSHA" for row in summary)
    assert any(row[1] == "2025-12-31" for row in summary)  # the period's end
    (line,) = [row for row in summary if row[0] == "连铸"]
    assert line[2] == "72071114" and line[4] == pytest.approx(BILLET_SEE_DIRECT, rel=1e-12)
    answer = client.get(reverse("products:cbam_communication_json", args=[report.pk]))
    data = json.loads(answer.content)
    assert data["report"]["period"] == "2025"
    assert data["products"][0]["see_direct"] == pytest.approx(BILLET_SEE_DIRECT, rel=1e-12)


def test_refused_report_names_the_good(products_world: ProductsWorld) -> None:
    pw = products_world
    report = _make(pw)
    report.delete()
    pw.billet.cn_code = "7005 10 00"  # float glass: not a CBAM good
    pw.billet.save()
    installation = Installation.objects.get()
    answer = pw.world.client("enterprise_a").post(
        reverse("products:cbam_report_create", args=[installation.pk]),
        {
            "period": "2025",
            "processes": [pw.billet_process.pk],
            "electricity_ef_tco2_per_mwh": "0.5",
            "electricity_ef_source": "x",
        },
    )
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "连铸:" in page and "7005" in page
    assert not CbamReport.objects.exists()


def test_verification_through_the_pages(products_world: ProductsWorld) -> None:
    pw = products_world
    report = _make(pw)
    url = reverse("products:cbam_report", args=[report.pk])
    manager = pw.world.client("enterprise_a")
    assert manager.post(reverse("products:cbam_report_submit", args=[report.pk])).status_code == 302
    evaluator = pw.world.client("evaluator")
    assert 'id="verify-form"' in evaluator.get(url).content.decode()
    # the manager cannot verify its own report
    assert manager.post(reverse("products:cbam_report_verify", args=[report.pk])).status_code == 403
    evaluator.post(reverse("products:cbam_report_return", args=[report.pk]), {"note": ""})
    report.refresh_from_db()
    assert report.status == CbamStatus.SUBMITTED  # a return needs a note
    evaluator.post(reverse("products:cbam_report_return", args=[report.pk]), {"note": "source?"})
    report.refresh_from_db()
    assert (report.status, report.review_note) == (CbamStatus.RETURNED, "source?")
    assert "source?" in manager.get(url).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("enterprise_a", 200),
        ("secretariat", 200),
        ("evaluator", 200),
        ("enterprise_b", 404),
        ("evaluator_c", 404),
        ("analyst", 404),
    ],
)
def test_who_sees_a_report(products_world: ProductsWorld, persona: str, status: int) -> None:
    pw = products_world
    report = _make(pw)
    client = pw.world.client("anonymous")
    client.force_login(pw.world.users[persona])
    assert client.get(reverse("products:cbam_report", args=[report.pk])).status_code == status
    xlsx = client.get(reverse("products:cbam_communication_xlsx", args=[report.pk]))
    assert xlsx.status_code == status


def test_pages_in_chinese(products_world: ProductsWorld) -> None:
    pw = products_world
    report = _make(pw)
    client = pw.world.client("enterprise_a")
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("products:cbam_report", args=[report.pk])).content.decode()
    assert "各货物的特定隐含排放" in page and "仅直接排放" in page
    page = client.get(reverse("products:cbam_installations")).content.decode()
    assert "将场所设为CBAM设施" in page


def test_supplier_see_stated_on_the_form(products_world: ProductsWorld) -> None:
    """C's supplier S has no verified CBAM report: C states the SEEs S communicated."""
    pw = products_world
    client = pw.world.client("enterprise_b")
    client.post(reverse("products:cbam_installations"), {"site": pw.site_c.pk, "name_en": "Yi"})
    installation = Installation.objects.get()
    url = reverse("products:cbam_report_create", args=[installation.pk])
    form = {
        "period": "2025",
        "processes": [pw.bracket_process.pk],
        "electricity_ef_tco2_per_mwh": str(EF),
        "electricity_ef_source": "grid",
    }
    answer = client.post(url, form)
    assert answer.status_code == 422  # S has no verified report: refused with the good
    assert "冲压:" in answer.content.decode()
    answer = client.post(url, {**form, "stated_precursors": "冲床; 2100; 0.26; 0.42; 甲公司"})
    assert answer.status_code == 422 and "冲床" in answer.content.decode()
    answer = client.post(url, {**form, "stated_precursors": "冲压; 2100; 0.26; 0.42; 甲公司"})
    assert answer.status_code == 302
    (good,) = CbamReport.objects.get().result["goods"]
    direct = 0.6 * 216.43105485  # 60 % of C's natural gas, tCO2e
    assert good["see_direct"] == pytest.approx((direct + 2100 * 0.26) / 2000, rel=1e-9)
    (line,) = good["precursors"]
    assert (line["source"], line["reference"]) == ("supplier", "甲公司")
