"""The worker's daily schedule: which (job, day) pairs are due, claiming and running each once.

See the package docstring for the design. ``tick`` is what the worker calls every
``GREENLEDGER_SCHEDULE_TICK_SECONDS``; ``greenledger schedule run-due`` calls it once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Max
from django.utils import timezone

from greenledger.web.ops.jobs import JOBS
from greenledger.web.ops.models import ScheduledRun

logger = logging.getLogger("greenledger.schedule")


@dataclass(frozen=True)
class Job:
    name: str
    at: dt.time  # local time of day (TIME_ZONE) from which the day's run is due
    run: Callable[[dt.date], dict[str, Any]]


@dataclass(frozen=True)
class Outcome:
    job: str
    day: dt.date
    status: str  # "ran", "taken" (another worker has it) or "failed"
    summary: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def configured_jobs() -> list[Job]:
    """The jobs of GREENLEDGER_SCHEDULE, in its order; a bad entry is a configuration error."""
    schedule = settings.GREENLEDGER_SCHEDULE
    if not isinstance(schedule, dict):
        raise ImproperlyConfigured("GREENLEDGER_SCHEDULE maps job names to times of day (HH:MM).")
    jobs = []
    for name, at in schedule.items():
        if name not in JOBS:
            raise ImproperlyConfigured(
                f"GREENLEDGER_SCHEDULE: unknown job {name!r}; the jobs are {', '.join(JOBS)}."
            )
        try:
            time_of_day = dt.time.fromisoformat(at)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"GREENLEDGER_SCHEDULE[{name!r}]: {at!r} is not a time of day (HH:MM)."
            ) from None
        jobs.append(Job(name, time_of_day, JOBS[name]))
    return jobs


def catch_up_days() -> int:
    days = settings.GREENLEDGER_SCHEDULE_CATCH_UP_DAYS
    if not isinstance(days, int) or days < 1:
        raise ImproperlyConfigured("GREENLEDGER_SCHEDULE_CATCH_UP_DAYS is a whole number >= 1.")
    return days


def latest_due_day(job: Job, local_now: dt.datetime) -> dt.date:
    """Today once the job's time of day has come, yesterday before it."""
    today = local_now.date()
    return today if local_now.time() >= job.at else today - dt.timedelta(days=1)


def days_due(job: Job, local_now: dt.datetime, last_run: dt.date | None) -> list[dt.date]:
    """The days to run, oldest first: from the day after the last run up to the latest due day,
    at most ``GREENLEDGER_SCHEDULE_CATCH_UP_DAYS`` of them; only the latest one if the job never
    ran (a new installation does not replay history)."""
    latest = latest_due_day(job, local_now)
    first = latest if last_run is None else last_run + dt.timedelta(days=1)
    first = max(first, latest - dt.timedelta(days=catch_up_days() - 1))
    return [first + dt.timedelta(days=n) for n in range((latest - first).days + 1)]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def run_once(job: Job, day: dt.date, *, host: str) -> Outcome:
    """Claim (job, day) and run it, in one transaction: the claim commits with the job's changes
    or not at all. Another worker's claim of the same day (committed, or in progress: we wait for
    it) makes this one "taken" and changes nothing."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    run = ScheduledRun.objects.create(
                        job=job.name, day=day, host=host, started_at=timezone.now()
                    )
            except IntegrityError:
                return Outcome(job.name, day, "taken")
            summary = job.run(day)
            run.summary = summary
            run.finished_at = timezone.now()
            run.save(update_fields=["summary", "finished_at"])
    except Exception as error:
        logger.exception("scheduled job %s for %s failed; the next tick retries it", job.name, day)
        return Outcome(job.name, day, "failed", error=f"{type(error).__name__}: {error}")
    logger.info("scheduled job %s for %s ran: %s", job.name, day, summary)
    return Outcome(job.name, day, "ran", summary)


def tick(*, now: dt.datetime | None = None, host: str | None = None) -> list[Outcome]:
    """Run every due (job, day) of the schedule not yet run, each once across all workers."""
    local_now = timezone.localtime(now or timezone.now())
    host = host or worker_name()
    outcomes = []
    for job in configured_jobs():
        last_run = ScheduledRun.objects.filter(job=job.name).aggregate(last=Max("day"))["last"]
        for day in days_due(job, local_now, last_run):
            outcome = run_once(job, day, host=host)
            outcomes.append(outcome)
            if outcome.status == "failed":
                break  # the later days wait for this one; the next tick retries it
    return outcomes


def tick_forever(stop: threading.Event, seconds: float | None = None) -> None:
    """Tick now (catching up whatever was missed while no worker ran), then every ``seconds``
    (GREENLEDGER_SCHEDULE_TICK_SECONDS) until ``stop`` is set. A failing tick (the database away
    for a moment) is logged and the next one tries again."""
    seconds = settings.GREENLEDGER_SCHEDULE_TICK_SECONDS if seconds is None else seconds
    while True:
        close_old_connections()
        try:
            tick()
        except Exception:
            logger.exception("schedule tick failed; trying again in %s s", seconds)
        if stop.wait(seconds):
            close_old_connections()
            return


def schedule_in_background() -> threading.Event:
    """Start ticking in a daemon thread (the worker does); set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=tick_forever, args=(stop,), name="schedule", daemon=True).start()
    return stop


@dataclass(frozen=True)
class JobStatus:
    job: str
    at: dt.time
    last_day: dt.date | None
    last_finished_at: dt.datetime | None
    last_host: str
    last_summary: dict[str, Any]
    next_due: dt.datetime  # local time the next day's run becomes due


def schedule_status(*, now: dt.datetime | None = None) -> list[JobStatus]:
    """Each job's last run and when its next day becomes due."""
    local_now = timezone.localtime(now or timezone.now())
    found = []
    for job in configured_jobs():
        last = ScheduledRun.objects.filter(job=job.name).order_by("-day").first()
        due_days = days_due(job, local_now, last.day if last else None)
        next_day = due_days[0] if due_days else latest_due_day(job, local_now) + dt.timedelta(1)
        next_due = timezone.make_aware(dt.datetime.combine(next_day, job.at))
        found.append(
            JobStatus(
                job=job.name,
                at=job.at,
                last_day=last.day if last else None,
                last_finished_at=last.finished_at if last else None,
                last_host=last.host if last else "",
                last_summary=last.summary if last else {},
                next_due=next_due,
            )
        )
    return found
