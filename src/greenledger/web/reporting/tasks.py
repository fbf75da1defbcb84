"""Background tasks of the reporting app (django-tasks; the database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from greenledger.web.reporting.services.imports import import_job_run

    return import_job_run(job_id)
