"""Financing projects from plan measures: the figures from the planning engine, by hand.

Company A's electricity: 1,000 10^4 kWh = 10,000 MWh = 1,229 tce, split 60 % motors and drives,
40 % HVAC; the plan's grid factor is 0.5306 t CO2 per MWh (6,000 MWh x 20 % = 1,200 MWh ->
636.72 t); the private discount rate is 8 %.

=========  =============  ==========================  ==============  ===========================
measure    saving (tce)   abatement (t)               capex (yuan)    annualised cost (yuan)
=========  =============  ==========================  ==============  ===========================
vsd        737.4 x 0.20   6,000 MWh x 0.20 x 0.5306   400,000         400,000 CRF(8 %, 15)
           = 147.48       = 636.72                                    - 10,000 = 36,731.82
hvac-ctl   491.6 x 0.15   4,000 MWh x 0.15 x 0.5306   150,000         150,000 CRF(8 %, 10)
           = 73.74        = 318.36                                    = 22,354.42
project    221.22         955.08                      550,000         59,086.24 -> 61.87 yuan/t
=========  =============  ==========================  ==============  ===========================

CRF(8 %, 15) = 0.08 x 1.08^15 / (1.08^15 - 1) = 0.1168295; CRF(8 %, 10) = 0.1490295.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import Project
from greenledger.web.finance.services.projects import project_create, project_update
from tests.web.finance.conftest import PROJECT_CAPEX_YUAN, FinanceWorld

pytestmark = pytest.mark.django_db


def test_project_figures_from_the_planning_engine(finance_world: FinanceWorld) -> None:
    project = finance_world.project
    assert project.capex_yuan == PROJECT_CAPEX_YUAN
    assert project.energy_saving_tce == pytest.approx(221.22)
    assert project.abatement_t == pytest.approx(955.08)
    assert project.cost_per_t == pytest.approx(59_086.24 / 955.08, rel=1e-6)
    assert project.start_year == 2026 and project.end_year == 2040  # 15-year vsd lifetime
    measures = {m["id"]: m for m in project.provenance["measures"]}
    assert measures["vsd"]["abatement_t"] == pytest.approx(636.72)
    assert measures["vsd"]["annualised_cost_yuan"] == pytest.approx(36_731.82, abs=0.01)
    assert measures["hvac-ctl"]["energy_saving_tce"] == pytest.approx(73.74)
    assert measures["hvac-ctl"]["annualised_cost_yuan"] == pytest.approx(22_354.42, abs=0.01)
    assert project.provenance["plan"] == finance_world.planning.plan.pk
    assert project.provenance["inventory_year"] == 2025
    assert project.provenance["discount_rate"] == pytest.approx(0.08)
    assert [t["year"] for t in project.timeline] == [2026, 2026]
    assert project.categories == {"green_finance_2025": "1"}
    assert AuditEntry.objects.filter(action="finance.project.create", object_id=str(project.pk))


def test_the_boiler_starts_the_project_later(finance_world: FinanceWorld) -> None:
    project = project_create(
        actor=finance_world.manager, organisation=finance_world.enterprise,
        plan=finance_world.planning.plan, measure_ids=["boiler"], name="锅炉", kind="green",
    )  # fmt: skip
    assert project.capex_yuan == 600_000
    assert project.energy_saving_tce == pytest.approx(1214.3 * 0.1)
    assert project.start_year == 2027 and project.end_year == 2046


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"measure_ids": []}, "measure_ids"),
        ({"measure_ids": ["vsd", "vsd"]}, "measure_ids"),
        ({"measure_ids": ["solar"]}, "measure_ids"),
        ({"name": "  "}, "name"),
        ({"kind": "blue"}, "kind"),
        ({"categories": {"nope_2020": "1"}}, "categories"),
        ({"categories": {"green_finance_2025": "99"}}, "categories"),
        ({"kpis": {"carbon_intensity": -1}}, "kpis"),
        ({"timeline": [{"year": 1800, "milestone": "x"}]}, "timeline"),
        ({"timeline": [{"year": 2026, "milestone": ""}]}, "timeline"),
    ],
)
def test_refusals_name_the_field(
    finance_world: FinanceWorld, fields: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"measure_ids": ["vsd"], "name": "x", "kind": "green"}
    values.update(fields)
    before = Project.objects.count()
    with pytest.raises(ValidationError) as raised:
        project_create(
            actor=finance_world.manager, organisation=finance_world.enterprise,
            plan=finance_world.planning.plan, **values,  # type: ignore[arg-type]
        )  # fmt: skip
    assert field in raised.value.message_dict
    assert Project.objects.count() == before


def test_a_site_of_another_enterprise_is_refused(finance_world: FinanceWorld) -> None:
    with pytest.raises(ValidationError) as raised:
        project_create(
            actor=finance_world.manager, organisation=finance_world.enterprise,
            plan=finance_world.planning.plan, measure_ids=["vsd"], name="x", kind="green",
            site=finance_world.world.site_b,
        )  # fmt: skip
    assert "site" in raised.value.message_dict


@pytest.mark.parametrize("persona", ["enterprise_b", "analyst", "evaluator", "secretariat"])
def test_only_the_enterprise_manager_creates(finance_world: FinanceWorld, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        project_create(
            actor=finance_world.world.users[persona], organisation=finance_world.enterprise,
            plan=finance_world.planning.plan, measure_ids=["vsd"], name="x", kind="green",
        )  # fmt: skip


def test_update_recomputes_from_the_measures(finance_world: FinanceWorld) -> None:
    project = project_update(
        actor=finance_world.manager, project=finance_world.project, measure_ids=["vsd"],
        kpis={"carbon_intensity": 1.5}, name="变频",
    )  # fmt: skip
    project.refresh_from_db()
    assert project.capex_yuan == 400_000
    assert project.abatement_t == pytest.approx(636.72)
    assert project.cost_per_t == pytest.approx(36_731.82 / 636.72, rel=1e-6)
    assert project.kpis == {"carbon_intensity": 1.5}
    assert project.name == "变频"
    entry = AuditEntry.objects.get(action="finance.project.update", object_id=str(project.pk))
    assert entry.before["capex_yuan"] == PROJECT_CAPEX_YUAN


def test_update_refuses_other_fields_and_other_users(finance_world: FinanceWorld) -> None:
    with pytest.raises(ValidationError):
        project_update(actor=finance_world.manager, project=finance_world.project, listed=True)
    with pytest.raises(PermissionDenied):
        project_update(actor=finance_world.analyst, project=finance_world.project, name="y")


@pytest.mark.parametrize("field", ["measure_ids", "kind", "name"])
def test_update_refuses_a_missing_value(finance_world: FinanceWorld, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        project_update(actor=finance_world.manager, project=finance_world.project, **{field: None})
    assert field in raised.value.message_dict


def test_update_clears_the_timeline(finance_world: FinanceWorld) -> None:
    project = project_update(
        actor=finance_world.manager, project=finance_world.project, timeline=None
    )
    assert project.timeline == []
