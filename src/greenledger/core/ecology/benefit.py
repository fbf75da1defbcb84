"""The counterfactual benefit of an exchange: what it diverts, substitutes and avoids.

Every figure is a sourced factor times a quantity, and the result carries its calculation
lines (factor, source, arithmetic) so a reader can redo it by hand:

- a waste or by-product: tonnes diverted from the counterfactual (landfill or incineration,
  ``data/avoided.yaml`` counterfactuals) plus the virgin material the receiver no longer buys
  (substitutes, at the process's ratio, ``data/acceptance.yaml``);
- heat: natural gas a boiler no longer burns (heat / boiler efficiency x the natural-gas CO2
  factor from the factor library), less the electricity a heat pump needs at the grid factor;
- cold: electricity an electric chiller no longer uses (cold / chiller COP) at the grid factor;
- water: cubic metres of fresh water saved (no CO2 factor is sourced, so none is claimed).

Heat pump COP (``data/heat.yaml``): a COP stated on the offer, else the Carnot fraction model
COP = fraction x T_cond / (T_cond - T_evap) in kelvin, with the evaporator at the source
temperature less the minimum approach and the condenser at the sink temperature plus it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.ecology.codes import Process, load_acceptance
from greenledger.core.ecology.symbiosis_files import Need, Offer
from greenledger.core.factors.loader import load_library

_DATA = Path(__file__).parent / "data"
AVOIDED_PATH = _DATA / "avoided.yaml"
HEAT_PATH = _DATA / "heat.yaml"
KELVIN = 273.15
_C_TO_CO2 = 44.0 / 12.0
_GJ_PER_MWH = 3.6


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor the benefit uses: its value, unit and the document it comes from."""

    key: str
    value: float | None  # None: no sourced factor (quantities shown, no CO2)
    unit: str
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class HeatSettings:
    min_approach_k: float
    carnot_fraction: float
    max_lift_k: float
    chiller_cop: float
    source: str


@dataclass(frozen=True, slots=True)
class AvoidedFactors:
    counterfactuals: dict[str, Factor]  # tCO2e per tonne
    substitutes: dict[str, Factor]  # tCO2e per unit substituted
    substitute_names: dict[str, tuple[str, str, str]]  # key -> (name_en, name_zh, unit)
    gas_heat: Factor  # tCO2 per MWh of heat from a gas boiler
    grid: Factor  # tCO2 per MWh of electricity
    heat: HeatSettings


@dataclass(frozen=True, slots=True)
class CalcLine:
    """One step of a benefit's calculation."""

    label: str
    arithmetic: str
    value: float | None
    unit: str
    source: str


@dataclass(frozen=True, slots=True)
class Benefit:
    quantity: float  # exchanged, in unit
    unit: str  # t, MWh, m3
    diverted_t: float  # tonnes kept from landfill or incineration
    substituted: float  # virgin material or fuel substituted, in substituted_unit
    substituted_what: str
    substituted_unit: str
    electricity_mwh: float  # a heat pump's need (positive) or a chiller's saving (negative)
    t_co2e_avoided: float | None  # None: no sourced factor for any part
    lines: tuple[CalcLine, ...]


def benefit_json(benefit: Benefit) -> dict[str, Any]:
    """A benefit as JSON-ready data: every figure and the calculation lines."""
    found = asdict(benefit)
    found["lines"] = [dict(line) for line in found["lines"]]
    return found


@lru_cache(maxsize=4)
def load_factors(avoided: Path = AVOIDED_PATH, heat: Path = HEAT_PATH) -> AvoidedFactors:
    """The counterfactual factors and heat settings, with library factors resolved."""
    data = load_yaml(avoided)
    settings = load_yaml(heat)
    library = load_library()
    counterfactuals: dict[str, Factor] = {}
    for key, entry in data["counterfactuals"].items():
        if "t_co2e_per_t" in entry:
            value = float(entry["t_co2e_per_t"])
        else:  # NCV (TJ/Gg = GJ/t) x CO2 factor (kg/TJ) -> t CO2 per t
            value = float(entry["ncv_tj_per_gg"]) * float(entry["co2_kg_per_tj"]) / 1e6
        counterfactuals[key] = Factor(
            key, value, "tCO2e/t", str(entry["source"]), entry["confirmed"] is True
        )
    substitutes: dict[str, Factor] = {}
    names: dict[str, tuple[str, str, str]] = {}
    for key, entry in data["substitutes"].items():
        raw = entry.get("t_co2e_per_unit")
        substitutes[key] = Factor(
            key,
            None if raw is None else float(raw),
            f"tCO2e/{entry['unit']}",
            str(entry["source"]),
            entry["confirmed"] is True,
        )
        names[key] = (str(entry["name_en"]), str(entry["name_zh"]), str(entry["unit"]))
    boiler = data["substitutes"]["natural_gas_boiler"]
    carbon = library.by_id(boiler["factor_carbon_content"])
    oxidation = library.by_id(boiler["factor_oxidation_rate"])
    efficiency = float(boiler["boiler_efficiency"])
    fuel_t_per_mwh = carbon.value_in("tC/TJ") * oxidation.value * _C_TO_CO2 * _GJ_PER_MWH / 1000
    gas_heat = Factor(
        "natural_gas_boiler",
        fuel_t_per_mwh / efficiency,
        "tCO2/MWh heat",
        f"{carbon.citation()} (carbon content {carbon.value} {carbon.unit}, oxidation rate "
        f"{oxidation.value}); boiler efficiency {efficiency}: {boiler['boiler_efficiency_source']}",
        carbon.confirmed and oxidation.confirmed,
    )
    grid_factor = library.by_id(data["grid"]["factor"])
    grid = Factor(
        grid_factor.id,
        grid_factor.value_in("tCO2/MWh"),
        "tCO2/MWh",
        grid_factor.citation(),
        grid_factor.confirmed,
    )
    pump = settings["heat_pump"]
    heat_settings = HeatSettings(
        float(settings["min_approach_k"]["value"]),
        float(pump["carnot_fraction"]),
        float(pump["max_lift_k"]),
        float(settings["chiller_cop"]["value"]),
        f"{settings['min_approach_k']['source']}; {pump['source']}",
    )
    return AvoidedFactors(counterfactuals, substitutes, names, gas_heat, grid, heat_settings)


def heat_pump_cop(
    source_c: float, sink_c: float, *, approach_k: float, carnot_fraction: float
) -> float:
    """COP of a heat pump lifting heat from ``source_c`` to a sink needing ``sink_c``:
    fraction x T_cond / (T_cond - T_evap), T_evap = source - approach, T_cond = sink + approach.
    """
    t_evap = source_c - approach_k + KELVIN
    t_cond = sink_c + approach_k + KELVIN
    return carnot_fraction * t_cond / (t_cond - t_evap)


def heat_pump_delivery(available_mwh: float, needed_mwh: float, cop: float) -> tuple[float, float]:
    """(heat delivered, electricity used) in MWh: the pump delivers source heat plus its work,
    Q = source x COP / (COP - 1), at most what the sink needs; electricity = Q / COP."""
    delivered = min(needed_mwh, available_mwh * cop / (cop - 1.0))
    return delivered, delivered / cop


def _fmt(value: float) -> str:
    return f"{value:,.4g}"


def material_benefit(quantity_t: float, process: Process, factors: AvoidedFactors) -> Benefit:
    """Benefit of ``quantity_t`` tonnes of a waste or by-product received by ``process``."""
    lines: list[CalcLine] = []
    total: float | None = None
    diverted = quantity_t if process.counterfactual is not None else 0.0
    if process.counterfactual is not None:
        cf = factors.counterfactuals[process.counterfactual]
        value = quantity_t * (cf.value or 0.0)
        lines.append(
            CalcLine(
                f"avoided {process.counterfactual}",
                f"{_fmt(quantity_t)} t x {_fmt(cf.value or 0.0)} tCO2e/t = {_fmt(value)} tCO2e",
                value,
                "tCO2e",
                cf.source,
            )
        )
        total = value
    substituted = 0.0
    what, unit = "", ""
    if process.substitutes is not None:
        sub = factors.substitutes[process.substitutes]
        what, _, unit = factors.substitute_names[process.substitutes]
        substituted = quantity_t * process.ratio
        lines.append(
            CalcLine(
                f"{what} substituted",
                f"{_fmt(quantity_t)} t x {_fmt(process.ratio)} = {_fmt(substituted)} {unit}",
                substituted,
                unit,
                process.ratio_source,
            )
        )
        if sub.value is not None:
            value = substituted * sub.value
            lines.append(
                CalcLine(
                    f"avoided production of {what}",
                    f"{_fmt(substituted)} {unit} x {_fmt(sub.value)} {sub.unit} = "
                    f"{_fmt(value)} tCO2e",
                    value,
                    "tCO2e",
                    sub.source,
                )
            )
            total = (total or 0.0) + value
    return Benefit(quantity_t, "t", diverted, substituted, what, unit, 0.0, total, tuple(lines))


def heat_benefit(
    delivered_mwh: float, electricity_mwh: float, factors: AvoidedFactors, *, cop: float | None
) -> Benefit:
    """Benefit of ``delivered_mwh`` of heat replacing gas-boiler heat, net of the electricity
    a heat pump (at ``cop``, None without one) uses."""
    gas = factors.gas_heat.value or 0.0
    grid = factors.grid.value or 0.0
    avoided = delivered_mwh * gas
    lines = [
        CalcLine(
            "natural gas boiler heat avoided",
            f"{_fmt(delivered_mwh)} MWh x {_fmt(gas)} tCO2/MWh = {_fmt(avoided)} tCO2",
            avoided,
            "tCO2",
            factors.gas_heat.source,
        )
    ]
    total = avoided
    if cop is not None:
        used = electricity_mwh * grid
        lines.append(
            CalcLine(
                "heat pump electricity",
                f"{_fmt(delivered_mwh)} MWh / COP {_fmt(cop)} = {_fmt(electricity_mwh)} MWh x "
                f"{_fmt(grid)} tCO2/MWh = {_fmt(used)} tCO2",
                -used,
                "tCO2",
                factors.grid.source,
            )
        )
        total -= used
    name = factors.substitute_names["natural_gas_boiler"][0]
    return Benefit(
        delivered_mwh, "MWh", 0.0, delivered_mwh, name, "MWh", electricity_mwh, total, tuple(lines)
    )


def cold_benefit(delivered_mwh: float, factors: AvoidedFactors) -> Benefit:
    """Benefit of ``delivered_mwh`` of cold replacing an electric chiller."""
    cop = factors.heat.chiller_cop
    grid = factors.grid.value or 0.0
    saved = delivered_mwh / cop
    avoided = saved * grid
    lines = (
        CalcLine(
            "chiller electricity avoided",
            f"{_fmt(delivered_mwh)} MWh / COP {_fmt(cop)} = {_fmt(saved)} MWh x {_fmt(grid)} "
            f"tCO2/MWh = {_fmt(avoided)} tCO2",
            avoided,
            "tCO2",
            factors.grid.source,
        ),
    )
    name = factors.substitute_names["electric_chiller"][0]
    return Benefit(delivered_mwh, "MWh", 0.0, delivered_mwh, name, "MWh", -saved, avoided, lines)


def water_benefit(delivered_m3: float, factors: AvoidedFactors) -> Benefit:
    """Fresh water saved; no CO2 is claimed (no sourced factor)."""
    sub = factors.substitutes["fresh_water"]
    line = CalcLine("fresh water saved", f"{_fmt(delivered_m3)} m3", delivered_m3, "m3", sub.source)
    name = factors.substitute_names["fresh_water"][0]
    return Benefit(delivered_m3, "m3", 0.0, delivered_m3, name, "m3", 0.0, None, (line,))


def per_unit_avoided(process: Process, factors: AvoidedFactors) -> float:
    """tCO2e avoided per unit received by ``process`` without a heat pump (for vectorised
    ranking; the exact figure with its lines comes from the functions above)."""
    if "heat" in process.kinds:
        return factors.gas_heat.value or 0.0
    if "cold" in process.kinds:
        return (factors.grid.value or 0.0) / factors.heat.chiller_cop
    total = 0.0
    if process.counterfactual is not None:
        total += factors.counterfactuals[process.counterfactual].value or 0.0
    if process.substitutes is not None:
        total += process.ratio * (factors.substitutes[process.substitutes].value or 0.0)
    return total


def exchange_benefit(
    offer: Offer,
    need: Need,
    quantity: float,
    *,
    factors: AvoidedFactors | None = None,
    rules: dict[str, Process] | None = None,
) -> Benefit:
    """Benefit of ``quantity`` (t, MWh delivered to the sink, or m3) actually exchanged between
    ``offer`` and ``need``, as a recorded exchange reports it. Heat below the sink's
    temperature plus the approach goes through a heat pump (the offer's stated COP, else the
    Carnot fraction model) and its electricity is netted."""
    factors = factors if factors is not None else load_factors()
    rules = rules if rules is not None else load_acceptance()
    if offer.kind == "heat":
        heat = factors.heat
        assert offer.supply_temp_c is not None and need.min_temp_c is not None
        if offer.supply_temp_c >= need.min_temp_c + heat.min_approach_k:
            return heat_benefit(quantity, 0.0, factors, cop=None)
        cop = offer.heat_pump_cop or heat_pump_cop(
            offer.supply_temp_c,
            need.min_temp_c,
            approach_k=heat.min_approach_k,
            carnot_fraction=heat.carnot_fraction,
        )
        return heat_benefit(quantity, quantity / cop, factors, cop=cop)
    if offer.kind == "cold":
        return cold_benefit(quantity, factors)
    if offer.kind == "water":
        return water_benefit(quantity, factors)
    return material_benefit(quantity, rules[need.process], factors)
