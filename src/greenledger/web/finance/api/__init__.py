"""Finance endpoints, mounted at /api/finance: financing projects and their eligibility, the
green project pool and interests, consents (grants) and their access log, and the financial
institutions' portfolios (PCAF). Reads filter through ``accounts.permissions``; writes go
through the services."""

from greenledger.web.finance.api import (  # noqa: F401  (registers operations)
    consent,
    pool,
    portfolio,
    projects,
    reports,
    settings,
    transition,
)
from greenledger.web.finance.api._router import router

__all__ = ["router"]
