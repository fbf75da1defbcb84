"""Several machines: two web instances and two workers against one PostgreSQL server.

Each instance is a host of its own as far as the platform can tell: its own process tree, port
and data directory (GREENLEDGER_DATA_DIR); they share only what the README's production section
says several hosts share: the PostgreSQL database (which holds the cache, the sessions and the
task queue) and the private media volume (GREENLEDGER_PRIVATE_MEDIA_DIR). All run the production
settings on a database created for this test beside pytest-django's.

It shows:
(a) the login throttle counts failures across both web instances;
(b) two workers never run the same import job (many jobs uploaded through both instances);
(c) a worker killed with SIGKILL in the middle of a job's storing transaction has the job put
    back in the queue and finished by the other worker, with nothing of the killed run left.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import itertools
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.settings import base as base_settings

REPO = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
IS_POSTGRES = urllib.parse.urlsplit(DATABASE_URL).scheme in {"postgres", "postgresql", "pgsql"}

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not IS_POSTGRES,
        reason="needs DATABASE_URL pointing at a PostgreSQL server "
        "(run it as: scripts/with-postgres.sh .venv/bin/pytest tests/web/test_several_machines.py)",
    ),
    pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL and process groups"),
]

PASSWORD = "several-machines-password-1"
STALE_SECONDS = 3  # a job whose heartbeat is older than this is re-queued (production: 15 min)
SLOW_INSERT_SECONDS = 1.0  # the storage test hook: a pause after each inserted batch of 50,000
QUEUE_YEARS = range(2011, 2023)  # one submission, and one import job, per year for (b)
KILL_YEAR = 2024
KILL_ROWS = 60_000  # two insert batches: two pauses inside the storing transaction
HEADER = "enterprise,site,period,activity,quantity,unit\n"

SETUP = r"""
import json
import django
django.setup()
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import Role
from greenledger.web.members import services as members
from greenledger.web.reporting import services
from tests.web.conftest import organisation_values
import sys

password, years = sys.argv[1], [int(y) for y in sys.argv[2].split(",")]
company = members.organisation_create(
    actor=None, **organisation_values(1, name_zh="甲公司", name_en="Company A"))
members.site_create(actor=None, organisation=company, kind="factory", name_zh="甲工厂")
manager = accounts.user_create(actor=None, username="manager", password=password,
                               role=Role.ENTERPRISE_MANAGER, organisation=company)
accounts.user_create(actor=None, username="visitor", password=password, role=Role.PUBLIC)
token = accounts.api_token_create(actor=manager, name="several machines").token
submissions = {
    year: services.submission_create_draft(actor=manager, organisation=company, year=year).pk
    for year in years
}
print(json.dumps({"token": token, "submissions": submissions}))
"""


# -- processes ----------------------------------------------------------------------------------


@dataclass
class Host:
    """One process tree standing for one host, with its log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    killed: bool = False

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def tail(self) -> str:
        return f"--- {self.name} ---\n" + "\n".join(self.output().splitlines()[-30:])


@dataclass
class Cluster:
    tmp: Path
    database_url: str
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48) + "-x")
    hosts: list[Host] = field(default_factory=list)

    @property
    def shared_media(self) -> Path:
        return self.tmp / "shared-private-media"

    def environment(self, host: str, **extra: str) -> dict[str, str]:
        data_dir = self.tmp / host
        data_dir.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GREENLEDGER_")}
        env.update(
            DJANGO_SETTINGS_MODULE="greenledger.web.settings.production",
            DATABASE_URL=self.database_url,
            GREENLEDGER_SECRET_KEY=self.secret_key,
            GREENLEDGER_ALLOWED_HOSTS="127.0.0.1",
            GREENLEDGER_SECURE_COOKIES="0",
            GREENLEDGER_SSL_REDIRECT="0",
            GREENLEDGER_CONN_MAX_AGE="0",
            GREENLEDGER_DATA_DIR=str(data_dir),
            GREENLEDGER_PRIVATE_MEDIA_DIR=str(self.shared_media),
            GREENLEDGER_IMPORT_STALE_SECONDS=str(STALE_SECONDS),
            PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
            PYTHONUNBUFFERED="1",
            **extra,
        )
        return env

    def run(self, *arguments: str, timeout: float = 300) -> str:
        result = subprocess.run(
            arguments,
            env=self.environment("admin"),
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, f"{arguments[:4]} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self, name: str, arguments: list[str], **extra: str) -> Host:
        log = self.tmp / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                arguments,
                env=self.environment(name, **extra),
                cwd=self.tmp,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, ended as one in stop()
            )
        host = Host(name, process, log)
        self.hosts.append(host)
        return host

    def logs(self) -> str:
        return "\n".join(host.tail() for host in self.hosts)

    def stop(self) -> None:
        for host in self.hosts:
            _signal_group(host.process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for host in self.hosts:
            with contextlib.suppress(subprocess.TimeoutExpired):
                host.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(host.process, signal.SIGKILL)  # any child left behind
            host.process.wait(timeout=15)


def _signal_group(process: subprocess.Popen[bytes], number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], cluster: Cluster, timeout: float) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        for host in cluster.hosts:
            if host.process.poll() is not None and not host.killed:
                pytest.fail(f"{host.name} exited ({host.process.returncode}):\n{cluster.logs()}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{cluster.logs()}")


# -- the database of this test -------------------------------------------------------------------


def _connect(url: str, database: str | None = None) -> Any:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or ""),
        dbname=database or urllib.parse.unquote(parts.path.lstrip("/")),
        autocommit=True,
    )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A fresh database on the PostgreSQL server of DATABASE_URL; the processes end with it."""
    name = f"greenledger_hosts_{secrets.token_hex(6)}"
    with _connect(DATABASE_URL, "postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    made = Cluster(tmp=tmp_path, database_url=url)
    try:
        yield made
    finally:
        made.stop()
        with _connect(DATABASE_URL, "postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(cluster: Cluster, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    with _connect(cluster.database_url) as connection:
        return list(connection.execute(sql, parameters).fetchall())


# -- HTTP ------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


LOCKED = "Too many failed sign-ins for this account from your address."


def sign_in(base_url: str, username: str, password: str) -> str:
    """Submit the sign-in form as a new browser would: 'signed in', 'locked' or 'refused'."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    opener.addheaders = [("Accept-Language", "en")]
    with opener.open(f"{base_url}/login/", timeout=30) as page:
        assert page.status == 200
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(f"{base_url}/login/", data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Referer", f"{base_url}/login/")
    try:
        with opener.open(request, timeout=30) as response:
            assert response.status == 200, response.status
            return "locked" if LOCKED in response.read().decode() else "refused"
    except urllib.error.HTTPError as error:
        assert error.code == 302, error.code
        return "signed in"


def upload(base_url: str, token: str, submission_id: int, name: str, content: bytes) -> int:
    """Upload an activity file through the API; the id of the queued import job."""
    boundary = secrets.token_hex(16)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base_url}/api/reporting/submissions/{submission_id}/imports", data=body, method="POST"
    )
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 202
        return int(json.load(response)["id"])


def _answers(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/login/", timeout=5) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


# -- activity files ----------------------------------------------------------------------------


def small_file(year: int) -> bytes:
    lines = "".join(
        f"甲公司,甲工厂,{year}-{month:02d},原煤,{80 + month + year % 7},t\n"
        f"甲公司,甲工厂,{year}-{month:02d},外购电力,{40 + month},万kWh\n"
        for month in range(1, 13)
    )
    return (HEADER + lines).encode()


def big_file(year: int, rows: int) -> bytes:
    lines = "".join(
        f"甲公司,甲工厂,{year}-{i % 12 + 1:02d},柴油,{1 + i / 1000:.3f},t\n" for i in range(rows)
    )
    return (HEADER + lines).encode()


# -- the test ------------------------------------------------------------------------------------


def test_two_web_instances_and_two_workers_share_one_postgresql(cluster: Cluster) -> None:
    python = sys.executable
    greenledger = [python, "-m", "greenledger.cli"]
    clock = {"start": time.monotonic()}
    cluster.run(*greenledger, "manage", "migrate", "--no-input", "-v0")
    clock["migrated"] = time.monotonic()
    web = {}
    for name in ("web-a", "web-b"):
        port = _free_port()
        serve = ["serve", "--without-worker", "--host", "127.0.0.1", "--port", str(port)]
        cluster.start(name, [*greenledger, *serve, "--workers", "1"])
        web[name] = f"http://127.0.0.1:{port}"
    workers = {}
    for name in ("worker-1", "worker-2"):
        arguments = [*greenledger, "worker", "--interval", "0.2", "--worker-id", name]
        workers[name] = cluster.start(
            name, arguments, GREENLEDGER_TEST_SLOW_INSERT_SECONDS=str(SLOW_INSERT_SECONDS)
        )
    # The district is set up while the four hosts start.
    years = [*QUEUE_YEARS, KILL_YEAR]
    made = json.loads(
        cluster.run(python, "-c", SETUP, PASSWORD, ",".join(map(str, years))).splitlines()[-1]
    )
    token, submissions = made["token"], {int(y): pk for y, pk in made["submissions"].items()}
    for name, url in web.items():
        wait_for(f"{name} to answer", lambda url=url: _answers(url), cluster, timeout=180)
    for name, host in workers.items():
        wait_for(f"{name} to start", lambda h=host: "Starting worker" in h.output(), cluster, 180)

    a, b = web["web-a"], web["web-b"]
    clock["set up and started"] = time.monotonic()

    # (a) The throttle rule as configured: this many failures lock (user name, address).
    limit = base_settings.GREENLEDGER_LOGIN_MAX_FAILURES
    on_a = math.ceil(limit / 2)
    assert 0 < on_a < limit  # neither instance alone sees enough failures to lock
    for attempt in range(limit):
        answer = sign_in(a if attempt < on_a else b, "manager", "wrong password")
        assert answer == "refused" or attempt == limit - 1, (attempt, answer)
    assert sign_in(a, "manager", PASSWORD) == "locked", "the right password is refused on A"
    assert sign_in(b, "manager", PASSWORD) == "locked", "and on B"
    locks = query(
        cluster, "SELECT COUNT(*) FROM greenledger_cache WHERE cache_key LIKE %s", "%lock%"
    )
    assert locks == [(1,)]
    # One failure fewer, spread the same way, locks nothing; the right password then signs in.
    for attempt in range(limit - 1):
        assert sign_in(b if attempt % 2 else a, "visitor", "wrong password") == "refused"
    assert sign_in(b, "visitor", PASSWORD) == "signed in"

    clock["throttle"] = time.monotonic()
    # (b) Many import jobs, uploaded through both instances, each run exactly once.
    started = time.monotonic()
    jobs = {
        upload(
            a if i % 2 else b, token, submissions[year], f"activity-{year}.csv", small_file(year)
        )
        for i, year in enumerate(QUEUE_YEARS)
    }
    assert len(jobs) == len(QUEUE_YEARS)

    def all_finished() -> bool:
        rows = query(
            cluster, "SELECT status FROM reporting_importjob WHERE id = ANY(%s)", list(jobs)
        )
        return all(status in ("succeeded", "failed") for (status,) in rows)

    wait_for("the queued imports", all_finished, cluster, timeout=180)
    queued_seconds = time.monotonic() - started
    rows = query(
        cluster,
        "SELECT id, status, attempts FROM reporting_importjob WHERE id = ANY(%s)",
        list(jobs),
    )
    assert sorted(rows) == [(job, "succeeded", 1) for job in sorted(jobs)]
    tasks = query(
        cluster,
        "SELECT args_kwargs, worker_ids, status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s",
        "%run_import_job",
    )
    assert sorted(args["args"][0] for args, _ids, _status in tasks) == sorted(jobs)  # once each
    assert all(len(worker_ids) == 1 and status == "SUCCESSFUL" for _a, worker_ids, status in tasks)
    assert {t[1][0] for t in tasks} == set(workers), "both workers took jobs from the queue"
    overlapping = query(
        cluster,
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult one "
        "JOIN django_tasks_database_dbtaskresult other ON one.worker_ids < other.worker_ids "
        "AND one.started_at < other.finished_at AND other.started_at < one.finished_at "
        "WHERE one.task_path LIKE %s AND other.task_path LIKE %s",
        "%run_import_job",
        "%run_import_job",
    )
    assert overlapping[0][0] > 0, "the two workers ran imports at the same time"
    succeeded = query(
        cluster,
        "SELECT object_id, COUNT(*) FROM audit_auditentry WHERE action = 'import_job.succeed' "
        "GROUP BY object_id",
    )
    assert sorted(succeeded) == sorted((str(job), 1) for job in jobs)
    stored = query(
        cluster,
        "SELECT import_job_id, COUNT(*) FROM reporting_activityrecord GROUP BY import_job_id",
    )
    assert sorted(stored) == [(job, 24) for job in sorted(jobs)]
    # The uploads and the computed per-line results are on the shared volume, none on a host's own.
    paths = query(
        cluster, "SELECT stored_path FROM reporting_importjob WHERE id = ANY(%s)", list(jobs)
    )
    assert all(Path(path).parent.parent == cluster.shared_media / "imports" for (path,) in paths)
    assert len(list((cluster.shared_media / "inventories").glob("*.parquet"))) == len(jobs)
    own = [host.name for host in cluster.hosts if (cluster.tmp / host.name / "private").exists()]
    assert not own

    clock["queue"] = time.monotonic()
    # (c) A worker killed in the middle of a job: the other one re-runs and finishes it.
    job = upload(a, token, submissions[KILL_YEAR], "diesel.csv", big_file(KILL_YEAR, KILL_ROWS))

    def storing() -> bool:
        state = "SELECT status, stage FROM reporting_importjob WHERE id = %s"
        return query(cluster, state, job) == [("running", "store")]

    wait_for("the big import to reach its storing stage", storing, cluster, timeout=180)
    clock["storing"] = time.monotonic()

    def inserting() -> bool:  # a transaction holds the lock that inserting its rows takes
        locks = query(
            cluster,
            "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'reporting_activityrecord' AND l.mode = 'RowExclusiveLock' "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
        return bool(locks[0][0])

    wait_for("the big import to insert rows", inserting, cluster, timeout=60)
    owner_rows = query(
        cluster,
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND status = 'RUNNING'",
        "%run_import_job",
    )
    assert len(owner_rows) == 1, owner_rows
    owner = owner_rows[0][0][0]
    survivor = next(name for name in workers if name != owner)
    victim = workers[owner]
    victim.killed = True
    _signal_group(victim.process, signal.SIGKILL)
    victim.process.wait(timeout=30)
    killed_at = time.monotonic()
    state = "SELECT status, attempts FROM reporting_importjob WHERE id = %s"
    assert query(cluster, state, job) == [("running", 1)], "the job ended before the kill"

    def finished() -> bool:
        return query(cluster, state, job)[0][0] in ("succeeded", "failed")

    wait_for("the killed worker's job to be finished", finished, cluster, timeout=240)
    recovered_seconds = time.monotonic() - killed_at
    assert query(
        cluster, "SELECT status, stage, attempts FROM reporting_importjob WHERE id = %s", job
    ) == [("succeeded", "done", 2)]
    assert f"Re-queued 1 interrupted import(s): [{job}]" in workers[survivor].output()
    requeue = query(
        cluster,
        "SELECT actor_username FROM audit_auditentry "
        "WHERE action = 'import_job.requeue_stale' AND object_id = %s",
        str(job),
    )
    assert requeue == [("system",)]
    runs = query(
        cluster,
        "SELECT worker_ids, status, exception_class_path FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND args_kwargs->'args'->>0 = %s ORDER BY enqueued_at",
        "%run_import_job",
        str(job),
    )
    # The killed run's task result, which its worker never closed, is marked failed by the sweep
    # that re-queued the job; the re-run is the survivor's.
    stopped = "greenledger.web.reporting.services.heartbeat.WorkerStopped"
    assert runs == [([owner], "FAILED", stopped), ([survivor], "SUCCESSFUL", "")]
    # Nothing of the killed run's half-done transaction is left: every line once.
    assert query(
        cluster, "SELECT COUNT(*) FROM reporting_activityrecord WHERE import_job_id = %s", job
    ) == [(KILL_ROWS,)]
    assert query(
        cluster,
        "SELECT COUNT(*) FROM audit_auditentry WHERE action = 'import_job.succeed' "
        "AND object_id = %s",
        str(job),
    ) == [(1,)]
    clock["recovered"] = time.monotonic()
    names = list(clock)
    phases = ", ".join(
        f"{name} {clock[name] - clock[before]:.1f} s" for before, name in itertools.pairwise(names)
    )
    print(
        f"\n{len(jobs)} queued imports took {queued_seconds:.1f} s on two workers; "
        f"the killed worker's import was finished {recovered_seconds:.1f} s after the kill"
        f"\nphases: {phases}"
    )
