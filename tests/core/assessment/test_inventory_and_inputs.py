"""Inputs from a verified inventory, and applications that cannot be scored."""

from __future__ import annotations

import pytest

from greenledger.core.assessment import Application, assess, inputs_from_inventory, load_ruleset
from greenledger.core.context import AccountingContext
from greenledger.core.errors import InputError
from greenledger.core.inventory import compute_inventory
from greenledger.core.model import ActivityLine
from tests.core.assessment.helpers import all_evidence


def line(activity: str, quantity: float, **options: str) -> ActivityLine:
    return ActivityLine(
        enterprise="Paper Co.", period="2023", activity=activity, quantity=quantity, **options
    )


@pytest.fixture
def paper_inventory(library):
    lines = [
        line("purchased_electricity", 600),
        line("purchased_electricity", 300, instrument="green_power"),
        line("purchased_electricity", 100, instrument="onsite"),
        line("output_value", 10_000),
        line("product_output", 500, product="tissue", product_unit="t"),
    ]
    inventory = compute_inventory(lines, library, AccountingContext(region="CN", year=2023))
    return inventory.enterprises[0]


def test_inputs_are_derived_from_a_real_inventory(paper_inventory):
    found = inputs_from_inventory(paper_inventory)
    # energy: 1000 MWh x 0.1229 tce/MWh (GB/T 2589, calorific value) = 122.9 tce
    assert found["energy_tce"] == pytest.approx(122.9)
    # GB/T 32150: grid and green-power MWh at the 2023 national average 0.5306 t/MWh;
    # on-site generation is not purchased: 900 x 0.5306 = 477.54 t
    assert found["ghg_tco2e"] == pytest.approx(477.54)
    assert found["tco2e_per_tce"] == pytest.approx(477.54 / 122.9)
    assert found["tce_per_wan_yuan"] == pytest.approx(122.9 / 10_000)
    assert found["tco2e_per_wan_yuan"] == pytest.approx(477.54 / 10_000)
    assert found["tce_per_product"] == pytest.approx(122.9 / 500)
    assert found["tco2e_per_product"] == pytest.approx(477.54 / 500)
    # renewable: green power 300 + on-site 100 of 1000 MWh
    assert found["renewable_electricity_share"] == pytest.approx(0.4)


def test_a_pre_score_takes_verified_data_for_the_inputs_the_application_leaves_out(
    paper_inventory,
):
    ruleset = load_ruleset("green_design_product/tissue-paper-2024")
    application = Application(
        {
            "legal_compliance": True,
            "management_systems": True,
            "lca_report": True,
            "water_m3_per_t": 15,
            "no_fluorescent_whitening": True,
            "quality_grade_met": True,
        },
        all_evidence(ruleset.id),
    )
    result = assess(ruleset, application, inputs_from_inventory(paper_inventory))
    energy = next(i for i in result.indicators if i.id == "energy")
    assert energy.inputs == {"tce_per_product": pytest.approx(0.2458)}
    assert energy.input_sources == {"tce_per_product": "inventory"}
    # 0.2458 tce/t <= 0.4 and 0.955 tCO2e/t <= 1.5: all five indicators met
    assert result.level == "green_design_product"


def test_missing_and_mistyped_inputs_are_each_named_by_json_path():
    ruleset = load_ruleset("zero_carbon_park/2025")
    with pytest.raises(InputError) as caught:
        assess(ruleset, Application({"energy_tce": True, "bogus": 1.0}))
    reasons = [p.reason for p in caught.value.problems]
    assert "$.inputs.bogus: not an input of zero_carbon_park/2025" in reasons
    assert "$.inputs.energy_tce: must be a number" in reasons
    assert any(r.startswith("$.inputs.tco2e_per_tce: missing") for r in reasons)
    assert any(r.startswith("$.inputs.construction_plan: missing") for r in reasons)


def test_values_outside_an_inputs_range_are_refused():
    ruleset = load_ruleset("zero_carbon_park/2025")
    inputs = {name: 0.5 for name, spec in ruleset.inputs.items() if spec.kind == "number"}
    inputs |= {name: True for name, spec in ruleset.inputs.items() if spec.kind == "bool"}
    with pytest.raises(InputError, match=r"\$.inputs.water_reuse_rate: 1.5 is above 1"):
        assess(ruleset, Application({**inputs, "water_reuse_rate": 1.5}))


def test_a_threshold_fixed_by_the_standard_cannot_be_overridden():
    ruleset = load_ruleset("zero_carbon_data_center/t-seesa-013")
    with pytest.raises(InputError, match="indicators.pue_score.weight: fixed by the standard"):
        assess(ruleset, Application({}, {}, {"indicators.pue_score.weight": 50}))


def test_overridden_weights_must_still_sum_to_the_total():
    ruleset = load_ruleset("green_factory/2025")
    with pytest.raises(InputError, match="weights sum to 105, not the total 100"):
        assess(ruleset, Application({}, {}, {"indicators.land_output.weight": 15.0}))


def test_the_json_form_of_an_application_is_checked_with_paths():
    with pytest.raises(InputError) as caught:
        Application.from_json(
            {"inputs": {"a": "x"}, "evidence": {"b": "file"}, "thresholds": [], "extra": 1}
        )
    assert [p.reason for p in caught.value.problems] == [
        "$.extra: unknown key",
        "$.inputs.a: must be a number or true/false",
        "$.evidence.b: must be a list of references",
        "$.thresholds: must be a JSON object",
    ]


def test_a_partial_preview_scores_what_the_inputs_allow_and_lists_the_rest():
    ruleset = load_ruleset("zero_carbon_factory_shanghai/t-seesa-009")
    verified = {"tco2e_per_wan_yuan": 0.3, "renewable_electricity_share": 0.5, "ghg_tco2e": 900.0}
    result = assess(ruleset, Application({}), verified, partial=True)
    # (0.5 - 0.3) / 0.4 x 30 = 15 and (0.5 - 0.2) / 0.6 x 30 = 15; the rest waits for answers
    assert [i.id for i in result.indicators] == ["carbon_intensity", "renewable_share"]
    assert result.total_points == pytest.approx(30.0)
    assert result.level is None and not any(level.reached for level in result.levels)
    assert set(result.pending) == {
        "boundary_and_registration",
        "no_major_incident",
        "no_obsolete_equipment",
        "zero_carbon_plan",
        "third_party_inventory",
        "offset_coverage",
        "management_system",
    }
    assert "offset_tco2e" in result.missing_inputs
    assert "ghg_tco2e" not in result.missing_inputs
    # without `partial` the same application is refused, naming every missing input
    with pytest.raises(InputError) as caught:
        assess(ruleset, Application({}), verified)
    assert len(caught.value.problems) == len(result.missing_inputs)
