"""Load benchmark for the web pages: gunicorn on loopback, SQLite then PostgreSQL.

    .venv/bin/python bench/web_load.py [--orgs 20000] [--requests 600] [--clients 20]

For each database it creates a fresh database, loads the organisations through the members bulk
service, starts gunicorn (2 workers) on 127.0.0.1 on a free port and runs a bounded load generator
(threads, one http.client keep-alive connection per client, a fixed number of requests per URL and
a time cap) against the district overview, the organisation directory and the district summary
API, with /healthz served by the same gunicorn as the baseline. It prints p50/p95 latency,
requests per second and the ratio to the baseline. Target: p95 < 300 ms. Everything runs on the
loopback interface and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
P95_TARGET_MS = 300.0
SETTINGS = "greenledger.web.settings.base"
BENCH_USERNAME = "admin"  # the demo district administrator: sees every organisation

# (label, path) — the baseline comes first.
URLS = [
    ("baseline /healthz", "/healthz"),
    ("district overview /", "/"),
    ("organisation list /members/", "/members/"),
    ("organisation list page 50", "/members/?page=50"),
    ("directory search (htmx)", "/members/?q=%E7%A7%91%E6%8A%80&kind=enterprise"),
    ("API /api/district/summary", "/api/district/summary"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- data loading


def load_district(orgs: int) -> dict[str, str]:
    """Runs inside a subprocess with Django set up: migrate, load the demo district plus ``orgs``
    synthetic organisations (the members bulk service), and mint a signed-in session cookie."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from greenledger.web.accounts.models import User
    from greenledger.web.members.demo import demo_load, organisations_bulk_create_synthetic

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    demo_load()
    loaded = organisations_bulk_create_synthetic(actor=None, count=orgs)
    # After a bulk load, refresh the planner statistics (what autovacuum would do a little later
    # on PostgreSQL): with stale ones PostgreSQL sorts the whole table instead of using the keys.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started

    user = User.objects.get(username=BENCH_USERNAME)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {
        "loaded": str(loaded),
        "seconds": f"{seconds:.1f}",
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookie_value": session.session_key or "",
    }


# --------------------------------------------------------------------------- load generator


@dataclass
class Result:
    label: str
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    capped: bool = False
    single_p50: float = float("nan")  # one client alone: the service time without queueing

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
        return ordered[index] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def run_load(
    port: int,
    label: str,
    path: str,
    *,
    requests: int,
    clients: int,
    cap_seconds: float,
    cookie: str,
) -> Result:
    result = Result(label, path)
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + cap_seconds
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Accept-Language": "zh-hans",
        "Cookie": cookie,
        "Connection": "keep-alive",
    }
    if "q=" in path:
        headers["HX-Request"] = "true"

    def client() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        own: list[float] = []
        own_status: dict[int, int] = {}
        own_errors = 0
        try:
            while True:
                with lock:
                    if issued >= requests:
                        break
                    if time.monotonic() > deadline:
                        result.capped = True
                        break
                    issued += 1
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    own_errors += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    continue
                elapsed = time.perf_counter() - started
                own_status[response.status] = own_status.get(response.status, 0) + 1
                if response.status == 200:
                    own.append(elapsed)
                else:
                    own_errors += 1
                if response.will_close:
                    conn.close()
        finally:
            conn.close()
            with lock:
                result.latencies.extend(own)
                result.errors += own_errors
                for status, count in own_status.items():
                    result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(cap_seconds + 35)
    result.seconds = time.perf_counter() - began
    return result


def get(port: int, path: str, cookie: str = "", timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "zh-hans"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- one database


def bench_database(name: str, database_url: str, args: argparse.Namespace) -> list[Result]:
    workdir = Path(tempfile.mkdtemp(prefix=f"greenledger-bench-{name}-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            GREENLEDGER_DATA_DIR=str(workdir),
            DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")])),
        )
        print(f"\n== {name}: loading {args.orgs} organisations ...", flush=True)
        loader = subprocess.run(
            [sys.executable, __file__, "--internal-load", str(args.orgs)],
            env=env,
            capture_output=True,
            text=True,
            timeout=args.load_timeout,
        )
        if loader.returncode != 0:
            sys.stderr.write(loader.stdout + loader.stderr)
            raise SystemExit(f"{name}: loading the organisations failed")
        info = json.loads(loader.stdout.strip().splitlines()[-1])
        print(f"   loaded {info['loaded']} organisations in {info['seconds']} s", flush=True)
        cookie = f"{info['cookie_name']}={info['cookie_value']}"

        port = free_port()
        log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "greenledger.web.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--worker-class",
                args.worker_class,
                "--threads",
                str(args.threads),
                "--keep-alive",
                "5",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _ = get(port, "/healthz", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                sys.stderr.write((workdir / "gunicorn.log").read_text(errors="replace"))
                raise SystemExit(f"{name}: gunicorn did not come up")
            time.sleep(0.2)
        for _, path in URLS:  # warm both workers' caches, check that every page answers 200
            for _ in range(4):
                status, body = get(port, path, cookie, timeout=60)
                if status != 200:
                    raise SystemExit(f"{name}: GET {path} answered {status}: {body[:300]!r}")
        results = []
        for label, path in URLS:
            alone = run_load(
                port, label, path, requests=30, clients=1, cap_seconds=args.cap, cookie=cookie
            )
            result = run_load(
                port,
                label,
                path,
                requests=args.requests,
                clients=args.clients,
                cap_seconds=args.cap,
                cookie=cookie,
            )
            result.single_p50 = alone.pct(0.50)
            results.append(result)
            print(
                f"   {label:<32} {len(result.latencies):>5} ok in {result.seconds:5.1f} s",
                flush=True,
            )
        return results
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)


def report(name: str, results: list[Result], args: argparse.Namespace) -> bool:
    baseline = results[0]
    workers = args.worker_class + (f" x{args.threads}" if args.worker_class == "gthread" else "")
    print(f"\n{name}: {args.clients} concurrent keep-alive clients, gunicorn 2 workers ({workers})")
    header = (
        f"{'URL':<32} {'n':>5} {'err':>4} {'1c p50':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} "
        f"{'p50/base':>9} {'p95/base':>9} {'rps/base':>9}  target"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for result in results:
        p50, p95 = result.pct(0.50), result.pct(0.95)
        within = p95 < P95_TARGET_MS and result.errors == 0
        ok = ok and within
        verdict = "ok" if within else "MISSED"
        if result.capped:
            verdict += " (time cap hit)"
        print(
            f"{result.label:<32} {len(result.latencies):>5} {result.errors:>4} "
            f"{result.single_p50:>7.1f} {p50:>8.1f} "
            f"{p95:>8.1f} {result.rps:>8.1f} {p50 / baseline.pct(0.5):>8.1f}x "
            f"{p95 / baseline.pct(0.95):>8.1f}x {result.rps / baseline.rps:>8.2f}x  {verdict}"
        )
        if result.statuses.keys() - {200}:
            print(f"{'':<32} statuses: {result.statuses}")
    print("1c p50: median latency of one client alone (service time, no queueing), ms")
    mean = statistics.fmean(r.pct(0.95) for r in results[1:])
    print(f"mean p95 over the pages: {mean:.1f} ms (target < {P95_TARGET_MS:.0f} ms)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20_000, help="organisations to load")
    parser.add_argument("--requests", type=int, default=600, help="requests per URL")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--cap", type=float, default=60.0, help="time cap per URL, seconds")
    parser.add_argument("--load-timeout", type=float, default=600.0, help="data load cap, s")
    parser.add_argument(
        "--databases",
        default="sqlite,postgres",
        help="comma-separated: sqlite, postgres (postgres runs under scripts/with-postgres.sh)",
    )
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--internal-load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--internal-postgres", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.internal_load is not None:
        print(json.dumps(load_district(args.internal_load)))
        return 0

    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    if args.internal_postgres:
        # Turn SIGTERM into SystemExit so the finally blocks stop gunicorn.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        results = bench_database("PostgreSQL", os.environ["DATABASE_URL"], args)
        return 0 if report("PostgreSQL", results, args) else 1

    failures = 0
    if "sqlite" in databases:
        results = bench_database("SQLite", "", args)
        failures += not report("SQLite (WAL)", results, args)
    if "postgres" in databases:
        command = [
            str(REPO / "scripts" / "with-postgres.sh"),
            sys.executable,
            __file__,
            "--internal-postgres",
            "--orgs",
            str(args.orgs),
            "--requests",
            str(args.requests),
            "--clients",
            str(args.clients),
            "--cap",
            str(args.cap),
            "--load-timeout",
            str(args.load_timeout),
            "--worker-class",
            args.worker_class,
            "--threads",
            str(args.threads),
        ]
        budget = args.load_timeout + len(URLS) * (args.cap + 40) + 120
        runner = subprocess.Popen(command, start_new_session=True)
        try:
            failures += runner.wait(budget) != 0
        except subprocess.TimeoutExpired:
            print("PostgreSQL run exceeded its time budget and was stopped", file=sys.stderr)
            os.killpg(runner.pid, signal.SIGTERM)  # the runner's trap stops the server
            runner.wait(60)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
