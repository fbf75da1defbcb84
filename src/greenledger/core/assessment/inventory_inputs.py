"""Indicator inputs derived from a verified inventory, so pre-scores come from accounted data.

Names produced (a rule set's input opts in with `inventory: <name>`):
  energy_tce                  comprehensive energy consumption, GB/T 2589-2020 (calorific value)
  energy_tce_generation       the same with electricity by generation coal consumption
  ghg_tco2e                   GB/T 32150 total (combustion + process + purchased - exported)
  scope1_tco2e, scope2_location_tco2e, scope2_market_tco2e
  tco2e_per_tce               carbon per unit energy: GB/T 32150 total / energy_tce
  output_value_wan_yuan       reported output value, 10^4 yuan
  tce_per_wan_yuan, tco2e_per_wan_yuan
  product_output, tce_per_product, tco2e_per_product   (exactly one product reported)
  electricity_mwh             purchased electricity, all instruments
  renewable_electricity_mwh   of which covered by on-site generation, green power or certificates
  renewable_electricity_share renewable_electricity_mwh / electricity_mwh
A ratio whose denominator is zero or missing is left out: the applicant must then supply it.
"""

from __future__ import annotations

from greenledger.core.inventory import EnterpriseInventory

RENEWABLE_INSTRUMENTS = frozenset({"onsite", "green_power", "gec"})


def inputs_from_inventory(inventory: EnterpriseInventory) -> dict[str, float]:
    energy = inventory.energy
    ghg = inventory.gbt32150.total_tco2e
    found: dict[str, float] = {
        "energy_tce": energy.energy_tce,
        "energy_tce_generation": energy.energy_tce_generation,
        "ghg_tco2e": ghg,
        "scope1_tco2e": inventory.ghg_protocol.scope1_tco2e,
        "scope2_location_tco2e": inventory.ghg_protocol.scope2_location_tco2e,
        "scope2_market_tco2e": inventory.ghg_protocol.scope2_market_tco2e,
    }
    if energy.energy_tce > 0:
        found["tco2e_per_tce"] = ghg / energy.energy_tce
    output = energy.output_value_wan_yuan
    if output:
        found["output_value_wan_yuan"] = output
        found["tce_per_wan_yuan"] = energy.energy_tce / output
        found["tco2e_per_wan_yuan"] = ghg / output
    if len(energy.products) == 1:
        ((quantity, _unit),) = energy.products.values()
        if quantity > 0:
            found["product_output"] = quantity
            found["tce_per_product"] = energy.energy_tce / quantity
            found["tco2e_per_product"] = ghg / quantity
    electricity = renewable = 0.0
    for result in inventory.lines:
        if result.category != "purchased_electricity":
            continue
        electricity += result.line.quantity
        if result.line.instrument in RENEWABLE_INSTRUMENTS:
            renewable += result.line.quantity
    if electricity > 0:
        found["electricity_mwh"] = electricity
        found["renewable_electricity_mwh"] = renewable
        found["renewable_electricity_share"] = renewable / electricity
    return found
