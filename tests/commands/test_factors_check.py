"""`greenledger factors check` refuses a factor row that cites no primary document."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from greenledger.cli import main
from greenledger.core.factors import default_data_dir


def _copy_with(tmp_path, old: str, new: str):
    directory = tmp_path / "data"
    shutil.copytree(default_data_dir(), directory)
    path = directory / "combustion.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return directory


def test_factors_check_passes_the_shipped_library_and_names_the_ghg_editions():
    result = CliRunner().invoke(main, ["factors", "check"])
    assert result.exit_code == 0, result.output
    assert "GWP sets AR4, AR5, AR6" in result.output
    assert "GB/T 32150 editions 2015 (in force 2016-06-01), 2025 (in force 2026-07-01)" in (
        result.output
    )


def test_factors_check_fails_on_a_row_citing_the_design_notes(tmp_path):
    directory = _copy_with(
        tmp_path,
        'Annex B Table B.1,false,"no public reproduction',
        'Annex B Table B.1,true,"confirmed: golden default in project DESIGN.md; no public',
    )
    result = CliRunner().invoke(main, ["factors", "check", str(directory)])
    assert result.exit_code == 1
    assert "combustion.csv, row 2, column quality: 'DESIGN.md' is not a source" in result.output


def test_factors_check_fails_on_a_row_citing_no_primary_document(tmp_path):
    directory = _copy_with(
        tmp_path,
        "gbt32150-2015.raw_coal.ncv,raw_coal,ncv,,,,,20.908,GJ/t,AQSIQ; SAC,GB/T",
        "gbt32150-2015.raw_coal.ncv,raw_coal,ncv,,,,,20.908,GJ/t,,GB/T",
    )
    result = CliRunner().invoke(main, ["factors", "check", str(directory)])
    assert result.exit_code == 1
    assert (
        "combustion.csv, row 2, column issuer: the row cites no issuer of the primary document"
        in result.output
    )


def test_the_json_output_says_which_ghg_edition_each_year_used(tmp_path):
    import json

    path = tmp_path / "years.csv"
    path.write_text(
        "enterprise,period,activity,quantity,unit\n"
        "A,2026-12,raw_coal,1000,t\n"
        "A,2027-01,raw_coal,1000,t\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    context = document["context"]
    assert context["ghg_edition"] is None
    assert context["ghg_editions_used"] == ["2015", "2025"]
    assert "in force on 1 January of the reporting year" in context["ghg_edition_rule"]
    lines = document["enterprises"][0]["lines"]
    assert [line["period"] for line in lines] == ["2026-12", "2027-01"]
    assert "gbt32150-2015.raw_coal.ncv" in lines[0]["factor_ids"]
    assert "gbt32150-2025.raw_coal.ncv" in lines[1]["factor_ids"]
    factors = {f["id"]: f for f in document["factors"]}
    assert factors["gbt32150-2025.raw_coal.ncv"]["edition"] == "2025"
    assert factors["gbt32150-2025.raw_coal.ncv"]["issuer"] == "SAMR; SAC"
    assert factors["gbt32150-2025.raw_coal.ncv"]["confirmed"] is False
    pinned = CliRunner().invoke(
        main, ["calc", str(path), "--format", "json", "--ghg-edition", "2015"]
    )
    assert json.loads(pinned.output)["context"]["ghg_editions_used"] == ["2015"]


def test_factors_list_and_show_say_whether_a_factor_is_confirmed():
    listed = CliRunner().invoke(main, ["factors", "list", "--activity", "lng"])
    assert listed.exit_code == 0
    row = next(line for line in listed.output.splitlines() if "gbt32150-2015.lng.ncv" in line)
    assert "51.498" in row and "unconfirmed" in row
    shown = CliRunner().invoke(main, ["factors", "show", "sh-2022.electricity.ef.cn-sh"])
    assert "issuer: Shanghai Municipal Bureau of Ecology and Environment" in shown.output
    assert "status: confirmed" in shown.output
