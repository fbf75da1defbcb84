"""The web platform's `greenledger` commands: serve, worker, demo-data, audit verify,
certificates remind, schedule, district refresh, manage.

Wired lazily by ``greenledger.cli.LAZY_COMMANDS``. Each sets DJANGO_SETTINGS_MODULE (default
``greenledger.web.settings.base``) and calls ``django.setup()`` before touching the database.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from greenledger.web.ops.scheduler import Outcome

DEFAULT_SETTINGS = "greenledger.web.settings.base"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _unapplied_migrations() -> list[str]:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--with-worker/--without-worker",
    default=True,
    show_default=True,
    help="Also run the background task worker (imports) beside the web server.",
)
def serve(host: str, port: int, workers: int, with_worker: bool) -> None:
    """Serve the platform with gunicorn and its task worker (after checking migrations)."""
    setup_django()
    pending = _unapplied_migrations()
    if pending:
        click.echo(
            f"The database has {len(pending)} unapplied migrations (first: {pending[0]}). "
            "Run `greenledger manage migrate` first.",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"GreenLedger on http://{host}:{port}/  (Ctrl-C stops it)")
    arguments = [
        sys.executable,
        "-m",
        "gunicorn",
        "greenledger.web.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        # Uploads are handed to the task worker, so requests stay short; this is a backstop.
        "--timeout",
        "120",
    ]
    sys.stdout.flush()
    if not with_worker:
        os.execv(sys.executable, arguments)
    _run_beside(arguments, [sys.executable, "-m", "greenledger.cli", "worker"])


def _run_beside(server: list[str], worker: list[str]) -> None:
    """Run gunicorn and the task worker; when either ends (or on Ctrl-C/SIGTERM), stop both."""
    import signal
    import subprocess
    import time

    processes = [subprocess.Popen(worker), subprocess.Popen(server)]

    def stop(*_args: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    finally:
        stop()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
    raise SystemExit(processes[1].returncode or 0)


@click.command()
@click.option("--once", is_flag=True, help="Work off the queued tasks, then exit.")
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.1, 60.0),
    help="Seconds between polls of the queue.",
)
@click.option(
    "--worker-id",
    default=None,
    help="This worker's name in the task results, unique across hosts (default: host:pid).",
)
def worker(once: bool, interval: float, worker_id: str | None) -> None:
    """Run background tasks (activity imports) from the database queue.

    Any number of workers on any number of hosts may share one PostgreSQL queue: each task is
    claimed by one of them. Imports whose process died (a stale heartbeat) are put back in the
    queue first, and every third of GREENLEDGER_IMPORT_STALE_SECONDS while the worker runs.
    The worker also runs the daily schedule (expiries, renewal reminders; GREENLEDGER_SCHEDULE):
    with --once, the days due now; otherwise every GREENLEDGER_SCHEDULE_TICK_SECONDS.
    """
    setup_django()
    import logging
    import socket
    import threading
    import time

    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, close_old_connections

    from greenledger.web.ops.scheduler import schedule_in_background, tick
    from greenledger.web.reporting.services import import_job_requeue_stale

    def requeue() -> None:
        from greenledger.web.planning.services.district_runs import district_run_requeue_stale

        requeued = import_job_requeue_stale()
        if requeued:
            click.echo(f"Re-queued {len(requeued)} interrupted import(s): {requeued}")
        runs = district_run_requeue_stale()
        if runs:
            click.echo(f"Re-queued {len(runs)} interrupted district pathway run(s): {runs}")

    requeue()
    if once:  # the schedule's due days first (expiries, reminders), then the queue
        _echo_outcomes(tick())
    else:  # now (catching up missed days), then every GREENLEDGER_SCHEDULE_TICK_SECONDS
        schedule_in_background()
    if not once:
        period = max(1.0, settings.GREENLEDGER_IMPORT_STALE_SECONDS / 3)

        def sweep() -> None:
            while True:
                time.sleep(period)
                close_old_connections()
                try:
                    requeue()
                except DatabaseError:  # the database away for a moment: sweep again later
                    logging.getLogger("greenledger.reporting").exception("re-queue sweep failed")

        threading.Thread(target=sweep, name="requeue-stale-imports", daemon=True).start()
    name = worker_id or f"{socket.gethostname()[:50]}:{os.getpid()}"
    _poll_queue(
        lambda: call_command(
            "db_worker", batch=once, interval=interval, startup_delay=False, worker_id=name[:64]
        ),
        once=once,
        interval=interval,
    )


def _poll_queue(run: Callable[[], object], *, once: bool, interval: float) -> None:
    """Run the task queue's worker loop; a database error before a task is claimed restarts it.

    The queue's own claim transaction may fail to start: on SQLite another writer (an import, the
    schedule's expiries) held the lock past busy_timeout; on PostgreSQL the connection dropped.
    No task was claimed then, so polling again is safe. With ``once`` the error is raised.
    """
    import logging
    import time

    from django.db import OperationalError, close_old_connections

    while True:
        try:
            run()
            return
        except OperationalError as error:
            if once:
                raise
            logging.getLogger("greenledger.worker").warning(
                "task queue paused (%s); polling again in %s s", error, interval
            )
            close_old_connections()
            time.sleep(max(interval, 1.0))


@click.command(name="demo-data")
@click.option("--print-tokens", is_flag=True, help="Print the demo accounts' API tokens.")
@click.option(
    "--synthetic",
    default=0,
    type=click.IntRange(0),
    help="Also add this many synthetic organisations (for load tests).",
)
def demo_data(print_tokens: bool, synthetic: int) -> None:
    """Load the fictional demo district (idempotent: running it again changes nothing)."""
    setup_django()
    from greenledger.web.members.demo import DEMO_PASSWORD, demo_load
    from greenledger.web.members.demo import organisations_bulk_create_synthetic as bulk

    report = demo_load()
    if report.created:
        created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items()))
        click.echo(f"Demo district loaded: created {created}.")
    else:
        click.echo("Demo district already loaded: nothing changed.")
    if synthetic:
        click.echo(f"Added {bulk(actor=None, count=synthetic)} synthetic organisations.")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for user in report.users:
        click.echo(f"  {user.username:<12} {user.role:<20} {user.note}")
    if print_tokens:
        click.echo("API tokens (send as 'Authorization: Bearer <token>'):")
        for username, token in report.tokens.items():
            click.echo(f"  {username:<12} {token}")


@click.group()
def audit() -> None:
    """The hash-chained audit ledger."""


@audit.command()
def verify() -> None:
    """Recompute the audit chain; exit 1 naming the first broken entry."""
    setup_django()
    from greenledger.web.audit.selectors import audit_verify

    report = audit_verify()
    if report.ok:
        click.echo(f"OK: {report.checked} audit entries, chain head {report.head_hash}")
        return
    click.echo(f"BROKEN: {report.first_break}", err=True)
    click.echo(f"{report.checked} entries before it are intact.", err=True)
    raise SystemExit(1)


@click.group()
def certificates() -> None:
    """Certificates issued on approved assessments."""


@certificates.command()
@click.option(
    "--days",
    type=click.IntRange(0),
    default=None,
    help="Remind of certificates expiring within this many days "
    "(default: GREENLEDGER_RENEWAL_REMINDER_DAYS).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Count the days from this date (YYYY-MM-DD) instead of today.",
)
def remind(days: int | None, today: dt.datetime | None) -> None:
    """E-mail the holders of certificates due for renewal (each certificate once).

    The worker sends them every day on its own (the schedule's certificates.remind job); this
    command sends the same reminders now."""
    setup_django()
    from greenledger.web.assessments.services import certificate_reminders_send
    from greenledger.web.assessments.services.certificates import reminder_recipients

    day = today.date() if today is not None else None
    sent = certificate_reminders_send(today=day, days=days)
    click.echo(f"Sent {len(sent)} renewal reminder(s).")
    for certificate in sent:
        recipients = ", ".join(reminder_recipients(certificate)) or "no e-mail address on file"
        click.echo(f"  {certificate.number} (valid until {certificate.valid_until}): {recipients}")


@click.group()
def schedule() -> None:
    """The worker's daily schedule: expiries and renewal reminders (GREENLEDGER_SCHEDULE)."""


def _echo_outcomes(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        detail = outcome.error or ", ".join(
            f"{len(items)} {what}" for what, items in outcome.summary.items()
        )
        click.echo(f"{outcome.job} {outcome.day.isoformat()}: {outcome.status} {detail}".rstrip())


@schedule.command(name="run-due")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as at the end of this day (YYYY-MM-DD, not after today) instead of now.",
)
def schedule_run_due(today: dt.datetime | None) -> None:
    """Run now what the worker would: every due day of every job not yet run (each once)."""
    setup_django()
    from django.utils import timezone

    from greenledger.web.ops.scheduler import tick

    now = None
    if today is not None:
        if today.date() > timezone.localdate():
            # Its runs would be recorded as done, and the worker would skip those days later.
            raise click.BadParameter("a day in the future cannot be run", param_hint="--today")
        now = timezone.make_aware(dt.datetime.combine(today.date(), dt.time(23, 59, 59)))
    outcomes = tick(now=now)
    if not outcomes:
        click.echo("Nothing due: every job has run for its latest day.")
    _echo_outcomes(outcomes)
    if any(outcome.status == "failed" for outcome in outcomes):
        raise SystemExit(1)


@schedule.command(name="status")
def schedule_status() -> None:
    """Each job's time of day, last day run and when its next day is due."""
    setup_django()
    from django.utils import timezone

    from greenledger.web.ops.scheduler import schedule_status as status

    for job in status():
        last = job.last_day.isoformat() if job.last_day else "never"
        click.echo(
            f"{job.job:<22} daily at {job.at:%H:%M}  last day run: {last}  "
            f"next due: {timezone.localtime(job.next_due):%Y-%m-%d %H:%M}"
            + (f"  (by {job.last_host})" if job.last_host else "")
        )


@click.group()
def district() -> None:
    """The district's carbon accounts (fact table of verified inventories)."""


@district.command(name="refresh")
def district_refresh() -> None:
    """Rebuild every enterprise-year fact from the newest verified versions; print counts."""
    setup_django()
    import time

    from greenledger.web.audit.services import SystemActor
    from greenledger.web.district.models import EnterpriseYearFact, FactBasis
    from greenledger.web.district.services.facts import facts_rebuild

    started = time.perf_counter()
    count = facts_rebuild(actor=SystemActor("system:cli"))
    seconds = time.perf_counter() - started
    estimated = EnterpriseYearFact.objects.filter(basis=FactBasis.ESTIMATED).count()
    years = EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED).values("year").distinct()
    click.echo(
        f"{count} verified enterprise-year facts over {years.count()} year(s), "
        f"{estimated} estimated, in {seconds:.2f} s"
    )


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def manage(arguments: tuple[str, ...]) -> None:
    """Django's management commands, e.g. `greenledger manage migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["greenledger manage", *arguments])
