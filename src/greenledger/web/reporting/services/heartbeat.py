"""The heartbeat of a running import job, beaten from a thread while its process works on it.

A job whose heartbeat is older than ``GREENLEDGER_IMPORT_STALE_SECONDS`` counts as orphaned (its
process died) and any worker's sweep puts it back in the queue (``import_job_requeue_stale``).
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
