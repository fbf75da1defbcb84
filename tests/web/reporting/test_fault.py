"""Fault test: an import killed in the middle of its bulk insert leaves the database as before,
and the job runs again to completion.

It runs on a file-based SQLite database of its own (in tmp_path), in separate processes: one
sets the district up, one runs the import and is killed with SIGKILL inside the storing
transaction (the storage test hook sleeps after each inserted batch), and ``greenledger worker
--once`` re-queues the stale job and runs it again.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SETUP = r"""
import sys
from pathlib import Path
import django
django.setup()
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import Role
from greenledger.web.members import services as members
from greenledger.web.reporting import services
from tests.web.conftest import organisation_values

company = members.organisation_create(
    actor=None, **organisation_values(1, name_zh="甲公司", name_en="Company A"))
members.site_create(actor=None, organisation=company, kind="factory", name_zh="甲工厂")
manager = accounts.user_create(actor=None, username="manager", password="fault-test-password-1",
                               role=Role.ENTERPRISE_MANAGER, organisation=company)
submission = services.submission_create_draft(actor=manager, organisation=company, year=2024)
small, big = Path(sys.argv[1]), Path(sys.argv[2])
first = services.import_job_create(actor=manager, submission=submission, upload=small,
                                   filename=small.name)
assert services.import_job_run(first.pk) == "succeeded"
job = services.import_job_create(actor=manager, submission=submission, upload=big,
                                 filename=big.name)
print(job.pk)
"""

RUN = r"""
import sys
import django
django.setup()
from greenledger.web.reporting.services import import_job_run
print(import_job_run(int(sys.argv[1])))
"""

BIG_ROWS = 60_000  # two insert batches: the process is killed while sleeping after the first


def _write_files(directory: Path) -> tuple[Path, Path]:
    header = "enterprise,site,period,activity,quantity,unit\n"
    small = directory / "baseline.csv"
    small.write_text(
        header
        + "".join(
            f"甲公司,甲工厂,2024-{m:02d},原煤,{80 + m},t\n"
            f"甲公司,甲工厂,2024-{m:02d},外购电力,50,万kWh\n"
            for m in range(1, 13)
        ),
        encoding="utf-8",
    )
    big = directory / "diesel.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write(header)
        for i in range(BIG_ROWS):
            out.write(f"甲公司,甲工厂,2024-{i % 12 + 1:02d},柴油,{1 + i / 1000:.3f},t\n")
    return small, big


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="greenledger.web.settings.base",
        GREENLEDGER_DATA_DIR=str(data_dir),
        PYTHONPATH=str(Path(__file__).resolve().parents[3]),
        **extra,
    )
    return env


def _query(database: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_an_import_killed_during_its_bulk_insert_leaves_the_database_as_before(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database = data_dir / "greenledger.sqlite3"
    small, big = _write_files(tmp_path)
    greenledger = [sys.executable, "-m", "greenledger.cli"]
    env = _environment(data_dir)
    subprocess.run([*greenledger, "manage", "migrate", "-v0"], env=env, check=True)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(small), str(big)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    job_id = int(setup.stdout.strip().splitlines()[-1])
    records = "SELECT COUNT(*) FROM reporting_activityrecord"
    assert _query(database, records) == [(24,)]
    entries_before = _query(database, "SELECT COUNT(*) FROM audit_auditentry")

    slow = _environment(data_dir, GREENLEDGER_TEST_SLOW_INSERT_SECONDS="20")
    process = subprocess.Popen([sys.executable, "-c", RUN, str(job_id)], env=slow)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            stage = _query(database, f"SELECT stage FROM reporting_importjob WHERE id = {job_id}")
            if stage == [("store",)]:
                break
            assert process.poll() is None, "the import ended before it was killed"
            time.sleep(0.05)
        else:
            pytest.fail("the import never reached its storing stage")
        time.sleep(2.0)  # well inside the 20 s pause after the first 50,000 rows
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert _query(database, records) == [(24,)]
    assert _query(database, "SELECT COUNT(*) FROM reporting_inventoryresult") == [(1,)]
    assert _query(database, "SELECT COUNT(*) FROM audit_auditentry") == entries_before
    status = f"SELECT status, stage FROM reporting_importjob WHERE id = {job_id}"
    assert _query(database, status) == [("running", "store")]

    rerun = subprocess.run(
        [*greenledger, "worker", "--once"],
        env=_environment(data_dir, GREENLEDGER_IMPORT_STALE_SECONDS="0"),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert f"[{job_id}]" in rerun.stdout
    assert _query(database, status) == [("succeeded", "done")]
    assert _query(database, records) == [(24 + BIG_ROWS,)]
    line_count = "SELECT line_count FROM reporting_inventoryresult"
    assert _query(database, line_count) == [(24 + BIG_ROWS,)]
