"""Planning endpoints, mounted at /api/planning: the technology catalogue and research
institutions' proposals, enterprise plans (baseline, measures, scenarios, results, commitment)
and the district pathway runs. Reads filter through ``accounts.permissions``; writes go through
the services."""

from greenledger.web.planning.api import (  # noqa: F401  (registers operations)
    catalogue,
    district,
    plans,
    results,
)
from greenledger.web.planning.api._router import router

__all__ = ["router"]
