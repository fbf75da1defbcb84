"""Industry-ecology endpoints, mounted at /api/ecology: resource offers and needs, matches and
exchanges with their recorded quantities and the parks' utilisation rates, and hourly
green-power matching (CFE). Reads filter through ``accounts.permissions``; writes go through
the services."""

from greenledger.web.ecology.api import (  # noqa: F401  (registers operations)
    exchanges,
    green_power,
    listings,
    map,
    parks,
    records,
)
from greenledger.web.ecology.api._router import router

__all__ = ["router"]
