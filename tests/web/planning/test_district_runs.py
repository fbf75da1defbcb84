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

from greenledger.core.planning.costs import macc
from greenledger.core.planning.district import district_selection, price_sweep
from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import (
    DistrictTarget,
    TargetMetric,
    TargetScope,
    TrajectoryMethod,
)
from greenledger.web.planning.models import DistrictRun, JobStatus
from greenledger.web.planning.selectors import district_runs as selectors
from greenledger.web.planning.services import district_runs as services
from tests.web.conftest import World
from tests.web.planning.district_support import (
    ENTERPRISES,
    YEAR,
    add_district_facts,
    baseline_total,
    core_plans,
)

pytestmark = pytest.mark.django_db

PRICES = [0.0, 100.0, 300.0, 1000.0]


@pytest.fixture(autouse=True)
def _tasks(settings: Any, english: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def facts(world: World) -> dict[int, Any]:
    return add_district_facts(world)


@pytest.fixture
def start(django_capture_on_commit_callbacks: Any) -> Any:
    """district_run_start whose task runs when the transaction commits (immediate backend)."""

    def run(**kwargs: Any) -> DistrictRun:
        with django_capture_on_commit_callbacks(execute=True):
            return services.district_run_start(**kwargs)

    return run


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
        ({"base_year": YEAR, "caps": {"2030": 1.0}, "grid_path": "moon"}, "grid_path"),
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


def test_a_grid_path_scales_the_electricity_emissions(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    from greenledger.core.planning.scenarios import grid_index, load_grid_paths

    run = start(
        actor=world.users["secretariat"],
        base_year=YEAR,
        caps={"2030": 1e9},
        prices=[0.0],
        grid_path="national_decline",
    )
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    assert run.parameters["grid_path"] == "national_decline"
    index = grid_index(load_grid_paths()["national_decline"], YEAR + 1)
    assert index  # the path falls after the start year
    plans = core_plans(grid=index)
    for year in ("2026", "2035", "2050"):
        expected = sum(p.baseline_emissions_t(int(year)) for p in plans.values())
        assert run.result["baseline_by_year_t"][year] == pytest.approx(expected)
    electricity = sum(c["purchased_electricity"][1] for _i, _k, c, _p, _o in ENTERPRISES.values())
    grid_2050 = dict(index) if 2050 in dict(index) else None
    flat_2050 = baseline_total(2050)
    assert run.result["baseline_by_year_t"]["2050"] < flat_2050
    if grid_2050 is not None:
        assert run.result["baseline_by_year_t"]["2050"] == pytest.approx(
            flat_2050 - electricity * (1.0 - grid_2050[2050])
        )


def test_a_target_without_a_year_in_the_plan_is_refused_at_the_start(
    world: World, facts: dict[int, Any]
) -> None:
    target = DistrictTarget.objects.create(
        scope=TargetScope.DISTRICT,
        metric=TargetMetric.TOTAL_CO2,
        base_year=2020,
        target_year=2025,
        change=-0.1,
        method=TrajectoryMethod.LINEAR,
        set_by=world.users["secretariat"],
        set_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as caught:
        services.district_run_start(actor=world.users["secretariat"], base_year=YEAR, target=target)
    assert "target" in caught.value.message_dict
    assert not DistrictRun.objects.exists()


def test_an_intensity_target_caps_by_the_output_value(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    output = sum(o for *_r, o in ENTERPRISES.values())
    base = baseline_total(YEAR)
    target = DistrictTarget.objects.create(
        scope=TargetScope.DISTRICT,
        metric=TargetMetric.CO2_INTENSITY,
        base_year=YEAR,
        target_year=2030,
        change=-0.05,
        method=TrajectoryMethod.LINEAR,
        set_by=world.users["secretariat"],
        set_at=timezone.now(),
    )
    run = start(
        actor=world.users["secretariat"],
        base_year=YEAR,
        target=target,
        prices=[0.0, 500.0],
        growth=0.02,
    )
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error
    caps = run.result["caps_t"]
    # intensity (base / output) x 0.95 in 2030, times the output grown 2 % a year from 2026
    assert caps["2030"] == pytest.approx(base / output * 0.95 * output * 1.02**4)


def test_the_social_view_costs_the_curves_at_the_social_rate(
    world: World, facts: dict[int, Any], start: Any
) -> None:
    plain = start(actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1e9}, prices=[0])
    plain.refresh_from_db()
    assert plain.parameters["social_rate"] == plain.parameters["discount_rate"]
    assert not selectors.has_social_view(plain)
    assert selectors.district_macc(plain, social=True) == selectors.district_macc(plain)
    run = start(
        actor=world.users["secretariat"],
        base_year=YEAR,
        caps={"2030": 1e9},
        prices=[0],
        social_rate=0.03,
    )
    run.refresh_from_db()
    assert selectors.has_social_view(run)
    social = selectors.district_macc(run, social=True)
    private = selectors.district_macc(run)
    plans = core_plans()
    steps = [s for p in plans.values() for s in macc(p, rate=0.03)]
    assert len(social) == len(steps)
    assert sorted(s["cost_per_t"] for s in social if s["cost_per_t"] is not None) == (
        pytest.approx(sorted(s.cost_per_t for s in steps if s.cost_per_t is not None), abs=1e-3)
    )
    # a lower rate makes capital cheaper: the curve's total cost per tonne falls
    assert sum(s["cost_per_t"] * s["annual_abatement_t"] for s in social) < sum(
        s["cost_per_t"] * s["annual_abatement_t"] for s in private
    )
    with pytest.raises(ValidationError) as caught:
        services.district_run_start(
            actor=world.users["secretariat"], base_year=YEAR, caps={"2030": 1}, social_rate=2.0
        )
    assert "social_rate" in caught.value.message_dict
