"""An activity-file import in the browser: the upload queues a background job and the page's
progress bar follows it (htmx polls the job every second) until it is done."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from greenledger.web.reporting import services
from greenledger.web.reporting.models import ImportJob, ImportStatus
from greenledger.web.reporting.services import imports as import_services
from tests.e2e.reporting_helpers import sign_in
from tests.web.conftest import build_world

pytestmark = pytest.mark.e2e

PROGRESS_RECORDER = """
() => {
  window.__progress = [];
  const record = () => {
    const bar = document.querySelector('#import-progress');
    if (bar) {
      const value = Number(bar.getAttribute('aria-valuenow'));
      if (window.__progress[window.__progress.length - 1] !== value) window.__progress.push(value);
    }
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true,
                                                       attributes: true});
  record();
}
"""


@pytest.fixture
def district(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    from django.core.cache import cache

    cache.clear()
    # The production queue: the upload only enqueues; the test plays the worker below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return build_world()


def big_csv(path: Path, sites: int = 800) -> Path:
    """12 months x 3 activities x ``sites`` copies of the same site lines (aggregated by the
    core): 28,800 lines, large enough that the job takes a few seconds."""
    lines = ["enterprise,site,period,activity,quantity,unit"]
    for copy in range(sites):
        for month in range(1, 13):
            period = f"2024-{month:02d}"
            lines.append(f"甲公司,甲工厂,{period},原煤,{10 + copy},t")
            lines.append(f'甲公司,甲工厂,{period},外购电力,"1,{copy:03d}",MWh')
            lines.append(f"甲公司,甲工厂,{period},柴油,{1 + copy / 10},t")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_progress_bar_follows_the_import_job_until_it_is_done(
    page: Any, district: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = services.submission_create_draft(
        actor=district.users["enterprise_a"], organisation=district.company_a, year=2024
    )
    sign_in(page, "enterprise-a")
    page.goto(f"/reporting/submissions/{submission.pk}/")
    assert page.locator("#import-progress").count() == 0
    page.evaluate(PROGRESS_RECORDER)

    page.set_input_files("#id_file", str(big_csv(tmp_path / "能源消费2024.csv")))
    page.click("#import-button")

    # The job is queued: the bar is there, at 0 %, and the panel polls the job.
    bar = page.locator("#import-progress")
    bar.wait_for()
    assert bar.get_attribute("aria-valuenow") == "0"
    assert page.locator("#import-job").get_attribute("data-status") == "queued"
    assert page.locator("#import-job").get_attribute("hx-trigger") == "every 1s"
    page.wait_for_timeout(1500)  # a poll or two while the job waits for a worker
    assert page.locator("#import-job").get_attribute("data-status") == "queued"

    # A worker picks the job up (here: a thread of the test, as `greenledger worker` would). It
    # pauses once the "store" stage is committed, until the page has shown that stage: machine
    # speed cannot make the intermediate state fall between two polls.
    job = ImportJob.objects.get(submission=submission)
    stored, release = threading.Event(), threading.Event()
    commit_progress = import_services._progress

    def pausing_progress(job: ImportJob, stage: str, progress: int, **fields: Any) -> None:
        commit_progress(job, stage, progress, **fields)
        if stage == "store":
            stored.set()
            release.wait(timeout=60)

    monkeypatch.setattr(import_services, "_progress", pausing_progress)
    outcome: dict[str, str] = {}

    def work() -> None:
        try:
            outcome["status"] = services.import_job_run(job.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert stored.wait(timeout=60), "the worker never reached the store stage"
        page.wait_for_function(
            "() => window.__progress.some(value => value > 0 && value < 100)", timeout=15_000
        )
    finally:
        release.set()
        worker.join(timeout=120)
    assert outcome.get("status") == ImportStatus.SUCCEEDED

    page.wait_for_selector("#import-job[data-status='succeeded']", timeout=10_000)
    assert bar.get_attribute("aria-valuenow") == "100"
    assert page.locator("#progress-value").inner_text() == "100 %"
    assert page.locator("#import-done").is_visible()
    # Polling stopped with the job, and the records table reloaded itself.
    assert page.locator("#import-job").get_attribute("hx-trigger") is None
    page.wait_for_selector("#record-table")
    seen = page.evaluate("window.__progress")
    assert seen[0] == 0 and seen[-1] == 100
    # The bar showed at least one stage between queued and done, and never went backwards.
    assert any(0 < value < 100 for value in seen), f"no intermediate state seen: {seen}"
    assert seen == sorted(seen), f"the bar went backwards: {seen}"
