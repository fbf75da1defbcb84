"""The annual GHG report as PDF: its text, extracted, has the right sections, totals and lineage."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from greenledger.web.reports.figures import format_number
from greenledger.web.reports.inputs import ReportInput
from greenledger.web.reports.rendering import annual_report_html, annual_report_pdf
from tests.web.reports.conftest import COAL, STEEL, details, pdf_text, squeeze

TITLES = {
    "zh-hans": "2023年度温室气体排放报告",
    "en": "2023 annual greenhouse gas emission report",
}
# Numbered headings of the report (the GB/T 32150 report structure), as extracted.
HEADINGS = {
    "zh-hans": (
        "1 企业基本情况与报告期",
        "2 核算边界（组织边界与运营边界）",
        "3 排放源识别",
        "4 活动数据",
        "5 排放因子",
        "6 温室气体排放量",
        "6.1 按温室气体种类分列的排放量",
        "6.2 按排放源分列的排放量（GB/T 32150）",
        "6.3 温室气体核算体系（GHG Protocol）口径",
        "7 综合能源消费量与强度指标",
        "8 大气污染物排放",
        "9 不确定性与数据质量",
        "9.1 核算方法与因子库",
        "9.2 缺省值与实测值",
        "9.3 待核实的排放因子",
        "10 声明",
    ),
    "en": (
        "1 Enterprise and reporting period",
        "2 Accounting boundary (organisational and operational)",
        "3 Emission sources identified",
        "4 Activity data",
        "5 Emission factors",
        "6 Greenhouse gas emissions",
        "6.1 Emissions by gas",
        "6.2 Emissions by source (GB/T 32150)",
        "6.3 GHG Protocol view",
        "7 Energy consumption and intensities",
        "8 Air pollutant emissions",
        "9 Uncertainty and data quality",
        "9.1 Method and factor set",
        "9.2 Default and measured values",
        "9.3 Factors to be confirmed",
        "10 Declaration",
    ),
}
SOURCE_TYPES = {
    "zh-hans": (
        "化石燃料燃烧排放",
        "工业生产过程排放",
        "净购入电力和热力隐含的排放",
        "输出的电力和热力",
        "生物质燃烧",
    ),
    "en": (
        "Fossil fuel combustion emissions",
        "Industrial process emissions",
        "Emissions embodied in net purchased electricity and heat",
        "Exported electricity and heat",
        "Biomass combustion",
    ),
}
LANGUAGES = ("zh-hans", "en")


@pytest.fixture(scope="module")
def steel_pdfs(steel: ReportInput) -> dict[str, bytes]:
    return {language: annual_report_pdf(steel, language=language) for language in LANGUAGES}


@pytest.fixture(scope="module")
def steel_texts(steel_pdfs: dict[str, bytes]) -> dict[str, str]:
    return {language: pdf_text(data) for language, data in steel_pdfs.items()}


@pytest.fixture(scope="module")
def coal_texts(coal: ReportInput) -> dict[str, str]:
    return {
        language: pdf_text(annual_report_pdf(coal, language=language)) for language in LANGUAGES
    }


def test_the_report_is_a_pdf_of_several_a4_pages(steel_pdfs: dict[str, bytes]) -> None:
    for data in steel_pdfs.values():
        assert data.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 5
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_every_section_heading_in_its_language(
    steel_texts: dict[str, str], language: str
) -> None:
    lines = [line.strip() for line in steel_texts[language].splitlines()]
    for heading in HEADINGS[language]:
        assert heading in lines, heading
    assert squeeze(TITLES[language]) in squeeze(steel_texts[language])


def test_the_chinese_heading_is_real_text_not_tofu(steel_texts: dict[str, str]) -> None:
    first_page_lines = [line.strip() for line in steel_texts["zh-hans"].splitlines()]
    assert "2023年度温室气体排放报告" in first_page_lines
    assert "\ufffd" not in steel_texts["zh-hans"]
    assert "□" not in steel_texts["zh-hans"]


def test_the_chinese_pdf_embeds_noto_sans_cjk_sc(steel_pdfs: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(steel_pdfs["zh-hans"]))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any(font.endswith("+Noto-Sans-CJK-SC") for font in fonts), fonts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_emission_source_types_of_gbt32150_are_listed(
    steel_texts: dict[str, str], language: str
) -> None:
    text = squeeze(steel_texts[language])
    for label in SOURCE_TYPES[language]:
        assert squeeze(label) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_totals_are_the_inventory_figures_as_the_report_formats_them(
    steel: ReportInput, steel_texts: dict[str, str], language: str
) -> None:
    inventory = steel.inventory
    text = steel_texts[language]
    expected = [
        inventory.gbt32150.total_tco2e,
        inventory.ghg_protocol.scope1_tco2e,
        inventory.ghg_protocol.scope2_location_tco2e,
        inventory.ghg_protocol.scope2_market_tco2e,
        inventory.energy.energy_tce,
        inventory.energy.energy_tce_generation,
        inventory.gbt32150.process_tco2e,
    ]
    for value in expected:
        assert format_number(value) in text
    assert format_number(inventory.totals["so2_t"], 3) in text
    assert format_number(inventory.energy.tce_per_wan_yuan, 4) in text
    # 30,281.34 tCO2e is what the sample gives for this enterprise today: the formatting rule
    # puts thousands separators and two decimals.
    assert format_number(inventory.gbt32150.total_tco2e) == "30,281.34"


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_thousand_tonnes_of_raw_coal_reads_as_computed_by_hand(
    coal_texts: dict[str, str], language: str
) -> None:
    text = coal_texts[language]
    # 1000 t x 20.908 GJ/t x 26.37 tC/TJ x 0.94 x 44/12 = 1,900.30 tCO2
    assert "1,900.30" in text
    # + 20.908 TJ x (10 kg CH4/TJ x 28 + 1.5 kg N2O/TJ x 265) = 1,914.46 tCO2e
    assert "1,914.46" in text
    # 1000 t x 0.7143 tce/t
    assert "714.30" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_factor_id_and_source_of_the_lineage_is_in_the_pdf(
    steel: ReportInput, steel_texts: dict[str, str], language: str
) -> None:
    text = squeeze(steel_texts[language])
    for factor in steel.factors():
        assert factor.id in text
        assert squeeze(factor.source) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_method_and_factor_set_versions_are_stated(
    steel: ReportInput, steel_texts: dict[str, str], language: str
) -> None:
    text = squeeze(steel_texts[language])
    assert squeeze(steel.method_version) in text
    assert steel.factor_set_version in text


def test_unconfirmed_factors_are_listed_under_uncertainty(
    steel: ReportInput, steel_texts: dict[str, str]
) -> None:
    text = steel_texts["en"]
    section = squeeze(text[text.index("Factors to be confirmed") :])
    assert "assumption.raw_coal.sulfur_content" in section
    # unconfirmed in the library: the printed GB/T 2589-2020 table was not read
    assert "gbt2589-2020.raw_coal.coal_equivalent" in section
    assert "ipcc2006.raw_coal.ch4" not in section  # confirmed against IPCC 2006 Table 2.3


def test_pages_are_numbered_in_the_language_of_the_report(steel_texts: dict[str, str]) -> None:
    assert "第 1 页，共" in steel_texts["zh-hans"]
    assert "Page 1 of" in steel_texts["en"]


def test_biomass_co2_is_reported_outside_the_total(steel_texts: dict[str, str]) -> None:
    assert "Memo: CO2 from biomass combustion (not in the total)" in steel_texts["en"]
    assert "备注：生物质燃烧产生的CO2（不计入总量）" in steel_texts["zh-hans"]


def test_an_enterprise_name_with_markup_is_printed_as_text(coal: ReportInput) -> None:
    name = '<img src="http://example.invalid/x.png">燃煤公司'
    report = ReportInput(
        enterprise=details(name),
        inventory=coal.inventory,
        context=coal.context,
        factor_set_version=coal.factor_set_version,
        library=coal.library,
    )
    html = annual_report_html(report, language="en")
    assert "<img" not in html
    assert "&lt;img" in html
    assert name in pdf_text(annual_report_pdf(report, language="en"))


def test_an_unknown_language_is_refused(coal: ReportInput) -> None:
    with pytest.raises(ValueError, match="unknown report language"):
        annual_report_pdf(coal, language="fr")


def test_the_hand_made_report_names_the_enterprise(coal_texts: dict[str, str]) -> None:
    assert COAL in coal_texts["zh-hans"]
    assert STEEL not in coal_texts["en"]


def test_the_factor_table_is_landscape_and_the_sections_around_it_portrait(
    steel_pdfs: dict[str, bytes],
) -> None:
    reader = PdfReader(io.BytesIO(steel_pdfs["en"]))

    def orientation(heading: str) -> str:
        page = next(p for p in reader.pages if heading in p.extract_text().splitlines())
        width, height = (float(v) for v in page.mediabox[2:])
        return "landscape" if width > height else "portrait"

    assert orientation("4 Activity data") == "portrait"
    assert orientation("5 Emission factors") == "landscape"
    assert orientation("6 Greenhouse gas emissions") == "portrait"


def test_the_factor_table_prints_each_factors_primary_citation_and_the_ghg_edition(
    coal: ReportInput,
) -> None:
    html = annual_report_html(coal, language="en")
    # the raw-coal NCV row: issuer, document, edition and table, and its status
    row = html.split("gbt32150-2015.raw_coal.ncv", 1)[1].split("</tr>", 1)[0]
    assert "AQSIQ; SAC: GB/T 32150-2015 工业企业温室气体排放核算和报告通则" in row
    assert "<td>2015</td>" in row and "Annex B Table B.1" in row
    assert "to be confirmed" in row and "DESIGN.md" not in html
    # the 2023 inventory used the 2015 edition, the one in force on 1 January 2023
    assert "2015, the edition in force for the reporting year" in html
    assert "GB/T 32150-2015" in html
    chinese = annual_report_html(coal, language="zh-hans")
    assert "2015（报告年度适用的现行版本）" in chinese
