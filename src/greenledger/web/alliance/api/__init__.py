"""Alliance endpoints, mounted at /api/alliance: applications to join and their review,
colleagues and invitations, events with registrations and check-in, notices. Reads filter
through ``accounts.permissions``; writes go through the services."""

from greenledger.web.alliance.api import (
    applications,  # noqa: F401  (registers operations)
    colleagues,  # noqa: F401  (registers operations)
    events,  # noqa: F401  (registers operations)
    notices,  # noqa: F401  (registers operations)
    registrations,  # noqa: F401  (registers operations)
)
from greenledger.web.alliance.api._router import router

__all__ = ["router"]
