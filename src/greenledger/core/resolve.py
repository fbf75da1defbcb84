"""Resolve an activity to its per-unit coefficients, once, with the factor ids behind them.

Both the single-enterprise functions and the columnar batch engine multiply a line's quantity by
these coefficients, in the same order, so the two give bit-identical per-line figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from greenledger.core.context import ELECTRICITY_SERIES, AccountingContext
from greenledger.core.errors import FactorNotFound, GreenLedgerError, UnitError
from greenledger.core.factors.library import Activity, Factor, FactorLibrary
from greenledger.core.units import conversion_factor

# Molar-mass ratio of CO2 to C in the combustion formula E = FC x NCV x CC x OF x 44/12
# (GB/T 32150-2015, Annex B; IPCC 2006 Vol. 2 eq. 2.1 via the carbon content).
CO2_PER_C = 44.0 / 12.0

INSTRUMENTS: dict[str, str] = {
    "": "grid electricity, no instrument",
    "gec": "green electricity certificates (绿证) cover these MWh",
    "green_power": "green power trading contract (绿电交易) covers these MWh",
    "onsite": "on-site renewable generation (自发自用) covers these MWh",
}
POLLUTANTS: tuple[str, ...] = ("SO2", "NOx", "PM", "VOCs")
COMBUSTION = frozenset({"stationary_combustion", "mobile_combustion", "biomass_combustion"})
# Mobile combustion takes the factor rows of this technology unless a line names another
# (the road-transport CH4/N2O and pollutant factors differ from stationary ones).
MOBILE_TECHNOLOGY = "vehicle"


@dataclass(frozen=True, slots=True)
class LineFactors:
    """Coefficients per canonical unit of an activity. Every mass in tonnes."""

    activity: str
    category: str
    unit: str
    tce: float
    tce_generation: float
    co2_fossil: float
    co2_biogenic: float
    ch4: float
    n2o: float
    fgas_co2e: float
    scope1_co2e: float
    scope2_location: float
    scope2_market: float
    exported: float
    so2: float  # t per unit, when no sulfur-based coefficient applies
    so2_per_sulfur: float  # t per unit per 1 % sulfur
    default_sulfur: float  # % used when a line gives no sulfur content
    nox: float
    pm: float
    vocs: float
    factor_ids: tuple[str, ...]


_ZERO = dict.fromkeys(
    (
        "tce",
        "tce_generation",
        "co2_fossil",
        "co2_biogenic",
        "ch4",
        "n2o",
        "fgas_co2e",
        "scope1_co2e",
        "scope2_location",
        "scope2_market",
        "exported",
        "so2",
        "so2_per_sulfur",
        "default_sulfur",
        "nox",
        "pm",
        "vocs",
    ),
    0.0,
)


def line_factors(
    library: FactorLibrary,
    context: AccountingContext,
    activity_id: str,
    *,
    instrument: str = "",
    technology: str = "",
    year: int | None = None,
) -> LineFactors:
    """The coefficients of one activity; the context's year, if set, overrides ``year``."""
    return _cached(library, context, activity_id, instrument, technology, context.year or year)


@lru_cache(maxsize=65536)
def _cached(
    library: FactorLibrary,
    context: AccountingContext,
    activity_id: str,
    instrument: str,
    technology: str,
    year: int | None,
) -> LineFactors:
    activity = library.activities.get(activity_id)
    if activity is None:
        raise GreenLedgerError(f"unknown activity {activity_id!r}")
    if instrument not in INSTRUMENTS:
        raise GreenLedgerError(
            f"unknown instrument {instrument!r}; one of {', '.join(INSTRUMENTS)}"
        )
    if instrument and activity.category != "purchased_electricity":
        raise GreenLedgerError(f"an instrument applies to purchased electricity, not {activity_id}")
    builder = _Builder(library, context, activity, year)
    category = activity.category
    if category in COMBUSTION:
        builder.combustion(technology)
    elif category in {"purchased_electricity", "exported_electricity"}:
        builder.electricity(instrument, exported=category == "exported_electricity")
    elif category in {"purchased_heat", "exported_heat"}:
        builder.heat(exported=category == "exported_heat")
    elif category == "process":
        builder.process()
    elif category == "fugitive":
        builder.fugitive()
    return builder.build()


class _Builder:
    def __init__(
        self,
        library: FactorLibrary,
        context: AccountingContext,
        activity: Activity,
        year: int | None,
    ) -> None:
        self.library = library
        self.context = context
        self.activity = activity
        self.year = year
        self.unit = activity.canonical_unit
        self.values: dict[str, float] = dict(_ZERO)
        self.ids: list[str] = []

    # -- lookups ------------------------------------------------------------------------------
    def find(
        self,
        quantity: str,
        *,
        gases: tuple[str, ...] = ("", "CO2"),
        technology: str = "",
        edition: str | None = None,
    ) -> Factor | None:
        fuel = self.activity.factor_activity
        for gas in gases:
            for tech in dict.fromkeys((technology, "")):
                found = self.library.find_optional(
                    fuel,
                    quantity,
                    gas=gas,
                    technology=tech,
                    region=self.context.region,
                    year=self.year,
                    edition=edition,
                )
                if found is not None:
                    return found
        return None

    def need(
        self, quantity: str, *, gases: tuple[str, ...] = ("", "CO2"), edition: str | None = None
    ) -> Factor:
        found = self.find(quantity, gases=gases, edition=edition)
        if found is None:
            of_edition = f", GB/T 32150 edition {edition}" if edition else ""
            raise FactorNotFound(
                f"the factor library has no {quantity} for {self.activity.factor_activity} "
                f"(activity {self.activity.id}, region {self.context.region}{of_edition})"
            )
        return found

    def ghg_edition(self) -> str | None:
        """The GB/T 32150 edition whose fuel defaults apply: the one the context names, else
        the one the manifest's rule gives for the line's year; None for a fuel the standard
        has no row for (biomass: IPCC defaults)."""
        editions = self.library.ghg_editions
        fuel = self.activity.factor_activity
        if not self.library.has_rows_of(fuel, "ncv", editions.standard):
            return None
        return self.context.ghg_edition or editions.for_year(self.year).edition

    def use(self, factor: Factor, unit: str) -> float:
        self.ids.append(factor.id)
        return factor.value_in(unit)

    def gwp(self, gas: str) -> float:
        value, ids = self.library.gwp(gas, self.context.gwp)
        self.ids.extend(ids)
        return value

    # -- categories ---------------------------------------------------------------------------
    def combustion(self, technology: str) -> None:
        if not technology and self.activity.category == "mobile_combustion":
            technology = MOBILE_TECHNOLOGY
        unit = self.unit
        edition = self.ghg_edition()
        ncv = self.use(self.need("ncv", edition=edition), f"GJ/{unit}")
        carbon = self.use(self.need("carbon_content", edition=edition), "tC/GJ")
        oxidation = self.use(self.need("oxidation_rate", edition=edition), "dimensionless")
        co2 = ncv * carbon * oxidation * CO2_PER_C
        if self.activity.category == "biomass_combustion":
            self.values["co2_biogenic"] = co2
        else:
            self.values["co2_fossil"] = co2
        for gas in ("CH4", "N2O"):
            factor = self.find("ef", gases=(gas,), technology=technology)
            if factor is not None:
                self.values[gas.lower()] = self.per_unit_of_fuel(factor, ncv, "t")
        coal_equivalent = self.find("coal_equivalent", gases=("",))
        if coal_equivalent is not None:
            tce = self.use(coal_equivalent, f"tce/{unit}")
        else:  # GB/T 2589-2020: by the fuel's low calorific value, 1 kgce = 29 307 kJ
            tce = ncv * conversion_factor("GJ", "tce")
        self.values["tce"] = self.values["tce_generation"] = tce
        self.values["scope1_co2e"] = (
            self.values["co2_fossil"]
            + self.values["ch4"] * self.gwp("CH4")
            + self.values["n2o"] * self.gwp("N2O")
        )
        self.pollutants(technology, ncv)

    def per_unit_of_fuel(self, factor: Factor, ncv_gj: float, mass_unit: str) -> float:
        """A factor given per unit of heat (kg/TJ) or of fuel (kg/t), per canonical unit."""
        self.ids.append(factor.id)
        try:
            return factor.value_in(f"{mass_unit}/GJ") * ncv_gj
        except UnitError:
            return factor.value_in(f"{mass_unit}/{self.unit}")

    def pollutants(self, technology: str, ncv_gj: float) -> None:
        sulfur_based = self.find("so2_sulfur_coefficient", gases=("SO2", ""), technology=technology)
        if sulfur_based is not None:
            self.values["so2_per_sulfur"] = self.per_unit_of_fuel(sulfur_based, ncv_gj, "t")
            default_sulfur = self.find("sulfur_content", gases=("", "SO2"))
            if default_sulfur is not None:
                self.values["default_sulfur"] = self.use(default_sulfur, "percent")
        for gas in POLLUTANTS:
            if gas == "SO2" and sulfur_based is not None:
                continue
            factor = self.find("ef", gases=(gas,), technology=technology)
            if factor is not None:
                self.values[gas.lower()] = self.per_unit_of_fuel(factor, ncv_gj, "t")

    def electricity(self, instrument: str, *, exported: bool) -> None:
        series = ELECTRICITY_SERIES[self.context.electricity_series]
        location_factor = self.find(series) or self.need("ef")
        location = self.use(location_factor, "tCO2/MWh")
        tce = self.use(self.need("coal_equivalent", gases=("",)), "tce/MWh")
        generation = self.find("coal_equivalent_generation", gases=("",))
        tce_generation = self.use(generation, "tce/MWh") if generation is not None else tce
        if exported:
            self.values["exported"] = location
            self.values["tce"] = -tce
            self.values["tce_generation"] = -tce_generation
            return
        self.values["tce"] = tce
        self.values["tce_generation"] = tce_generation
        if instrument == "onsite":
            return  # consumed where generated: no purchased electricity, no Scope 2
        self.values["scope2_location"] = location
        if instrument in {"gec", "green_power"}:
            return  # market-based: the covered MWh carry the instrument's zero factor
        # A residual mix applies only within the market it was published for: a national
        # residual is not mixed with a local factor such as Shanghai's. Without one, uncovered
        # MWh take the location factor (GHG Protocol Scope 2 Guidance, 2015, Table 6.3 hierarchy).
        residual = self.find("ef_residual")
        if residual is not None and residual.region == self.context.region:
            self.values["scope2_market"] = self.use(residual, "tCO2/MWh")
        else:
            self.values["scope2_market"] = location

    def heat(self, *, exported: bool) -> None:
        factor = self.use(self.need("ef"), f"tCO2/{self.unit}")
        tce = self.use(self.need("coal_equivalent", gases=("",)), f"tce/{self.unit}")
        sign = -1.0 if exported else 1.0
        self.values["tce"] = self.values["tce_generation"] = sign * tce
        if exported:
            self.values["exported"] = factor
        else:
            self.values["scope2_location"] = self.values["scope2_market"] = factor

    def process(self) -> None:
        co2 = self.use(self.need("ef"), f"tCO2/{self.unit}")
        self.values["co2_fossil"] = self.values["scope1_co2e"] = co2

    def fugitive(self) -> None:
        per_unit_gas = conversion_factor(self.unit, "t")
        co2e = self.gwp(self.activity.factor_activity) * per_unit_gas
        self.values["fgas_co2e"] = self.values["scope1_co2e"] = co2e

    def build(self) -> LineFactors:
        return LineFactors(
            activity=self.activity.id,
            category=self.activity.category,
            unit=self.unit,
            factor_ids=tuple(dict.fromkeys(self.ids)),
            **self.values,
        )
