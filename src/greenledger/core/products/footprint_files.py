"""The footprint model as JSON: read it (every problem located) and write the solved result.

File: ``{"processes": [{"id", "product", "output", "direct_tco2e", "inputs": [{"product",
"amount"}], "biogenic_tco2e"?, "primary"?, "dqi"?}], "background": {PRODUCT:
{"tco2e_per_unit", "biogenic_tco2e_per_unit"?, "source"?, "confirmed"?, "dqi"?}}}``;
``direct_tco2e`` and ``amount`` are per the process's ``output``. A ``dqi`` is an object of
the five indicators (reliability, completeness, temporal, geographical, technological: 1-5).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.products.footprint import (
    DQI,
    Background,
    Footprints,
    Input,
    Model,
    Process,
)

__all__ = [
    "BACKGROUND_PATH",
    "ELECTRICITY_FOOTPRINT_PATH",
    "ElectricityFootprint",
    "load_background",
    "load_electricity_footprint",
    "read_model",
    "read_model_file",
    "to_json",
]

_DATA = Path(__file__).parent / "data"
BACKGROUND_PATH = _DATA / "background.yaml"
ELECTRICITY_FOOTPRINT_PATH = _DATA / "electricity_footprint.yaml"


@dataclass(frozen=True, slots=True)
class ElectricityFootprint:
    """One value of the national electricity carbon-footprint series (kgCO2e/kWh)."""

    year: int
    region: str
    kind: str
    kg_co2e_per_kwh: float
    source: str
    confirmed: bool


@lru_cache(maxsize=2)
def load_electricity_footprint(
    path: Path = ELECTRICITY_FOOTPRINT_PATH,
) -> tuple[ElectricityFootprint, ...]:
    """The electricity carbon-footprint series (a life-cycle series, not the inventory CO2
    factors of the factor library)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data.get("unit") != "kgCO2e/kWh":
        raise ValueError(f"{path.name}: the unit must be kgCO2e/kWh")
    return tuple(
        ElectricityFootprint(
            year=int(row["year"]),
            region=str(row["region"]),
            kind=str(row["kind"]),
            kg_co2e_per_kwh=float(row["value"]),
            source=f"{row['issuer']}: {row['document']}, dated {row['dated']}, "
            f"issued {row['issued']}",
            confirmed=row["confirmed"] is True,
        )
        for row in data["series"]
    )


@lru_cache(maxsize=2)
def load_background(
    path: Path = BACKGROUND_PATH, series: Path = ELECTRICITY_FOOTPRINT_PATH
) -> dict[str, Background]:
    """The shipped background factors (tCO2e per unit), keyed by product."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    values = load_electricity_footprint(series)
    result: dict[str, Background] = {}
    for key, entry in (data.get("factors") or {}).items():
        if "from_series" in entry:
            ref = entry["from_series"]
            [row] = [
                v
                for v in values
                if (v.year, v.region, v.kind) == (ref["year"], ref["region"], ref["kind"])
            ]
            if entry["unit"] != "MWh":
                raise ValueError(f"{path.name}: {key}: a series factor is per MWh")
            value = row.kg_co2e_per_kwh  # kgCO2e/kWh = tCO2e/MWh
        else:
            value = float(entry["tco2e_per_unit"])
        result[key] = Background(
            product=key,
            tco2e_per_unit=value,
            source=str(entry["source"]),
            confirmed=entry["confirmed"] is True,
        )
    return result


class _Reader:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, where: str, code: str, **params: object) -> None:
        self.problems.append(Problem(message(code, **params), file=self.file, column=where))

    def get(self, obj: Mapping[str, Any], key: str, where: str, kind: str) -> Any:
        path = f"{where}.{key}" if where else key
        if key not in obj:
            self.fail(path, "footprint.file.missing", field=path)
            return None
        value = obj[key]
        ok = {
            "number": isinstance(value, (int, float)) and not isinstance(value, bool),
            "text": isinstance(value, str) and value.strip() != "",
            "list": isinstance(value, list),
            "object": isinstance(value, dict),
            "boolean": isinstance(value, bool),
        }[kind]
        if not ok:
            self.fail(path, "footprint.file.type", field=path, expected=kind, found=value)
            return None
        return value

    def optional(self, obj: Mapping[str, Any], key: str, where: str, kind: str) -> Any:
        return self.get(obj, key, where, kind) if key in obj else None

    def dqi(self, obj: Mapping[str, Any], where: str) -> DQI | None:
        raw = self.optional(obj, "dqi", where, "object")
        if raw is None:
            return None
        try:
            return DQI(**{k: raw.get(k) for k in DQI.__dataclass_fields__})
        except InputError as exc:
            for problem in exc.problems:
                self.problems.append(Problem(problem.message, file=self.file, column=where))
            return None


def read_model(data: object, *, file: str | None = None) -> Model:
    """The model in ``data`` (parsed JSON); every problem is reported at once, nothing half-read."""
    r = _Reader(file)
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    message(
                        "footprint.file.type",
                        field="(top)",
                        expected="object",
                        found=type(data).__name__,
                    ),
                    file=file,
                )
            ]
        )
    processes: list[Process] = []
    for i, raw in enumerate(r.get(data, "processes", "", "list") or []):
        where = f"processes[{i}]"
        if not isinstance(raw, dict):
            r.fail(where, "footprint.file.type", field=where, expected="object", found=raw)
            continue
        values = {
            key: r.get(raw, key, where, kind)
            for key, kind in (
                ("id", "text"),
                ("product", "text"),
                ("output", "number"),
                ("direct_tco2e", "number"),
            )
        }
        inputs: list[Input] = []
        for k, item in enumerate(r.optional(raw, "inputs", where, "list") or []):
            at = f"{where}.inputs[{k}]"
            if not isinstance(item, dict):
                r.fail(at, "footprint.file.type", field=at, expected="object", found=item)
                continue
            product = r.get(item, "product", at, "text")
            amount = r.get(item, "amount", at, "number")
            if product is not None and amount is not None:
                inputs.append(Input(product, float(amount)))
        biogenic = r.optional(raw, "biogenic_tco2e", where, "number")
        primary = r.optional(raw, "primary", where, "boolean")
        dqi = r.dqi(raw, where)
        if all(v is not None for v in values.values()):
            processes.append(
                Process(
                    id=values["id"],
                    product=values["product"],
                    output=float(values["output"]),
                    direct_tco2e=float(values["direct_tco2e"]),
                    inputs=tuple(inputs),
                    biogenic_tco2e=float(biogenic or 0.0),
                    primary=True if primary is None else primary,
                    dqi=dqi,
                )
            )
    background: dict[str, Background] = {}
    for product, raw in (r.optional(data, "background", "", "object") or {}).items():
        where = f"background.{product}"
        if not isinstance(raw, dict):
            r.fail(where, "footprint.file.type", field=where, expected="object", found=raw)
            continue
        value = r.get(raw, "tco2e_per_unit", where, "number")
        biogenic = r.optional(raw, "biogenic_tco2e_per_unit", where, "number")
        source = r.optional(raw, "source", where, "text")
        confirmed = r.optional(raw, "confirmed", where, "boolean")
        dqi = r.dqi(raw, where)
        if value is not None:
            background[product] = Background(
                product=product,
                tco2e_per_unit=float(value),
                source=source or "",
                confirmed=bool(confirmed),
                biogenic_tco2e_per_unit=float(biogenic or 0.0),
                dqi=dqi,
            )
    if r.problems:
        raise InputError(r.problems)
    return Model(tuple(processes), background)


def read_model_file(path: Path) -> Model:
    """The model in the JSON file at ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            [Problem(message("footprint.file.not_json", error=str(exc)), file=path.name)]
        ) from None
    return read_model(data, file=path.name)


def to_json(footprints: Footprints) -> dict[str, Any]:
    """``{"footprints": {PRODUCT: {"tco2e_per_unit", "contributions": {...}, ...}}}``."""
    result: dict[str, Any] = {}
    for product, value in footprints.per_unit.items():
        c = footprints.contributions(product)
        result[product] = {
            "tco2e_per_unit": value,
            "contributions": {
                "direct": c.direct,
                "inputs": c.by_input,
                "processes": c.by_process,
                "background": c.by_background,
            },
            "biogenic_tco2e_per_unit": footprints.biogenic_per_unit[product],
            "dqi": footprints.dqi[product],
            "dqi_coverage": footprints.dqi_coverage[product],
            "primary_data_share": footprints.primary_share[product],
        }
    return {"footprints": result}
