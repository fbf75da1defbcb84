"""The result pages' chart specifications, on curves and pathways worked out by hand."""

from __future__ import annotations

import pytest
from django.utils import translation

from greenledger.web.planning import charts

# One end use of 1,000 tCO2e a year: "vsd" saves 20 % (200 t) at -50 yuan/t, then "hvac" saves
# 10 % of the remaining 80 % (80 t) at 120 yuan/t; "idle" abates nothing.
STEPS = [
    {"id": "vsd", "end_use": "motors", "remaining_share": 1.0, "annual_abatement_t": 200.0,
     "annual_energy_saving_tce": 100.0, "annualised_cost_yuan": -10_000.0, "cost_per_t": -50.0,
     "cumulative_abatement_t": 200.0},
    {"id": "hvac", "end_use": "motors", "remaining_share": 0.8, "annual_abatement_t": 80.0,
     "annual_energy_saving_tce": 40.0, "annualised_cost_yuan": 9_600.0, "cost_per_t": 120.0,
     "cumulative_abatement_t": 280.0},
    {"id": "idle", "end_use": "lighting", "remaining_share": 1.0, "annual_abatement_t": 0.0,
     "annual_energy_saving_tce": 0.0, "annualised_cost_yuan": 500.0, "cost_per_t": None,
     "cumulative_abatement_t": 280.0},
]  # fmt: skip


def test_macc_bars_run_along_the_cumulative_abatement_in_the_cores_order() -> None:
    bars = charts.macc_bars(STEPS)
    assert [b["id"] for b in bars] == ["vsd", "hvac"]  # the measure abating nothing is left off
    assert bars[0] == pytest.approx(
        {"id": "vsd", "left": 0.0, "right": 200.0, "width": 200.0, "centre": 100.0,
         "cost_per_t": -50.0}
    )  # fmt: skip
    assert (bars[1]["left"], bars[1]["right"], bars[1]["centre"]) == (200.0, 280.0, 240.0)


def test_macc_shows_paying_measures_below_zero_in_their_own_trace_and_the_carbon_price() -> None:
    with translation.override("en"):
        spec = charts.macc(STEPS, names={"vsd": "变频调速"}, carbon_price_yuan_per_t=80.0)
    paying, costing = spec["data"]
    assert paying["name"] == "Pays for itself (negative cost)"
    assert paying["y"] == [-50.0] and paying["width"] == [200.0] and paying["x"] == [100.0]
    assert paying["text"] == ["变频调速"]
    assert costing["y"] == [120.0] and costing["width"] == [80.0] and costing["text"] == ["hvac"]
    assert spec["layout"]["bargap"] == 0 and spec["layout"]["xaxis"]["type"] == "linear"
    (price,) = spec["layout"]["shapes"]
    assert (price["x0"], price["x1"], price["y0"], price["y1"]) == (0, 280.0, 80.0, 80.0)


def test_macc_without_a_carbon_price_draws_no_line_and_an_empty_curve_draws_nothing() -> None:
    assert charts.macc(STEPS)["layout"]["shapes"] == []
    empty = charts.macc([])
    assert empty["data"] == [] and empty["layout"]["xaxis"]["range"] == [0, 1]


def test_pathway_chart_has_baseline_pathway_caps_and_only_positive_shortfalls() -> None:
    with translation.override("zh-hans"):
        spec = charts.pathway(
            {"2026": 900.0, "2027": 700.0},
            {"2026": 1000.0, "2027": 1010.0},
            {"2027": 650.0},
            {"2027": 50.0, "2026": 0.0},
        )
    baseline, path, caps, shortfall = spec["data"]
    assert baseline["y"] == [1000.0, 1010.0] and path["y"] == [900.0, 700.0]
    assert caps["x"] == ["2027"] and caps["y"] == [650.0]
    assert shortfall["x"] == ["2027"] and shortfall["y"] == [50.0]
    assert spec["layout"]["xaxis"]["categoryarray"] == ["2026", "2027"]


def test_pathway_chart_of_a_met_target_has_no_shortfall_trace() -> None:
    spec = charts.pathway({"2026": 900.0}, {"2026": 1000.0}, {"2026": 950.0}, {"2026": 0.0})
    assert len(spec["data"]) == 3


def test_adoptions_timeline_and_comparison_and_commitment() -> None:
    timeline = charts.adoptions(
        [{"id": "vsd", "year": 2026}, {"id": "hvac", "year": 2030}],
        [2026, 2030, 2035],
        {"vsd": "变频调速"},
    )
    assert timeline["data"][0]["x"] == ["2026", "2030"]
    assert timeline["data"][0]["y"] == ["变频调速", "hvac"]
    assert timeline["layout"]["xaxis"]["categoryarray"] == ["2026", "2030", "2035"]
    assert timeline["layout"]["xaxis"]["range"] == [-0.5, 2.5]  # every model year shown
    compare = charts.comparison(
        [{"name": "基准", "emissions_t": {"2027": 5.0, "2026": 6.0}, "npv_yuan": -100.0},
         {"name": "政策", "emissions_t": {"2026": 4.0}, "npv_yuan": 300.0}]
    )  # fmt: skip
    first, second = compare["emissions"]["data"]
    assert first["x"] == ["2026", "2027"] and first["y"] == [6.0, 5.0]
    assert second["name"] == "政策" and first["line"]["color"] != second["line"]["color"]
    bars = compare["cost"]["data"][0]
    assert bars["y"] == [-100.0, 300.0]
    assert bars["marker"]["color"] == [charts.GREEN, charts.AMBER]
    committed = charts.commitment(
        [{"year": 2025, "committed_t": 10.0, "actual_t": 12.0, "status": "over"},
         {"year": 2026, "committed_t": 9.0, "actual_t": None, "status": "no_inventory"}]
    )  # fmt: skip
    line, seen = committed["data"]
    assert line["y"] == [10.0, 9.0]
    assert seen["x"] == ["2025"] and seen["marker"]["color"] == [charts.RED]
