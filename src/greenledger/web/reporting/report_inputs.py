"""Report inputs (greenledger.web.reports) built from stored submissions and inventories."""

from __future__ import annotations

from greenledger.core.intake import frame_to_lines
from greenledger.core.inventory import compute_inventory
from greenledger.web.members.models import Site
from greenledger.web.reporting.models import InventoryResult
from greenledger.web.reporting.services._common import library
from greenledger.web.reporting.services.inventory import accounting_context, version_frame
from greenledger.web.reports.inputs import EnterpriseDetails, ReportInput
from greenledger.web.reports.inputs import Site as ReportSite


def report_input(inventory: InventoryResult) -> ReportInput:
    """The annual report input of a stored inventory, recomputed line by line by the core's
    reference path from the version's records (the same figures the batch engine stored)."""
    version = inventory.version
    submission = version.submission
    organisation = submission.organisation
    frame = version_frame(version)
    computed = compute_inventory(frame_to_lines(frame), library(), accounting_context(version))
    sites = tuple(
        ReportSite(name=s.name_zh, address=s.address)
        for s in Site.objects.filter(organisation=organisation).order_by("pk")
    )
    details = EnterpriseDetails(
        name=organisation.name_zh,
        credit_code=organisation.credit_code,
        address=organisation.address,
        industry=organisation.industry_code,
        reporting_year=submission.year,
        sites=sites,
    )
    return ReportInput.from_inventory(computed, details, library=library())
