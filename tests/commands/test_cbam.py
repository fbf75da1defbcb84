"""`greenledger cbam`: the issue's JSON keys with figures worked out by hand, the table, and
refused files (process, field and reason; exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from greenledger.cli import main

ISSUE_KEYS = {
    "process",
    "cn_code",
    "see_direct",
    "see_indirect",
    "see_total",
    "embedded_direct_tco2e",
    "embedded_indirect_tco2e",
    "uses_defaults",
}


def installation() -> dict[str, Any]:
    return {
        "period": "2026",
        "electricity_ef_tco2_per_mwh": 0.5,
        "processes": [
            {
                "id": "hrc",
                "good": "hot-rolled coil",
                "cn_code": "7208 10 00",
                "activity_level_t": 500,
                "direct_tco2e": 100,
                "electricity_mwh": 200,
                "precursors": [{"process": "pig", "mass_t": 450}],
            },
            {
                "id": "pig",
                "good": "pig iron",
                "cn_code": "72011011",
                "activity_level_t": 400,
                "direct_tco2e": 720,
                "electricity_mwh": 40,
                "precursors": [],
            },
            {
                "id": "al",
                "good": "aluminium sheet",
                "cn_code": "76061100",
                "activity_level_t": 100,
                "direct_tco2e": 20,
                "electricity_mwh": 50,
                "precursors": [
                    {"default_see_direct": 1.5, "default_see_indirect": 6.0, "mass_t": 102}
                ],
            },
        ],
    }


def run(tmp_path: Path, data: object, *args: str) -> Any:
    path = tmp_path / "cbam.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return CliRunner().invoke(main, ["cbam", str(path), *args])


def test_json_output_by_hand(tmp_path: Path) -> None:
    result = run(tmp_path, installation(), "--format", "json")
    assert result.exit_code == 0, result.output
    goods = {g["process"]: g for g in json.loads(result.output)["goods"]}
    assert all(set(g) >= ISSUE_KEYS for g in goods.values())
    # pig iron 720/400 = 1.8, 40 x 0.5 / 400 = 0.05
    assert goods["pig"]["see_direct"] == pytest.approx(1.8)
    # coil (100 + 450 x 1.8) / 500 = 1.82; (100 + 450 x 0.05) / 500 = 0.245
    assert goods["hrc"]["cn_code"] == "72081000"
    assert goods["hrc"]["see_direct"] == pytest.approx(1.82)
    assert goods["hrc"]["see_indirect"] == pytest.approx(0.245)
    assert goods["hrc"]["see_total"] == pytest.approx(2.065)
    assert goods["hrc"]["embedded_direct_tco2e"] == pytest.approx(910.0)
    assert goods["hrc"]["embedded_indirect_tco2e"] == pytest.approx(122.5)
    assert goods["hrc"]["uses_defaults"] is False
    # aluminium: defaults +10 % in 2026: (20 + 102 x 1.65) / 100, (25 + 102 x 6.6) / 100
    assert goods["al"]["see_direct"] == pytest.approx(1.883)
    assert goods["al"]["see_indirect"] == pytest.approx(6.982)
    assert goods["al"]["uses_defaults"] is True
    assert goods["al"]["precursors"][0]["markup"] == pytest.approx(0.10)


def test_table_output(tmp_path: Path) -> None:
    result = run(tmp_path, installation())
    assert result.exit_code == 0, result.output
    assert "mark-up on default values in 2026: 10 %" in result.output
    assert "1.8200" in result.output and "6.9820" in result.output


def test_cn_code_outside_the_annex_refused(tmp_path: Path) -> None:
    data = installation()
    data["processes"][2]["cn_code"] = "39011000"
    result = run(tmp_path, data)
    assert result.exit_code == 2
    assert "process al: the CN code 39011000 is outside Annex I" in result.output
    assert "column cn_code" in result.output


def test_bad_file_refused_with_every_problem(tmp_path: Path) -> None:
    data = installation()
    del data["electricity_ef_tco2_per_mwh"]
    result = run(tmp_path, data)
    assert result.exit_code == 2
    assert "the field electricity_ef_tco2_per_mwh is missing" in result.output
    data = installation()
    data["processes"][0]["activity_level_t"] = "lots"
    data["processes"][1]["precursors"] = [{"process": "pig", "mass_t": None}]
    result = run(tmp_path, data)
    assert result.exit_code == 2
    assert "row 1, column activity_level_t: 'lots' is not a number" in result.output
    assert "row 2, column precursors[1].mass_t" in result.output
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["cbam", str(tmp_path / "broken.json")])
    assert result.exit_code == 2
    assert "not a readable JSON file" in result.output
