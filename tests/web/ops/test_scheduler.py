"""The worker's schedule: each (job, day) runs once, whatever the number of ticks or workers;
days missed while no worker ran are caught up in order; a failed day rolls back and is retried."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from greenledger.cli import main
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members import services
from greenledger.web.members.models import Designation, DesignationStatus
from greenledger.web.ops import scheduler
from greenledger.web.ops.jobs import JOBS
from greenledger.web.ops.models import ScheduledRun
from tests.web.conftest import organisation_values

JOB_NAMES = ["certificates.expire", "designations.expire", "certificates.remind"]
D = dt.date(2027, 3, 10)


@pytest.fixture(autouse=True)
def _the_registry_jobs(settings: Any) -> None:
    """These tests follow the three registry jobs; the membership jobs (renewals) are tested in
    tests/web/alliance/test_renewals*.py."""
    settings.GREENLEDGER_SCHEDULE = {
        job: at for job, at in settings.GREENLEDGER_SCHEDULE.items() if job in JOB_NAMES
    }


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def designation_valid_through(last_day: dt.date, number: int = 1) -> Designation:
    organisation = services.organisation_create(actor=None, **organisation_values(number))
    return services.designation_create(
        actor=None, organisation=organisation, type="green_supply_chain", level="district",
        year=2024, issuing_body="东江新区管理委员会", valid_from=dt.date(2024, 3, 1),
        valid_until=last_day,
    )  # fmt: skip


def runs() -> list[tuple[str, dt.date]]:
    return list(ScheduledRun.objects.order_by("job", "day").values_list("job", "day"))


@pytest.mark.django_db
def test_the_first_tick_runs_only_the_latest_due_day_of_each_job(clock: Any) -> None:
    clock.set(f"{D} 09:00")
    outcomes = scheduler.tick()
    assert [(o.job, o.day, o.status) for o in outcomes] == [(j, D, "ran") for j in JOB_NAMES]
    assert ScheduledRun.objects.filter(host=scheduler.worker_name()).count() == 3


@pytest.mark.django_db
def test_a_job_is_due_from_its_time_of_day(clock: Any) -> None:
    clock.set(f"{D} 07:59")  # expiries are due from 00:05, reminders from 08:00
    assert [(o.job, o.day) for o in scheduler.tick()] == [
        ("certificates.expire", D),
        ("designations.expire", D),
        ("certificates.remind", day(-1)),
    ]
    clock.set(f"{D} 08:00")
    assert [(o.job, o.day) for o in scheduler.tick()] == [("certificates.remind", D)]


@pytest.mark.django_db
def test_a_worker_down_for_three_days_catches_up_each_missed_day_once_in_order(
    clock: Any,
) -> None:
    designation = designation_valid_through(day(2))
    clock.set(f"{D} 09:00")
    scheduler.tick()
    # The worker is down on days 1, 2 and 3 and comes back on day 4.
    clock.set(f"{day(4)} 09:00")
    outcomes = scheduler.tick()
    expected_days = [day(1), day(2), day(3), day(4)]
    for job in JOB_NAMES:
        assert [o.day for o in outcomes if o.job == job] == expected_days
    assert all(o.status == "ran" for o in outcomes)
    expiries = {o.day: o.summary["expired"] for o in outcomes if o.job == "designations.expire"}
    # Valid through day 2: the run for day 3 expires it, as a worker up on day 3 would have.
    assert expiries == {day(1): [], day(2): [], day(3): [designation.pk], day(4): []}
    [entry] = AuditEntry.objects.filter(action="designation_expire")
    assert entry.after["expired_as_of"] == day(3).isoformat()
    assert entry.actor_username == "system:scheduler"
    assert runs() == sorted((job, d) for job in JOB_NAMES for d in [D, *expected_days])


@pytest.mark.django_db
def test_ticking_again_does_nothing_new(clock: Any) -> None:
    designation_valid_through(day(-1))
    clock.set(f"{D} 09:00")
    assert len(scheduler.tick()) == 3
    before = (runs(), AuditEntry.objects.count())
    clock.set(f"{D} 23:59")
    assert scheduler.tick() == []
    assert scheduler.tick() == []
    assert (runs(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_catching_up_goes_back_at_most_the_configured_number_of_days(
    clock: Any, settings: Any
) -> None:
    settings.GREENLEDGER_SCHEDULE = {"designations.expire": "00:05"}
    settings.GREENLEDGER_SCHEDULE_CATCH_UP_DAYS = 2
    clock.set(f"{D} 09:00")
    scheduler.tick()
    clock.set(f"{day(10)} 09:00")
    assert [o.day for o in scheduler.tick()] == [day(9), day(10)]


@pytest.mark.django_db
def test_a_day_another_worker_claimed_is_not_run_again() -> None:
    called: list[dt.date] = []
    job = scheduler.Job("designations.expire", dt.time(0, 5), lambda d: called.append(d) or {})
    ScheduledRun.objects.create(
        job=job.name, day=D, host="other-host:1", started_at=dt.datetime.now(dt.UTC)
    )
    outcome = scheduler.run_once(job, D, host="this-host:2")
    assert (outcome.status, called) == ("taken", [])
    assert ScheduledRun.objects.get(job=job.name, day=D).host == "other-host:1"


@pytest.mark.django_db
def test_a_failing_day_rolls_back_with_its_claim_and_the_next_tick_runs_it(
    clock: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GREENLEDGER_SCHEDULE = {"designations.expire": "00:05"}
    original = JOBS["designations.expire"]
    designation = designation_valid_through(day(0))
    clock.set(f"{D} 09:00")
    scheduler.tick()

    def expire_then_fail(run_day: dt.date) -> dict[str, Any]:
        services.designations_expire_due(today=run_day)
        raise RuntimeError("mail server away")

    monkeypatch.setitem(JOBS, "designations.expire", expire_then_fail)
    clock.set(f"{day(2)} 09:00")
    [failed] = scheduler.tick()  # day 1 fails; day 2 waits behind it
    assert (failed.day, failed.status) == (day(1), "failed")
    assert "mail server away" in failed.error
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.ACTIVE  # rolled back with the claim
    assert runs() == [("designations.expire", D)]
    assert not AuditEntry.objects.filter(action="designation_expire").exists()

    monkeypatch.setitem(JOBS, "designations.expire", original)  # the mail server is back
    assert [(o.day, o.status) for o in scheduler.tick()] == [(day(1), "ran"), (day(2), "ran")]
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.EXPIRED


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ({"designations.purge": "00:05"}, "unknown job 'designations.purge'"),
        ({"designations.expire": "25:00"}, "'25:00' is not a time of day"),
        ({"designations.expire": 5}, "5 is not a time of day"),
    ],
)
def test_a_wrong_schedule_is_a_configuration_error(
    settings: Any, schedule: dict[str, Any], problem: str
) -> None:
    settings.GREENLEDGER_SCHEDULE = schedule
    with pytest.raises(ImproperlyConfigured, match=problem):
        scheduler.configured_jobs()


@pytest.mark.django_db
def test_the_schedule_commands_run_what_is_due_and_say_where_each_job_stands(
    clock: Any,
) -> None:
    designation = designation_valid_through(day(0))
    clock.set(f"{day(1)} 12:00")
    runner = CliRunner()
    result = runner.invoke(main, ["schedule", "run-due", "--today", day(1).isoformat()])
    assert result.exit_code == 0, result.output
    assert f"designations.expire {day(1)}: ran 1 expired" in result.output
    assert Designation.objects.get(pk=designation.pk).status == DesignationStatus.EXPIRED
    again = runner.invoke(main, ["schedule", "run-due"])
    assert "Nothing due" in again.output
    future = runner.invoke(main, ["schedule", "run-due", "--today", day(2).isoformat()])
    assert future.exit_code == 2 and "a day in the future cannot be run" in future.output
    status = runner.invoke(main, ["schedule", "status"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("designations.expire") and "daily at 00:05" in lines[1]
    assert f"last day run: {day(1)}" in lines[1] and f"next due: {day(2)} 00:05" in lines[1]
    assert f"next due: {day(2)} 08:00" in lines[2]


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_run_each_day_once(
    clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (the SQLite test database is in memory)")
    designations = [designation_valid_through(day(n), number=n + 1) for n in range(3)]
    clock.set(f"{D} 09:00")
    scheduler.tick()  # the last run before the workers went down
    clock.set(f"{day(5)} 09:00")

    # Two workers' schedule loops (as `greenledger worker` runs it), started together, each
    # with its own database connection; every tick's outcomes are recorded by thread.
    real_tick = scheduler.tick
    outcomes: dict[str, list[scheduler.Outcome]] = {"worker-0": [], "worker-1": []}

    def recording_tick(**kwargs: Any) -> list[scheduler.Outcome]:
        found = real_tick(**kwargs)
        outcomes[threading.current_thread().name].extend(found)
        ticks[threading.current_thread().name] += 1
        return found

    ticks = dict.fromkeys(outcomes, 0)
    monkeypatch.setattr(scheduler, "tick", recording_tick)
    start, stop = threading.Barrier(2), threading.Event()

    def worker() -> None:
        start.wait()
        try:
            scheduler.tick_forever(stop, seconds=0.01)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, name=name) for name in outcomes]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while min(ticks.values()) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert min(ticks.values()) >= 5, ticks

    every = [o for found in outcomes.values() for o in found]
    assert not [o for o in every if o.status == "failed"]
    due = [(job, day(n)) for job in JOB_NAMES for n in range(1, 6)]
    assert sorted((o.job, o.day) for o in every if o.status == "ran") == sorted(due)
    assert runs() == sorted([(job, D) for job in JOB_NAMES] + due)
    expired = AuditEntry.objects.filter(action="designation_expire")
    assert sorted(int(e.object_id) for e in expired) == sorted(d.pk for d in designations)
