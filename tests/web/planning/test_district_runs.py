"""The district pathway job: started by the secretariat on a base year's verified facts, capped by
caps or a district target's trajectory, priced over a carbon-price sweep, selected at least cost;
progress committed, failure recorded, stale runs queued again; the result checked against the
core run directly on the same plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.core.planning.catalogue import applicable, load_catalogue
from greenledger.core.planning.costs import macc
from greenledger.core.planning.district import district_selection, price_sweep
from greenledger.core.planning.district_plans import enterprise_plan, load_sizing
from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import (
    CarrierFact,
    DistrictTarget,
    EnterpriseYearFact,
    FactBasis,
    TargetMetric,
    TargetScope,
    TrajectoryMethod,
)
from greenledger.web.members import services as members
from greenledger.web.planning.models import DistrictRun, JobStatus
from greenledger.web.planning.selectors import district_runs as selectors
from greenledger.web.planning.services import district_runs as services
from tests.web.conftest import World, organisation_values

pytestmark = pytest.mark.django_db

YEAR = 2025
# organisation number -> (industry, in the park?, {activity: (tce, tCO2e)}, process t, output)
ENTERPRISES: dict[int, tuple[str, bool, dict[str, tuple[float, float]], float, float]] = {
    901: ("C3011", True, {"purchased_electricity": (4000.0, 19000.0), "raw_coal": (6000.0, 15900.0)}, 30000.0, 80000.0),  # noqa: E501
    902: ("C2614", True, {"purchased_electricity": (3000.0, 14000.0), "natural_gas": (5000.0, 10800.0), "purchased_heat": (1000.0, 3400.0)}, 0.0, 60000.0),  # noqa: E501
    903: ("C3825", False, {"purchased_electricity": (800.0, 3700.0), "natural_gas": (200.0, 430.0), "diesel_mobile": (20.0, 60.0)}, 0.0, 20000.0),  # noqa: E501
}  # fmt: skip
PRICES = [0.0, 100.0, 300.0, 1000.0]


@pytest.fixture(autouse=True)
def _tasks(settings: Any, english: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def facts(world: World) -> dict[int, Any]:
    organisations = {}
    for number, (industry, in_park, carriers, process, output) in ENTERPRISES.items():
        organisation = members.organisation_create(
            actor=None, **organisation_values(number, industry_code=industry)
        )
        energy_t = sum(t for _, t in carriers.values())
        fact = EnterpriseYearFact.objects.create(
            organisation=organisation,
            year=YEAR,
            basis=FactBasis.VERIFIED,
            park=world.park if in_park else None,
            industry_code=industry,
            industry_section=industry[0],
            output_value_wan_yuan=output,
            energy_tce=sum(e for e, _ in carriers.values()),
            energy_co2e_t=energy_t,
            non_energy_co2e_t=process,
            gbt32150_co2e_t=energy_t + process,
            refreshed_at=timezone.now(),
        )
        for carrier, (tce, t) in carriers.items():
            CarrierFact.objects.create(fact=fact, carrier=carrier, energy_tce=tce, energy_co2e_t=t)
        organisations[number] = organisation
    return organisations


@pytest.fixture
def start(django_capture_on_commit_callbacks: Any) -> Any:
    """district_run_start whose task runs when the transaction commits (immediate backend)."""

    def run(**kwargs: Any) -> DistrictRun:
        with django_capture_on_commit_callbacks(execute=True):
            return services.district_run_start(**kwargs)

    return run


def core_plans(start: int = YEAR + 1, end: int = 2060) -> dict[str, Any]:
    """The same plans built by hand from ENTERPRISES with the core (the service's defaults)."""
    catalogue, sizing = load_catalogue(), load_sizing()

    class Row:
        def __init__(self, carrier: str, tce: float, t: float) -> None:
            self.carrier, self.energy_tce, self.emissions_t = carrier, tce, t
            self.electricity = carrier == "purchased_electricity"

    plans = {}
    for number, (industry, _in_park, carriers, process, output) in ENTERPRISES.items():
        plans[number] = enterprise_plan(
            [Row(c, e, t) for c, (e, t) in sorted(carriers.items())],
            applicable(catalogue, industry),
            sizing=sizing,
            start_year=start,
            end_year=end,
            discount_rate=services.DEFAULT_DISCOUNT_RATE,
            non_energy_emissions_t=process,
            output_wan_yuan=output,
            energy_price_yuan_per_tce=services.DEFAULT_ENERGY_PRICE,
        )
    return plans


def baseline_total(year: int) -> float:
    # no growth: every year's baseline is the base year's emissions
    return sum(sum(t for _, t in c.values()) + p for _i, _k, c, p, _o in ENTERPRISES.values())


def test_a_run_with_caps_matches_the_core_on_the_same_plans(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    caps = {"2030": 0.97 * baseline_total(2030), "2035": 0.93 * baseline_total(2035)}
    run = start(actor=world.users["secretariat"], base_year=YEAR, caps=caps, prices=PRICES)
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    assert (run.progress, run.enterprises_total, run.enterprises_done) == (100, 3, 3)
    assert (run.start_year, run.end_year) == (2026, 2060)
    result = run.result
    # the core by hand on the same plans
    plans = core_plans()
    options = {str(facts[n].pk): price_sweep(p, PRICES) for n, p in plans.items()}
    expected = district_selection(options, {int(y): v for y, v in caps.items()})
    assert result["status"] == expected.status == "optimal"
    assert result["cost_yuan"] == pytest.approx(expected.cost_yuan)
    for year, cap in caps.items():
        assert result["emissions_t"][year] <= cap + 1e-6
        assert result["emissions_t"][year] == pytest.approx(expected.emissions_t[int(year)])
        assert result["shortfall_t"][year] == 0.0
    assert result["baseline_by_year_t"]["2030"] == pytest.approx(baseline_total(2030))
    assert sum(e["cost_yuan"] for e in result["enterprises"]) == pytest.approx(result["cost_yuan"])
    assert len(result["macc"]) == sum(len(macc(p)) for p in plans.values())
    entry = AuditEntry.objects.filter(action="planning.district_run.start").get()
    assert entry.object_id == str(run.pk)
    assert AuditEntry.objects.filter(action="planning.district_run.succeed").count() == 1


def test_the_district_macc_merges_the_enterprises_steps_in_cost_order(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    run = start(actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1e9}, prices=[0.0])
    run.refresh_from_db()
    curve = selectors.district_macc(run)
    plans = core_plans()
    steps = [s for p in plans.values() for s in macc(p)]
    assert len(curve) == len(steps)
    costs = [c["cost_per_t"] for c in curve if c["cost_per_t"] is not None]
    assert costs == sorted(costs)
    assert curve[-1]["cumulative_abatement_t"] == pytest.approx(
        sum(s.annual_abatement_t for s in steps), rel=1e-6
    )
    park = selectors.district_macc(run, park_id=world.park.pk)
    park_plans = [p for n, p in plans.items() if ENTERPRISES[n][1]]
    assert len(park) == sum(len(macc(p)) for p in park_plans)
    # loose caps: every enterprise takes its cheapest option (no carbon price needed)
    assert run.result["status"] == "optimal"
    assert all(v == 0.0 for v in run.result["shadow_price_yuan_per_t"].values())


def test_unreachable_caps_give_the_shortfall_and_a_shadow_price(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    run = start(
        actor=world.users["secretariat"],
        base_year=YEAR,
        caps={"2030": 0.5 * baseline_total(2030)},
        prices=PRICES,
    )
    run.refresh_from_db()
    result = run.result
    assert run.status == JobStatus.SUCCEEDED
    assert result["status"] == "infeasible"
    short = result["shortfall_t"]["2030"]
    assert short > 0
    assert result["emissions_t"]["2030"] == pytest.approx(0.5 * baseline_total(2030) + short)


def test_a_target_trajectory_sets_the_caps(world: World, facts: dict[int, Any], start: Any) -> None:
    target = DistrictTarget.objects.create(
        scope=TargetScope.DISTRICT,
        metric=TargetMetric.TOTAL_CO2,
        base_year=YEAR,
        target_year=2030,
        change=-0.05,
        method=TrajectoryMethod.LINEAR,
        set_by=world.users["secretariat"],
        set_at=timezone.now(),
    )
    run = start(actor=world.users["secretariat"], base_year=YEAR, target=target, prices=PRICES)
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    caps = run.result["caps_t"]
    assert list(caps) == ["2026", "2027", "2028", "2029", "2030"]
    base = baseline_total(YEAR)
    # linear from the base year's actual to -5 % in 2030
    assert caps["2026"] == pytest.approx(base * (1 - 0.01))
    assert caps["2030"] == pytest.approx(base * 0.95)
    assert all(run.result["emissions_t"][y] <= caps[y] + 1e-6 for y in caps)


def test_a_park_target_covers_the_park_enterprises_only(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    target = DistrictTarget.objects.create(
        scope=TargetScope.PARK,
        park=world.park,
        metric=TargetMetric.TOTAL_CO2,
        base_year=YEAR,
        target_year=2030,
        change=-0.02,
        method=TrajectoryMethod.LINEAR,
        set_by=world.users["secretariat"],
        set_at=timezone.now(),
    )
    run = start(
        actor=world.users["secretariat"], base_year=YEAR, target=target, prices=[0.0, 500.0]
    )
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    assert {e["organisation_id"] for e in run.result["enterprises"]} == {
        facts[901].pk,
        facts[902].pk,
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"base_year": 2019, "caps": {"2030": 1.0}}, "base_year"),
        ({"base_year": YEAR}, "target"),
        ({"base_year": YEAR, "caps": {"2025": 1.0}}, "caps"),
        ({"base_year": YEAR, "caps": {"2030": -1.0}}, "caps"),
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "prices": [-5.0]}, "prices"),
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "prices": []}, "prices"),
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "end_year": 2026}, "end_year"),
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "discount_rate": 0.9}, "discount_rate"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(
    world: World, facts: dict[int, Any], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.district_run_start(actor=world.users["secretariat"], **kwargs)
    assert field in caught.value.message_dict
    assert not DistrictRun.objects.exists()


def test_an_energy_intensity_target_is_refused(world: World, facts: dict[int, Any]) -> None:
    target = DistrictTarget.objects.create(
        scope=TargetScope.DISTRICT,
        metric=TargetMetric.ENERGY_INTENSITY,
        base_year=YEAR,
        target_year=2030,
        change=-0.1,
        set_by=world.users["secretariat"],
        set_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as caught:
        services.district_run_start(actor=world.users["secretariat"], base_year=YEAR, target=target)
    assert "target" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["enterprise_a", "evaluator", "analyst", "public"])
def test_only_the_registry_staff_start_a_run(
    world: World, facts: dict[int, Any], persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.district_run_start(actor=world.users[persona], base_year=YEAR, caps={"2030": 1})


def test_a_failure_is_recorded_with_its_reason(
    world: World, facts: dict[int, Any], monkeypatch: pytest.MonkeyPatch, start: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(services, "district_selection", broken)
    run = start(actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1.0}, prices=[0.0])
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED
    assert run.error == "RuntimeError: solver exploded"
    assert run.result == {}
    assert run.enterprises_done == 3  # the pricing's progress was committed before the failure
    assert AuditEntry.objects.filter(action="planning.district_run.fail").count() == 1


def test_a_stale_run_is_queued_again_and_finishes(
    world: World, facts: dict[int, Any], django_capture_on_commit_callbacks: Any
) -> None:
    run = DistrictRun.objects.create(
        base_year=YEAR,
        start_year=YEAR + 1,
        end_year=2060,
        parameters={
            "prices": [0.0],
            "discount_rate": 0.08,
            "growth": 0.0,
            "energy_price_yuan_per_tce": 2000.0,
            "caps": {"2030": 1e9},
        },
        status=JobStatus.RUNNING,
        progress=40,
        created_by=world.users["secretariat"],
        created_at=timezone.now(),
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    fresh = DistrictRun.objects.create(
        base_year=YEAR,
        start_year=YEAR + 1,
        end_year=2060,
        parameters=run.parameters,
        status=JobStatus.RUNNING,
        created_by=world.users["secretariat"],
        created_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.district_run_requeue_stale() == [run.pk]
    run.refresh_from_db()
    fresh.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED  # the immediate backend ran it again
    assert fresh.status == JobStatus.RUNNING


def test_a_run_twice_claimed_runs_once(world: World, facts: dict[int, Any], start: Any) -> None:
    run = start(actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1e9}, prices=[0.0])
    assert services.district_run_execute(run.pk) == JobStatus.SUCCEEDED
    assert AuditEntry.objects.filter(action="planning.district_run.succeed").count() == 1


def test_two_processes_price_alike(world: World, facts: dict[int, Any]) -> None:
    caps = {"2030": 0.97 * baseline_total(2030)}
    one = DistrictRun.objects.create(
        base_year=YEAR,
        start_year=YEAR + 1,
        end_year=2060,
        parameters={
            "prices": PRICES,
            "discount_rate": 0.08,
            "growth": 0.0,
            "energy_price_yuan_per_tce": 2000.0,
            "caps": caps,
        },
        created_by=world.users["secretariat"],
        created_at=timezone.now(),
    )
    two = DistrictRun.objects.create(
        base_year=one.base_year,
        start_year=one.start_year,
        end_year=one.end_year,
        parameters=one.parameters,
        created_by=one.created_by,
        created_at=timezone.now(),
    )
    services.district_run_execute(one.pk, workers=1)
    services.district_run_execute(two.pk, workers=2)
    one.refresh_from_db()
    two.refresh_from_db()
    assert two.result["workers"] == 2
    assert one.result["enterprises"] == two.result["enterprises"]
    assert one.result["cost_yuan"] == two.result["cost_yuan"]
