"""Key energy-consuming units (重点用能单位): thresholds as data, and a classifier.

The thresholds and their source live in ``data/key_energy_units.yaml``: a unit whose annual
comprehensive energy consumption is ``key_unit_min_tce`` or more is a key unit; one from
``designated_min_tce`` up to (not including) ``key_unit_min_tce`` is one when the authorities
designate it. 以上 includes the number itself, so both lower bounds are inclusive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.errors import FactorDataError, InputError, Problem
from greenledger.core.messages import message
from greenledger.core.progress.targets import DATA_DIR, SourceDocument

__all__ = ["KeyUnitClass", "KeyUnitThresholds", "classify_key_unit", "load_key_unit_thresholds"]

KeyStatus = Literal["key unit", "designated key unit", "designatable", "not key"]


@dataclass(frozen=True, slots=True)
class KeyUnitThresholds:
    key_unit_min_tce: float
    designated_min_tce: float
    source: SourceDocument
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class KeyUnitClass:
    enterprise: str
    year: int
    energy_tce: float
    status: KeyStatus

    @property
    def is_key(self) -> bool:
        return self.status in ("key unit", "designated key unit")


def load_key_unit_thresholds(path: Path | None = None) -> KeyUnitThresholds:
    """The thresholds file (the shipped one by default); every problem reported at once."""
    path = path or DATA_DIR / "key_energy_units.yaml"
    document = load_yaml(path)
    problems: list[Problem] = []
    numbers: dict[str, float] = {}
    for key in ("key_unit_min_tce", "designated_min_tce"):
        value = document.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(
                Problem(
                    message("progress.target.number", target=path.name, field=key, value=value),
                    str(path),
                    document.line_of(key),
                    key,
                )
            )
        else:
            numbers[key] = float(value)
    source = document.get("source")
    keys = ("issuer", "title", "number", "edition", "clause")
    missing = [k for k in keys if not isinstance(source, dict) or source.get(k) in (None, "")]
    for key in missing:
        problems.append(
            Problem(
                message("progress.target.missing", target=path.name, field=f"source.{key}"),
                str(path),
                document.line_of("source"),
                "source",
            )
        )
    if problems:
        raise FactorDataError(problems)
    assert isinstance(source, dict)
    return KeyUnitThresholds(
        key_unit_min_tce=numbers["key_unit_min_tce"],
        designated_min_tce=numbers["designated_min_tce"],
        source=SourceDocument(*(str(source[k]) for k in keys)),
        confirmed=document.get("confirmed") is True,
        note=str(document.get("note") or ""),
    )


@lru_cache(maxsize=1)
def _shipped() -> KeyUnitThresholds:
    return load_key_unit_thresholds()


def classify_key_unit(
    enterprise: str,
    year: int,
    energy_tce: float,
    *,
    designated: bool = False,
    thresholds: KeyUnitThresholds | None = None,
) -> KeyUnitClass:
    """Whether an enterprise-year is a key energy-consuming unit (bounds inclusive)."""
    limits = thresholds or _shipped()
    if not math.isfinite(energy_tce) or energy_tce < 0:
        raise InputError(
            [
                Problem(
                    message("keyunit.negative", enterprise=enterprise, year=year, value=energy_tce)
                )
            ]
        )
    status: KeyStatus
    if energy_tce >= limits.key_unit_min_tce:
        status = "key unit"
    elif energy_tce >= limits.designated_min_tce:
        status = "designated key unit" if designated else "designatable"
    else:
        status = "not key"
    return KeyUnitClass(enterprise, year, energy_tce, status)
