"""The records the accounting functions take and return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """One reported activity, its quantity already in the activity's canonical unit."""

    enterprise: str
    period: str  # "YYYY-MM" or "YYYY"
    activity: str  # canonical activity id
    quantity: float
    site: str = ""
    instrument: str = ""  # "", "gec", "green_power", "onsite" (purchased electricity only)
    removal_efficiency: float = 0.0  # end-of-pipe removal of air pollutants, 0..1
    sulfur_percent: float | None = None  # fuel sulfur content, % (SO2 of coal and oil)
    technology: str = ""  # combustion technology id for pollutant factors; "" = default
    product: str = ""  # product name, for product_output lines
    product_unit: str = ""  # the unit product output was reported in
    row: int = 0  # where the line came from, for messages and lineage

    @property
    def year(self) -> int:
        return int(self.period[:4])


@dataclass(frozen=True, slots=True)
class LineResult:
    """Everything computed for one line. Masses in tonnes; energy in tce."""

    line: ActivityLine
    category: str
    energy_tce: float  # GB/T 2589 by calorific value (当量值); negative for exported energy
    energy_tce_generation: float  # electricity by generation coal consumption (等价值)
    co2_fossil_t: float
    co2_biogenic_t: float  # biomass CO2, reported outside the totals
    ch4_t: float
    n2o_t: float
    fgas_co2e_t: float  # HFCs, PFCs, SF6 in CO2e
    scope1_co2e_t: float
    scope2_location_t: float
    scope2_market_t: float
    exported_t: float  # emissions of exported electricity and heat (deducted in GB/T 32150)
    gbt32150_co2e_t: float  # this line's contribution to the GB/T 32150 total
    so2_t: float
    nox_t: float
    pm_t: float
    vocs_t: float
    factor_ids: tuple[str, ...]


# The additive figures of a line, in output order; totals are their sums.
LINE_FIGURES: tuple[str, ...] = (
    "energy_tce",
    "energy_tce_generation",
    "co2_fossil_t",
    "co2_biogenic_t",
    "ch4_t",
    "n2o_t",
    "fgas_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "exported_t",
    "gbt32150_co2e_t",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
)
