"""Reporting endpoints, mounted at /api/reporting. Reads go through the permission functions
(a hidden object answers 404), writes through the services."""

from greenledger.web.reporting.api import files, workflow  # noqa: F401  (registers operations)
from greenledger.web.reporting.api._router import router

__all__ = ["router"]
