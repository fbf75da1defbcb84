"""The CBAM data of ``greenledger.core.products.cbam``: Annex I goods by CN code and Annex II
(direct emissions only) of Regulation (EU) 2023/956 (``data/cbam_goods.yaml``), default values and
their yearly mark-ups (``data/cbam_defaults.yaml``), the formulas' provenance
(``data/cbam_rules.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.messages import Message, message

_DATA: Final = Path(__file__).parent / "data"
GOODS_PATH: Final = _DATA / "cbam_goods.yaml"
DEFAULTS_PATH: Final = _DATA / "cbam_defaults.yaml"
RULES_PATH: Final = _DATA / "cbam_rules.yaml"

CATEGORIES: Final = (
    "cement",
    "electricity",
    "fertilisers",
    "iron_and_steel",
    "aluminium",
    "hydrogen",
)


@dataclass(frozen=True, slots=True)
class Category:
    """One CBAM category of Annex I: its CN codes (prefixes), exclusions and rules."""

    name: str
    functional_unit: str
    ghg: tuple[str, ...]
    direct_only: bool
    codes: Mapping[str, str]  # CN prefix -> description
    excluded: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Annex:
    """Annex I (goods) and Annex II (direct only) of Regulation (EU) 2023/956."""

    categories: Mapping[str, Category]
    source: str
    confirmed: bool

    def classify(self, cn_code: str) -> tuple[Category | None, Message | None]:
        """The category of ``cn_code``, or None with the reason it is not covered."""
        code = normalise_cn(cn_code)
        if code is None:
            return None, message("cbam.cn_malformed", value=cn_code)
        best: tuple[int, Category | None, str] = (0, None, "")
        for category in self.categories.values():
            for prefix in category.codes:
                if code.startswith(prefix) and len(prefix) > best[0]:
                    best = (len(prefix), category, "")
            for prefix, description in category.excluded.items():
                if code.startswith(prefix) and len(prefix) >= best[0]:
                    best = (len(prefix), None, description)
        if best[1] is not None:
            return best[1], None
        if best[2]:
            return None, message("cbam.cn_excluded", value=cn_code, description=best[2])
        return None, message("cbam.cn_outside", value=cn_code)


@dataclass(frozen=True, slots=True)
class DefaultValue:
    cn_code: str
    country: str
    see_direct: float | None
    see_indirect: float | None
    confirmed: bool


@dataclass(frozen=True, slots=True)
class Defaults:
    """Default values per CN code and country, and the mark-ups by year (and by category)."""

    values: Mapping[tuple[str, str], DefaultValue]
    markups_by_year: Mapping[int, float]
    markups_by_category: Mapping[str, float | None]
    source: str
    markup_source: str
    confirmed: bool
    markup_confirmed: bool

    def markup(self, year: int, category: str | None = None) -> float | None:
        """The mark-up of ``year`` (the last year listed applies to later years); None when
        none is available (before the first year, or a category listed as null)."""
        if category is not None and category in self.markups_by_category:
            value = self.markups_by_category[category]
            if value is None:
                return None
        years = sorted(y for y in self.markups_by_year if y <= year)
        return self.markups_by_year[years[-1]] if years else None


def normalise_cn(value: str) -> str | None:
    """The CN code as digits (spaces and dots removed); None unless 4 to 8 digits."""
    code = str(value).replace(" ", "").replace(".", "")
    return code if code.isdigit() and 4 <= len(code) <= 8 else None


def _codes(entries: Any) -> dict[str, str]:
    return {str(e["code"]): str(e["description"]) for e in entries or ()}


@lru_cache(maxsize=4)
def load_goods(path: Path = GOODS_PATH) -> Annex:
    """The Annex I goods of ``data/cbam_goods.yaml``."""
    data = load_yaml(path)
    categories = {
        name: Category(
            name=name,
            functional_unit=str(entry["functional_unit"]),
            ghg=tuple(str(g) for g in entry["ghg"]),
            direct_only=bool(entry["direct_only"]),
            codes=_codes(entry["cn"]),
            excluded=_codes(entry.get("excluded")),
        )
        for name, entry in data["categories"].items()
    }
    return Annex(categories, str(data["source"]), bool(data["confirmed"]))


@lru_cache(maxsize=4)
def load_defaults(path: Path = DEFAULTS_PATH) -> Defaults:
    """The default values and mark-ups of ``data/cbam_defaults.yaml``."""
    data = load_yaml(path)
    values = {}
    for entry in data.get("values") or ():
        value = DefaultValue(
            cn_code=str(entry["cn_code"]),
            country=str(entry["country"]).upper(),
            see_direct=None if entry.get("see_direct") is None else float(entry["see_direct"]),
            see_indirect=(
                None if entry.get("see_indirect") is None else float(entry["see_indirect"])
            ),
            confirmed=bool(entry.get("confirmed", False)),
        )
        values[(value.cn_code, value.country)] = value
    markups = data["markups"]
    return Defaults(
        values=values,
        markups_by_year={int(y): float(v) for y, v in markups["by_year"].items()},
        markups_by_category={
            str(k): None if v is None else float(v)
            for k, v in (markups.get("by_category") or {}).items()
        },
        source=str(data["source"]),
        markup_source=str(markups["source"]),
        confirmed=bool(data["confirmed"]),
        markup_confirmed=bool(markups["confirmed"]),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> dict[str, Any]:
    """The formulas' provenance (``data/cbam_rules.yaml``) as plain data."""
    data = load_yaml(path)
    return {
        "source": str(data["source"]),
        "confirmed": bool(data["confirmed"]),
        "formulas": {str(k): str(v) for k, v in data["formulas"].items()},
    }
