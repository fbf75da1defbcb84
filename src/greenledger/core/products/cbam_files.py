"""The CLI's JSON input of ``greenledger.core.products.cbam``: goods and precursors, every missing
or non-numeric field refused with its process (row) and field."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.products.cbam import Good, Precursor


def goods_from_json(processes: Any, file: str | None = None) -> list[Good]:
    """The goods of the CLI's JSON ``processes`` list; every missing or non-numeric field is
    refused with its process (row = position in the list, from 1) and field."""
    problems: list[Problem] = []
    if not isinstance(processes, list):
        raise InputError([Problem(message("cbam.json.not_list"), file=file, column="processes")])

    def number(
        entry: Mapping[str, Any], key: str, row: int, default: float | None = None, prefix: str = ""
    ) -> float:
        value = entry.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Problem(
                    message("cbam.json.not_number", value=value),
                    file=file,
                    row=row,
                    column=prefix + key,
                )
            )
            return math.nan
        return float(value)

    def text_or_none(entry: Mapping[str, Any], key: str) -> str | None:
        value = entry.get(key)
        return None if value is None else str(value)

    def optional(entry: Mapping[str, Any], key: str, row: int, prefix: str) -> float | None:
        return None if entry.get(key) is None else number(entry, key, row, prefix=prefix)

    goods = []
    for row, p in enumerate(processes, start=1):
        if not isinstance(p, Mapping):
            problems.append(Problem(message("cbam.json.not_object"), file=file, row=row))
            continue
        for key in ("id", "cn_code"):
            if p.get(key) in (None, ""):
                problems.append(
                    Problem(message("cbam.json.missing", field=key), file=file, row=row, column=key)
                )
        precursors = []
        raw = p.get("precursors") or []
        if not isinstance(raw, list):
            raw = []
            problems.append(
                Problem(message("cbam.json.not_list"), file=file, row=row, column="precursors")
            )
        for index, q in enumerate(raw, start=1):
            prefix = f"precursors[{index}]."
            if not isinstance(q, Mapping):
                problems.append(
                    Problem(message("cbam.json.not_object"), file=file, row=row, column=prefix[:-1])
                )
                continue
            precursors.append(
                Precursor(
                    mass_t=number(q, "mass_t", row, prefix=prefix),
                    process=text_or_none(q, "process"),
                    supplier=text_or_none(q, "supplier"),
                    supplier_see_direct=optional(q, "supplier_see_direct", row, prefix),
                    supplier_see_indirect=optional(q, "supplier_see_indirect", row, prefix),
                    default_see_direct=optional(q, "default_see_direct", row, prefix),
                    default_see_indirect=optional(q, "default_see_indirect", row, prefix),
                    default_cn_code=text_or_none(q, "default_cn_code"),
                    country=text_or_none(q, "country"),
                )
            )
        goods.append(
            Good(
                process=str(p.get("id", "")),
                good=str(p.get("good", "")),
                cn_code=str(p.get("cn_code", "")),
                activity_level_t=number(p, "activity_level_t", row),
                direct_tco2e=number(p, "direct_tco2e", row),
                electricity_mwh=number(p, "electricity_mwh", row, default=0.0),
                precursors=tuple(precursors),
            )
        )
    if problems:
        raise InputError(problems, headline=message("cbam.headline", count=len(problems)))
    return goods
