"""A running import's heartbeat: beaten from a thread while the job works, for that attempt only.

Other workers re-queue a running job whose heartbeat is older than
GREENLEDGER_IMPORT_STALE_SECONDS, so a long stage must keep beating, and a beat must stop with
the job. The rows are committed (a transactional test) because the beat has its own connection.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.reporting import services
from greenledger.web.reporting.models import ImportJob, ImportStatus
from greenledger.web.reporting.services.heartbeat import heartbeat_period, job_heartbeat
from tests.web.conftest import World
from tests.web.reporting.conftest import draft, monthly_rows, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def running_job(world: World, tmp_path: Path, attempts: int = 1) -> ImportJob:
    job = services.import_job_create(
        actor=world.users["enterprise_a"],
        submission=draft(world),
        upload=write_csv(tmp_path / "d.csv", monthly_rows()),
        filename="d.csv",
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, attempts=attempts, heartbeat_at=LONG_AGO
    )
    job.refresh_from_db()
    return job


def heartbeat(job: ImportJob) -> dt.datetime:
    return ImportJob.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk)


def test_a_running_job_beats_while_it_works_and_stops_with_it(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.GREENLEDGER_IMPORT_STALE_SECONDS = 2
    assert heartbeat_period() == 0.5
    job = running_job(world, tmp_path)
    with job_heartbeat(job):
        deadline = time.monotonic() + 10
        while heartbeat(job) == LONG_AGO and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heartbeat(job) > LONG_AGO, "no beat within 10 s"
        assert services.import_job_requeue_stale() == []  # beating: not stale (older: see
        # test_imports.test_a_stale_running_job_is_requeued_and_can_run_again)
    last = heartbeat(job)
    time.sleep(3 * heartbeat_period())
    assert heartbeat(job) == last, "the beat went on after the job"


def test_the_beat_of_a_superseded_attempt_changes_nothing(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.GREENLEDGER_IMPORT_STALE_SECONDS = 2
    job = running_job(world, tmp_path, attempts=1)
    ImportJob.objects.filter(pk=job.pk).update(attempts=2)  # re-queued and claimed elsewhere
    with job_heartbeat(job):
        time.sleep(3 * heartbeat_period())
    assert heartbeat(job) == LONG_AGO
