"""The demo district's decarbonisation planning story (called from ``members.demo.demo_load``).

- The researcher's institute (the demo's first research institute) proposed a technology that
  the secretariat published (it joins the catalogue: the platform's ``catalogue()``), and a case
  result for a shipped technology that waits for the secretariat's review.
- The demo manager's enterprise has a plan built from its 2025 verified inventory: its carriers
  split into end uses by the enterprise's shares, measures sized from the applicable catalogue
  technologies (the institute's published one among them), its own intensity targets and capex
  budgets; the three default scenarios solved (the baseline scenario, whose grid stays as in
  2025, misses the targets; policy and stretch meet them), the policy pathway committed.
- A finished district pathway run over the district's verified 2025 facts, capped so that the
  2060 cap binds (a shadow carbon price), run here rather than by the worker.

Everything goes through the planning services, as a user's clicks would (audit entries
included). The figures are the demo's own choices (shares, capacities, caps), labelled as such;
the institute's proposal and case result are fictional (the proposal's source says so).
Idempotent: each record is looked up by its natural key first, so a second load writes nothing.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.accounts.models import User
from greenledger.web.planning.models import (
    Commitment,
    DistrictRun,
    JobStatus,
    Plan,
    ProposalKind,
    ScenarioKind,
    TechnologyProposal,
)

INVENTORY_YEAR = 2025
PLAN_NAME = "2026-2060年低碳发展路线（演示）"
COMMITTED_KIND = ScenarioKind.POLICY

# The institute's technology (a fictional proposal: its source says it is demo data).
PROPOSED_TECHNOLOGY = "cooling_water_system_optimisation"
PROPOSED_RECORD: dict[str, Any] = {
    "source": {
        "issuer": "东江青岚低碳技术研究院 (Dongjiang Qinglan Institute of Low-Carbon Technology)",
        "title": "循环冷却水系统智能优化技术评估报告（演示数据，虚构）",
        "document": "QL-LCT-2025-07 (fictional demo document)",
        "edition": "2025",
    },
    "item": "demo: fictional institute report",
    "confirmed": False,
    "name_zh": "循环冷却水系统智能优化",
    "name_en": "Smart optimisation of circulating cooling-water systems",
    "note": (
        "Demo data: a fictional institute's figures (saving 8-16 % of the pump and fan "
        "electricity of cooling towers, midpoint 12 %), not taken from a published document."
    ),
    "industries": ["C"],
    "end_use": "motors_drives",
    "carrier": "electricity",
    "effect": "energy",
    "saving_rate": 0.12,
    "capacity_unit": "kW pump and fan power",
    "capex_yuan_per_unit": 250,
    "opex_change_yuan_per_unit": -5,
    "lifetime_years": 10,
    "lead_time_years": 0,
    "max_penetration": 0.4,
    "group": None,
    "requires": [],
}
# A case result for a shipped technology, waiting for review (fictional).
CASE_TECHNOLOGY = "compressed_air_leak_management"
CASE_RECORD: dict[str, Any] = {
    "title": "某新材料企业空压站泄漏治理（演示数据，虚构）",
    "enterprise": "东江新区某新材料企业（虚构）",
    "year": 2025,
    "saving_rate": 0.11,
    "saving_tce": 38.0,
    "capex_yuan": 45000,
}

# The demo enterprise's shares of each carrier by end use (the enterprise's own estimate).
SHARES: dict[str, dict[str, float]] = {
    "purchased_electricity": {
        "motors_drives": 0.45,
        "compressed_air": 0.2,
        "hvac": 0.25,
        "lighting": 0.1,
    },
    "natural_gas": {"boilers_steam": 0.7, "industrial_heat": 0.3},
}
# (technology, capacity in the technology's unit, end use or None for the technology's own);
# the share covered is the technology's maximum penetration
MEASURES: tuple[tuple[str, float, str | None], ...] = (
    ("vsd_pumps_fans", 400.0, None),
    ("motor_ie3_to_ie5", 600.0, None),
    (PROPOSED_TECHNOLOGY, 150.0, None),
    ("compressed_air_leak_management", 250.0, None),
    ("compressor_vsd", 250.0, None),
    ("led_retrofit", 60.0, None),
    ("lighting_controls", 60.0, None),
    ("chiller_plant_optimisation", 800.0, None),
    ("magnetic_bearing_chiller", 800.0, None),
    ("boiler_condensing_economiser", 4.0, None),
    ("electrode_boiler_with_storage", 2.0, "boilers_steam"),
    ("air_source_heat_pump_process", 700.0, "industrial_heat"),
)
# The enterprise's own targets: emissions per output value as shares of its 2025 intensity (the
# demo's choice: -27 % by 2030, -37 % by 2035, -66 % by 2060), and its capex budgets.
INTENSITY_TARGETS = ((2030, 0.73), (2035, 0.63), (2060, 0.34))
BUDGET_YUAN = 3_000_000.0
ANNUAL_BUDGET_YUAN = 1_500_000.0
# The MACC's social view: a lower discount rate than the scenarios' 8 % (the demo's choice, so
# the two views differ; not a published social discount rate).
SOCIAL_RATE = 0.04
# The district run's caps as shares of the district's 2025 verified emissions (the demo's choice:
# the 2060 cap binds, so the run has a shadow carbon price) and its carbon-price sweep (yuan/t;
# five prices, not the default nine, to keep the demo's loading time short).
DISTRICT_CAPS = ((2030, 0.85), (2035, 0.8), (2060, 0.74))
DISTRICT_PRICES = (0.0, 100.0, 200.0, 500.0, 1000.0)


def load(*, report: Any) -> None:
    """Load (or complete) the planning story; the demo district must be loaded first."""
    users = {u.username: u for u in User.objects.filter(username__in=_ACCOUNTS)}
    _proposals(report, users["researcher"], users["secretariat"])
    _plan(report, users["manager"])
    _district_run(report, users["secretariat"])


_ACCOUNTS = ("researcher", "secretariat", "manager")


# The services are imported only when there is something to load: a second load stays quick.


def _proposals(report: Any, researcher: User, secretariat: User) -> None:
    mine = TechnologyProposal.objects.filter(organisation=researcher.organisation)
    technology = mine.filter(kind=ProposalKind.TECHNOLOGY, technology_id=PROPOSED_TECHNOLOGY)
    case = mine.filter(kind=ProposalKind.CASE, technology_id=CASE_TECHNOLOGY)
    if technology.exists() and case.exists():
        return
    from greenledger.web.planning.services import catalogue as services

    if not technology.exists():
        proposal = services.proposal_create(
            actor=researcher,
            kind=ProposalKind.TECHNOLOGY,
            technology_id=PROPOSED_TECHNOLOGY,
            record=PROPOSED_RECORD,
        )
        proposal = services.proposal_submit(actor=researcher, proposal=proposal)
        services.proposal_publish(
            actor=secretariat, proposal=proposal, note="演示：数据来源已核对为研究院报告（虚构）"
        )
        report.count("technology proposals")
    if not case.exists():
        proposal = services.proposal_create(
            actor=researcher, kind=ProposalKind.CASE, technology_id=CASE_TECHNOLOGY,
            record=CASE_RECORD,
        )  # fmt: skip
        services.proposal_submit(actor=researcher, proposal=proposal)
        report.count("case results")


def _plan(report: Any, manager: User) -> None:
    organisation = manager.organisation
    plan = Plan.objects.filter(organisation=organisation, name=PLAN_NAME).first()
    if plan is not None and Commitment.objects.filter(plan=plan).exists():
        return
    from greenledger.web.planning.services import plan_measures, plans
    from greenledger.web.planning.services import runs as run_services

    if plan is None:
        plan = plans.plan_create(
            actor=manager, organisation=organisation, name=PLAN_NAME, end_year=2060
        )
        plan = plans.plan_set_shares(actor=manager, plan=plan, shares=SHARES)
        for technology_id, capacity, end_use in MEASURES:
            plan_measures.measure_add_from_catalogue(
                actor=manager, plan=plan, technology_id=technology_id, capacity=capacity,
                end_use=end_use,
            )  # fmt: skip
        intensity = _emissions(plan) / plan.baseline["output_wan_yuan"]
        plan = plans.plan_update(
            actor=manager, plan=plan, target_source="own",
            targets=[{"year": year, "max_intensity_t_per_wan_yuan": round(intensity * share, 4)}
                     for year, share in INTENSITY_TARGETS],
            budget_yuan=BUDGET_YUAN, annual_budget_yuan=ANNUAL_BUDGET_YUAN,
            social_rate=SOCIAL_RATE,
        )  # fmt: skip
        report.count("plans")
    committed = None
    for scenario in plan.scenarios.order_by("id"):
        run = run_services.plan_solve(actor=manager, plan=plan, scenario=scenario)
        report.count("plan runs")
        if scenario.kind == COMMITTED_KIND:
            committed = run
    if committed is None:
        raise RuntimeError(f"demo plan {plan.pk}: no {COMMITTED_KIND} scenario to commit")
    run_services.plan_commit(actor=manager, plan=plan, run=committed)
    report.count("commitments")


def _emissions(plan: Plan) -> float:
    """The plan's start-year baseline emissions (t CO2e): its carriers and process emissions."""
    carriers = plan.baseline["carriers"]
    return float(
        sum(c["emissions_t"] for c in carriers.values())
        + plan.baseline.get("non_energy_emissions_t", 0.0)
    )


def _district_run(report: Any, secretariat: User) -> None:
    """A district pathway on the 2025 verified facts, capped at shares of the district's 2025
    emissions (``DISTRICT_CAPS``), run to its end here (the worker would otherwise run it)."""
    if DistrictRun.objects.filter(status=JobStatus.SUCCEEDED).exists():
        return
    from greenledger.web.planning.selectors.district_runs import district_enterprises
    from greenledger.web.planning.services import district_runs

    enterprises = district_enterprises(INVENTORY_YEAR)
    total = sum(sum(c.emissions_t for c in e.carriers) + e.non_energy_t for e in enterprises)
    run = district_runs.district_run_start(
        actor=secretariat,
        base_year=INVENTORY_YEAR,
        caps={year: round(total * share, 1) for year, share in DISTRICT_CAPS},
        prices=DISTRICT_PRICES,
    )
    # one process: a pool's start-up costs more than it saves on the demo's 228 enterprises
    status = district_runs.district_run_execute(run.pk, workers=1)
    if status != JobStatus.SUCCEEDED:
        error = DistrictRun.objects.get(pk=run.pk).error
        raise RuntimeError(f"demo district run {run.pk} {status}: {error}")
    report.count("district pathway runs")
