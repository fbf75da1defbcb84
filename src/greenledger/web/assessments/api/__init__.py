"""Assessment endpoints, mounted at /api/assessments. Reads go through the permission functions
(a hidden object answers 404), writes through the services (403 when refused, 422 with field
errors when invalid)."""

from greenledger.web.assessments.api import (  # noqa: F401  (registers operations)
    applications,
    calls,
    certificates,
    recognition,
    relations,
    reviews,
)
from greenledger.web.assessments.api._router import router

__all__ = ["router"]
