"""Eligibility of company A's project (abatement 955.08 t a year, energy saving 221.22 tce a
year, from its verified 2025 inventory; see test_projects.py) under each catalogue, with the
thresholds the catalogues do not publish set as platform settings.

- green bond 2021, category 2 (清洁生产产业), abatement >= threshold, margin 5 %:
  900 t -> eligible (955.08 is 6.1 % above); 950 t -> borderline (0.5 % above, within 5 %);
  2,000 t -> not eligible; no threshold -> needs data.
- green finance 2025, category 1 (claimed): its criterion asks for an energy audit the project
  does not have -> needs data whatever the threshold.
- Shanghai transition 2024: industry C3825 is not one of its six -> not eligible; as C2614
  (chemicals, C26) with a reported carbon intensity of 1.8 against entry 2.0 and advanced 1.6
  (both "not above"): the entry value is met, the advanced is not, 0.2 still to go.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from greenledger.web.finance.models import EligibilityCheck
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.finance.services.projects import project_update
from tests.web.finance.conftest import FinanceWorld

pytestmark = pytest.mark.django_db

BOND_ABATEMENT = "categories.2.abatement.threshold"


def bond(threshold: float) -> Any:
    return override_settings(
        FINANCE_CATALOGUE_SETTINGS={"green_bond_2021": {BOND_ABATEMENT: threshold}}
    )


def run(finance_world: FinanceWorld, **categories: str) -> dict[str, EligibilityCheck]:
    project = project_update(
        actor=finance_world.manager, project=finance_world.project,
        categories={"green_finance_2025": "1", **categories},
    )  # fmt: skip
    checks = eligibility_run(actor=finance_world.manager, project=project)
    return {check.catalogue: check for check in checks}


@pytest.mark.parametrize(
    ("threshold", "status", "outcome"),
    [(900.0, "eligible", "met"), (950.0, "borderline", "borderline"),
     (2000.0, "not_eligible", "not_met")],
)  # fmt: skip
def test_green_bond_pass_borderline_fail(
    finance_world: FinanceWorld, threshold: float, status: str, outcome: str
) -> None:
    with bond(threshold):
        checks = run(finance_world, green_bond_2021="2")
    check = checks["green_bond_2021"]
    assert (check.status, check.category) == (status, "2")
    [criterion] = check.result["criteria"]
    assert criterion["metric"] == "abatement_tco2e_per_year"
    assert criterion["value"] == pytest.approx(955.08)
    assert criterion["threshold"] == threshold
    assert criterion["outcome"] == outcome
    assert criterion["evidence"] == ["verified_inventory"]
    assert criterion["evidence_missing"] == []
    assert criterion["basis"] == "planning_engine"
    assert criterion["data"]["year"] == 2025
    assert criterion["data"]["submission"] == finance_world.planning.submission.pk
    assert "set by the institution" in criterion["source"], criterion["source"]


def test_without_a_threshold_the_result_needs_data(finance_world: FinanceWorld) -> None:
    checks = run(finance_world, green_bond_2021="2")
    assert checks["green_bond_2021"].status == "needs_data"
    assert checks["green_bond_2021"].result["criteria"][0]["threshold"] is None


def test_green_2025_asks_for_an_energy_audit(finance_world: FinanceWorld) -> None:
    setting = {"green_finance_2025": {"categories.1.energy_saving.threshold": 100.0}}
    with override_settings(FINANCE_CATALOGUE_SETTINGS=setting):
        checks = run(finance_world)
    check = checks["green_finance_2025"]
    assert (check.status, check.category) == ("needs_data", "1")
    [criterion] = check.result["criteria"]
    assert criterion["value"] == pytest.approx(221.22)
    assert criterion["evidence_missing"] == ["energy_audit"]
    assert len(checks) == 3
    assert EligibilityCheck.objects.filter(project=finance_world.project).count() == 3


def test_an_unverified_inventory_is_no_evidence(finance_world: FinanceWorld) -> None:
    submission = finance_world.planning.submission
    type(submission).objects.filter(pk=submission.pk).update(status="submitted")
    with bond(900.0):
        checks = run(finance_world, green_bond_2021="2")
    criterion = checks["green_bond_2021"].result["criteria"][0]
    assert criterion["evidence_missing"] == ["verified_inventory"]
    assert criterion["basis"] == "planning_engine_unverified"
    assert checks["green_bond_2021"].status == "needs_data"


def test_transition_outside_the_six_industries(finance_world: FinanceWorld) -> None:
    checks = run(finance_world)
    assert checks["shanghai_transition_2024"].status == "not_eligible"


def test_transition_kpi_against_entry_and_advanced(finance_world: FinanceWorld) -> None:
    enterprise = finance_world.enterprise
    type(enterprise).objects.filter(pk=enterprise.pk).update(industry_code="C2614")
    finance_world.project.organisation.refresh_from_db()
    project_update(
        actor=finance_world.manager, project=finance_world.project,
        kpis={"carbon_intensity": 1.8},
    )  # fmt: skip
    setting = {
        "shanghai_transition_2024": {
            "categories.C26.carbon_intensity.threshold": 2.0,
            "categories.C26.carbon_intensity.advanced": 1.6,
        }
    }
    with override_settings(FINANCE_CATALOGUE_SETTINGS=setting):
        checks = {
            c.catalogue: c
            for c in eligibility_run(actor=finance_world.manager, project=finance_world.project)
        }
    check = checks["shanghai_transition_2024"]
    assert (check.status, check.category) == ("eligible", "C26")
    [criterion] = check.result["criteria"]
    assert criterion["basis"] == "reported"
    kpi = criterion["kpi"]
    assert (kpi["value"], kpi["entry"], kpi["advanced"]) == (1.8, 2.0, 1.6)
    assert kpi["meets_entry"] is True and kpi["meets_advanced"] is False
    assert kpi["gap_to_entry"] == 0
    assert kpi["gap_to_advanced"] == pytest.approx(0.2)


@pytest.mark.parametrize("persona", ["analyst", "enterprise_b", "secretariat"])
def test_only_the_manager_runs_the_check(finance_world: FinanceWorld, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        eligibility_run(actor=finance_world.world.users[persona], project=finance_world.project)
