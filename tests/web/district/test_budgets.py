"""Carbon budgets worked out by hand: allocation over the key enterprises (grandfathering,
weighted mix, scaled to the cap), an enterprise lacking base-year data flagged, budgets over the
cap refused, and alerts raised and cleared as verified figures change.

Fixture (fact rows created directly): A and B are key energy-consuming units with verified
2020 emissions of 10,000 and 20,000 tCO2e; C is a key unit with no 2020 row; D is not a key unit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import (
    BudgetAlert,
    BudgetPlan,
    EnterpriseBudget,
    EnterpriseYearFact,
)
from greenledger.web.district.selectors.budgets import budget_overview, enterprise_budget
from greenledger.web.district.services.budgets import budget_alerts_check, budget_plan_create
from greenledger.web.members import services as member_services
from tests.web.conftest import World, organisation_values

pytestmark = pytest.mark.django_db


def fact(organisation: Any, year: int, co2: float, output: float | None, key: str = "key unit",
         basis: str = "verified") -> EnterpriseYearFact:  # fmt: skip
    found, _created = EnterpriseYearFact.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "basis": basis,
            "gbt32150_co2e_t": co2,
            "output_value_wan_yuan": output,
            "key_unit_status": key,
            "refreshed_at": timezone.now(),
        },
    )
    return found


@pytest.fixture
def district(world: World) -> World:
    d = member_services.organisation_create(
        actor=None, **organisation_values(5, name_zh="丁公司", name_en="Company D")
    )
    world.objects["company_d"] = d
    fact(world.company_a, 2020, 10_000, 4_000)
    fact(world.company_a, 2021, 9_500, 5_000)
    fact(world.company_a, 2022, 9_000, 5_500)
    fact(world.company_b, 2020, 20_000, 8_000)
    fact(world.company_b, 2021, 19_000, 8_000)
    fact(world.company_b, 2022, 18_000, 8_000)
    fact(world.company_c, 2021, 3_000, 1_000)  # a key unit without a 2020 row
    fact(d, 2020, 500, 300, key="not key")  # below the threshold: no budget
    return world


def staff(world: World) -> Any:
    return world.users["secretariat"]


def plan(world: World, **overrides: Any) -> BudgetPlan:
    values: dict[str, Any] = {
        "actor": staff(world),
        "name": "十五五碳排放双控试点",
        "method": "grandfathering",
        "base_year": 2020,
        "first_year": 2021,
        "last_year": 2022,
        "reduction_rate": 0.04,
    }
    values.update(overrides)
    return budget_plan_create(**values)


def budgets(created: BudgetPlan) -> dict[tuple[str, int], float]:
    return {
        (b.organisation.name_en, b.year): b.budget_t
        for b in EnterpriseBudget.objects.filter(plan=created).select_related("organisation")
    }


def test_grandfathered_budgets_by_hand_and_the_enterprise_lacking_base_year_data_is_flagged(
    district: World,
) -> None:
    created = plan(district, caps={"2021": 30_000, "2022": 28_000})
    # A: 10,000 x 0.96 = 9,600 (2021), x 0.96^2 = 9,216 (2022); B: 19,200 and 18,432
    assert budgets(created) == pytest.approx(
        {
            ("Company A", 2021): 9_600,
            ("Company A", 2022): 9_216,
            ("Company B", 2021): 19_200,
            ("Company B", 2022): 18_432,
        }  # fmt: skip
    )
    # gaps: 30,000 - 28,800 = 1,200; 28,000 - 27,648 = 352
    assert created.gaps == pytest.approx({"2021": 1_200, "2022": 352})
    assert [(e["organisation_id"], e["year"], e["code"]) for e in created.excluded] == [
        (district.company_c.pk, 2020, "budget.missing_base")
    ]
    assert "丙公司" in created.excluded[0]["reason"] and "2020" in created.excluded[0]["reason"]
    entry = AuditEntry.objects.filter(action="district.budget.plan_create").get()
    assert entry.after["budgets"] == 4


def test_weighted_mix_by_hand(district: World) -> None:
    created = plan(district, method="mixed", weight=0.5, benchmark={"2021": 1.5, "2022": 1.4})
    # A 2021: 0.5 x 9,600 + 0.5 x 1.5 x 5,000 = 4,800 + 3,750 = 8,550
    # A 2022: 0.5 x 9,216 + 0.5 x 1.4 x 5,500 = 4,608 + 3,850 = 8,458
    # B 2021: 0.5 x 19,200 + 0.5 x 1.5 x 8,000 = 9,600 + 6,000 = 15,600
    # B 2022: 0.5 x 18,432 + 0.5 x 1.4 x 8,000 = 9,216 + 5,600 = 14,816
    assert budgets(created) == pytest.approx(
        {
            ("Company A", 2021): 8_550,
            ("Company A", 2022): 8_458,
            ("Company B", 2021): 15_600,
            ("Company B", 2022): 14_816,
        }  # fmt: skip
    )
    # C has 2021 output but no 2022 output and no 2020 emissions: flagged for each
    codes = sorted((e["year"], e["code"]) for e in created.excluded)
    assert codes == [(2020, "budget.missing_base"), (2022, "budget.missing_output")]


def test_budgets_over_the_cap_are_refused_naming_the_year_or_scaled_to_it(
    district: World,
) -> None:
    with pytest.raises(ValidationError) as refused:
        plan(district, caps={"2021": 30_000, "2022": 27_000})
    # 2022: 9,216 + 18,432 = 27,648, 648 t above the cap
    (reason,) = refused.value.message_dict["caps"]
    assert "2022" in reason and "648" in reason and "27000" in reason
    assert not BudgetPlan.objects.exists()
    scaled = plan(district, caps={"2021": 30_000, "2022": 27_000}, scale_to_cap=True)
    # factors 30,000 / 28,800 and 27,000 / 27,648 = 0.9765625
    assert budgets(scaled) == pytest.approx(
        {
            ("Company A", 2021): 10_000,
            ("Company A", 2022): 9_000,
            ("Company B", 2021): 20_000,
            ("Company B", 2022): 18_000,
        }  # fmt: skip
    )
    assert scaled.gaps == pytest.approx({"2021": 0, "2022": 0})


def test_refusals_name_the_field_in_the_users_language(district: World) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        plan(district, first_year=2019, reduction_rate=1.5)
    errors = refused.value.message_dict
    assert set(errors) >= {"first_year", "reduction_rate"}
    assert "2019" in errors["first_year"][0] and "基准年" in errors["first_year"][0]
    with pytest.raises(ValidationError) as refused:
        plan(district, method="benchmark", benchmark={"2021": 1.5})
    assert "2022" in refused.value.message_dict["benchmark"][0]
    with pytest.raises(PermissionDenied):
        plan(district, actor=district.users["enterprise_a"])
    assert not AuditEntry.objects.filter(action__startswith="district.budget").exists()


def test_a_new_plan_replaces_the_active_one(district: World) -> None:
    first = plan(district)
    second = plan(district, reduction_rate=0.05)
    first.refresh_from_db()
    assert (first.active, second.active) == (False, True)


def test_alerts_are_raised_on_creation_and_when_verified_emissions_exceed_the_budget(
    district: World,
) -> None:
    created = plan(district, reduction_rate=0.06)
    # A 2021: budget 10,000 x 0.94 = 9,400 < verified 9,500: over by 100 at once
    # B 2021: 18,800 < 19,000: over; A 2022: 8,836 < 9,000; B 2022: 17,672 < 18,000
    alerts = BudgetAlert.objects.filter(plan=created, cleared_at__isnull=True)
    assert sorted((a.organisation.name_en, a.year, a.kind) for a in alerts) == [
        ("Company A", 2021, "over_budget"), ("Company A", 2022, "over_budget"),
        ("Company B", 2021, "over_budget"), ("Company B", 2022, "over_budget"),
    ]  # fmt: skip
    a_2021 = alerts.get(organisation=district.company_a, year=2021)
    assert (a_2021.limit_t, a_2021.verified_t) == pytest.approx((9_400, 9_500))
    # a corrected verified version of A 2021 at 9,300 clears the alert
    corrected = fact(district.company_a, 2021, 9_300, 5_000)
    assert budget_alerts_check(fact=corrected) == []
    a_2021.refresh_from_db()
    assert a_2021.cleared_at is not None
    assert AuditEntry.objects.filter(action="district.budget.alert_clear").count() == 1
    # and a later correction back above raises a new one
    again = fact(district.company_a, 2021, 9_401, 5_000)
    (raised,) = budget_alerts_check(fact=again)
    assert (raised.kind, raised.verified_t, raised.cleared_at) == ("over_budget", 9_401, None)


def test_a_scaled_budget_below_the_trajectory_raises_the_trajectory_alert_separately(
    district: World,
) -> None:
    created = plan(district, caps={"2021": 30_000, "2022": 27_000}, scale_to_cap=True)
    # A 2022: budget 9,000 (scaled), trajectory 9,216; verified 9,000: at the budget, not over
    assert not BudgetAlert.objects.filter(plan=created, organisation=district.company_a).exists()
    over_budget_only = budget_alerts_check(fact=fact(district.company_a, 2022, 9_100, 5_500))
    assert [a.kind for a in over_budget_only] == ["over_budget"]
    both = budget_alerts_check(fact=fact(district.company_a, 2022, 9_300, 5_500))
    assert sorted((a.kind, round(a.limit_t, 6)) for a in both) == [
        ("above_trajectory", 9_216), ("over_budget", 9_000)]  # fmt: skip
    # estimated rows are never held against a budget
    assert budget_alerts_check(fact=fact(district.company_a, 2022, 99_999, 5_500,
                                         basis="estimated")) == []  # fmt: skip


def test_overview_and_enterprise_view(district: World) -> None:
    plan(district, reduction_rate=0.06, caps={"2021": 30_000, "2022": 30_000})
    overview = budget_overview(year=2021)
    assert overview is not None
    # budgets 9,400 + 18,800 = 28,200; verified 9,500 + 19,000 = 28,500; gap 1,800
    assert overview.budget_total_t == pytest.approx(28_200)
    assert overview.verified_total_t == pytest.approx(28_500)
    assert overview.gap_t == pytest.approx(1_800)
    assert [r["organisation"].name_en for r in overview.over] == ["Company B", "Company A"]
    view = enterprise_budget(district.company_a)
    assert [(r["year"], round(r["budget_t"], 6), r["verified_t"]) for r in view.rows] == [
        (2021, 9_400, 9_500), (2022, 8_836, 9_000)]  # fmt: skip
    assert enterprise_budget(district.company_c).excluded["year"] == 2020
