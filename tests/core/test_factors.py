import csv
from pathlib import Path

import globalwarmingpotentials
import pytest

from greenledger.core.errors import FactorDataError, FactorNotFound
from greenledger.core.factors import default_data_dir, load_library
from greenledger.core.factors.library import FACTOR_COLUMNS


def test_the_shipped_library_loads_with_a_version_and_every_row_sourced(library):
    assert library.version
    assert len(library.factors) > 100
    for factor in library.factors:
        assert factor.source, factor.id
        assert factor.unit, factor.id


def test_every_reported_activity_resolves_by_id_and_by_chinese_name(library):
    assert library.activity("raw_coal").id == "raw_coal"
    assert library.activity("原煤").id == "raw_coal"
    assert library.activity("天然气").id == "natural_gas"
    assert library.activity("外购电力").id == "purchased_electricity"
    assert library.activity("Raw Coal").id == "raw_coal"


def test_an_unknown_activity_gets_close_suggestions(library):
    assert library.activity("natual_gas") is None
    assert "natural_gas" in library.suggest_activities("natual_gas")


def test_the_guideline_fuel_table_is_covered(library):
    fuels = [
        "raw_coal", "cleaned_coal", "other_washed_coal", "briquettes", "coke", "crude_oil",
        "fuel_oil", "gasoline", "kerosene", "diesel", "lpg", "refinery_gas", "lng",
        "natural_gas", "coke_oven_gas", "blast_furnace_gas", "converter_gas", "other_gas",
    ]  # fmt: skip
    for fuel in fuels:
        for quantity in ("ncv", "carbon_content", "oxidation_rate"):
            found = library.find_optional(fuel, quantity) or library.find_optional(
                fuel, quantity, gas="CO2"
            )
            assert found is not None, f"{fuel} lacks {quantity}"


def test_shanghai_electricity_takes_the_local_factor_and_other_regions_fall_back(library):
    shanghai = library.find("electricity", "ef", gas="CO2", region="CN-SH", year=2023)
    assert shanghai.value_in("tCO2/MWh") == pytest.approx(0.42)
    east = library.find("electricity", "ef", gas="CO2", region="CN-EAST", year=2023)
    assert east.value == pytest.approx(0.5500)
    national = library.find("electricity", "ef", gas="CO2", region="CN", year=2022)
    assert national.value == pytest.approx(0.5366)


def test_a_year_without_a_factor_takes_the_latest_earlier_one_then_the_earliest_later(library):
    later = library.find("electricity", "ef", gas="CO2", region="CN", year=2030)
    assert later.year == 2023
    earlier = library.find("electricity", "ef", gas="CO2", region="CN", year=2015)
    assert earlier.year == 2021


def test_a_factor_nobody_published_is_reported_as_missing(library):
    with pytest.raises(FactorNotFound, match="no ef_residual of heat"):
        library.find("heat", "ef_residual", gas="CO2")


def test_our_gwp_table_agrees_with_the_globalwarmingpotentials_package(library):
    published = globalwarmingpotentials.data
    checked = 0
    for factor in library.factors:
        if factor.quantity != "gwp" or factor.activity == "CO2":
            continue
        table = published[f"{factor.edition}GWP100"]
        key = factor.activity.replace("-", "")
        if key in table:
            assert factor.value == pytest.approx(table[key]), factor.id
            checked += 1
    assert checked >= 15


def _write(directory: Path, name: str, rows: list[list[str]]) -> None:
    with (directory / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


MANIFEST = """\
version = "test"

[ghg]
standard = "GB/T 32150"
year_rule = "in_force_on_1_january"

[[ghg.editions]]
edition = "2015"
document = "GB/T 32150-2015"
issuer = "AQSIQ; SAC"
in_force = "2016-06-01"
source = "front matter"
confirmed = false
"""
CITED = ["AQSIQ; SAC", "GB/T 32150-2015", "2015", "Annex B Table B.1"]


def _row(ident: str, quantity: str, value: str, unit: str, *cited: str) -> list[str]:
    return [ident, "raw_coal", quantity, "", "", "", "", value, unit, *cited]


@pytest.fixture
def broken_library(tmp_path):
    (tmp_path / "factorset.toml").write_text(MANIFEST, encoding="utf-8")
    shipped = default_data_dir()
    (tmp_path / "activities.csv").write_text(
        "id,category,canonical_unit,factor_activity,name_zh,name_en,aliases\n"
        "raw_coal,stationary_combustion,t,raw_coal,原煤,Raw coal,\n",
        encoding="utf-8",
    )
    assert (shipped / "activities.csv").exists()
    checked = "the printed table was not read; the value as public reproductions give it"
    good = _row("a.ncv", "ncv", "20.908", "GJ/t", *CITED, "false", checked)
    duplicate_key = ["a.ncv2", *good[1:]]
    bad_unit = _row("a.cc", "carbon_content", "26.37", "tC/bananas", *CITED, "false", checked)
    unsourced = _row("a.of", "oxidation_rate", "0.94", "dimensionless", "", "", "", "", "", "")
    _write(
        tmp_path, "combustion.csv", [list(FACTOR_COLUMNS), good, duplicate_key, bad_unit, unsourced]
    )
    return tmp_path


def test_a_broken_factor_file_is_rejected_with_every_problem_located(broken_library):
    with pytest.raises(FactorDataError) as caught:
        load_library(str(broken_library))
    messages = [str(p) for p in caught.value.problems]
    assert any("combustion.csv, row 3" in m and "duplicate factor" in m for m in messages)
    assert any("row 4, column unit" in m and "tC/bananas" in m for m in messages)
    for column in ("issuer", "source", "edition", "clause", "quality"):
        assert any(f"row 5, column {column}" in m and "the row cites no" in m for m in messages)
    assert any("row 5, column confirmed" in m and "true or false" in m for m in messages)


def _library_with(tmp_path: Path, *rows: list[str]) -> Path:
    (tmp_path / "factorset.toml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "activities.csv").write_text(
        "id,category,canonical_unit,factor_activity,name_zh,name_en,aliases\n"
        "raw_coal,stationary_combustion,t,raw_coal,原煤,Raw coal,\n",
        encoding="utf-8",
    )
    _write(tmp_path, "combustion.csv", [list(FACTOR_COLUMNS), *rows])
    return tmp_path


@pytest.mark.parametrize(
    ("column", "text", "found"),
    [
        ("quality", "confirmed: golden default in project DESIGN.md", "DESIGN.md"),
        ("quality", "value in the design notes", "design notes"),
        ("source", "shared/research/factors.md", "shared/"),
        ("quality", "not re-verified in this session", "this session"),
    ],
)
def test_a_row_citing_the_design_notes_or_a_session_is_refused(tmp_path, column, text, found):
    row = _row("a.ncv", "ncv", "20.908", "GJ/t", *CITED, "true", "checked against Table B.1")
    row[FACTOR_COLUMNS.index(column)] = text
    with pytest.raises(FactorDataError) as caught:
        load_library(str(_library_with(tmp_path, row)))
    [problem] = [p for p in caught.value.problems if p.row == 2]
    assert (problem.file, problem.row, problem.column) == ("combustion.csv", 2, column)
    assert f"{found!r} is not a source" in problem.reason


def test_every_shipped_row_cites_its_primary_document_and_says_whether_it_is_confirmed(library):
    for factor in library.factors:
        assert factor.issuer and factor.source and factor.edition and factor.clause, factor.id
        assert factor.quality, factor.id
        assert isinstance(factor.confirmed, bool)
        for text in (factor.source, factor.quality, factor.clause):
            assert "DESIGN.md" not in text and "session" not in text, factor.id
    assert library.by_id("gbt32150-2015.raw_coal.ncv").citation() == (
        "AQSIQ; SAC: GB/T 32150-2015 工业企业温室气体排放核算和报告通则 (General rules for "
        "enterprise greenhouse gas emissions accounting and reporting - industrial enterprises), "
        "2015, Annex B Table B.1"
    )
    assert library.by_id("sh-2022.electricity.ef.cn-sh").confirmed is True
    assert library.by_id("gbt32150-2015.raw_coal.ncv").confirmed is False


def test_lng_takes_the_b1_family_values_not_the_natural_gas_liquids_ones(library):
    # 51.498 GJ/t (12300 kcal/kg x 4.1868), 15.3 tC/TJ (natural gas), 0.98
    for edition in ("2015", "2025"):
        ncv = library.find("lng", "ncv", edition=edition)
        carbon = library.find("lng", "carbon_content", edition=edition)
        oxidation = library.find("lng", "oxidation_rate", gas="CO2", edition=edition)
        assert (ncv.value, carbon.value, oxidation.value) == (51.498, 15.3, 0.98)
        assert not ncv.confirmed
    assert "natural-gas-liquids" in library.by_id("gbt32150-2015.lng.ncv").quality


def test_each_ghg_edition_is_in_force_from_its_date_and_a_year_uses_the_one_of_1_january(library):
    editions = library.ghg_editions
    assert [(e.edition, e.in_force.isoformat()) for e in editions.editions] == [
        ("2015", "2016-06-01"),
        ("2025", "2026-07-01"),
    ]
    assert editions.year_rule == "in_force_on_1_january"
    assert editions.for_year(2024).edition == "2015"
    assert editions.for_year(2026).edition == "2015"  # in force mid-2026: 2026 stays on 2015
    assert editions.for_year(2027).edition == "2025"
    assert editions.for_year(None).edition == "2025"
    for row in library.factors:
        if row.id.startswith("gbt32150-2025."):
            assert row.edition == "2025" and not row.confirmed
            assert "carried over from GB/T 32150-2015" in row.quality


def test_a_ghg_edition_without_rows_is_refused(tmp_path):
    row = _row("a.ncv", "ncv", "20.908", "GJ/t", *CITED, "false", "known from reproductions")
    directory = _library_with(tmp_path, row)
    later = MANIFEST.split("\n\n", 2)[2].replace('"2015"', '"2025"')
    later = later.replace("2016-06-01", "2026-07-01")
    (directory / "factorset.toml").write_text(MANIFEST + "\n" + later, encoding="utf-8")
    with pytest.raises(FactorDataError, match="GB/T 32150 edition 2025 has no factor rows"):
        load_library(str(directory))
