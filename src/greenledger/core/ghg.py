"""Greenhouse-gas inventory: one set of lines, two views.

GB/T 32150-2015 (industrial enterprises): total = fuel combustion + process + purchased
electricity and heat - exported electricity and heat; biomass CO2 reported separately, outside
the total. GHG Protocol Corporate Standard: Scope 1 by source category, Scope 2 location-based
and market-based (Scope 2 Guidance, 2015); exported energy and biogenic CO2 are memo items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from greenledger.core.model import LineResult
from greenledger.core.resolve import LineFactors


class LineEmissions(NamedTuple):
    co2_fossil_t: float
    co2_biogenic_t: float
    ch4_t: float
    n2o_t: float
    fgas_co2e_t: float
    scope1_co2e_t: float
    scope2_location_t: float
    scope2_market_t: float
    exported_t: float
    gbt32150_co2e_t: float


def line_emissions(quantity: float, factors: LineFactors) -> LineEmissions:
    scope1 = quantity * factors.scope1_co2e
    location = quantity * factors.scope2_location
    exported = quantity * factors.exported
    return LineEmissions(
        co2_fossil_t=quantity * factors.co2_fossil,
        co2_biogenic_t=quantity * factors.co2_biogenic,
        ch4_t=quantity * factors.ch4,
        n2o_t=quantity * factors.n2o,
        fgas_co2e_t=quantity * factors.fgas_co2e,
        scope1_co2e_t=scope1,
        scope2_location_t=location,
        scope2_market_t=quantity * factors.scope2_market,
        exported_t=exported,
        gbt32150_co2e_t=scope1 + location - exported,
    )


SCOPE1_CATEGORIES = (
    "stationary_combustion",
    "mobile_combustion",
    "biomass_combustion",
    "process",
    "fugitive",
)


@dataclass(frozen=True, slots=True)
class GhgProtocolView:
    scope1_tco2e: float
    scope1_by_category: dict[str, float]
    scope2_location_tco2e: float
    scope2_market_tco2e: float
    biogenic_co2_t: float  # memo item, outside the scopes
    exported_energy_tco2: float  # memo item: emissions of exported electricity and heat


@dataclass(frozen=True, slots=True)
class Gbt32150View:
    total_tco2e: float
    combustion_tco2e: float
    process_tco2e: float
    fugitive_tco2e: float
    purchased_electricity_tco2: float
    purchased_heat_tco2: float
    exported_electricity_tco2: float
    exported_heat_tco2: float
    by_gas_t: dict[str, float]  # masses: CO2, CH4, N2O; F-gases as tCO2e under "F-gases (CO2e)"
    biomass_co2_t: float  # reported separately, not in the total


def ghg_protocol_view(results: Iterable[LineResult]) -> GhgProtocolView:
    by_category = dict.fromkeys(SCOPE1_CATEGORIES, 0.0)
    location = market = biogenic = exported = 0.0
    for r in results:
        if r.category in by_category:
            by_category[r.category] += r.scope1_co2e_t
        location += r.scope2_location_t
        market += r.scope2_market_t
        biogenic += r.co2_biogenic_t
        exported += r.exported_t
    return GhgProtocolView(
        scope1_tco2e=sum(by_category.values()),
        scope1_by_category=by_category,
        scope2_location_tco2e=location,
        scope2_market_tco2e=market,
        biogenic_co2_t=biogenic,
        exported_energy_tco2=exported,
    )


def gbt32150_view(results: Iterable[LineResult]) -> Gbt32150View:
    sums = dict.fromkeys(
        (
            "total",
            "combustion",
            "process",
            "fugitive",
            "purchased_electricity",
            "purchased_heat",
            "exported_electricity",
            "exported_heat",
        ),
        0.0,
    )
    gases = {"CO2": 0.0, "CH4": 0.0, "N2O": 0.0, "F-gases (CO2e)": 0.0}
    biomass = 0.0
    for r in results:
        sums["total"] += r.gbt32150_co2e_t
        category = r.category
        if category.endswith("_combustion"):
            sums["combustion"] += r.scope1_co2e_t
        elif category in {"process", "fugitive"}:
            sums[category] += r.scope1_co2e_t
        elif category in {"purchased_electricity", "purchased_heat"}:
            sums[category] += r.scope2_location_t
        elif category in {"exported_electricity", "exported_heat"}:
            sums[category] += r.exported_t
        gases["CO2"] += r.co2_fossil_t + r.scope2_location_t - r.exported_t
        gases["CH4"] += r.ch4_t
        gases["N2O"] += r.n2o_t
        gases["F-gases (CO2e)"] += r.fgas_co2e_t
        biomass += r.co2_biogenic_t
    return Gbt32150View(
        total_tco2e=sums["total"],
        combustion_tco2e=sums["combustion"],
        process_tco2e=sums["process"],
        fugitive_tco2e=sums["fugitive"],
        purchased_electricity_tco2=sums["purchased_electricity"],
        purchased_heat_tco2=sums["purchased_heat"],
        exported_electricity_tco2=sums["exported_electricity"],
        exported_heat_tco2=sums["exported_heat"],
        by_gas_t=gases,
        biomass_co2_t=biomass,
    )
