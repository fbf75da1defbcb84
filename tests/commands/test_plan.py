"""`greenledger plan`: a plan worked out by hand (curve and pathway), an infeasible target
with its shortfall, and the errors a user gets (file, measure and field named; exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from greenledger.cli import main

# One end use, steam: 1000 tce, 2600 tCO2e a year, no growth; rate 0 (CRF = 1/n), no energy
# price, no carbon price; horizon 2026-2030 (residual value credited at 2031).
#   A: 20 %, capex 10,000 over 10 y -> 1,000 yuan/y for 520 t = 1.923 yuan/t
#   B: 10 %, capex 5,000 over 5 y -> 1,000 yuan/y; after A on the remaining 80 %: 80 tce,
#      208 t -> 4.808 yuan/t (alone it would be 260 t: the curve does not count it twice)
# Target 2028: at most 2,200 t, i.e. at least 400 t abated. B alone (260 t) is not enough; A
# is. Adopted in 2028, A runs 3 of its 10 years to the horizon: residual 7,000, net 3,000
# yuan (in 2026: net 5,000), so the optimum adopts A in 2028 only, NPV 3,000 yuan.
PLAN: dict[str, Any] = {
    "start_year": 2026,
    "end_year": 2030,
    "discount_rate": 0.0,
    "baseline": {"end_uses": {"steam": {"energy_tce": 1000, "emissions_t": 2600}}, "growth": 0.0},
    "targets": [{"year": 2028, "max_emissions_t": 2200}],
    "measures": [
        {
            "id": "A",
            "end_use": "steam",
            "saving_rate": 0.2,
            "capex_yuan": 10_000,
            "annual_opex_change_yuan": 0,
            "lifetime_years": 10,
        },
        {
            "id": "B",
            "end_use": "steam",
            "saving_rate": 0.1,
            "capex_yuan": 5_000,
            "annual_opex_change_yuan": 0,
            "lifetime_years": 5,
        },
    ],
}


def write(tmp_path: Path, data: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["plan", *args])


def test_the_json_answer_of_a_plan_worked_out_by_hand(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, PLAN)), "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert [
        {k: step[k] for k in ("id", "annual_abatement_t", "annual_energy_saving_tce")}
        for step in answer["macc"]
    ] == [
        {"id": "A", "annual_abatement_t": 520.0, "annual_energy_saving_tce": 200.0},
        {
            "id": "B",
            "annual_abatement_t": pytest.approx(208.0),
            "annual_energy_saving_tce": pytest.approx(80.0),
        },
    ]
    assert [s["annualised_cost_yuan"] for s in answer["macc"]] == [1000.0, 1000.0]
    assert [s["cost_per_t"] for s in answer["macc"]] == [
        pytest.approx(1000 / 520),
        pytest.approx(1000 / 208),
    ]
    assert answer["macc_notes"][2] == (
        "the plan gives no energy price, so no energy saving is priced: the costs are capital "
        "and operating costs only"
    )
    pathway = answer["pathway"]
    assert pathway["status"] == "optimal"
    assert pathway["adoptions"] == [{"id": "A", "year": 2028}]
    assert pathway["emissions_t"] == {
        "2026": 2600.0,
        "2027": 2600.0,
        "2028": pytest.approx(2080.0),
        "2029": pytest.approx(2080.0),
        "2030": pytest.approx(2080.0),
    }
    assert pathway["shortfall_t"] == {"2028": 0.0}
    assert pathway["npv_yuan"] == pytest.approx(3000.0)
    assert 0.0 <= pathway["gap"] <= 0.01


def test_an_infeasible_target_gets_its_shortfall_and_the_closest_plan(tmp_path: Path) -> None:
    # At most 1,000 t in 2028: A and B together leave 2600 x 0.8 x 0.9 = 1,872 t, 872 t over.
    # Both adopted in 2028: A nets 3,000, B 5,000 - 2,000 residual (2 of 5 years left) = 3,000.
    data = json.loads(json.dumps(PLAN))
    data["targets"] = [{"year": 2028, "max_emissions_t": 1000}]
    result = run(str(write(tmp_path, data)), "--format", "json")
    assert result.exit_code == 0, result.output
    pathway = json.loads(result.output)["pathway"]
    assert pathway["status"] == "infeasible"
    assert pathway["adoptions"] == [{"id": "A", "year": 2028}, {"id": "B", "year": 2028}]
    assert pathway["shortfall_t"] == {"2028": pytest.approx(872.0)}
    assert pathway["npv_yuan"] == pytest.approx(6000.0)


def test_the_table_and_the_social_view(tmp_path: Path) -> None:
    # Social view at 8 %: A 10,000 x CRF(0.08, 10) = 1,490.29 yuan/y -> 2.87 yuan/t.
    result = run(str(write(tmp_path, PLAN)), "--social-rate", "0.08")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Abatement cost curve (private view)" in out
    assert "Abatement cost curve (social view)" in out
    assert "1,490" in out and "2.87" in out
    assert "social view: costs annualised at a discount rate of 8 %" in out
    assert "Pathway: optimal, net present cost 3,000 yuan" in out
    assert "│ 2028 │ A       │" in out


def test_bad_measures_are_refused_naming_file_measure_and_field(tmp_path: Path) -> None:
    data = json.loads(json.dumps(PLAN))
    data["measures"][0]["saving_rate"] = 1.2
    data["measures"][1]["requires"] = ["B"]
    path = write(tmp_path, data)
    result = run(str(path))
    assert result.exit_code == 2
    assert "2 problems found" in result.output
    assert (
        f"{path}, column measures[A].saving_rate: measure A: saving_rate 1.2 lies outside 0..1"
        in result.output
    )
    assert f"{path}, column measures[B].requires: measure B: requires forms a cycle" in (
        result.output
    )


def test_a_missing_file_and_broken_json_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = run(str(missing))
    assert result.exit_code == 2
    assert f"{missing}: the file cannot be read: No such file or directory" in result.output
    broken = write(tmp_path, '{"start_year": 2026,,}', "broken.json")
    result = run(str(broken), "--format", "json")
    assert result.exit_code == 2
    assert (
        f"{broken}: not a valid JSON file: line 1 column 21: Expecting property name"
        in result.output
    )


def test_the_new_plan_keys_change_the_answer_and_keep_its_shape(tmp_path: Path) -> None:
    # The steam is all purchased electricity (electric boilers) and the grid factor falls to
    # 0.9 of 2026's from 2028: the baseline is 2,340 t in 2028, so the cap of 2.2 t per 10,000
    # yuan of an output of 1,000 (2,200 t) needs 140 t only. B (now 4,000 yuan: adopted 2028,
    # 1,600 residual, net 2,400) saves 234 t and beats A (net 3,000). C, green power cutting
    # half of the emissions for 3,000 yuan a year, saves no energy: on the start year's curve
    # it comes after A on 2,080 t (1,040 t, 2.885 yuan/t), B last on 1,040 t (104 t, 80 tce).
    data = json.loads(json.dumps(PLAN))
    data["baseline"]["output_wan_yuan"] = 1000
    data["baseline"]["end_uses"]["steam"]["electricity_emissions_t"] = 2600
    data["grid_factor_index"] = {"2028": 0.9}
    data["targets"] = [{"year": 2028, "max_intensity_t_per_wan_yuan": 2.2}]
    data["measures"][1]["capex_yuan"] = 4_000
    data["measures"].append(
        {
            "id": "C",
            "end_use": "steam",
            "saving_rate": 0.5,
            "capex_yuan": 0,
            "annual_opex_change_yuan": 3_000,
            "lifetime_years": 1,
            "effect": "emissions",
        }
    )
    data["annual_budget_yuan"] = 10_000
    data["max_adoptions_per_year"] = 1
    result = run(str(write(tmp_path, data)), "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert [
        (s["id"], s["annual_abatement_t"], s["annual_energy_saving_tce"]) for s in answer["macc"]
    ] == [
        ("A", 520.0, 200.0),
        ("C", pytest.approx(1040.0), 0.0),
        ("B", pytest.approx(104.0), pytest.approx(80.0)),
    ]
    assert answer["macc"][1]["cost_per_t"] == pytest.approx(3000 / 1040)
    pathway = answer["pathway"]
    assert {"status", "adoptions", "emissions_t", "shortfall_t", "npv_yuan", "gap"} <= set(pathway)
    assert pathway["status"] == "optimal"
    assert pathway["adoptions"] == [{"id": "B", "year": 2028}]
    assert pathway["emissions_t"] == {
        "2026": 2600.0,
        "2027": 2600.0,
        "2028": pytest.approx(2106.0),
        "2029": pytest.approx(2106.0),
        "2030": pytest.approx(2106.0),
    }
    assert pathway["npv_yuan"] == pytest.approx(2400.0)
