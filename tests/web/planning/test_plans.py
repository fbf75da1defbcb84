"""Enterprise plans: the baseline from the verified inventory, the split by end use, targets,
measures (own and from the catalogue), scenarios, refreshing the baseline; refusals name the
field, leave nothing changed and write nothing to the ledger. Figures by hand (see
``conftest``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.planning.models import Plan, PlanMeasure, PlanStatus, Scenario
from greenledger.web.planning.selectors import plans as selectors
from greenledger.web.planning.services import plans as services
from greenledger.web.reporting.selectors import latest_inventory
from tests.web.planning.conftest import (
    ELECTRICITY_TCE,
    GAS_TCE,
    LIMESTONE_CO2_T,
    OUTPUT_WAN_YUAN,
    PlanningWorld,
    verified_inventory,
)

pytestmark = pytest.mark.django_db


def _entries() -> int:
    return AuditEntry.objects.count()


def test_the_baseline_is_the_verified_inventory_by_carrier(planning_world: PlanningWorld) -> None:
    plan = planning_world.plan
    inventory = latest_inventory(planning_world.submission)
    assert inventory is not None
    carriers = plan.baseline["carriers"]
    assert set(carriers) == {"purchased_electricity", "natural_gas"}
    assert carriers["purchased_electricity"]["energy_tce"] == pytest.approx(ELECTRICITY_TCE)
    assert carriers["purchased_electricity"]["electricity"] is True
    assert carriers["natural_gas"]["energy_tce"] == pytest.approx(GAS_TCE)
    assert carriers["natural_gas"]["electricity"] is False
    assert plan.baseline["non_energy_emissions_t"] == pytest.approx(LIMESTONE_CO2_T)
    assert plan.baseline["output_wan_yuan"] == pytest.approx(OUTPUT_WAN_YUAN)
    # carriers + process add up to the inventory's GB/T 32150 total
    total = sum(c["emissions_t"] for c in carriers.values()) + LIMESTONE_CO2_T
    assert total == pytest.approx(inventory.enterprise_totals["gbt32150_co2e_t"], rel=1e-9)
    provenance = plan.baseline["provenance"]
    assert provenance["version_id"] == inventory.version_id == plan.version_id
    assert provenance["factor_set"] == inventory.factor_set_version
    assert provenance["method_version"] == inventory.method_version
    assert (plan.inventory_year, plan.start_year, plan.end_year) == (2025, 2026, 2060)


def test_a_new_plan_has_the_three_default_scenarios(planning_world: PlanningWorld) -> None:
    names = dict(planning_world.plan.scenarios.values_list("kind", "name"))
    assert names == {"baseline": "基准情景", "policy": "政策情景", "stretch": "强化情景"}
    assert AuditEntry.objects.filter(
        action="planning.plan.create", object_id=str(planning_world.plan.pk)
    ).exists()


def test_plan_input_splits_the_baseline_by_the_shares(planning_world: PlanningWorld) -> None:
    plan = planning_world.plan
    electricity = plan.baseline["carriers"]["purchased_electricity"]["emissions_t"]
    gas = plan.baseline["carriers"]["natural_gas"]["emissions_t"]
    found = selectors.plan_input(plan)
    uses = {e.name: e for e in found.end_uses}
    assert set(uses) == {"motors_drives", "hvac", "boilers_steam", "process_emissions"}
    assert uses["motors_drives"].energy_tce == pytest.approx(0.6 * ELECTRICITY_TCE)
    assert uses["hvac"].energy_tce == pytest.approx(0.4 * ELECTRICITY_TCE)
    assert uses["motors_drives"].electricity_emissions_t == pytest.approx(0.6 * electricity)
    assert uses["boilers_steam"].emissions_t == pytest.approx(gas)
    assert uses["boilers_steam"].electricity_emissions_t == 0
    assert uses["process_emissions"].energy_tce == 0
    assert uses["process_emissions"].emissions_t == pytest.approx(LIMESTONE_CO2_T)
    assert {m.id for m in found.measures} == {"vsd", "hvac-ctl", "boiler"}
    assert found.measure("boiler").earliest_year == 2027
    assert found.output_wan_yuan == pytest.approx(OUTPUT_WAN_YUAN)
    assert found.discount_rate == plan.private_rate
    assert found.growth == 0 and found.targets == ()


def test_a_scenario_grows_the_baseline_and_cleans_the_grid(planning_world: PlanningWorld) -> None:
    plan = planning_world.plan
    baseline = plan.scenarios.get(kind="baseline")
    policy = plan.scenarios.get(kind="policy")
    under_baseline = selectors.plan_input(plan, baseline)
    under_policy = selectors.plan_input(plan, policy)
    assert under_baseline.growth == pytest.approx(baseline.growth)
    assert under_baseline.discount_rate == pytest.approx(baseline.discount_rate)
    assert under_policy.carbon_price_yuan_per_t == pytest.approx(policy.carbon_price_yuan_per_t)
    start = selectors.plan_input(plan).baseline_emissions_t(2026)
    growth = (1 + baseline.growth) ** 10
    assert under_baseline.baseline_emissions_t(2036) == pytest.approx(start * growth)
    # the policy path's grid is cleaner in 2040: only the electricity part falls
    assert under_policy.grid_index(2040) < 1.0
    assert under_policy.baseline_emissions_t(2040) < under_baseline.baseline_emissions_t(2040)


def test_shares_that_do_not_add_up_are_refused_naming_the_carrier(
    planning_world: PlanningWorld,
) -> None:
    plan, before = planning_world.plan, _entries()
    with pytest.raises(ValidationError) as refused:
        services.plan_set_shares(
            actor=planning_world.manager,
            plan=plan,
            shares={"purchased_electricity": {"motors_drives": 0.6, "hvac": 0.3}},
        )
    fields = refused.value.message_dict
    assert any("purchased_electricity" in field for field in fields), fields
    assert "purchased_electricity" in " ".join(sum(fields.values(), []))
    plan.refresh_from_db()
    assert plan.shares["purchased_electricity"] == {"motors_drives": 0.6, "hvac": 0.4}
    assert _entries() == before


def test_shares_that_drop_a_measures_end_use_are_refused(planning_world: PlanningWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.plan_set_shares(
            actor=planning_world.manager,
            plan=planning_world.plan,
            shares={"purchased_electricity": {"motors_drives": 1.0}},
        )
    assert "measures.hvac-ctl.end_use" in refused.value.message_dict


def test_own_measures_are_saved_edited_disabled_and_removed(
    planning_world: PlanningWorld,
) -> None:
    plan, manager = planning_world.plan, planning_world.manager
    services.measure_save(
        actor=manager, plan=plan, measure_id="vsd", saving_rate=0.25, capex_yuan=450_000
    )
    services.measure_save(actor=manager, plan=plan, measure_id="boiler", enabled=False)
    found = selectors.plan_input(plan)
    assert found.measure("vsd").saving_rate == 0.25
    assert found.measure("vsd").capex_yuan == 450_000
    assert "boiler" not in {m.id for m in found.measures}
    services.measure_remove(
        actor=manager, measure=PlanMeasure.objects.get(plan=plan, measure_id="hvac-ctl")
    )
    assert sorted(m.id for m in selectors.plan_input(plan).measures) == ["vsd"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"planning.plan.measure_save", "planning.plan.measure_remove"} <= actions


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"saving_rate": 1.5}, "saving_rate"),
        ({"lifetime_years": 0}, "lifetime_years"),
        ({"capex_yuan": -1}, "capex_yuan"),
        ({"end_use": "kilns"}, "end_use"),
        ({"earliest_year": 2070}, "earliest_year"),
    ],
)
def test_a_bad_measure_is_refused_naming_the_field(
    planning_world: PlanningWorld, fields: dict[str, object], field: str
) -> None:
    plan, before = planning_world.plan, _entries()
    values = {"end_use": "hvac", "saving_rate": 0.1, "capex_yuan": 1000,
              "annual_opex_change_yuan": 0, "lifetime_years": 10, **fields}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.measure_save(actor=planning_world.manager, plan=plan, measure_id="new", **values)
    assert field in refused.value.message_dict
    assert not PlanMeasure.objects.filter(plan=plan, measure_id="new").exists()
    assert _entries() == before


def test_a_prerequisite_cycle_is_refused_naming_the_measure(
    planning_world: PlanningWorld,
) -> None:
    plan, manager = planning_world.plan, planning_world.manager
    services.measure_save(actor=manager, plan=plan, measure_id="vsd", requires=["hvac-ctl"])
    with pytest.raises(ValidationError) as refused:
        services.measure_save(actor=manager, plan=plan, measure_id="hvac-ctl", requires=["vsd"])
    assert any(f.endswith(".requires") for f in refused.value.message_dict)
    assert PlanMeasure.objects.get(plan=plan, measure_id="hvac-ctl").requires == []


def test_a_measure_whose_prerequisite_is_disabled_is_left_out(
    planning_world: PlanningWorld,
) -> None:
    plan, manager = planning_world.plan, planning_world.manager
    services.measure_save(actor=manager, plan=plan, measure_id="vsd", requires=["hvac-ctl"])
    services.measure_save(actor=manager, plan=plan, measure_id="hvac-ctl", enabled=False)
    assert selectors.excluded_measures(plan) == {"vsd": "hvac-ctl"}
    assert [m.id for m in selectors.plan_input(plan).measures] == ["boiler"]


def test_a_catalogue_technology_is_sized_by_the_core(planning_world: PlanningWorld) -> None:
    from greenledger.web.planning.selectors.catalogue import technology

    plan = planning_world.plan
    ids = {t.id for t in selectors.candidate_technologies(plan)}
    assert "vsd_pumps_fans" in ids and "chiller_plant_optimisation" in ids
    tech = technology("vsd_pumps_fans")
    measure = services.measure_add_from_catalogue(
        actor=planning_world.manager, plan=plan, technology_id=tech.id, capacity=500, share=0.4
    )
    assert measure.measure_id == "vsd_pumps_fans" and measure.end_use == "motors_drives"
    assert measure.saving_rate == pytest.approx(tech.saving_rate * 0.4)  # type: ignore[operator]
    assert measure.capex_yuan == pytest.approx(tech.capex_yuan_per_unit * 500)
    assert measure.lifetime_years == tech.lifetime_years
    assert "vsd_pumps_fans" in {m.id for m in selectors.plan_input(plan).measures}
    again = services.measure_add_from_catalogue(
        actor=planning_world.manager, plan=plan, technology_id=tech.id, capacity=100
    )
    assert again.measure_id == "vsd_pumps_fans-2"


def test_a_catalogue_technology_is_refused_on_an_end_use_the_plan_lacks(
    planning_world: PlanningWorld,
) -> None:
    before = _entries()
    with pytest.raises(ValidationError) as refused:
        services.measure_add_from_catalogue(
            actor=planning_world.manager,
            plan=planning_world.plan,
            technology_id="led_retrofit",
            capacity=100,
        )
    assert "end_use" in refused.value.message_dict
    with pytest.raises(ValidationError) as over:
        services.measure_add_from_catalogue(
            actor=planning_world.manager,
            plan=planning_world.plan,
            technology_id="vsd_pumps_fans",
            capacity=100,
            share=0.9,
        )
    assert "share" in over.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        services.measure_add_from_catalogue(
            actor=planning_world.manager, plan=planning_world.plan, technology_id="nope",
            capacity=1,
        )  # fmt: skip
    assert "technology_id" in unknown.value.message_dict
    assert _entries() == before


def test_own_targets_caps_and_intensity(planning_world: PlanningWorld) -> None:
    plan = services.plan_update(
        actor=planning_world.manager,
        plan=planning_world.plan,
        targets=[
            {"year": 2030, "max_emissions_t": 5000},
            {"year": 2035, "max_intensity_t_per_wan_yuan": 0.05},
        ],
        budget_yuan=2_000_000,
        annual_budget_yuan=800_000,
        max_adoptions_per_year=2,
    )
    found = selectors.plan_input(plan)
    caps = {t.year: found.cap_t(t) for t in found.targets}
    assert caps == {2030: 5000, 2035: pytest.approx(0.05 * OUTPUT_WAN_YUAN)}
    assert (found.budget_yuan, found.annual_budget_yuan, found.max_adoptions_per_year) == (
        2_000_000,
        800_000,
        2,
    )
    assert [t["source"] for t in selectors.plan_targets(plan)] == ["own", "own"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"targets": [{"year": 2030}]}, "targets.1.max_emissions_t"),
        ({"targets": [{"year": 2030, "max_emissions_t": -5}]}, "targets.1.max_emissions_t"),
        ({"targets": [{"year": 2070, "max_emissions_t": 5}]}, "targets.1.year"),
        ({"start_year": 2040, "end_year": 2030}, "end_year"),
        ({"private_rate": 1.2}, "private_rate"),
        ({"target_source": "astrology"}, "target_source"),
        ({"max_adoptions_per_year": 0}, "max_adoptions_per_year"),
    ],
)
def test_bad_plan_fields_are_refused_naming_the_field(
    planning_world: PlanningWorld, fields: dict[str, object], field: str
) -> None:
    before = _entries()
    with pytest.raises(ValidationError) as refused:
        services.plan_update(actor=planning_world.manager, plan=planning_world.plan, **fields)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert Plan.objects.get(pk=planning_world.plan.pk).targets == []
    assert _entries() == before


def test_targets_from_the_district_intensity_target(planning_world: PlanningWorld) -> None:
    from greenledger.web.district.services.targets import target_set

    target_set(
        actor=planning_world.secretariat,
        scope="district",
        metric="co2_intensity",
        base_year=2025,
        target_year=2030,
        change=-0.17,
    )
    plan = services.plan_update(
        actor=planning_world.manager, plan=planning_world.plan, target_source="district"
    )
    targets = selectors.plan_targets(plan)
    assert [t["year"] for t in targets] == [2026, 2027, 2028, 2029, 2030]
    own = selectors.plan_input(plan).baseline_emissions_t(2026) / OUTPUT_WAN_YUAN
    assert targets[-1]["max_intensity_t_per_wan_yuan"] == pytest.approx(own * 0.83)
    assert targets[0]["max_intensity_t_per_wan_yuan"] == pytest.approx(own * 0.83 ** (1 / 5))
    assert all(t["source"] == "district" for t in targets)


def test_targets_from_the_enterprise_budget(planning_world: PlanningWorld) -> None:
    from django.utils import timezone

    from greenledger.web.district.models import BudgetPlan, EnterpriseBudget

    budget = BudgetPlan.objects.create(
        name="2025-2028预算", method="grandfathering", base_year=2025, first_year=2025,
        last_year=2028, created_at=timezone.now(),
    )  # fmt: skip
    for year, tonnes in ((2025, 7000.0), (2026, 6800.0), (2027, 6600.0), (2028, 6400.0)):
        EnterpriseBudget.objects.create(
            plan=budget, organisation=planning_world.enterprise, year=year, budget_t=tonnes
        )
    plan = services.plan_update(
        actor=planning_world.manager, plan=planning_world.plan, target_source="budget"
    )
    targets = selectors.plan_targets(plan)
    # 2025 lies before the plan's start (2026): left out
    assert [(t["year"], t["max_emissions_t"]) for t in targets] == [
        (2026, 6800.0), (2027, 6600.0), (2028, 6400.0)
    ]  # fmt: skip
    assert all(t["source"] == "budget" and "2025-2028预算" in t["origin"] for t in targets)
    found = selectors.plan_input(plan)
    assert [(t.year, t.max_emissions_t) for t in found.targets] == [
        (2026, 6800.0), (2027, 6600.0), (2028, 6400.0)
    ]  # fmt: skip


def test_no_district_target_resolves_to_no_targets_with_a_note(
    planning_world: PlanningWorld,
) -> None:
    plan = services.plan_update(
        actor=planning_world.manager, plan=planning_world.plan, target_source="budget"
    )
    targets, notes = selectors.resolved_targets(plan)
    assert targets == [] and len(notes) == 1


def test_only_the_enterprise_manager_writes(planning_world: PlanningWorld) -> None:
    users = planning_world.world.users
    for persona in ("enterprise_b", "secretariat", "evaluator", "analyst"):
        with pytest.raises(PermissionDenied):
            services.plan_update(actor=users[persona], plan=planning_world.plan, name="x")
        with pytest.raises(PermissionDenied):
            services.plan_create(
                actor=users[persona], organisation=planning_world.enterprise, name="x"
            )


def test_a_committed_plan_is_kept_and_copied(planning_world: PlanningWorld) -> None:
    Plan.objects.filter(pk=planning_world.plan.pk).update(status=PlanStatus.COMMITTED)
    plan = Plan.objects.get(pk=planning_world.plan.pk)
    with pytest.raises(ValidationError):
        services.plan_update(actor=planning_world.manager, plan=plan, name="changed")
    copy = services.plan_copy(actor=planning_world.manager, plan=plan)
    assert copy.pk != plan.pk and copy.status == PlanStatus.DRAFT
    assert copy.measures.count() == 3 and copy.scenarios.count() == 3
    assert copy.shares == plan.shares
    services.plan_update(actor=planning_world.manager, plan=copy, name="changed")


def test_refresh_takes_the_newer_verified_inventory(planning_world: PlanningWorld) -> None:
    plan, manager = planning_world.plan, planning_world.manager
    with pytest.raises(ValidationError):
        services.plan_refresh_baseline(actor=manager, plan=plan)
    newer = verified_inventory(planning_world.world, planning_world.tmp, 2026, scale=0.9)
    plan = services.plan_refresh_baseline(actor=manager, plan=plan)
    assert plan.submission_id == newer.pk and plan.inventory_year == 2026
    carriers = plan.baseline["carriers"]
    assert carriers["natural_gas"]["energy_tce"] == pytest.approx(0.9 * GAS_TCE)
    assert plan.shares["natural_gas"] == {"boilers_steam": 1.0}
    assert plan.start_year == 2026
    assert AuditEntry.objects.filter(action="planning.plan.refresh").count() == 1


def test_default_scenarios_are_named_in_the_users_language(
    planning_world: PlanningWorld, english: None
) -> None:
    plan = services.plan_create(
        actor=planning_world.manager, organisation=planning_world.enterprise, name="English"
    )
    names = dict(plan.scenarios.values_list("kind", "name"))
    assert names == {"baseline": "Baseline", "policy": "Policy", "stretch": "Stretch"}


def test_a_lost_lines_file_is_recomputed_before_the_baseline(
    planning_world: PlanningWorld,
) -> None:
    from pathlib import Path

    inventory = latest_inventory(planning_world.submission)
    assert inventory is not None
    lines = Path(inventory.lines_path)
    aside = planning_world.tmp / "aside.parquet"
    lines.rename(aside)
    try:
        plan = services.plan_create(
            actor=planning_world.manager, organisation=planning_world.enterprise, name="重算"
        )
    finally:  # the module's other tests share the stored file
        aside.replace(lines)
    assert plan.baseline["carriers"] == planning_world.plan.baseline["carriers"]


def test_no_plan_without_a_verified_inventory(planning_world: PlanningWorld) -> None:
    users = planning_world.world.users
    with pytest.raises(ValidationError):
        services.plan_create(
            actor=users["enterprise_b"], organisation=planning_world.world.company_b, name="乙"
        )


def test_scenarios_are_edited_and_added(planning_world: PlanningWorld) -> None:
    plan, manager = planning_world.plan, planning_world.manager
    policy = plan.scenarios.get(kind="policy")
    services.scenario_save(actor=manager, plan=plan, name=policy.name, carbon_price_yuan_per_t=150)
    policy.refresh_from_db()
    assert policy.carbon_price_yuan_per_t == 150 and policy.kind == "policy"
    custom = services.scenario_save(
        actor=manager, plan=plan, name="高碳价", growth=0.02, grid_path="flat",
        carbon_price_yuan_per_t=300, discount_rate=0.06,
    )  # fmt: skip
    assert custom.kind == "custom"
    assert selectors.plan_input(plan, custom).discount_rate == pytest.approx(0.06)
    with pytest.raises(ValidationError) as refused:
        services.scenario_save(
            actor=manager, plan=plan, name="坏", growth=0.02, grid_path="nowhere",
            discount_rate=1.5,
        )  # fmt: skip
    assert {"grid_path", "discount_rate"} <= set(refused.value.message_dict)
    assert not Scenario.objects.filter(plan=plan, name="坏").exists()
