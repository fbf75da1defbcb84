"""The heartbeat of a running import job, beaten from a thread while its process works on it.

A job whose heartbeat is older than ``GREENLEDGER_IMPORT_STALE_SECONDS`` counts as orphaned (its
process died) and any worker's sweep puts it back in the queue (``import_job_requeue_stale``);
the dead run's task result, which its worker can no longer close, is marked failed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection

from greenledger.web.reporting.models import ImportJob, ImportStatus
from greenledger.web.reporting.services._common import now

logger = logging.getLogger("greenledger.reporting")


class WorkerStopped(Exception):
    """The worker running an import stopped before the import ended (its heartbeat went stale)."""


def heartbeat_period() -> float:
    """Seconds between heartbeats of a running job: a quarter of the staleness limit."""
    return max(0.5, settings.GREENLEDGER_IMPORT_STALE_SECONDS / 4)


@contextmanager
def job_heartbeat(job: ImportJob) -> Iterator[None]:
    """Keep the job's heartbeat fresh from a thread while its process works on it.

    A long stage (reading a large file) then never looks like a dead process to the other
    workers' sweeps. The beat touches only this attempt's running row; while the storing
    transaction holds the row, the beat waits (the sweeps skip a held row).
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_period()):
                try:
                    ImportJob.objects.filter(
                        pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts
                    ).update(heartbeat_at=now())
                except DatabaseError as error:  # SQLite busy with the store: try next time
                    logger.debug("import job %s: heartbeat skipped (%s)", job.pk, error)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"import-job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)  # a beat waits at most for this process's own transaction


def orphaned_tasks_fail(job_id: int) -> int:
    """Mark the task results still 'running' the stale job as failed; how many there were."""
    from django_tasks_db.models import DBTaskResult

    from greenledger.web.reporting.tasks import run_import_job

    orphaned = [
        result
        for result in DBTaskResult.objects.running().filter(task_path=run_import_job.module_path)
        if result.args_kwargs.get("args") == [job_id]
    ]
    for result in orphaned:
        result.set_failed(
            WorkerStopped(
                f"the worker {', '.join(result.worker_ids) or '?'} stopped while running import "
                f"job {job_id} (its heartbeat went stale); the job was queued again"
            )
        )
    return len(orphaned)
