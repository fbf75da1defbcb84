"""Import benchmark: a 1 M-line CSV and a 100 k-line XLSX, end to end, against a raw-insert floor.

    .venv/bin/python bench/imports.py [--csv-lines 1008000] [--xlsx-lines 100800] [--repeat 3]
    scripts/with-postgres.sh .venv/bin/python bench/imports.py   # also on PostgreSQL

One organisation with enough sites that every line is distinct (sites x 12 months x 42
activity/product lines). For each database (SQLite in a temporary data directory; PostgreSQL
too when DATABASE_URL is set) and each file, the runs are interleaved and repeated:

- floor: the same rows, already built as Python tuples, inserted raw into a fresh table with the
  records table's schema and indexes (SQLite: one ``executemany`` in a fresh database file;
  PostgreSQL: ``COPY`` into a ``LIKE ... INCLUDING ALL`` table), then committed;
- import: ``import_job_create`` + ``import_job_run`` (the task body): safety checks, read,
  validate, enterprise/site/year checks, outlier check, one transaction with the bulk insert and
  the inventory (``compute_batch``, per-line Parquet), job bookkeeping and audit entries.

Each run is a fresh process, so its peak memory (max RSS) is its own. Prints medians of the
seconds, lines/s, the import/floor ratio end to end and the ratio of the import's storing step
(the bulk insert inside the transaction) to the floor. Targets on 2 cores, SQLite: CSV <= 15 s,
XLSX <= 20 s end to end; storage within 2x of the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SETTINGS = "greenledger.web.settings.base"
ORGANISATION = "基准测试制造有限公司"
LINES_PER_SITE_MONTH = 42
YEAR = 2024
TARGETS = {"csv": 15.0, "xlsx": 20.0}


# --------------------------------------------------------------------------- inside Django


def _django(data_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["GREENLEDGER_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("GREENLEDGER_MAX_UPLOAD_BYTES", str(1024 * 1024 * 1024))
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()


def line_templates() -> list[tuple[str, str, str]]:
    """42 (activity, unit, product) lines per site and month, all valid and distinct."""
    from greenledger.core.factors import load_library

    library = load_library()
    wanted = (
        "stationary_combustion",
        "mobile_combustion",
        "purchased_electricity",
        "purchased_heat",
        "process",
        "fugitive",
    )
    activities = [a for a in library.activities.values() if a.category in wanted][:29]
    lines = [(a.name_zh, a.canonical_unit.replace("wan_", "万"), "") for a in activities]
    lines.append(("output_value", "万元", ""))
    lines += [("product_output", "t", f"产品{i:02d}") for i in range(1, 13)]
    assert len(lines) == LINES_PER_SITE_MONTH, len(lines)
    return lines


def setup(data_dir: Path, sites: int, files: dict[str, tuple[Path, int]]) -> None:
    """Migrate, create the organisation, its sites and manager, and write the files."""
    _django(data_dir)
    import polars as pl
    from django.core.management import call_command

    from greenledger.core.registry.credit_code import make_code
    from greenledger.web.accounts import services as accounts
    from greenledger.web.accounts.models import Role
    from greenledger.web.members import services as members
    from greenledger.web.members.models import Site

    call_command("migrate", verbosity=0)
    organisation = members.organisation_create(
        actor=None,
        kind="enterprise",
        name_zh=ORGANISATION,
        name_en="Benchmark Manufacturing",
        credit_code=make_code(authority="9", category="1", division="310115", org_body="BENCH001"),
        district="浦东新区",
    )
    Site.objects.bulk_create(
        Site(organisation=organisation, kind="factory", name_zh=f"厂区{i:05d}", district="浦东新区")
        for i in range(sites)
    )
    accounts.user_create(
        actor=None,
        username="bench",
        password="bench-password-2025",
        role=Role.ENTERPRISE_MANAGER,
        organisation=organisation,
    )
    templates = line_templates()
    for kind, (path, lines) in files.items():
        if path.exists():
            continue
        count_sites = -(-lines // (12 * LINES_PER_SITE_MONTH))
        rows = [
            (
                ORGANISATION,
                f"厂区{s:05d}",
                f"{YEAR}-{m:02d}",
                activity,
                round(1 + (s * 7 + m * 13 + j * 3) % 997 / 10, 1),
                unit,
                product,
            )
            for s in range(count_sites)
            for m in range(1, 13)
            for j, (activity, unit, product) in enumerate(templates)
        ][:lines]
        frame = pl.DataFrame(
            rows, schema=["企业名称", "厂区", "期间", "活动", "数量", "单位", "产品"], orient="row"
        )
        if kind == "csv":
            frame.write_csv(path)
        else:
            _write_xlsx(frame, path)


def _write_xlsx(frame: Any, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("活动数据")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(row)
    workbook.save(path)


def run_import(data_dir: Path, path: Path) -> dict[str, Any]:
    """One import through the task body; the storing step is timed by wrapping the inserter."""
    _django(data_dir)
    from django.db import connection

    from greenledger.web.accounts.models import User
    from greenledger.web.members.models import Organisation
    from greenledger.web.reporting import services, storage
    from greenledger.web.reporting.models import ActivityRecord, ImportJob, Submission
    from greenledger.web.reporting.services import imports as import_services

    timings = {"store": 0.0, "transaction": 0.0}
    insert = storage.insert_records

    def timed_insert(frame: Any, **kwargs: Any) -> int:
        start = time.perf_counter()
        try:
            return insert(frame, **kwargs)
        finally:
            timings["store"] += time.perf_counter() - start

    import_services.storage.insert_records = timed_insert  # type: ignore[attr-defined]
    store = import_services._store

    def timed_store(*args: Any) -> None:
        start = time.perf_counter()
        try:
            store(*args)
        finally:
            timings["transaction"] = time.perf_counter() - start

    import_services._store = timed_store  # type: ignore[assignment]
    organisation = Organisation.objects.get(name_zh=ORGANISATION)
    manager = User.objects.get(username="bench")
    submission = services.submission_create_draft(
        actor=manager, organisation=organisation, year=YEAR
    )
    start = time.perf_counter()
    job = services.import_job_create(
        actor=manager, submission=submission, upload=path, filename=path.name
    )
    status = services.import_job_run(job.pk)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    if status != "succeeded":
        raise SystemExit(f"the import failed: {job.problems[:5]}")
    stored = ActivityRecord.objects.filter(version__submission=submission).count()
    # Clean up outside the timing: raw delete of the lines, then the small rows.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {storage.TABLE} WHERE version_id IN "
            "(SELECT id FROM reporting_submissionversion WHERE submission_id = %s)",
            [submission.pk],
        )
    ImportJob.objects.filter(submission=submission).delete()
    Submission.objects.filter(pk=submission.pk).delete()
    if connection.vendor == "postgresql":  # as autovacuum would, before the next run
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {storage.TABLE}")
    return {
        "seconds": seconds,
        "store_seconds": timings["store"],
        "transaction_seconds": timings["transaction"],
        "lines": stored,
        "rows_total": job.rows_total,
    }


def run_floor(data_dir: Path, path: Path) -> dict[str, Any]:
    """The same rows, as tuples, inserted raw into a fresh table of the same schema."""
    _django(data_dir)
    import polars as pl
    from django.db import connection

    from greenledger.core.intake import read_table, validate_frame
    from greenledger.web.members.models import Organisation
    from greenledger.web.reporting import storage
    from greenledger.web.reporting.models import Submission
    from greenledger.web.reporting.services._common import library
    from greenledger.web.reporting.services.lines import (
        check_belongs,
        original_columns,
        record_frame,
    )

    raw = read_table(path)
    lines = validate_frame(raw, library(), file=path.name)
    organisation = Organisation.objects.get(name_zh=ORGANISATION)
    submission = Submission(organisation=organisation, year=YEAR)
    lines = check_belongs(lines, submission, file=path.name)
    records = record_frame(lines, original_columns(raw), version_id=1, import_job_id=None)
    records = records.select(pl.col(c).cast(t) for c, t in storage.RECORD_SCHEMA.items())
    rows = list(records.iter_rows())
    if connection.vendor == "postgresql":
        seconds = _floor_postgresql(connection, records)
    else:
        seconds = _floor_sqlite(data_dir, connection, rows)
    return {"seconds": seconds, "lines": len(rows)}


def _floor_sqlite(data_dir: Path, connection: Any, rows: list[tuple[Any, ...]]) -> float:
    import sqlite3

    from greenledger.web.reporting.storage import SQLITE_INSERT_CACHE_KIB

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
            "ORDER BY type DESC",
            [storage_table()],
        )
        ddl = [row[0] for row in cursor.fetchall()]  # the table first, then its indexes
    floor = data_dir / "floor.sqlite3"
    floor.unlink(missing_ok=True)
    database = sqlite3.connect(floor, isolation_level=None)
    database.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        f"PRAGMA cache_size = -{SQLITE_INSERT_CACHE_KIB};"  # the same cache as the import's
    )
    database.execute("CREATE TABLE members_site (id integer primary key)")
    database.execute("CREATE TABLE reporting_submissionversion (id integer primary key)")
    database.execute("CREATE TABLE reporting_importjob (id integer primary key)")
    database.execute("INSERT INTO reporting_submissionversion (id) VALUES (1)")
    database.executemany(
        "INSERT INTO members_site (id) VALUES (?)",
        [(i,) for i in {r[1] for r in rows if r[1] is not None}],
    )
    for statement in ddl:
        database.execute(statement)
    from greenledger.web.reporting.storage import insert_sql

    sql = insert_sql().replace("%s", "?")
    start = time.perf_counter()
    database.execute("BEGIN IMMEDIATE")
    database.executemany(sql, rows)
    database.execute("COMMIT")
    seconds = time.perf_counter() - start
    database.close()
    floor.unlink(missing_ok=True)
    return seconds


def storage_table() -> str:
    from greenledger.web.reporting.storage import TABLE

    return TABLE


def _floor_postgresql(connection: Any, records: Any) -> float:
    import io

    import polars as pl
    from django.db import transaction

    from greenledger.web.members.models import Organisation
    from greenledger.web.reporting.models import Submission, SubmissionVersion
    from greenledger.web.reporting.storage import RECORD_COLUMNS, TABLE

    # A real version row for the foreign key, as the import has (removed afterwards).
    moment = dt.datetime.now(dt.UTC)
    organisation = Organisation.objects.get(name_zh=ORGANISATION)
    submission = Submission.objects.create(
        organisation=organisation, year=YEAR + 50, created_at=moment, updated_at=moment
    )
    version = SubmissionVersion.objects.create(submission=submission, number=1, created_at=moment)
    records = records.with_columns(pl.lit(version.pk, dtype=pl.Int64).alias("version_id"))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        # The same columns, defaults, indexes and foreign keys (checked at commit, as Django's).
        cursor.execute(f"CREATE TABLE bench_floor (LIKE {TABLE} INCLUDING ALL)")
        for column, target in (
            ("version_id", "reporting_submissionversion"),
            ("site_id", "members_site"),
        ):
            cursor.execute(
                f"ALTER TABLE bench_floor ADD FOREIGN KEY ({column}) REFERENCES {target} (id) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    buffer = io.BytesIO()
    records.write_csv(buffer, include_header=False, null_value="")
    data = buffer.getvalue()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        statement = f"COPY bench_floor ({', '.join(RECORD_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
        with cursor.cursor.copy(statement) as copy:
            copy.write(data)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    submission.delete()
    return seconds


# --------------------------------------------------------------------------- orchestration


def _child(mode: str, data_dir: Path, path: Path, env: dict[str, str]) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--data-dir",
        str(data_dir),
        "--file",
        str(path),
    ]
    wrapper = [sys.executable, "-c", _RUSAGE, *command]
    result = subprocess.run(wrapper, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{result.stdout}\n{result.stderr[-4000:]}")
    lines = result.stdout.strip().splitlines()
    report = json.loads(lines[-2])
    report["max_rss_mb"] = int(lines[-1]) / 1024
    return report


# Runs the child and prints its peak RSS (kB) after its own output.
_RUSAGE = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
)


def bench_files(work: Path, args: argparse.Namespace) -> dict[str, tuple[Path, int]]:
    """The input files, named by their line counts (kept between runs with --work)."""
    return {
        "csv": (work / f"activity-{args.csv_lines}.csv", args.csv_lines),
        "xlsx": (work / f"activity-{args.xlsx_lines}.xlsx", args.xlsx_lines),
    }


def bench_database(label: str, env: dict[str, str], args: argparse.Namespace, work: Path) -> None:
    data_dir = work / f"data-{label}"
    shutil.rmtree(data_dir, ignore_errors=True)  # a fresh database every time
    data_dir.mkdir()
    files = bench_files(work, args)
    sites = -(-max(args.csv_lines, args.xlsx_lines) // (12 * LINES_PER_SITE_MONTH))
    started = time.perf_counter()
    setup_cmd = [
        sys.executable,
        __file__,
        "--child",
        "setup",
        "--data-dir",
        str(data_dir),
        "--sites",
        str(sites),
        "--csv-lines",
        str(args.csv_lines),
        "--xlsx-lines",
        str(args.xlsx_lines),
        "--work",
        str(work),
    ]
    subprocess.run(setup_cmd, env=env, check=True)
    print(
        f"\n== {label}: {sites:,} sites; files and database ready in "
        f"{time.perf_counter() - started:.1f} s"
    )
    for kind, (path, _lines) in files.items():
        floors: list[dict[str, Any]] = []
        imports: list[dict[str, Any]] = []
        for _ in range(args.repeat):  # interleaved: floor, import, floor, import, ...
            floors.append(_child("floor", data_dir, path, env))
            imports.append(_child("import", data_dir, path, env))
        report(label, kind, path, floors, imports)


def report(
    label: str, kind: str, path: Path, floors: list[dict[str, Any]], imports: list[dict[str, Any]]
) -> None:
    lines = imports[0]["lines"]
    assert all(r["lines"] == lines for r in imports + floors), "runs stored different line counts"
    floor = statistics.median(r["seconds"] for r in floors)
    total = statistics.median(r["seconds"] for r in imports)
    store = statistics.median(r["store_seconds"] for r in imports)
    transaction = statistics.median(r["transaction_seconds"] for r in imports)
    rss = max(r["max_rss_mb"] for r in imports)
    size = path.stat().st_size / 1e6
    target = TARGETS[kind]
    verdict = "meets" if total <= target else "MISSES"
    print(f"-- {label} {kind.upper()} {lines:,} lines ({size:.1f} MB), medians of {len(imports)}")
    print(f"   raw insert floor     {floor:7.2f} s  {lines / floor:12,.0f} lines/s")
    print(
        f"   import end to end    {total:7.2f} s  {lines / total:12,.0f} lines/s  "
        f"({total / floor:.1f}x the floor; target <= {target:.0f} s: {verdict})"
    )
    print(
        f"   of which storing     {store:7.2f} s  {lines / store:12,.0f} lines/s  "
        f"({store / floor:.2f}x the floor; target <= 2x: "
        f"{'meets' if store <= 2 * floor else 'MISSES'})"
    )
    print(
        f"   storing transaction  {transaction:7.2f} s  (insert + inventory + Parquet + commit, "
        "with the deferred foreign-key checks)"
    )
    print(
        f"   peak memory (import) {rss:7.0f} MB;  all runs (s): "
        f"floor {[round(r['seconds'], 2) for r in floors]}, "
        f"import {[round(r['seconds'], 2) for r in imports]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv-lines", type=int, default=2000 * 12 * LINES_PER_SITE_MONTH)
    parser.add_argument("--xlsx-lines", type=int, default=200 * 12 * LINES_PER_SITE_MONTH)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="keep files here")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="which to run (PostgreSQL only when DATABASE_URL is set)",
    )
    parser.add_argument("--child", choices=["setup", "import", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sites", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "setup":
        setup(args.data_dir, args.sites, bench_files(args.work, args))
        return
    if args.child in ("import", "floor"):
        run = run_import if args.child == "import" else run_floor
        print(json.dumps(run(args.data_dir, args.file)))
        return

    print(f"GreenLedger import benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="greenledger-bench-imports-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        if "sqlite" in args.databases:
            sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            bench_database("SQLite", sqlite_env, args, work)
        if "postgresql" in args.databases and os.environ.get("DATABASE_URL"):
            bench_database("PostgreSQL", dict(os.environ), args, work)


if __name__ == "__main__":
    main()
