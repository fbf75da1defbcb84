"""District endpoints, mounted at /api/district: published aggregates for everybody, the full
accounts, targets, budgets and restatements for the staff, an enterprise's own figures for its
users. Reads filter through ``accounts.permissions``; writes go through the services."""

from greenledger.web.district.api import (  # noqa: F401  (registers operations)
    budgets,
    progress,
    public,
    restatements,
    targets,
)
from greenledger.web.district.api._router import router

__all__ = ["router"]
