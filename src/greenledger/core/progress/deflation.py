"""Output value at constant prices: deflation with a price-index table, or nominal.

A ``PriceIndex`` comes from a file that names its source (``load_price_index``) or from the
caller. ``real(y) = nominal(y) * index[price_year] / index[y]``; the result (``Deflated``) says
whether its prices are nominal or constant, of which year, and from which index.
No index values ship with the core: a table is data the secretariat supplies with its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from greenledger.core.assessment.yamlsrc import YamlMap, load_yaml
from greenledger.core.errors import FactorDataError, InputError, Problem
from greenledger.core.messages import message

__all__ = ["Deflated", "PriceIndex", "deflate", "load_price_index"]


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A price index by year (any base), with the source it comes from."""

    values: Mapping[int, float]
    source: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Deflated:
    values: Mapping[int, float]
    prices: Literal["nominal", "constant"]
    price_year: int | None = None
    index_source: str = ""


def deflate(
    nominal: Mapping[int, float], index: PriceIndex | None, price_year: int | None = None
) -> Deflated:
    """Output value at constant ``price_year`` prices, or as reported when ``index`` is None.

    ``real(y) = nominal(y) * index[price_year] / index[y]``; every year needs an index value."""
    if index is None:
        return Deflated(dict(nominal), "nominal")
    years = sorted(set(nominal) | ({price_year} if price_year is not None else set()))
    price_year = price_year if price_year is not None else min(nominal)
    covered = ", ".join(str(y) for y in sorted(index.values)) or "-"
    problems = []
    for year in years:
        if year not in index.values:
            problems.append(
                Problem(message("progress.deflator.missing_year", year=year, years=covered))
            )
        elif not index.values[year] > 0:
            problems.append(
                Problem(message("progress.deflator.bad_value", year=year, value=index.values[year]))
            )
    if problems:
        raise InputError(problems)
    ref = index.values[price_year]
    values = {year: value * ref / index.values[year] for year, value in nominal.items()}
    return Deflated(values, "constant", price_year, index.source)


def load_price_index(path: Path) -> PriceIndex:
    """A price index file: ``source`` (text), optional ``name``, ``values`` ("year": index;
    YAML keys are text, so years are quoted)."""
    document = load_yaml(path)
    problems: list[Problem] = []
    source = document.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append(
            Problem(
                message("progress.target.missing", target=path.name, field="source"),
                str(path),
                document.line_of("source"),
            )
        )
    raw: Any = document.get("values")
    values: dict[int, float] = {}
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(message("progress.target.missing", target=path.name, field="values"), str(path))
        )
        raw = {}
    line = raw.line_of if isinstance(raw, YamlMap) else (lambda _key: None)
    for year, value in raw.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not str(year).isdigit() or not number or not value > 0:
            problems.append(
                Problem(
                    message("progress.deflator.bad_value", year=year, value=value),
                    str(path),
                    line(str(year)),
                )
            )
        else:
            values[int(year)] = float(value)
    if problems:
        raise FactorDataError(problems)
    return PriceIndex(values, str(source), str(document.get("name") or ""))
