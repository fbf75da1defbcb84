"""Background tasks of the planning app (django-tasks; the database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_district_pathway(run_id: int) -> str:
    from greenledger.web.planning.services.district_runs import district_run_execute

    return district_run_execute(run_id)
