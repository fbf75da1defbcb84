"""`greenledger footprint FILE.json`: the issue's file format in, footprints out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenledger.cli import main

MODEL = {
    "processes": [
        {
            "id": "P-steam",
            "product": "steam",
            "output": 10,
            "direct_tco2e": 3,
            "inputs": [{"product": "power", "amount": 2}],
        },
        {
            "id": "P-power",
            "product": "power",
            "output": 5,
            "direct_tco2e": 4,
            "inputs": [{"product": "steam", "amount": 1}],
        },
        {
            "id": "P-ingot",
            "product": "ingot",
            "output": 2,
            "direct_tco2e": 1,
            "inputs": [
                {"product": "steam", "amount": 4},
                {"product": "power", "amount": 1},
                {"product": "alumina", "amount": 3},
            ],
        },
    ],
    "background": {"alumina": {"tco2e_per_unit": 0.6}},
}


def _run(tmp_path: Path, model: object, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    result = CliRunner().invoke(main, ["footprint", str(path), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_out(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, MODEL, "--format", "json")
    assert code == 0
    footprints = json.loads(out)["footprints"]
    assert footprints["steam"]["tco2e_per_unit"] == pytest.approx(23 / 48, rel=1e-12)
    assert footprints["power"]["tco2e_per_unit"] == pytest.approx(43 / 48, rel=1e-12)
    ingot = footprints["ingot"]
    assert ingot["tco2e_per_unit"] == pytest.approx(2.80625, rel=1e-12)
    contributions = ingot["contributions"]
    assert contributions["direct"] + sum(contributions["inputs"].values()) == pytest.approx(
        2.80625, rel=1e-12
    )
    assert contributions["processes"] == pytest.approx(
        {"P-ingot": 0.5, "P-steam": 0.65625, "P-power": 0.75}
    )


def test_table_out(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, MODEL)
    assert code == 0
    assert "ingot" in out and "2.8063" in out  # 2.80625 rounded half to even at 4 digits
    assert "ingot: direct 0.5000 + steam 0.9583 + power 0.4479 + alumina 0.9000" in out


def test_unknown_product_and_singular_loop_refused(tmp_path: Path) -> None:
    bad = {
        "processes": [
            {"id": "A", "product": "x", "output": 1, "direct_tco2e": 1,
             "inputs": [{"product": "y", "amount": 1}]},
            {"id": "B", "product": "y", "output": 1, "direct_tco2e": 1,
             "inputs": [{"product": "x", "amount": 1}, {"product": "cement", "amount": 1}]},
        ]
    }  # fmt: skip
    code, out, err = _run(tmp_path, bad)
    assert code == 2 and out == ""
    assert (
        "the process B uses the product cement, which no process makes and no background "
        "factor covers" in err
    )
    bad["background"] = {"cement": {"tco2e_per_unit": 0.8}}
    code, _, err = _run(tmp_path, bad)
    assert code == 2
    assert "the processes A, B form a loop that produces nothing net" in err
