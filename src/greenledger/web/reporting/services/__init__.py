"""Writes of the reporting app: submissions and their workflow, records, imports, inventories,
meter series. Each checks permission, changes rows and appends to the audit ledger in one
transaction."""

from greenledger.web.reporting.services.imports import (
    import_job_confirm_replace,
    import_job_create,
    import_job_enqueue,
    import_job_requeue_stale,
    import_job_run,
)
from greenledger.web.reporting.services.inventory import inventory_compute
from greenledger.web.reporting.services.meters import meter_series_upload
from greenledger.web.reporting.services.records import record_create, record_delete, record_update
from greenledger.web.reporting.services.submissions import (
    current_version,
    record_comment,
    submission_assign_evaluator,
    submission_correct,
    submission_create_draft,
    submission_request_changes,
    submission_submit,
    submission_verify,
)

__all__ = [
    "current_version",
    "import_job_confirm_replace",
    "import_job_create",
    "import_job_enqueue",
    "import_job_requeue_stale",
    "import_job_run",
    "inventory_compute",
    "meter_series_upload",
    "record_comment",
    "record_create",
    "record_delete",
    "record_update",
    "submission_assign_evaluator",
    "submission_correct",
    "submission_create_draft",
    "submission_request_changes",
    "submission_submit",
    "submission_verify",
]
