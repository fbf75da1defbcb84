"""Figures of the products world's footprints worked out by hand, and a helper that computes
both enterprises' footprints of 2025 (the supplier's first, then the customer's).

Billet (S, 连铸): 10,000 t a year; direct 2,164.3105485 (natural gas) + 439.71 (limestone)
= 2,604.0205485 tCO2e; electricity 8,000 MWh at the national carbon-footprint factor 0.5777
kgCO2e/kWh = 4,621.6 tCO2e; per t: 0.26040205485 + 0.46216 = 0.72256205485 tCO2e/t.

Bracket (C, 冲压): 2,000 t a year; 60 % of C's site: direct 0.6 x 216.43105485 = 129.85863291
tCO2e, electricity 0.6 x 2,000 = 1,200 MWh x 0.5777 = 693.24 tCO2e; per t: 0.064929316455
+ 0.34662 = 0.411549316455, plus 1.05 t billet x 0.72256205485 = 0.7586901575925: 1.1702394740475.
"""

from __future__ import annotations

from greenledger.web.products.models import Footprint
from greenledger.web.products.services.footprints import footprint_compute
from tests.web.products.conftest import ProductsWorld

YEAR = 2025
BILLET_DIRECT = (2164.3105485 + 439.71) / 10_000
BILLET_ELECTRICITY = 8_000 * 0.5777 / 10_000
BILLET = BILLET_DIRECT + BILLET_ELECTRICITY  # 0.72256205485
BRACKET_DIRECT = 0.6 * 216.43105485 / 2_000
BRACKET_ELECTRICITY = 0.6 * 2_000 * 0.5777 / 2_000
BRACKET_BILLET = 1.05 * BILLET
BRACKET = BRACKET_DIRECT + BRACKET_ELECTRICITY + BRACKET_BILLET  # 1.1702394740475


def compute_both(pw: ProductsWorld) -> tuple[Footprint, Footprint]:
    """The billet's footprint (S), then the bracket's (C), both version 1."""
    [billet] = footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR)
    [bracket] = footprint_compute(actor=pw.manager_c, organisation=pw.customer, year=YEAR)
    return billet, bracket
