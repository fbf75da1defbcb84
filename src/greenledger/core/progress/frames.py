"""The decomposition from columnar tables (the district fact table), checked and aligned in
Polars and numpy without a Python object per enterprise-year: the path for 20,000 enterprises.

``enterprise_years``: one row per enterprise and year, columns ``enterprise`` (text), ``year``
(integer), ``output_value_wan_yuan`` (null when not reported), ``non_energy_co2e_t``,
``exported_co2e_t``, ``park``, ``industry``. ``energy``: one row per enterprise, year and
carrier, columns ``enterprise``, ``year``, ``carrier``, ``energy_tce``, ``energy_co2e_t``. The
model, terms and zero handling are those of ``decomposition.decompose`` (same result).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.progress.decomposition import Decomposition, assemble
from greenledger.core.progress.lmdi import Panel

__all__ = ["decompose_frames"]

_NUMBERS = ("output_value_wan_yuan", "non_energy_co2e_t", "exported_co2e_t")


def decompose_frames(
    enterprise_years: pl.DataFrame, energy: pl.DataFrame, *, base_year: int, year: int
) -> Decomposition:
    """Additive LMDI-I from ``base_year`` to ``year`` (see the module docstring for the
    columns); ``InputError`` naming the enterprise, year and field of every bad row."""
    if base_year == year:
        raise InputError([Problem(message("progress.decomposition.same_year", year=year))])
    years = [base_year, year]
    ey = enterprise_years.filter(pl.col("year").is_in(years)).with_columns(
        pl.col("enterprise").cast(pl.String), pl.col("year").cast(pl.Int64)
    )
    en = energy.filter(pl.col("year").is_in(years)).with_columns(
        pl.col("enterprise").cast(pl.String), pl.col("year").cast(pl.Int64)
    )
    problems = _problems(ey, en, years)
    if problems:
        raise InputError(problems)
    names = ey.get_column("enterprise").unique().sort()
    carriers = en.get_column("carrier").unique().sort()
    index = pl.DataFrame({"enterprise": names, "i": np.arange(names.len())})
    column = pl.DataFrame({"carrier": carriers, "j": np.arange(carriers.len())})
    ey = ey.join(index, on="enterprise")
    en = en.join(index, on="enterprise").join(column, on="carrier")
    panels = [_panel(ey, en, y, names.len(), carriers.len()) for y in years]
    latest = ey.sort("year").unique("enterprise", keep="last").sort("i")
    return assemble(
        base_year,
        year,
        tuple(names.to_list()),
        tuple(str(p) for p in latest.get_column("park").to_list()),
        tuple(str(p) for p in latest.get_column("industry").to_list()),
        panels[0],
        panels[1],
    )


def _panel(ey: pl.DataFrame, en: pl.DataFrame, year: int, n: int, k: int) -> Panel:
    rows = ey.filter(pl.col("year") == year)
    cells = en.filter(pl.col("year") == year)
    at = rows.get_column("i").to_numpy()
    present = np.zeros(n, dtype=np.bool_)
    present[at] = True
    output, other = np.zeros(n), np.zeros(n)
    output[at] = rows.get_column("output_value_wan_yuan").fill_null(0.0).to_numpy()
    net = pl.col("non_energy_co2e_t").fill_null(0.0) - pl.col("exported_co2e_t").fill_null(0.0)
    other[at] = rows.select(net).to_series().to_numpy()
    energy, co2e = np.zeros((n, k)), np.zeros((n, k))
    ci, cj = cells.get_column("i").to_numpy(), cells.get_column("j").to_numpy()
    energy[ci, cj] = cells.get_column("energy_tce").to_numpy()
    co2e[ci, cj] = cells.get_column("energy_co2e_t").to_numpy()
    return Panel(present, output, energy, co2e, other, co2e.sum(axis=1) + other)


def _bad(column: str) -> pl.Expr:
    value = pl.col(column).cast(pl.Float64)
    return value.is_not_null() & ~(value.is_finite() & (value >= 0))


def _problems(ey: pl.DataFrame, en: pl.DataFrame, years: list[int]) -> list[Problem]:
    found: list[Problem] = []

    def add(code: str, frame: pl.DataFrame, column: str | None = None, **fields: str) -> None:
        for row in frame.sort("enterprise", "year").iter_rows(named=True):
            params = {name: row[source] for name, source in fields.items()}
            reason = message(code, enterprise=row["enterprise"], year=row["year"], **params)
            found.append(Problem(reason, column=column or params.get("field")))

    keys = ["enterprise", "year"]
    add("progress.decomposition.duplicate", ey.filter(pl.struct(keys).is_duplicated()).unique(keys))
    add(
        "progress.decomposition.duplicate",
        en.filter(pl.struct([*keys, "carrier"]).is_duplicated()).unique(keys),
        "carrier",
    )
    for name in _NUMBERS:
        bad = ey.filter(_bad(name)).with_columns(pl.lit(name).alias("field"))
        add("progress.decomposition.bad_number", bad, field="field", value=name)
    for name in ("energy_tce", "energy_co2e_t"):
        bad = en.filter(_bad(name)).with_columns(
            (pl.lit(f"{name}[") + pl.col("carrier") + pl.lit("]")).alias("field")
        )
        add("progress.decomposition.bad_number", bad, field="field", value=name)
    add(
        "progress.decomposition.emissions_without_energy",
        en.filter((pl.col("energy_co2e_t") > 0) & (pl.col("energy_tce") == 0)),
        "energy_tce",
        carrier="carrier",
        co2e_t="energy_co2e_t",
    )
    used = en.group_by(keys).agg(pl.col("energy_tce").clip(lower_bound=0).sum().alias("tce"))
    add(
        "progress.decomposition.no_record",
        used.join(ey, on=keys, how="anti"),
        energy_tce="tce",
    )
    joined = ey.join(used, on=keys, how="inner").filter(pl.col("tce") > 0)
    output = pl.col("output_value_wan_yuan")
    add(
        "progress.decomposition.output_missing",
        joined.filter(output.is_null()),
        "output_value_wan_yuan",
        energy_tce="tce",
    )
    add(
        "progress.decomposition.output_zero",
        joined.filter(output == 0),
        "output_value_wan_yuan",
        energy_tce="tce",
    )
    for y in years:
        if ey.filter(pl.col("year") == y).is_empty():
            found.append(Problem(message("progress.decomposition.no_year", year=y)))
    return found
