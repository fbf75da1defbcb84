"""Benchmark of the district accounts at scale: 20,000 enterprises x 6 years (issue 10).

    .venv/bin/python bench/district.py [--database sqlite|postgres|both] [--enterprises 20000]
        [--repeat 3] [--clients 20] [--requests 200] [--runs 3] [--skip-web]

For each database a fresh one is migrated and loaded (bench/district_setup.py): the demo district
(accounts, the 12 parks) plus ``--enterprises`` synthetic enterprises, each with a factory in a
park and a verified inventory for every year 2020-2025 whose per-line results are the batch
engine's (``core.batch.compute_batch`` under each year's national factors): 15 annual lines per
enterprise for 2020-2024 and 15 lines x 12 months for 2025 (3.6 M lines at 20,000 enterprises),
stored as one Parquet file per year shared by that year's inventories. Then, each timed as the
median of ``--repeat`` runs beside a bare Polars aggregation of the same rows in the same run:

  (a) building the fact table from the stored results: ``district.services.facts.facts_rebuild``
      (every verified enterprise-year, from the Parquet files, into the database);
      floor: scan the same Parquet files and sum every figure per enterprise and year;
  (b) the LMDI decomposition of 2020 -> 2025 over all enterprises: the FACTS selector
      ``decomposition`` (two queries + ``core.progress.decompose_frames``) and the core alone;
      floor: the carrier rows of the two years summed per enterprise, year and carrier;
  (c) restating 2025 (3.6 M lines) under the newest basis: ``restatement_run`` (read and check
      the files, ``core.progress.restate_lines``, sums, store the restated facts), with the peak
      resident memory of the run (VmHWM, reset before it); floor: the 2025 file summed per
      enterprise;
  (d) the progress page and API at ``--clients`` concurrent clients, through gunicorn (the
      machinery of bench/web_load.py), as ratios to /healthz and to the bare Polars aggregation
      of the fact rows (per year sums of the 120,000 rows, in memory).

Targets: (b) < 1 s, (c) < 15 s, (d) p95 < 300 ms on SQLite and PostgreSQL. A benchmark, not a
test: nothing here runs in pytest. Everything runs on the loopback interface and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_load
from web_load import (
    Page,
    headers_for,
    run_load,
    start_gunicorn,
    stop_gunicorn,
    warmed_figures,
)

REPO = Path(__file__).resolve().parents[1]
DECOMPOSITION_TARGET_S = 1.0
RESTATEMENT_TARGET_S = 15.0
PAGES = [
    Page("baseline /healthz", "/healthz"),
    Page("district progress page", "/district/", "secretariat"),
    Page("park progress page", "/district/parks/{park}/", "secretariat"),
    Page("public aggregates page", "/district/public/"),
    Page("API progress", "/api/district/progress", "secretariat", "api"),
    Page("API progress, park", "/api/district/progress?park={park}", "secretariat", "api"),
    Page("API public aggregates", "/api/district/public", "", "api"),
]


def median_ratio(times: list[float], floors: list[float]) -> tuple[float, float, float]:
    timed, floor = statistics.median(times), statistics.median(floors)
    return timed, floor, timed / floor


def print_core(name: str, info: dict) -> None:
    figures = info["figures"]
    print(f"\n{name}: {info['enterprises']:,} enterprises x 6 years, {info['lines']:,} stored "
          f"lines ({info['lines_2025']:,} in 2025), {info['facts']:,} facts; loaded in "
          f"{info['load_seconds']} s; median of {info['repeat']} runs")  # fmt: skip
    header = f"{'step':<44}{'median s':>10}{'floor s':>10}{'ratio':>8}  target"
    print(header)
    print("-" * len(header))
    for label, key, target in (
        ("(a) facts_rebuild (Parquet -> fact table)", "rebuild", None),
        ("(b) decomposition via the FACTS selector", "decomposition", DECOMPOSITION_TARGET_S),
        ("(b) decompose_frames alone (core)", "decompose_core", DECOMPOSITION_TARGET_S),
        (
            f"(c) restatement_run 2025 ({info['lines_2025'] / 1e6:.2f} M lines)",
            "restatement",
            RESTATEMENT_TARGET_S,
        ),
        ("(c) restate_lines alone (core)", "restate_core", RESTATEMENT_TARGET_S),
    ):
        timed, floor, ratio = median_ratio(figures[key], figures[key + "_floor"])
        verdict = ""
        if target is not None:
            verdict = f"< {target:g} s " + ("ok" if timed < target else "MISSED")
        print(f"{label:<44}{timed:>10.3f}{floor:>10.3f}{ratio:>7.1f}x  {verdict}")
    print(f"(c) peak resident memory during restatement_run: {info['restatement_peak_mib']:,.0f} "
          f"MiB (process before it: {info['rss_before_restatement_mib']:,.0f} MiB)")  # fmt: skip
    print("floors: (a) scan of the same Parquet files + sums per enterprise-year; (b) the same "
          "carrier rows summed per enterprise, year, carrier; (c) the 2025 file summed per "
          "enterprise")  # fmt: skip


def bench_database(name: str, database_url: str, args: argparse.Namespace) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix=f"greenledger-district-{name}-"))
    server = None
    try:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE=web_load.SETTINGS,
            GREENLEDGER_DATA_DIR=str(workdir),
            DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")])),
        )
        print(f"\n== {name}: loading {args.enterprises:,} enterprises x 6 years ...", flush=True)
        setup = subprocess.run(
            [sys.executable, str(Path(__file__).parent / "district_setup.py"),
             str(args.enterprises), str(args.repeat)],
            env=env, capture_output=True, text=True, timeout=args.load_timeout,
        )  # fmt: skip
        if setup.returncode != 0:
            sys.stderr.write(setup.stdout + setup.stderr)
            raise SystemExit(f"{name}: loading or the core steps failed")
        info = json.loads(setup.stdout.strip().splitlines()[-1])
        print_core(name, info)
        if args.skip_web:
            return True
        server, port = start_gunicorn(env, workdir, args)
        figures = warmed_figures(port, list(PAGES), info, timeout=120)
        for _run in range(args.runs):
            for fig in figures:
                headers = headers_for(port, fig.page, info)
                alone = run_load(port, fig.path, headers, requests=args.single, clients=1,
                                 cap=args.cap)  # fmt: skip
                loaded = run_load(port, fig.path, headers, requests=args.requests,
                                  clients=args.clients, cap=args.cap)  # fmt: skip
                fig.add(alone, loaded)
                print(f"   {fig.page.label}: 1c {alone.pct(0.5):.1f} ms, p95 {loaded.pct(0.95):.1f}"
                      f" ms{' (time cap hit)' if loaded.capped else ''}", flush=True)  # fmt: skip
        ok = web_load.report(name, figures, args)
        floor_ms = statistics.median(info["figures"]["facts_floor"]) * 1000
        print(f"bare Polars aggregation of the {info['facts']:,} fact rows (per year sums, in "
              f"memory): {floor_ms:.2f} ms; p95 / that floor:")  # fmt: skip
        for fig in figures[1:]:
            p95 = statistics.median(fig.p95)
            print(f"  {fig.page.label:<28} p95 {p95:7.1f} ms = {p95 / floor_ms:8.1f}x")
        return ok
    finally:
        stop_gunicorn(server)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each core step")
    parser.add_argument("--requests", type=int, default=200, help="requests per page and run")
    parser.add_argument("--single", type=int, default=20, help="single-client requests per page")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--runs", type=int, default=3, help="rounds of the pages; medians")
    parser.add_argument("--cap", type=float, default=60.0, help="time cap per page, seconds")
    parser.add_argument("--load-timeout", type=float, default=3600.0, help="setup cap, s")
    parser.add_argument("--skip-web", action="store_true", help="only (a), (b) and (c)")
    parser.add_argument("--database", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--internal-postgres", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.orgs = args.enterprises  # what web_load.report prints
    args.no_page_cache = False

    if args.internal_postgres:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        return 0 if bench_database("PostgreSQL", os.environ["DATABASE_URL"], args) else 1
    failures = 0
    if args.database in ("sqlite", "both"):
        failures += not bench_database("SQLite (WAL)", "", args)
    if args.database in ("postgres", "both"):
        passed = [a for a in sys.argv[1:] if a not in ("--database", args.database)]
        command = [str(REPO / "scripts" / "with-postgres.sh"), sys.executable, __file__,
                   "--internal-postgres", *passed]  # fmt: skip
        runner = subprocess.Popen(command, start_new_session=True)
        try:
            failures += runner.wait(args.load_timeout * 2) != 0
        except subprocess.TimeoutExpired:
            print("PostgreSQL run exceeded its time budget and was stopped", file=sys.stderr)
            os.killpg(runner.pid, signal.SIGTERM)
            runner.wait(60)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
