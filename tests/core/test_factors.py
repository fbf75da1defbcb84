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


@pytest.fixture
def broken_library(tmp_path):
    (tmp_path / "factorset.toml").write_text('version = "test"\n', encoding="utf-8")
    shipped = default_data_dir()
    (tmp_path / "activities.csv").write_text(
        "id,category,canonical_unit,factor_activity,name_zh,name_en,aliases\n"
        "raw_coal,stationary_combustion,t,raw_coal,原煤,Raw coal,\n",
        encoding="utf-8",
    )
    assert (shipped / "activities.csv").exists()
    good = [
        "a.ncv",
        "raw_coal",
        "ncv",
        "",
        "",
        "",
        "",
        "20.908",
        "GJ/t",
        "GB/T 32150",
        "2015",
        "B.1",
        "",
    ]
    duplicate_key = ["a.ncv2", *good[1:]]
    bad_unit = [
        "a.cc",
        "raw_coal",
        "carbon_content",
        "",
        "",
        "",
        "",
        "26.37",
        "tC/bananas",
        "GB/T 32150",
        "2015",
        "B.1",
        "",
    ]
    unsourced = [
        "a.of",
        "raw_coal",
        "oxidation_rate",
        "",
        "",
        "",
        "",
        "0.94",
        "dimensionless",
        "",
        "",
        "",
        "",
    ]
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
    assert any("row 5, column source" in m and "source is empty" in m for m in messages)
