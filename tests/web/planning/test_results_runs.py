"""Solving a plan's scenarios and committing to a pathway (services.runs, selectors.runs), on
company A's plan of ``tests/web/planning/conftest.py`` with figures worked out by hand from its
baseline by carrier."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import greenledger
from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import EnterpriseYearFact
from greenledger.web.planning.models import Commitment, Plan, PlanRun, PlanStatus, Scenario
from greenledger.web.planning.selectors import runs as selectors
from greenledger.web.planning.services import plans as plan_services
from greenledger.web.planning.services.runs import plan_commit, plan_solve
from tests.web.planning.conftest import PlanningWorld, verified_inventory


def crf(rate: float, years: int) -> float:
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


def baseline_parts(plan: Plan) -> dict[str, float]:
    """The end uses' start-year emissions by hand: electricity 60 % motors, 40 % HVAC; natural
    gas all boilers; the non-energy (limestone) emissions their own end use."""
    carriers = plan.baseline["carriers"]
    electricity = carriers["purchased_electricity"]["emissions_t"]
    return {
        "motors_drives": 0.6 * electricity,
        "hvac": 0.4 * electricity,
        "boilers_steam": carriers["natural_gas"]["emissions_t"],
        "process_emissions": plan.baseline["non_energy_emissions_t"],
    }


def scenario(plan: Plan, kind: str) -> Scenario:
    return plan.scenarios.get(kind=kind)


def with_cap(pw: PlanningWorld, year: int, cap: float) -> Plan:
    return plan_services.plan_update(
        actor=pw.manager, plan=pw.plan, targets=[{"year": year, "max_emissions_t": cap}]
    )


def ledger(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_a_solved_scenario_keeps_both_curves_the_pathway_the_baseline_caps_and_provenance(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    parts = baseline_parts(pw.plan)
    total = sum(parts.values())
    plan = with_cap(pw, 2030, total * 1.03**4 - 0.5 * 0.2 * parts["motors_drives"] * 1.03**4)
    baseline = scenario(plan, "baseline")
    before = ledger("planning.run.solve")
    run = plan_solve(actor=pw.manager, plan=plan, scenario=baseline)
    assert ledger("planning.run.solve") == before + 1
    assert run.status == "optimal" and run.gap <= 0.01
    result = run.result
    # the curve (private view, the scenario's 8 %): the variable-speed drives on motors, first
    # on their end use, save 20 % of 60 % of the electricity's energy and emissions
    vsd = next(s for s in result["macc"] if s["id"] == "vsd")
    energy = 0.2 * 0.6 * pw.plan.baseline["carriers"]["purchased_electricity"]["energy_tce"]
    assert vsd["remaining_share"] == pytest.approx(1.0)
    assert vsd["annual_abatement_t"] == pytest.approx(0.2 * parts["motors_drives"], rel=1e-9)
    assert vsd["annual_energy_saving_tce"] == pytest.approx(energy, rel=1e-9)
    cost = 400_000 * crf(0.08, 15) - 10_000 - 2000 * energy
    assert vsd["annualised_cost_yuan"] == pytest.approx(cost, rel=1e-9)
    assert vsd["cost_per_t"] == pytest.approx(cost / (0.2 * parts["motors_drives"]), rel=1e-9)
    # the social view at the plan's social rate
    social = next(s for s in result["macc_social"] if s["id"] == "vsd")
    social_cost = 400_000 * crf(plan.social_rate, 15) - 10_000 - 2000 * energy
    assert social["annualised_cost_yuan"] == pytest.approx(social_cost, rel=1e-9)
    assert result["social_rate"] == plan.social_rate
    assert [n["code"] for n in result["macc_notes"]][:2] == [
        "planning.macc.private",
        "planning.macc.remaining",
    ]
    # the baseline without measures grows 3 % a year on a flat grid; the cap is kept
    assert result["baseline_t"]["2026"] == pytest.approx(total, rel=1e-9)
    assert result["baseline_t"]["2030"] == pytest.approx(total * 1.03**4, rel=1e-9)
    assert result["caps_t"]["2030"] == pytest.approx(plan.targets[0]["max_emissions_t"])
    pathway = result["pathway"]
    assert pathway["emissions_t"]["2030"] <= result["caps_t"]["2030"] + 1e-6
    assert pathway["shortfall_t"]["2030"] == pytest.approx(0.0, abs=1e-6)
    assert pathway["adoptions"]
    assert run.npv_yuan == pathway["npv_yuan"]
    # what was solved and by which versions
    assert run.inputs["start_year"] == 2026 and run.inputs["end_year"] == 2060
    provenance = run.provenance
    assert provenance["inventory"]["version_id"] == plan.version_id
    assert provenance["inventory"]["year"] == 2025
    assert provenance["grid_path"]["key"] == "flat"
    assert provenance["core"]["version"] == greenledger.__version__
    assert len(provenance["catalogue"]["sha256"]) == 64


def test_an_unchanged_plan_is_not_solved_twice_and_a_change_makes_the_run_out_of_date(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    baseline = scenario(pw.plan, "baseline")
    first = plan_solve(actor=pw.manager, plan=pw.plan, scenario=baseline)
    entries = ledger("planning.run.solve")
    again = plan_solve(actor=pw.manager, plan=pw.plan, scenario=baseline)
    assert again.pk == first.pk and ledger("planning.run.solve") == entries
    (item,) = [r for r in selectors.scenario_results(pw.plan) if r.scenario.pk == baseline.pk]
    assert item.run == first and item.current
    plan = with_cap(pw, 2030, 1e9)
    item = selectors.scenario_result(plan, baseline)
    assert item.run == first and not item.current
    second = plan_solve(actor=pw.manager, plan=plan, scenario=baseline)
    assert second.pk != first.pk and second.inputs_digest != first.inputs_digest
    assert PlanRun.objects.filter(plan=plan, scenario=baseline).count() == 2


def test_only_the_enterprises_energy_manager_solves_and_only_its_own_plans_scenarios(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    baseline = scenario(pw.plan, "baseline")
    for persona in ("enterprise_b", "secretariat", "evaluator"):
        with pytest.raises(PermissionDenied):
            plan_solve(actor=pw.world.users[persona], plan=pw.plan, scenario=baseline)
    other = plan_services.plan_create(
        actor=pw.manager, organisation=pw.enterprise, name="另一个规划", end_year=2040
    )
    with pytest.raises(ValidationError) as refused:
        plan_solve(actor=pw.manager, plan=pw.plan, scenario=other.scenarios.first())
    assert "scenario" in refused.value.message_dict
    assert not PlanRun.objects.exists()


def test_an_unreachable_cap_gives_the_shortfall_and_cannot_be_committed(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    parts = baseline_parts(pw.plan)
    plan = with_cap(pw, 2030, 10.0)
    run = plan_solve(actor=pw.manager, plan=plan, scenario=scenario(plan, "baseline"))
    assert run.status == "infeasible"
    # every measure adopted by 2030 is the closest the plan comes
    closest = (
        0.8 * parts["motors_drives"] + 0.85 * parts["hvac"] + 0.9 * parts["boilers_steam"]
        + parts["process_emissions"]
    ) * 1.03**4  # fmt: skip
    assert run.result["pathway"]["shortfall_t"]["2030"] == pytest.approx(closest - 10.0, rel=1e-6)
    assert {a["id"] for a in run.result["pathway"]["adoptions"]} == {"vsd", "hvac-ctl", "boiler"}
    with pytest.raises(ValidationError) as refused:
        plan_commit(actor=pw.manager, plan=plan, run=run)
    assert "run" in refused.value.message_dict
    assert not Commitment.objects.exists()


def committed_years(run: PlanRun) -> dict[int, float]:
    return {int(y): v for y, v in run.result["pathway"]["emissions_t"].items()}


def test_a_commitment_holds_every_year_and_a_new_one_replaces_it(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    plan = pw.plan
    baseline = plan_solve(actor=pw.manager, plan=plan, scenario=scenario(plan, "baseline"))
    policy = plan_solve(actor=pw.manager, plan=plan, scenario=scenario(plan, "policy"))
    entries = ledger("planning.plan.commit")
    commitment = plan_commit(actor=pw.manager, plan=plan, run=baseline)
    assert ledger("planning.plan.commit") == entries + 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMMITTED
    years = committed_years(baseline)
    assert sorted(int(y) for y in commitment.emissions_t) == list(range(2026, 2061))
    assert commitment.emissions_t["2035"] == pytest.approx(years[2035])
    # linear between the model years 2035 and 2040
    assert commitment.emissions_t["2037"] == pytest.approx(
        years[2035] + (years[2040] - years[2035]) * 2 / 5
    )
    assert commitment.adoptions == baseline.result["pathway"]["adoptions"]
    replaced = plan_commit(actor=pw.manager, plan=plan, run=policy)
    assert replaced.pk == commitment.pk and replaced.run_id == policy.pk
    assert Commitment.objects.filter(plan=plan).count() == 1
    entry = AuditEntry.objects.filter(action="planning.plan.commit").order_by("-sequence")[0]
    assert entry.before["run_id"] == baseline.pk and entry.after["run_id"] == policy.pk
    with pytest.raises(PermissionDenied):
        plan_commit(actor=pw.secretariat, plan=plan, run=policy)


def test_a_run_made_out_of_date_cannot_be_committed(planning_world: PlanningWorld) -> None:
    pw = planning_world
    run = plan_solve(actor=pw.manager, plan=pw.plan, scenario=scenario(pw.plan, "baseline"))
    plan = with_cap(pw, 2040, 1e9)
    with pytest.raises(ValidationError) as refused:
        plan_commit(actor=pw.manager, plan=plan, run=run)
    assert "run" in refused.value.message_dict


@pytest.mark.parametrize(("scale", "status"), [(0.5, "on_track"), (2.0, "over")])
def test_later_verified_inventories_are_compared_with_the_commitment_year_by_year(
    planning_world: PlanningWorld, scale: float, status: str
) -> None:
    pw = planning_world
    run = plan_solve(actor=pw.manager, plan=pw.plan, scenario=scenario(pw.plan, "baseline"))
    commitment = plan_commit(actor=pw.manager, plan=pw.plan, run=run)
    verified_inventory(pw.world, pw.tmp, 2026, scale=scale)
    fact = EnterpriseYearFact.objects.get(organisation=pw.enterprise, year=2026)
    rows: dict[int, Any] = {y.year: y for y in selectors.commitment_years(commitment)}
    assert sorted(rows) == list(range(2026, 2061))
    row = rows[2026]
    assert row.actual_t == pytest.approx(fact.gbt32150_co2e_t)
    assert row.committed_t == pytest.approx(commitment.emissions_t["2026"])
    assert row.difference_t == pytest.approx(fact.gbt32150_co2e_t - row.committed_t)
    assert row.status == status
    assert rows[2027].status == "no_inventory" and rows[2027].actual_t is None
