"""Translatable names of the core's categories, gases, units and pollutants.

English source strings; the Simplified Chinese follows the terms of GB/T 32150-2015 and
GB/T 2589-2020 (locale/zh_Hans).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

CATEGORIES: dict[str, Promise] = {
    "stationary_combustion": _("Stationary combustion"),
    "mobile_combustion": _("Mobile combustion"),
    "biomass_combustion": _("Biomass combustion"),
    "process": _("Industrial processes"),
    "fugitive": _("Fugitive emissions (F-gases)"),
    "purchased_electricity": _("Purchased electricity"),
    "purchased_heat": _("Purchased heat"),
    "exported_electricity": _("Exported electricity"),
    "exported_heat": _("Exported heat"),
    "output_value": _("Gross industrial output value"),
    "product_output": _("Product output"),
}

# GB/T 32150-2015 source types, each with the core categories it gathers.
SOURCE_TYPES: tuple[tuple[str, Promise, tuple[str, ...]], ...] = (
    (
        "fossil_combustion",
        _("Fossil fuel combustion emissions"),
        ("stationary_combustion", "mobile_combustion"),
    ),
    ("process", _("Industrial process emissions"), ("process",)),
    ("fugitive", _("Fugitive emissions of fluorinated gases"), ("fugitive",)),
    (
        "purchased",
        _("Emissions embodied in net purchased electricity and heat"),
        ("purchased_electricity", "purchased_heat"),
    ),
    (
        "exported",
        _("Exported electricity and heat"),
        ("exported_electricity", "exported_heat"),
    ),
    (
        "biomass",
        _("Biomass combustion (CO2 reported separately)"),
        ("biomass_combustion",),
    ),
)

# The rows of the GB/T 32150 total by source (figures.gbt32150_source_rows).
GBT_SOURCES: dict[str, Promise] = {
    "fossil_combustion": _("Fuel combustion emissions"),
    "process": _("Industrial process emissions"),
    "fugitive": _("Fugitive emissions of fluorinated gases"),
    "purchased_electricity": _("Purchased electricity"),
    "purchased_heat": _("Purchased heat"),
    "exported_electricity": _("Exported electricity (deducted)"),
    "exported_heat": _("Exported heat (deducted)"),
}

GASES: dict[str, Promise] = {
    "CO2": _("Carbon dioxide (CO2)"),
    "CH4": _("Methane (CH4)"),
    "N2O": _("Nitrous oxide (N2O)"),
    "F-gases (CO2e)": _("Fluorinated gases (HFCs, PFCs, SF6)"),
}

POLLUTANTS: dict[str, Promise] = {
    "so2": _("Sulphur dioxide (SO2)"),
    "nox": _("Nitrogen oxides (NOx)"),
    "pm": _("Particulate matter (PM)"),
    "vocs": _("Volatile organic compounds (VOCs)"),
}

UNITS: dict[str, Promise] = {
    "t": _("t"),
    "kg": _("kg"),
    "MWh": _("MWh"),
    "GJ": _("GJ"),
    "wan_Nm3": _("10⁴ Nm³"),
    "wan_yuan": _("10⁴ yuan"),
}

INSTRUMENTS: dict[str, Promise] = {
    "gec": _("green electricity certificates"),
    "green_power": _("green power trading contracts"),
    "onsite": _("on-site renewable generation"),
}


def unit_label(unit: str) -> str:
    label = UNITS.get(unit)
    return str(label) if label is not None else unit


def category_label(category: str) -> str:
    label = CATEGORIES.get(category)
    return str(label) if label is not None else category


def bilingual(text: str | Promise, **params: str | Promise) -> str:
    """'中文 / English' of a translatable string (the English alone when both are the same).

    ``params`` fill the string's %(name)s placeholders, each translated in its language.
    """

    def render() -> str:
        translated = gettext(text) if isinstance(text, str) else str(text)
        if params:
            translated = translated % {key: str(value) for key, value in params.items()}
        return translated

    with override("en"):
        english = render()
    with override("zh-hans"):
        chinese = render()
    return english if chinese == english else f"{chinese} / {english}"


# Column headers of the additive figures of a line (core.model.LINE_FIGURES).
FIGURES: dict[str, Promise] = {
    "energy_tce": _("Energy, calorific value (tce)"),
    "energy_tce_generation": _("Energy, generation coal consumption (tce)"),
    "co2_fossil_t": _("Fossil CO2 (t)"),
    "co2_biogenic_t": _("Biomass CO2 (t)"),
    "ch4_t": _("CH4 (t)"),
    "n2o_t": _("N2O (t)"),
    "fgas_co2e_t": _("F-gases (tCO2e)"),
    "scope1_co2e_t": _("Scope 1 (tCO2e)"),
    "scope2_location_t": _("Scope 2 location-based (tCO2e)"),
    "scope2_market_t": _("Scope 2 market-based (tCO2e)"),
    "exported_t": _("Exported electricity and heat (tCO2)"),
    "gbt32150_co2e_t": _("GB/T 32150 emissions (tCO2e)"),
    "so2_t": _("SO2 (t)"),
    "nox_t": _("NOx (t)"),
    "pm_t": _("PM (t)"),
    "vocs_t": _("VOCs (t)"),
}
