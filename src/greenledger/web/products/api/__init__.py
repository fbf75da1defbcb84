"""Product-footprint and CBAM endpoints, mounted at /api/products: products, processes and
their inputs, footprints and their shares with customers, CBAM installations and reports.
Reads filter through ``accounts.permissions``; writes go through the services. (The PACT API
for outside customers' systems is a separate API with the PACT specification's own
authentication and error format.)"""

from greenledger.web.products.api import (  # noqa: F401  (registers operations)
    catalogue,
    cbam,
    footprints,
    shares,
)
from greenledger.web.products.api._router import router

__all__ = ["router"]
