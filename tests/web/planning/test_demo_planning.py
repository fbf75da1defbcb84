"""The demo district's planning story (planning/demo.py): the institute's published technology
and its case result waiting for review, the manager's plan from the 2025 verified inventory
with its three solved scenarios and the committed policy pathway, and a finished district run.

The figures are checked against what they come from: the plan's baseline against the
inventory's per-line Parquet, the runs against the core solving the plan again, the district
run's caps against the fact table. The demo is loaded once for the module
(``tests.web.conftest.demo_district``, shared by the demo modules).
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from greenledger.core.planning.costs import macc
from greenledger.core.planning.heuristic import greedy_pathway, pathway_npv
from greenledger.core.planning.pathway import optimise
from greenledger.web.accounts.models import User
from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.planning import demo
from greenledger.web.planning.models import (
    Commitment,
    DistrictRun,
    JobStatus,
    Plan,
    PlanRun,
    PlanStatus,
    ProposalKind,
    ProposalStatus,
    ScenarioKind,
    TechnologyProposal,
)
from greenledger.web.planning.selectors.catalogue import catalogue, technology
from greenledger.web.planning.selectors.plans import candidate_technologies
from greenledger.web.planning.selectors.runs import core_input_of, is_current
from greenledger.web.reporting.models import InventoryResult, SubmissionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def loaded(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def the_plan() -> Plan:
    manager = User.objects.get(username="manager")
    return Plan.objects.get(organisation=manager.organisation, name=demo.PLAN_NAME)


def test_the_institute_has_a_published_technology_and_a_case_result_awaiting_review(
    loaded: None,
) -> None:
    institute = User.objects.get(username="researcher").organisation
    proposals = TechnologyProposal.objects.filter(organisation=institute)
    published = proposals.get(kind=ProposalKind.TECHNOLOGY)
    assert published.status == ProposalStatus.PUBLISHED
    assert published.reviewed_by.username == "secretariat"
    case = proposals.get(kind=ProposalKind.CASE)
    assert (case.status, case.technology_id) == (ProposalStatus.SUBMITTED, demo.CASE_TECHNOLOGY)
    assert case.reviewed_by is None

    # the published technology is in the platform's catalogue with its figures
    shipped = {t.id for t in catalogue()} - {demo.PROPOSED_TECHNOLOGY}
    assert len(shipped) >= 54
    proposed = technology(demo.PROPOSED_TECHNOLOGY)
    assert proposed.saving_rate == demo.PROPOSED_RECORD["saving_rate"]
    assert proposed.capex_yuan_per_unit == demo.PROPOSED_RECORD["capex_yuan_per_unit"]
    assert proposed.confirmed is False
    # the ledger holds the researcher's submissions and the secretariat's publication
    actions = list(
        AuditEntry.objects.filter(action__startswith="planning.proposal.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["planning.proposal.create", "planning.proposal.submit"] * 2 + ["planning.proposal.publish"]
    )


def test_the_plan_starts_from_the_2025_verified_inventory_with_catalogue_measures(
    loaded: None,
) -> None:
    plan = the_plan()
    assert plan.inventory_year == demo.INVENTORY_YEAR == 2025
    assert plan.submission.status == SubmissionStatus.VERIFIED
    inventory = InventoryResult.objects.get(version=plan.version)
    lines = pl.read_parquet(inventory.lines_path)
    by_activity = {
        row["activity"]: row
        for row in lines.group_by("activity")
        .agg(pl.col("energy_tce").sum(), pl.col("gbt32150_co2e_t").sum())
        .to_dicts()
    }
    carriers = plan.baseline["carriers"]
    assert set(carriers) == set(demo.SHARES) == {"purchased_electricity", "natural_gas"}
    for name, carrier in carriers.items():
        assert carrier["energy_tce"] == pytest.approx(by_activity[name]["energy_tce"], rel=1e-9)
        assert carrier["emissions_t"] == pytest.approx(
            by_activity[name]["gbt32150_co2e_t"], rel=1e-9
        )
    assert carriers["purchased_electricity"]["electricity"] is True
    assert plan.baseline["output_wan_yuan"] == inventory.enterprise_totals["output_value_wan_yuan"]
    assert plan.shares == demo.SHARES

    measures = {m.technology_id: m for m in plan.measures.all()}
    assert set(measures) == {t for t, _c, _e in demo.MEASURES}
    applicable = {t.id for t in candidate_technologies(plan)}
    assert set(measures) <= applicable  # the institute's technology among them
    vsd = measures["vsd_pumps_fans"]
    tech = technology("vsd_pumps_fans")
    assert vsd.capex_yuan == pytest.approx(tech.capex_yuan_per_unit * 400.0)
    assert vsd.saving_rate == pytest.approx(tech.saving_rate * tech.max_penetration)

    intensity = sum(c["emissions_t"] for c in carriers.values()) / plan.baseline["output_wan_yuan"]
    assert [(t["year"], t["max_intensity_t_per_wan_yuan"]) for t in plan.targets] == [
        (year, round(intensity * share, 4)) for year, share in demo.INTENSITY_TARGETS
    ]
    assert (plan.budget_yuan, plan.annual_budget_yuan, plan.social_rate) == (
        demo.BUDGET_YUAN,
        demo.ANNUAL_BUDGET_YUAN,
        demo.SOCIAL_RATE,
    )


def test_three_scenarios_are_solved_and_the_policy_pathway_is_committed(loaded: None) -> None:
    plan = the_plan()
    runs = {run.scenario.kind: run for run in PlanRun.objects.filter(plan=plan)}
    assert set(runs) == {ScenarioKind.BASELINE, ScenarioKind.POLICY, ScenarioKind.STRETCH}
    # without a cleaner grid the measures cannot hold the intensity targets; with it they can
    assert runs[ScenarioKind.BASELINE].status == "infeasible"
    assert runs[ScenarioKind.POLICY].status == "optimal"
    assert runs[ScenarioKind.STRETCH].status == "optimal"
    for kind, run in runs.items():
        assert is_current(run, plan), kind
        core = core_input_of(plan, run.scenario)
        pathway = run.result["pathway"]
        # the stored pathway is the core's: same adoptions cost the same, and the optimiser
        # run again finds that cost within its gap
        adoptions = {a["id"]: a["year"] for a in pathway["adoptions"]}
        assert pathway_npv(core, adoptions) == pytest.approx(run.npv_yuan, rel=1e-9, abs=1.0)
        # the social view is the curve at the plan's social rate, the private one at the
        # scenario's: capex weighs less at 4 % than at 8 %
        social = {s.id: s.cost_per_t for s in macc(core, rate=plan.social_rate)}
        private = {s.id: s.cost_per_t for s in macc(core)}
        stored = {s["id"]: s["cost_per_t"] for s in run.result["macc_social"]}
        assert stored == pytest.approx(social)
        assert all(social[m] < private[m] for m in private)
        again = optimise(core)
        assert again.status == run.status
        assert again.npv_yuan == pytest.approx(run.npv_yuan, rel=0.011, abs=1.0)
        if run.status == "optimal":
            # every target met, within both capex budgets, no dearer than cheapest-first
            for target in core.targets:
                assert pathway["emissions_t"][str(target.year)] <= core.cap_t(target) + 1e-6
            assert pathway["capex_yuan"] <= demo.BUDGET_YUAN + 1e-6
            greedy = greedy_pathway(core)
            if greedy.status != "infeasible":
                assert run.npv_yuan <= greedy.npv_yuan + abs(greedy.npv_yuan) * 0.011
        else:
            assert sum(pathway["shortfall_t"].values()) > 0

    commitment = Commitment.objects.get(plan=plan)
    assert plan.status == PlanStatus.COMMITTED
    assert commitment.run == runs[ScenarioKind.POLICY]
    assert commitment.committed_by.username == "manager"
    policy = runs[ScenarioKind.POLICY].result["pathway"]
    assert sorted(commitment.emissions_t) == [str(y) for y in range(2026, 2061)]
    for year, value in policy["emissions_t"].items():
        assert commitment.emissions_t[year] == pytest.approx(value)


def test_a_finished_district_run_meets_its_caps_with_a_shadow_price(loaded: None) -> None:
    run = DistrictRun.objects.get()
    assert (run.status, run.progress, run.error) == (JobStatus.SUCCEEDED, 100, "")
    facts = EnterpriseYearFact.objects.filter(year=demo.INVENTORY_YEAR, basis=FactBasis.VERIFIED)
    assert run.enterprises_total == run.enterprises_done == facts.count()
    result = run.result
    assert result["status"] == "optimal"
    assert sorted(map(int, result["caps_t"])) == [year for year, _share in demo.DISTRICT_CAPS]
    for year, cap in result["caps_t"].items():
        assert result["emissions_t"][year] <= cap + 1e-6
    # the 2060 cap binds: a positive shadow carbon price there
    assert result["shadow_price_yuan_per_t"]["2060"] > 0
    assert run.parameters["prices"] == list(demo.DISTRICT_PRICES)


@pytest.mark.parametrize(
    ("username", "name", "args"),
    [
        ("manager", "planning:plans", ()),
        ("manager", "planning:plan", ("plan",)),
        ("manager", "planning:macc", ("plan",)),
        ("manager", "planning:pathway", ("plan",)),
        ("manager", "planning:compare", ("plan",)),
        ("manager", "planning:commitment", ("plan",)),
        ("researcher", "planning:proposals", ()),
        ("secretariat", "planning:proposals", ()),
        ("secretariat", "planning:district_run", ("run",)),
        ("secretariat", "planning:district_macc", ("run",)),
        ("researcher", "planning:technology", ("technology",)),
    ],
)
def test_the_demo_accounts_see_the_story_on_the_pages(
    loaded: None, username: str, name: str, args: tuple[str, ...]
) -> None:
    keys = {
        "plan": lambda: the_plan().pk,
        "run": lambda: DistrictRun.objects.get().pk,
        "technology": lambda: demo.PROPOSED_TECHNOLOGY,
    }
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse(name, args=[keys[a]() for a in args]))
    assert response.status_code == 200
    text = response.content.decode()
    if name == "planning:proposals" and username == "secretariat":
        assert demo.CASE_TECHNOLOGY in text  # the case result in the review queue
    if name == "planning:plans":
        assert demo.PLAN_NAME in text
