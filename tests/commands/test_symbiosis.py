"""`greenledger symbiosis match`: JSON of hand-checked matches and refusals, the table, --max-km,
and a refused file (row and column named; exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenledger.cli import main
from tests.core.ecology.symbiosis_cases import NEEDS, NEEDS_HEADER, OFFERS, OFFERS_HEADER, write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["symbiosis", "match", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    offers = write(tmp_path / "offers.csv", OFFERS_HEADER, OFFERS)
    needs = write(tmp_path / "needs.csv", NEEDS_HEADER, NEEDS)
    return str(offers), str(needs)


def test_json(files: tuple[str, str]) -> None:
    code, out, _ = run(*files, "--format", "json")
    assert code == 0
    answer = json.loads(out)
    assert answer["match_count"] == 3
    pairs = [(m["offer"]["id"], m["need"]["id"], m["benefit"]["t_co2e_avoided"]) for m in
             answer["matches"]]  # fmt: skip
    assert pairs[1] == ("O3", "N2", pytest.approx(416.0))  # 800 t fly ash x 0.52
    assert pairs[0][:2] == ("O1", "N1") and pairs[2][:2] == ("O2", "N1")
    assert answer["matches"][2]["offer"]["organisation"] is None  # anonymous
    assert [r["reason"]["code"] for r in answer["refusals"]] == ["symbiosis.refused.no_licence"]


def test_table_and_max_km(files: tuple[str, str]) -> None:
    code, out, _ = run(*files)
    assert code == 0
    assert "800 t x 0.52 tCO2e/t = 416 tCO2e" in out
    assert "O4 -> N3: the receiver is not licensed for the hazardous waste 900-214-08" in out
    code, out, _ = run(*files, "--max-km", "2", "--format", "json")
    answer = json.loads(out)
    assert [(m["offer"]["id"], m["need"]["id"]) for m in answer["matches"]] == [
        ("O1", "N1"),
        ("O2", "N1"),
    ]
    too_far = [r for r in answer["refusals"] if r["reason"]["code"] == "symbiosis.refused.too_far"]
    assert [(r["offer"]["id"], r["need"]["id"]) for r in too_far] == [("O3", "N2")]


def test_refused_file(files: tuple[str, str], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", OFFERS_HEADER, [OFFERS[0].replace(",120,70,", ",60,70,")])
    code, _, err = run(str(bad), files[1])
    assert code == 2
    assert "1 problem in bad.csv; nothing was read" in err
    assert "row 2" in err and "supply_temp_c" in err
