"""The district story in a real browser, on the demo district (district/demo.py): the
secretariat sets a district target on total emissions; the evaluator verifies the 2025
inventory of the chemicals maker that expanded on coal; the district's 2025 figure on the
progress page grows by exactly that inventory's total and the target's status turns from on
track to off track.

The figures are worked out from the stored inventories (not from the fact table the page reads):
2020 and 2025 totals are sums of the verified inventories' GB/T 32150 totals.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from greenledger.web.district.demo import OVER_BUDGET_INDUSTRY, PENDING_VERIFIER
from greenledger.web.district.models import DistrictTarget, TargetMetric
from greenledger.web.members.demo import DEMO_PASSWORD
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus
from tests.e2e.reporting_helpers import screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(committed_demo: None) -> None:
    """The demo district, committed for the live server (``tests.e2e.conftest``)."""


def sign_in(page: Any, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def sign_out(page: Any) -> None:
    page.click(".header-tools form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def verified_total(year: int) -> tuple[int, float]:
    """Enterprises and the sum of GB/T 32150 totals of the year's verified inventories."""
    inventories = InventoryResult.objects.filter(
        version__submission__year=year,
        version__submission__status=SubmissionStatus.VERIFIED,
    )
    totals = [i.enterprise_totals["gbt32150_co2e_t"] for i in inventories]
    return len(totals), sum(totals)


def series_row(page: Any, year: int) -> list[str]:
    row = page.locator(f"#series-table tbody tr[data-year='{year}']")
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_a_target_set_and_an_inventory_verified_move_the_district_figure_and_status(
    page: Any, demo: None
) -> None:
    pending = Submission.objects.get(
        status=SubmissionStatus.UNDER_VERIFICATION,
        year=2025,
        organisation__industry_code=OVER_BUDGET_INDUSTRY,
    )
    assert pending.evaluator.username == PENDING_VERIFIER
    own = InventoryResult.objects.get(version__submission=pending).enterprise_totals
    _, base_total = verified_total(2020)
    count_before, total_before = verified_total(2025)
    # The target on total GB/T 32150 emissions, 2025 against 2020: a quarter of the pending
    # inventory above the verified 2025 total, as a change in percent with one decimal.
    change_pct = round((total_before + own["gbt32150_co2e_t"] / 4) / base_total * 100 - 100, 1)
    target_value = base_total * (1 + change_pct / 100)
    # On track before: 2025 is the target year, so the path's value is the target value.
    assert total_before < target_value < total_before + own["gbt32150_co2e_t"]
    assert (total_before + own["gbt32150_co2e_t"]) / target_value - 1 > 0.02  # beyond at risk

    # -- the secretariat sets the district's target on total emissions
    sign_in(page, "secretariat")
    page.goto("/district/targets/new/")
    page.select_option("#id_scope", "district")
    page.select_option("#id_metric", TargetMetric.TOTAL_CO2)
    page.fill("#id_base_year", "2020")
    page.fill("#id_target_year", "2025")
    page.fill("#id_change", str(change_pct))
    page.select_option("#id_method", "geometric")
    page.fill("#id_note", f"东江新区2025年碳排放总量较2020年变化{change_pct}%")
    page.click("#target-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/district/targets/$"))
    target = DistrictTarget.objects.get(active=True, scope="district", metric="total_co2")
    assert target.change == pytest.approx(change_pct / 100)

    page.goto("/district/")
    row = series_row(page, 2025)
    assert row[1] == str(count_before)
    assert row[4] == f"{total_before:,.2f}"
    panel = page.locator(f"#target-{target.pk}")
    assert panel.get_attribute("data-status") == "on track"
    assert panel.locator("[data-role='actual']").inner_text().startswith(f"{total_before:,.4f}")
    screenshot(page, "district-progress-before")
    sign_out(page)

    # -- the evaluator verifies the chemicals maker's 2025 inventory
    sign_in(page, PENDING_VERIFIER)
    page.goto(f"/reporting/submissions/{pending.pk}/")
    page.click("#verify-button")
    page.wait_for_selector("#submission-status[data-status='verified']")
    sign_out(page)

    # -- the district's 2025 figure grows by that inventory's total; the target is off track
    count_after, total_after = verified_total(2025)
    assert count_after == count_before + 1
    assert total_after == pytest.approx(total_before + own["gbt32150_co2e_t"], rel=1e-12)
    sign_in(page, "secretariat")
    page.goto("/district/")
    row = series_row(page, 2025)
    assert row[1] == str(count_after)
    assert row[4] == f"{total_after:,.2f}"
    panel = page.locator(f"#target-{target.pk}")
    assert panel.get_attribute("data-status") == "off track"
    assert panel.locator("[data-role='actual']").inner_text().startswith(f"{total_after:,.4f}")
    screenshot(page, "district-progress-after")
