"""The plan's XLSX and PDF reports (web/planning/exports.py) in Chinese and English: the files
are opened and their figures checked against the solved runs and the plan worked out by hand
(company A's plan of ``tests/web/planning/conftest.py``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from greenledger.web.planning.exports import plan_html, plan_pdf, plan_xlsx
from greenledger.web.planning.models import Plan, PlanRun
from greenledger.web.planning.services import plans as plan_services
from greenledger.web.planning.services.runs import plan_solve
from tests.web.planning.conftest import PLAN_NAME, PlanningWorld


def solved(pw: PlanningWorld, cap_share: float = 0.97) -> tuple[Plan, list[PlanRun]]:
    """Company A's plan with a 2030 cap of ``cap_share`` of its 2026 baseline, its baseline
    and policy scenarios solved."""
    carriers = pw.plan.baseline["carriers"]
    total = sum(c["emissions_t"] for c in carriers.values())
    total += pw.plan.baseline["non_energy_emissions_t"]
    plan = plan_services.plan_update(
        actor=pw.manager,
        plan=pw.plan,
        targets=[{"year": 2030, "max_emissions_t": round(total * cap_share, 3)}],
    )
    runs = [
        plan_solve(actor=pw.manager, plan=plan, scenario=plan.scenarios.get(kind=kind))
        for kind in ("baseline", "policy")
    ]
    return plan, runs


def sheet_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


def row_of(rows: list[tuple[Any, ...]], label: Any) -> tuple[Any, ...]:
    return next(row for row in rows if row and row[0] == label)


def test_the_workbook_in_english_carries_every_runs_figures(planning_world: PlanningWorld) -> None:
    plan, runs = solved(planning_world)
    baseline_run, policy_run = runs
    data = plan_xlsx(plan, runs, language="en")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Plan",
        "Scenarios",
        "Pathway",
        "Adoptions",
        "Abatement cost curve",
        "Notes and sources",
    ]
    summary = sheet_rows(data, "Plan")
    assert summary[0][0] == f"Decarbonisation plan: {PLAN_NAME}"
    assert row_of(summary, "Years")[1] == "2026–2060"
    assert row_of(summary, "Inventory year")[1] == 2025
    cap = plan.targets[0]["max_emissions_t"]
    assert row_of(summary, 2030)[:2] == (2030, pytest.approx(cap))
    # the baseline by carrier is the plan's, by end use the solved plan file's
    carriers = plan.baseline["carriers"]
    electricity = row_of(summary, "purchased_electricity")
    assert electricity[1:] == (
        pytest.approx(carriers["purchased_electricity"]["energy_tce"]),
        pytest.approx(carriers["purchased_electricity"]["emissions_t"]),
        "yes",
    )
    motors = row_of(summary, "motors_drives")
    e_t = carriers["purchased_electricity"]["emissions_t"]
    assert motors[2:4] == (pytest.approx(0.6 * e_t), pytest.approx(0.6 * e_t))
    # scenarios side by side: parameters and results of each run
    scenarios = sheet_rows(data, "Scenarios")
    assert scenarios[0] == ("Figure", baseline_run.scenario.name, policy_run.scenario.name)
    assert row_of(scenarios, "Carbon price (yuan/t)")[1:] == (0.0, 100.0)
    assert row_of(scenarios, "Discount rate")[1:] == (0.08, 0.08)
    assert row_of(scenarios, "Net present cost (yuan)")[1:] == (
        pytest.approx(baseline_run.npv_yuan),
        pytest.approx(policy_run.npv_yuan),
    )
    assert row_of(scenarios, "Solver status")[1] == "optimal"
    adopted = [len(r.result["pathway"]["adoptions"]) for r in runs]
    assert row_of(scenarios, "Measures adopted")[1:] == tuple(adopted)
    assert "national_decline" in row_of(scenarios, "Grid factor path")[2]
    assert "公告2025年第47号" in row_of(scenarios, "Grid factor path")[2]
    # the pathway: every model year, emissions, baseline and cap of each scenario
    pathway = sheet_rows(data, "Pathway")
    name = baseline_run.scenario.name
    assert pathway[0][:5] == (
        "Year",
        f"{name}: emissions (tCO2e)",
        f"{name}: baseline without measures (tCO2e)",
        f"{name}: cap (tCO2e)",
        f"{name}: shortfall (tCO2e)",
    )
    years = [row[0] for row in pathway[1:]]
    assert years == baseline_run.result["pathway"]["years"]
    row_2030 = row_of(pathway, 2030)
    emissions = baseline_run.result["pathway"]["emissions_t"]["2030"]
    assert row_2030[1:5] == (
        pytest.approx(emissions),
        pytest.approx(baseline_run.result["baseline_t"]["2030"]),
        pytest.approx(cap),
        pytest.approx(0.0),
    )
    assert emissions <= cap + 1e-6
    # the policy scenario's grid gets cleaner: its baseline falls below the flat one by 2060
    row_2060 = row_of(pathway, 2060)
    assert row_2060[6] < row_2060[2]
    # adoptions and the curves
    adoptions = sheet_rows(data, "Adoptions")
    expected = [
        (baseline_run.scenario.name, a["id"], a["year"])
        for a in baseline_run.result["pathway"]["adoptions"]
    ]
    assert [
        (r[0], r[1], r[3]) for r in adoptions[1:] if r[0] == baseline_run.scenario.name
    ] == expected
    assert expected  # the cap needs at least one measure
    curve = sheet_rows(data, "Abatement cost curve")
    private = [r for r in curve[1:] if r[0] == baseline_run.scenario.name and r[1] == "private"]
    assert [(r[2], r[7], r[10]) for r in private] == [
        (s["id"], pytest.approx(s["annual_abatement_t"]), pytest.approx(s["cost_per_t"]))
        for s in baseline_run.result["macc"]
    ]
    assert {r[3] for r in private} >= {"变频调速"}  # measure names shown
    social = [r for r in curve[1:] if r[0] == policy_run.scenario.name and r[1] == "social"]
    assert len(social) == len(policy_run.result["macc_social"])
    sources = sheet_rows(data, "Notes and sources")
    notes = [r[1] for r in sources if r[0] == "Curve note (private view)"]
    assert any("applied in cost order" in n or "remaining" in n for n in notes)
    assert any(r[0] == "Grid factor path" and "unconfirmed" in r[1] for r in sources)


def test_the_workbook_in_chinese_has_chinese_sheets_and_labels(
    planning_world: PlanningWorld,
) -> None:
    plan, runs = solved(planning_world)
    data = plan_xlsx(plan, runs, language="zh-hans")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:3] == ["规划", "情景", "减排路径"]
    scenarios = sheet_rows(data, "情景")
    # the scenarios' names are the plan's own (as stored), the labels in Chinese
    assert scenarios[0] == ("指标", *[r.scenario.name for r in runs])
    assert row_of(scenarios, "求解状态")[1] == "最优"
    assert row_of(scenarios, "碳价（元/吨）")[1:] == (0.0, 100.0)
    summary = sheet_rows(data, "规划")
    assert summary[0][0] == f"减碳规划：{PLAN_NAME}"


def test_the_pdf_in_both_languages_shows_the_figures(planning_world: PlanningWorld) -> None:
    plan, runs = solved(planning_world)
    baseline_run = runs[0]
    for language, words in (
        ("en", ("Emissions pathway", "Abatement cost curves", "Scenarios side by side")),
        ("zh-hans", ("减排路径", "减排成本曲线", "情景对比")),
    ):
        data = plan_pdf(plan, runs, language=language)
        assert data.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        flat = text.replace("\n", " ")
        for word in words:
            assert word in flat, (language, word)
        npv = f"{baseline_run.npv_yuan:,.0f}"
        assert npv in flat
        first = baseline_run.result["pathway"]["adoptions"][0]["id"]
        assert first in flat
    html = plan_html(plan, runs, language="en")
    emissions = baseline_run.result["pathway"]["emissions_t"]["2030"]
    assert f"{emissions:,.1f}" in html
    assert "Page" in html


def test_no_solved_scenario_still_gives_both_files(planning_world: PlanningWorld) -> None:
    plan = planning_world.plan
    data = plan_xlsx(plan, [], language="en")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook["Scenarios"]["A1"].value == "Figure"
    # without a run, the baseline by end use is the plan's split as it stands
    summary = sheet_rows(data, "Plan")
    gas = plan.baseline["carriers"]["natural_gas"]
    assert row_of(summary, "boilers_steam")[1:] == (
        pytest.approx(gas["energy_tce"]),
        pytest.approx(gas["emissions_t"]),
        pytest.approx(0.0),
    )
    process = row_of(summary, "process_emissions")
    assert process[2] == pytest.approx(plan.baseline["non_energy_emissions_t"])
    html = plan_html(plan, [], language="en")
    assert "No scenario of this plan has been solved yet." in html
    assert plan_pdf(plan, [], language="zh-hans").startswith(b"%PDF")


def test_an_unknown_language_is_refused(planning_world: PlanningWorld) -> None:
    with pytest.raises(ValueError, match="unknown report language"):
        plan_xlsx(planning_world.plan, [], language="fr")
