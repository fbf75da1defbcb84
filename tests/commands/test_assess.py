"""`greenledger assess`: score an application file against a rule set from the command line."""

import json

import pytest
from click.testing import CliRunner

from greenledger.cli import main
from tests.core.assessment.helpers import all_evidence

DC_INPUTS = {
    "pue": 1.2,
    "it_load_utilisation": 0.75,
    "actual_meets_design": True,
    "renewable_electricity_share": 1.0,
    "wue": 0.4,
    "ghg_tco2e": 5000.0,
    "offset_tco2e": 5000.0,
    "third_party_inventory": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
}
DC = "zero_carbon_data_center/t-seesa-013"


def run(*args: str):
    return CliRunner().invoke(main, ["assess", *args], catch_exceptions=False)


@pytest.fixture
def application(tmp_path):
    path = tmp_path / "dc.json"
    evidence = {key: list(value) for key, value in all_evidence(DC).items()}
    path.write_text(json.dumps({"inputs": DC_INPUTS, "evidence": evidence}), encoding="utf-8")
    return path


def test_the_table_explains_requirements_indicators_and_the_level(application):
    result = run(DC, str(application))
    assert result.exit_code == 0, result.output
    assert "total 96 of 100 points; level: 零碳标杆 zero-carbon benchmark unit" in result.output
    assert "pue_score" in result.output and "80 - 20 * value = 56" in result.output
    assert "unconfirmed, configurable threshold" in result.output


def test_json_output_carries_every_indicator_with_its_thresholds(application, tmp_path):
    out = tmp_path / "result.json"
    result = run(DC, str(application), "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["level"] == "benchmark"
    assert document["total_points"] == pytest.approx(96)
    pue = document["indicators"][0]
    assert pue["id"] == "pue_score" and pue["points"] == pytest.approx(56)
    assert pue["thresholds"][0]["confirmed"] is True
    assert "indicators.renewable_share.benchmark" in document["unconfirmed_thresholds"]


def test_list_shows_rule_sets_with_their_unconfirmed_thresholds():
    result = run("--list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert {"green_factory/2025", "green_factory/2018", DC} <= set(rows)
    assert rows["green_factory/2018"]["status"] == "superseded"
    assert rows["green_supply_chain/2016"]["unconfirmed"] == 4
    table = run("--list")
    assert "zero_carbon_park/2025" in table.output


def test_bad_json_exits_2_with_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "inputs": {,\n}', encoding="utf-8")
    result = run(DC, str(path))
    assert result.exit_code == 2
    assert f"{path}, row 2: not valid JSON" in result.output


def test_missing_inputs_exit_2_with_one_message_per_json_path(tmp_path):
    path = tmp_path / "short.json"
    inputs = {k: v for k, v in DC_INPUTS.items() if k not in {"pue", "wue"}}
    path.write_text(json.dumps({"inputs": inputs}), encoding="utf-8")
    result = run(DC, str(path))
    assert result.exit_code == 2
    assert "$.inputs.pue: missing" in result.output
    assert "$.inputs.wue: missing" in result.output


def test_an_unknown_rule_set_exits_2_naming_the_known_ones(application):
    result = run("green_factory/1999", str(application))
    assert result.exit_code == 2
    assert "unknown rule set 'green_factory/1999'" in result.output
    assert "green_factory/2025" in result.output


def test_without_arguments_the_usage_is_shown():
    result = run()
    assert result.exit_code == 2
    assert "give RULESET_ID and DATA, or --list" in result.output


def test_inputs_left_out_of_the_application_are_derived_from_an_activity_file(tmp_path):
    activity = tmp_path / "activity.csv"
    activity.write_text(
        "enterprise,period,activity,quantity,unit,instrument\n"
        "A,2023-01,purchased_electricity,1000,MWh,\n"
        "A,2023-01,purchased_electricity,1000,MWh,green_power\n"
        "A,2023-01,output_value,1000,万元,\n",
        encoding="utf-8",
    )
    inputs = {
        "water_reuse_rate": 0.9,
        "solid_waste_utilisation": 0.95,
        "land_output_wan_yuan_per_ha": 9000,
        "legal_compliance": True,
        "no_major_incident_3y": True,
        "no_obsolete_equipment": True,
        "energy_metering": True,
        "cleaner_production_audit": True,
        "pollutants_within_limits": True,
        "green_design_products": True,
    }
    evidence = {key: list(value) for key, value in all_evidence("green_factory/2025").items()}
    data = tmp_path / "factory.json"
    data.write_text(json.dumps({"inputs": inputs, "evidence": evidence}), encoding="utf-8")
    result = run("green_factory/2025", str(data), "--inventory", str(activity), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    by_id = {item["id"]: item for item in document["indicators"]}
    # 2000 MWh x 0.1229 = 245.8 tce on 1000 x 10^4 yuan: 0.2458, (0.5 - 0.2458) / 0.4 x 15
    assert by_id["energy_intensity"]["value"] == pytest.approx(0.2458)
    assert by_id["energy_intensity"]["points"] == pytest.approx(9.5325)
    assert by_id["energy_intensity"]["input_sources"] == {"tce_per_wan_yuan": "inventory"}
    # 2000 MWh x 0.5306 = 1061.2 t: 1.0612 t per 10^4 yuan, worse than the benchmark 1.0: 0
    assert by_id["carbon_intensity"]["points"] == 0
    # green power 1000 of 2000 MWh = 0.5 = the leading value: 10
    assert by_id["renewable_share"]["points"] == pytest.approx(10)
    # 9.5325 + 0 + 10 + 6.667 + 10 + 15 + 15 + 5 = 71.199
    assert document["total_points"] == pytest.approx(71.1992, abs=1e-4)


def test_an_activity_file_with_several_enterprises_needs_one_named(tmp_path, application):
    activity = tmp_path / "two.csv"
    activity.write_text(
        "enterprise,period,activity,quantity,unit\n"
        "A,2023-01,purchased_electricity,10,MWh\n"
        "B,2023-01,purchased_electricity,10,MWh\n",
        encoding="utf-8",
    )
    result = run(DC, str(application), "--inventory", str(activity))
    assert result.exit_code == 2
    assert "--enterprise is needed; the file has: A, B" in result.output
