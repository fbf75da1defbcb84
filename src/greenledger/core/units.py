"""The one pint registry, and the unit spellings people really type.

Users type Chinese units (万kWh, 万m³, 吨标准煤, 万元), superscripts and full-width characters; this
module maps them onto the registry defined in ``units.txt`` and answers conversion factors,
cached, so hot paths convert per distinct unit and never per row.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from greenledger.core.errors import UnitError
from greenledger.core.messages import Message, message

ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=None)
ureg.load_definitions(str(resources.files("greenledger.core") / "units.txt"))
Q_: Any = ureg.Quantity

# What people type -> what the registry knows. Keys are compared after normalisation
# (NFKC, superscripts folded, spaces removed, case kept: "MWh" and "mWh" differ).
_ALIASES: dict[str, str] = {
    # energy and electricity
    "万kWh": "wan_kWh",
    "万千瓦时": "wan_kWh",
    "万度": "wan_kWh",
    "千瓦时": "kWh",
    "度": "kWh",
    "兆瓦时": "MWh",
    "kwh": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "吉焦": "GJ",
    "百万千焦": "GJ",
    "兆焦": "MJ",
    "gj": "GJ",
    "tj": "TJ",
    # coal equivalent
    "吨标准煤": "tce",
    "吨标煤": "tce",
    "万吨标准煤": "wan_tce",
    "千克标准煤": "kgce",
    "tce": "tce",
    "kgce": "kgce",
    # mass
    "吨": "t",
    "t": "t",
    "千克": "kg",
    "公斤": "kg",
    "万吨": "10000*t",
    # volume
    "立方米": "m**3",
    "m3": "m**3",
    "万立方米": "wan_m3",
    "万m3": "wan_m3",
    "万Nm3": "wan_Nm3",
    "万标准立方米": "wan_Nm3",
    "标准立方米": "Nm3",
    "nm3": "Nm3",
    "Nm3": "Nm3",
    "升": "L",
    # money
    "%": "percent",
    "元": "yuan",
    "万元": "wan_yuan",
}


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = folded.replace(" ", "").replace("·", "*")
    return folded


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Any:
    """Parse a unit as a user or a data file wrote it; raise UnitError naming it if unknown."""
    if not text or not text.strip():
        raise UnitError(message("units.empty"))
    key = _normalise(text)
    expression = _ALIASES.get(key) or _ALIASES.get(key.lower()) or key
    if expression in {"1", "dimensionless", "-"}:
        return ureg.Quantity(1.0, "dimensionless")
    try:
        parsed = ureg.parse_expression(expression)
    except Exception as exc:  # pint raises several unrelated types for bad input
        raise UnitError(message("units.unknown", unit=text)) from exc
    if isinstance(parsed, (int, float)):
        raise UnitError(message("units.number", unit=text))
    return parsed  # a Quantity: magnitude carries any scale such as 10000*t


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` one ``from_unit`` is; UnitError if the dimensions differ."""
    source = parse_unit(from_unit)
    target = parse_unit(to_unit)
    if source.dimensionality != target.dimensionality:
        raise UnitError(
            message(
                "units.wrong_dimension",
                unit=from_unit,
                found=_dimension_name(source),
                expected=_dimension_name(target),
                example=to_unit,
            )
        )
    return float((source / target).to("dimensionless").magnitude)


def _dimension_name(quantity: Any) -> Message:
    for name, unit in (
        ("energy", "J"),
        ("mass", "kg"),
        ("volume", "m**3"),
        ("money", "yuan"),
        ("number", "dimensionless"),
    ):
        if quantity.dimensionality == ureg.parse_expression(unit).dimensionality:
            return message(f"units.dimension.{name}")
    return message("units.dimension.other", dimensionality=str(quantity.dimensionality))


def convert(value: float, from_unit: str, to_unit: str) -> float:
    return value * conversion_factor(from_unit, to_unit)
