"""`greenledger calc`: the CLI users and scripts run on activity files."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from greenledger.cli import main

SAMPLE = Path(__file__).parents[2] / "samples" / "district.csv"


def run(*args: str):
    return CliRunner().invoke(main, ["calc", *args], catch_exceptions=False)


def test_json_output_has_enterprises_with_lines_and_their_factor_ids(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(
        "enterprise,period,activity,quantity,unit\nA,2023-01,raw_coal,1000,t\n", encoding="utf-8"
    )
    result = run(str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    (enterprise,) = document["enterprises"]
    assert enterprise["enterprise"] == "A"
    assert enterprise["energy_tce"] == pytest.approx(714.3)
    assert enterprise["scope1_tco2e"] > 1900.3
    assert enterprise["scope2_location_tco2e"] == 0
    assert enterprise["pollutants_t"]["so2"] == pytest.approx(16.0)
    (line,) = enterprise["lines"]
    assert "gbt32150-2015.raw_coal.ncv" in line["factor_ids"]
    assert document["totals"]["energy_tce"] == pytest.approx(714.3)
    assert {f["id"] for f in document["factors"]} >= set(line["factor_ids"])


def test_shanghai_region_says_which_factors_it_used(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(
        "enterprise,period,activity,quantity,unit\nA,2023-01,外购电力,10,万kWh\n", encoding="utf-8"
    )
    result = run(str(path), "--region", "shanghai", "--format", "json")
    document = json.loads(result.output)
    assert document["enterprises"][0]["scope2_location_tco2e"] == pytest.approx(42.0)
    assert document["context"]["region"] == "CN-SH"
    assert any("CN-SH" in s for s in document["context"]["electricity_and_heat_factors"])


def test_national_2022_uses_the_mee_nbs_average_of_2022(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(
        "enterprise,period,activity,quantity,unit\nA,2023-01,purchased_electricity,1000,MWh\n",
        encoding="utf-8",
    )
    result = run(str(path), "--region", "national", "--year", "2022")
    assert result.exit_code == 0
    assert "536.600" in result.output
    assert "electricity ef CN 2022: 0.5366 tCO2/MWh" in result.output


def test_the_sample_district_table_lists_every_enterprise_and_the_total():
    result = run(str(SAMPLE), "--region", "shanghai", "--year", "2023")
    assert result.exit_code == 0
    for name in ("示范精密制造有限公司", "Demo Steel Structures Co.", "TOTAL"):
        assert name in result.output


def test_bad_input_exits_non_zero_with_one_message_per_problem_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "enterprise,period,activity,quantity,unit\n"
        "A,2023-01,coal_ish,1,t\n"
        "A,2023-13,raw_coal,1,t\n"
        "A,2023-02,purchased_electricity,1,kg\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json", "--out", str(out)])
    assert result.exit_code == 2
    assert "3 problems in bad.csv" in result.output
    assert "row 2, column activity: unknown activity 'coal_ish'" in result.output
    assert "row 3, column period" in result.output
    assert "row 4, column unit" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_csv_output_lists_lines_with_lineage(tmp_path):
    out = tmp_path / "lines.csv"
    result = run(str(SAMPLE), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8").splitlines()
    assert text[0].startswith("row,enterprise,site,period,activity")
    assert len(text) == 1 + 302


def test_xlsx_output_has_the_lineage_and_neutralises_formulas(tmp_path):
    source = tmp_path / "evil.csv"
    source.write_text(
        "enterprise,period,activity,quantity,unit\n=HYPERLINK(1),2023-01,raw_coal,1,t\n",
        encoding="utf-8",
    )
    out = tmp_path / "inventory.xlsx"
    result = run(str(source), "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Enterprises", "Periods", "Lines", "Factors", "Context"]
    enterprises = workbook["Enterprises"]
    assert enterprises.cell(row=2, column=1).value == "'=HYPERLINK(1)"
    factor_ids = [row[0].value for row in workbook["Factors"].iter_rows(min_row=2)]
    assert "gbt32150-2015.raw_coal.ncv" in factor_ids


def test_xlsx_needs_an_output_path(tmp_path):
    result = CliRunner().invoke(main, ["calc", str(SAMPLE), "--format", "xlsx"])
    assert result.exit_code != 0
    assert "--format xlsx needs --out" in result.output


def test_an_unknown_region_is_refused():
    result = CliRunner().invoke(main, ["calc", str(SAMPLE), "--region", "atlantis"])
    assert result.exit_code == 2
    assert "unknown region 'atlantis'" in result.output


def test_factors_show_retraces_a_lineage_id():
    result = CliRunner().invoke(main, ["factors", "show", "sh-2022.electricity.ef.cn-sh"])
    assert result.exit_code == 0
    assert "4.2 tCO2/wan_kWh" in result.output
    assert "沪环气〔2022〕34号" in result.output


def test_factors_check_validates_the_shipped_library():
    result = CliRunner().invoke(main, ["factors", "check"])
    assert result.exit_code == 0
    assert "GWP sets AR4, AR5, AR6" in result.output and result.output.endswith(": OK\n")


def test_factors_list_filters_by_activity_name():
    result = CliRunner().invoke(main, ["factors", "list", "--activity", "原煤"])
    assert result.exit_code == 0
    assert "gbt32150-2015.raw_coal.ncv" in result.output


def test_csv_output_neutralises_formulas_in_text_cells(tmp_path):
    source = tmp_path / "evil.csv"
    source.write_text(
        "enterprise,period,activity,quantity,unit\n@SUM(1),2023-01,raw_coal,1,t\n",
        encoding="utf-8",
    )
    out = tmp_path / "lines.csv"
    assert run(str(source), "--format", "csv", "--out", str(out)).exit_code == 0
    assert '2,\'@SUM(1),"",2023-01,raw_coal' in out.read_text(encoding="utf-8")
