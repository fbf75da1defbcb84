"""The national waste code lists as data: solid wastes and hazardous wastes.

``data/solid_waste_codes.yaml`` holds the structure of the 固体废物分类与代码目录 (MEE, 2024):
nine characters, industry (3 digits, GB/T 4754-2017) + sequence (3 digits, 001-099) + class
(S01-S99, whose range gives the kind: industrial, household, construction, agricultural, other).
``data/hazardous_wastes.yaml`` holds the 国家危险废物名录（2025年版）: the classes HW01-HW50 and the
8-digit codes this platform knows, each with its hazard characteristics (T, C, I, R, In); a
hazardous code not in that list is refused. ``check_code`` tells which list a code belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.errors import FactorDataError, InputError, Problem
from greenledger.core.messages import message

_DATA = Path(__file__).parent / "data"
SOLID_WASTE_PATH = _DATA / "solid_waste_codes.yaml"
HAZARDOUS_PATH = _DATA / "hazardous_wastes.yaml"
ACCEPTANCE_PATH = _DATA / "acceptance.yaml"
KINDS = ("solid_waste", "hazardous_waste", "heat", "cold", "water")

SOLID_CODE = re.compile(r"^(\d{3})-?(\d{3})-?(S\d{2})$")
HAZARDOUS_CODE = re.compile(r"^(\d{3})-?(\d{3})-?(\d{2})$")
SOLID_CLASS = re.compile(r"^S\d{2}$")
HAZARDOUS_CLASS = re.compile(r"^HW\d{2}$")
CHARACTERISTICS = ("T", "C", "I", "R", "In")


@dataclass(frozen=True, slots=True)
class WasteClass:
    code: str  # S01 or HW08
    kind: str  # industrial/household/... for solid wastes, "hazardous" for HW classes
    name_zh: str
    name_en: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class HazardousCode:
    code: str  # 900-249-08
    hw_class: str  # HW08
    name_zh: str
    name_en: str
    characteristics: tuple[str, ...]
    confirmed: bool


@dataclass(frozen=True, slots=True)
class SolidWasteCodes:
    ranges: tuple[tuple[int, int, frozenset[int], str, str, str], ...]  # first, last, except,
    # kind, name_zh, name_en
    classes: dict[str, WasteClass]
    source: str
    confirmed: bool

    def class_of(self, class_code: str) -> WasteClass | None:
        """The class S01..S99 (named when the data names it), None outside every range."""
        if not SOLID_CLASS.match(class_code):
            return None
        if class_code in self.classes:
            return self.classes[class_code]
        number = int(class_code[1:])
        for first, last, excluded, kind, name_zh, name_en in self.ranges:
            if first <= number <= last and number not in excluded:
                return WasteClass(class_code, kind, name_zh, name_en, self.confirmed)
        return None


@dataclass(frozen=True, slots=True)
class HazardousWastes:
    classes: dict[str, WasteClass]
    codes: dict[str, HazardousCode]
    source: str


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """A checked code: which list, its class, and (hazardous) its characteristics."""

    code: str  # normalised: 900-249-08 or 441-001-S02
    hazardous: bool
    waste_class: WasteClass
    name_zh: str
    name_en: str
    characteristics: tuple[str, ...]
    confirmed: bool


def _bad(path: Path, reason: str, line: int | None = None) -> FactorDataError:
    return FactorDataError([Problem(reason, file=str(path), row=line)], headline="bad code list")


@lru_cache(maxsize=4)
def load_solid_waste_codes(path: Path = SOLID_WASTE_PATH) -> SolidWasteCodes:
    """The solid-waste classes and ranges of ``path``; FactorDataError when malformed."""
    data = load_yaml(path)
    ranges = []
    for item in data.get("ranges") or []:
        try:
            ranges.append(
                (
                    int(item["first"]),
                    int(item["last"]),
                    frozenset(int(x) for x in item.get("except", [])),
                    str(item["kind"]),
                    str(item["name_zh"]),
                    str(item["name_en"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise _bad(
                path, "a range needs first, last, kind, name_zh, name_en", item.line
            ) from None
    classes: dict[str, WasteClass] = {}
    probe = SolidWasteCodes(tuple(ranges), {}, "", False)
    for code, entry in (data.get("classes") or {}).items():
        base = probe.class_of(code)
        if base is None:
            raise _bad(path, f"{code} is outside every class range", data["classes"].line_of(code))
        classes[code] = WasteClass(
            code,
            base.kind,
            str(entry["name_zh"]),
            str(entry["name_en"]),
            entry["confirmed"] is True,
        )
    return SolidWasteCodes(
        tuple(ranges), classes, str(data.get("source", "")), data.get("confirmed") is True
    )


@lru_cache(maxsize=4)
def load_hazardous_wastes(path: Path = HAZARDOUS_PATH) -> HazardousWastes:
    """The HW classes and known 8-digit codes of ``path``; FactorDataError when malformed."""
    data = load_yaml(path)
    classes = {
        code: WasteClass(code, "hazardous", str(e["name_zh"]), str(e["name_en"]), False)
        for code, e in (data.get("classes") or {}).items()
    }
    for code in classes:
        if not HAZARDOUS_CLASS.match(code):
            raise _bad(path, f"{code} is not a class HW01-HW50", data["classes"].line_of(code))
    codes: dict[str, HazardousCode] = {}
    for code, entry in (data.get("codes") or {}).items():
        line = data["codes"].line_of(code)
        shape = HAZARDOUS_CODE.match(code)
        if shape is None or f"HW{shape.group(3)}" not in classes:
            raise _bad(path, f"{code} is not an 8-digit code of a listed HW class", line)
        chars = tuple(str(c) for c in entry.get("characteristics") or [])
        if not chars or any(c not in CHARACTERISTICS for c in chars):
            raise _bad(path, f"{code}: characteristics must be among {CHARACTERISTICS}", line)
        codes[code] = HazardousCode(
            code,
            f"HW{shape.group(3)}",
            str(entry["name_zh"]),
            str(entry["name_en"]),
            chars,
            entry.get("confirmed") is True,
        )
    return HazardousWastes(classes, codes, str(data.get("source", "")))


@dataclass(frozen=True, slots=True)
class Process:
    """A receiving process: the resource kinds, classes and codes it accepts, what the exchange
    avoids (counterfactual) and substitutes, and the rule's source."""

    key: str
    name_zh: str
    name_en: str
    kinds: tuple[str, ...]
    classes: frozenset[str]
    codes: frozenset[str]
    counterfactual: str | None
    substitutes: str | None
    ratio: float
    ratio_source: str
    source: str
    confirmed: bool

    def accepts(self, kind: str, code: str, waste_class: str) -> bool:
        """Whether a resource of this kind (and code/class, for wastes) is accepted."""
        if kind not in self.kinds:
            return False
        if kind not in ("solid_waste", "hazardous_waste"):
            return True
        return code in self.codes or waste_class in self.classes


@lru_cache(maxsize=4)
def load_acceptance(path: Path = ACCEPTANCE_PATH) -> dict[str, Process]:
    """The receiving processes of ``path`` by key; FactorDataError when malformed."""
    data = load_yaml(path)
    processes: dict[str, Process] = {}
    for key, entry in (data.get("processes") or {}).items():
        line = data["processes"].line_of(key)
        kinds = entry.get("kind")
        kinds = tuple(kinds) if isinstance(kinds, list) else (str(kinds),)
        if any(k not in KINDS for k in kinds):
            raise _bad(path, f"{key}: kind must be among {KINDS}", line)
        try:
            ratio = float(entry["ratio"])
            names = (str(entry["name_zh"]), str(entry["name_en"]), str(entry["source"]))
        except (KeyError, TypeError, ValueError):
            raise _bad(
                path, f"{key}: needs name_zh, name_en, source and a numeric ratio", line
            ) from None
        counterfactual = str(entry.get("counterfactual") or "none")
        substitutes = str(entry.get("substitutes") or "none")
        processes[key] = Process(
            key,
            names[0],
            names[1],
            kinds,
            frozenset(str(c) for c in entry.get("classes") or []),
            frozenset(normalise_code(str(c)) for c in entry.get("codes") or []),
            None if counterfactual == "none" else counterfactual,
            None if substitutes == "none" else substitutes,
            ratio,
            str(entry.get("ratio_source") or ""),
            names[2],
            entry.get("confirmed") is True,
        )
    return processes


def normalise_code(code: str) -> str:
    """The code without spaces, upper case, with dashes: 900-249-08 or 441-001-S02."""
    raw = re.sub(r"\s", "", code).upper()
    for pattern in (HAZARDOUS_CODE, SOLID_CODE):
        found = pattern.match(raw)
        if found:
            return "-".join(found.groups())
    return raw


def check_code(code: str, *, column: str = "code", row: int | None = None) -> CodeInfo:
    """The code's list, class and characteristics; InputError when its shape or class is
    unknown, or when it is a hazardous code the catalogue does not list."""
    normal = normalise_code(code)
    hazardous_shape = HAZARDOUS_CODE.match(normal)
    solid_shape = SOLID_CODE.match(normal)
    if hazardous_shape:
        wastes = load_hazardous_wastes()
        listed = wastes.codes.get(normal)
        if listed is None:
            raise InputError(
                [
                    Problem(
                        message("symbiosis.unknown_hazardous_code", waste_code=normal),
                        row=row,
                        column=column,
                    )
                ]
            )
        return CodeInfo(
            normal,
            True,
            wastes.classes[listed.hw_class],
            listed.name_zh,
            listed.name_en,
            listed.characteristics,
            listed.confirmed,
        )
    if solid_shape:
        waste_class = load_solid_waste_codes().class_of(solid_shape.group(3))
        if waste_class is None:
            raise InputError(
                [
                    Problem(
                        message(
                            "symbiosis.unknown_class",
                            waste_code=normal,
                            waste_class=solid_shape.group(3),
                        ),
                        row=row,
                        column=column,
                    )
                ]
            )
        return CodeInfo(
            normal, False, waste_class, waste_class.name_zh, waste_class.name_en, (), False
        )
    raise InputError(
        [Problem(message("symbiosis.bad_code", waste_code=code), row=row, column=column)]
    )


def code_classes(info: CodeInfo) -> tuple[str, str]:
    """The code and its class, the two keys an acceptance rule may name."""
    return info.code, info.waste_class.code


def as_json(info: CodeInfo) -> dict[str, Any]:
    return {
        "code": info.code,
        "hazardous": info.hazardous,
        "class": info.waste_class.code,
        "kind": info.waste_class.kind,
        "name_zh": info.name_zh,
        "name_en": info.name_en,
        "characteristics": list(info.characteristics),
        "confirmed": info.confirmed,
    }
