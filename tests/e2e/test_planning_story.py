"""The planning story in a real browser, on the demo district (planning/demo.py): the demo
enterprise's energy manager finds technologies for the enterprise's industry in the catalogue
(the research institute's published one among them), builds a new plan from the 2025 verified
inventory (end-use shares with live totals, an own emission cap and a capex budget), adds four
catalogue technologies, solves the baseline and policy scenarios, reads the abatement cost curve
and the least-cost pathway, which meets the cap within the budget in the policy scenario, and
compares the two scenarios side by side.

Every figure the pages show is checked against the core run on the plan the browser built
(``plan_input`` of the stored plan -> ``macc`` and ``optimise``), and the cap is worked out from
the loaded inventory: 5 % below the enterprise's 2025 emissions in 2030, which the measures meet
only with the policy scenario's cleaner grid (the baseline scenario's grid stays as in 2025).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from greenledger.core.planning.costs import macc
from greenledger.core.planning.pathway import optimise
from greenledger.web.members.demo import DEMO_PASSWORD
from greenledger.web.planning import demo as planning_demo
from greenledger.web.planning.models import Plan, PlanRun, ScenarioKind
from greenledger.web.planning.selectors.plans import plan_input
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e

PLAN = "浏览器中的减碳规划"
SHARES = {
    "purchased_electricity": "motors_drives: 45\ncompressed_air: 20\nhvac: 25\nlighting: 10",
    "natural_gas": "boilers_steam: 70\nindustrial_heat: 30",
}
# (technology, capacity) added from the catalogue, the institute's published one first
MEASURES = (
    (planning_demo.PROPOSED_TECHNOLOGY, "150"),
    ("vsd_pumps_fans", "400"),
    ("led_retrofit", "60"),
    ("compressed_air_leak_management", "250"),
    ("boiler_condensing_economiser", "4"),
)
CAP_YEAR, CAP_SHARE = 2030, 0.95
BUDGET_YUAN = 800_000


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def num(value: float, places: int) -> str:
    """As the pages print a figure (reporting_extras.num)."""
    if round(value, places) == 0:
        value = 0.0
    return f"{value:,.{places}f}"


def cells(row: Any) -> list[str]:
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def wait_for_charts(page: Any) -> int:
    charts = page.locator("[data-chart]").count()
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"[data-chart][data-drawn='true']\").length === n",
        arg=charts,
    )
    return charts


def test_a_manager_builds_a_plan_from_the_catalogue_and_compares_two_scenarios(
    page: Any, demo: None
) -> None:
    from greenledger.web.accounts.models import User

    manager = User.objects.get(username="manager")
    own = manager.organisation
    submission = Submission.objects.get(organisation=own, year=2025)
    assert submission.status == SubmissionStatus.VERIFIED
    inventory = InventoryResult.objects.get(version__submission=submission)
    total_2025 = inventory.enterprise_totals["gbt32150_co2e_t"]
    cap = round(total_2025 * CAP_SHARE, 1)

    sign_in(page, "manager")
    # -- the catalogue, filtered by the enterprise's industry, has the institute's technology
    page.goto("/planning/catalogue/")
    page.fill("#catalogue-filters [name=industry]", own.industry_code)
    page.click("#catalogue-filters button[type=submit]")
    page.wait_for_selector(f"#technology-{planning_demo.PROPOSED_TECHNOLOGY}")
    for technology_id, _capacity in MEASURES:
        assert page.locator(f"#technology-{technology_id}").count() == 1, technology_id
    assert page.locator("#technology-dc_liquid_cooling").count() == 0  # data centres only
    page.click(f"#technology-{planning_demo.PROPOSED_TECHNOLOGY} a")
    page.wait_for_selector("#proposed-by")
    institute = User.objects.get(username="researcher").organisation
    assert institute.name_zh in page.locator("#proposed-by").inner_text()
    screenshot(page, "planning-technology")

    # -- a new plan from the verified 2025 inventory
    page.goto("/planning/plans/new/")
    assert "2025" in page.locator("#plan-inventory").inner_text()
    page.fill("#plan-new-form [name=name]", PLAN)
    page.click("#plan-new-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    plan = Plan.objects.get(organisation=own, name=PLAN)
    assert plan.version_id == inventory.version_id
    carriers = plan.baseline["carriers"]

    # the shares, with the live totals of the end uses as they are typed
    for carrier, text in SHARES.items():
        page.fill(f"#id_share__{carrier}", text)
    motors = page.locator("#end-use-table tr[data-end-use='motors_drives']")
    motors.wait_for()
    electricity = carriers["purchased_electricity"]
    assert cells(motors)[1:3] == [
        num(electricity["energy_tce"] * 0.45, 1),
        num(electricity["emissions_t"] * 0.45, 1),
    ]
    total_energy = sum(c["energy_tce"] for c in carriers.values())
    assert page.locator("#end-use-table tfoot td").first.inner_text() == num(total_energy, 1)
    page.click("#shares-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/#shares$"))

    # the enterprise's own cap and the capex budget
    page.select_option("#settings-form [name=target_source]", "own")
    page.fill("#settings-form [name=caps]", f"{CAP_YEAR}: {cap}")
    page.fill("#settings-form [name=budget_yuan]", str(BUDGET_YUAN))
    page.click("#settings-form button[type=submit]")
    page.wait_for_selector(f"#targets-table tr[data-year='{CAP_YEAR}']")
    assert cells(page.locator(f"#targets-table tr[data-year='{CAP_YEAR}']"))[1] == num(cap, 1)

    # -- measures from the catalogue (sized by capacity, at the maximum penetration)
    page.goto(f"/planning/plans/{plan.pk}/measures/")
    for technology_id, capacity in MEASURES:
        page.select_option("#catalogue-form [name=technology_id]", technology_id)
        page.fill("#catalogue-form [name=capacity]", capacity)
        page.click("#catalogue-form button[type=submit]")
        page.wait_for_selector(f"#measures-table tr[data-measure='{technology_id}']")
    assert page.locator("#measures-table tbody tr[data-measure]").count() == len(MEASURES)
    screenshot(page, "planning-measures")

    plan.refresh_from_db()
    scenarios = {s.kind: s for s in plan.scenarios.all()}
    baseline, policy = scenarios[ScenarioKind.BASELINE], scenarios[ScenarioKind.POLICY]

    # -- the abatement cost curve of the policy scenario, as the core draws it
    page.goto(f"/planning/plans/{plan.pk}/macc/?scenario={policy.pk}")
    page.click("#solve-form button[type=submit]")
    page.wait_for_selector("#macc-table tbody tr[data-measure]")
    assert wait_for_charts(page) == 1
    core = plan_input(plan, policy)
    steps = macc(core)
    rows = page.locator("#macc-table tbody tr[data-measure]")
    assert [rows.nth(i).get_attribute("data-measure") for i in range(rows.count())] == [
        s.id for s in steps
    ]
    for step in steps:
        row = page.locator(f"#macc-table tr[data-measure='{step.id}']")
        figures = cells(row)
        assert figures[4] == num(step.annual_abatement_t, 1), step.id
        assert figures[7].startswith(num(step.cost_per_t, 1)), step.id
        assert (row.get_attribute("class") == "pays") == (step.cost_per_t < 0), step.id
    assert any(s.cost_per_t < 0 for s in steps)  # some measures pay for themselves
    assert page.locator("#macc-label").count() == 1
    screenshot(page, "planning-macc")

    # -- the least-cost pathway meets the cap within the budget
    page.goto(f"/planning/plans/{plan.pk}/pathway/?scenario={policy.pk}")
    page.wait_for_selector("#pathway-status")
    expected = optimise(core)
    assert expected.status == "optimal"
    assert page.locator("#pathway-status dd[data-status]").get_attribute("data-status") == (
        "optimal"
    )
    run = PlanRun.objects.get(plan=plan, scenario=policy)
    assert run.npv_yuan == pytest.approx(expected.npv_yuan, rel=0.011, abs=1.0)
    year = cells(page.locator(f"#pathway-table tr[data-year='{CAP_YEAR}']"))
    assert year[3] == num(cap, 1)
    assert float(year[2].replace(",", "")) <= cap < float(year[1].replace(",", ""))
    assert year[4] == num(0.0, 1)
    capex = run.result["pathway"]["capex_yuan"]
    assert 0 < capex <= BUDGET_YUAN
    assert page.locator("#adoptions-table tbody tr").count() == len(expected.adoptions)
    assert wait_for_charts(page) == 2
    screenshot(page, "planning-pathway")

    # -- the baseline scenario (the grid as in 2025) misses the cap: side by side
    page.goto(f"/planning/plans/{plan.pk}/pathway/?scenario={baseline.pk}")
    page.click("#solve-form button[type=submit]")
    page.wait_for_selector("#pathway-status dd[data-status='infeasible']")
    assert optimise(plan_input(plan, baseline)).status == "infeasible"
    page.goto(f"/planning/plans/{plan.pk}/compare/")
    page.wait_for_selector("#compare-table")
    header = page.locator("#compare-table thead th[scope=col]").all_inner_texts()
    assert [h.strip() for h in header[1:]] == [baseline.name, policy.name]
    statuses = page.locator("#compare-table td[data-status]")
    assert [statuses.nth(i).get_attribute("data-status") for i in range(2)] == [
        "infeasible",
        "optimal",
    ]
    runs = [PlanRun.objects.get(plan=plan, scenario=s) for s in (baseline, policy)]
    assert cells(page.locator("#compare-npv")) == [num(r.npv_yuan, 0) for r in runs]
    emissions = cells(page.locator(f"#compare-table tr[data-year='{CAP_YEAR}']"))
    values = [float(v.replace(",", "")) for v in emissions]
    assert values[0] > cap >= values[1]
    stretch = page.locator(f"#scenario-table tr[data-scenario='{scenarios['stretch'].pk}']")
    assert stretch.locator(".badge.neutral").count() == 1  # not solved
    assert wait_for_charts(page) == 2
    screenshot(page, "planning-compare")
