"""The district's progress in one JSON-ready dict: yearly totals and intensities, their change
between two years, and why the emissions moved (the LMDI decomposition of ``decompose_frames``,
the engine the web pages use). The ``greenledger progress`` CLI prints it.

Shape::

    {"years": {"2020": {"enterprises", "energy_tce", "gbt32150_total_tco2e",
                        "output_value_wan_yuan", "tce_per_wan_yuan", "co2e_t_per_wan_yuan",
                        "pollutants_t": {"so2", "nox", "pm", "vocs"}}, ...},
     "change": {"base_year", "year", "tce_per_wan_yuan_pct", "co2e_t_per_wan_yuan_pct",
                "gbt32150_total_tco2e"},
     "decomposition": {"base_year", "year", "total_change_t",
                       "effects_t": {"activity", "structure", "energy_intensity", "energy_mix",
                                     "emission_factor", "other", "entry", "exit"}}}

A year's intensities are its total energy (tce) and GB/T 32150 emissions (tCO2e) per 10^4 yuan
of total output value, null when no output value is reported for the year (or it is zero).
The changes of the intensities are in percent (``100 * (I_year / I_base - 1)``), null when an
intensity is; the change of the total is in tCO2e. ``effects_t`` are the decomposition's terms,
which add up exactly (to float rounding) to ``total_change_t``: ``other`` is the continuing
enterprises' non-energy emissions net of exports, ``entry`` and ``exit`` the enterprises that
report in one of the two years only.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from greenledger.core.progress.accounts import FactFrames
from greenledger.core.progress.decomposition import TERMS
from greenledger.core.progress.frames import decompose_frames

__all__ = ["POLLUTANTS", "progress_summary", "yearly_totals"]

POLLUTANTS = {"so2": "so2_t", "nox": "nox_t", "pm": "pm_t", "vocs": "vocs_t"}


def progress_summary(
    frames: FactFrames, *, base_year: int, year: int, park: str | None = None
) -> dict[str, Any]:
    """Years, change and decomposition from ``base_year`` to ``year`` (see the module
    docstring); ``park`` keeps that park's enterprise-years only. Raises ``InputError`` (from
    ``decompose_frames``) naming the enterprise, year and field of every bad row."""
    if park is not None:
        frames = _in_park(frames, park)
    decomposition = decompose_frames(
        frames.enterprise_years, frames.energy, base_year=base_year, year=year
    )
    years = yearly_totals(frames)
    base, later = years[str(base_year)], years[str(year)]
    return {
        "years": years,
        "change": {
            "base_year": base_year,
            "year": year,
            "tce_per_wan_yuan_pct": _pct(base["tce_per_wan_yuan"], later["tce_per_wan_yuan"]),
            "co2e_t_per_wan_yuan_pct": _pct(
                base["co2e_t_per_wan_yuan"], later["co2e_t_per_wan_yuan"]
            ),
            "gbt32150_total_tco2e": later["gbt32150_total_tco2e"] - base["gbt32150_total_tco2e"],
        },
        "decomposition": {
            "base_year": decomposition.base_year,
            "year": decomposition.year,
            "total_change_t": decomposition.total_change_t,
            "effects_t": {term: decomposition.terms_t[term] for term in TERMS},
        },
    }


def yearly_totals(frames: FactFrames) -> dict[str, dict[str, Any]]:
    """Per year (keys are the years as text, ascending): the sums and intensities."""
    ey = frames.enterprise_years
    output = pl.col("output_value_wan_yuan")
    totals = (
        ey.group_by("year")
        .agg(
            pl.len().alias("enterprises"),
            pl.col("energy_tce").sum(),
            pl.col("gbt32150_co2e_t").sum(),
            output.sum().alias("output"),
            output.count().alias("_reported"),
            *(pl.col(column).sum() for column in POLLUTANTS.values()),
        )
        .sort("year")
    )
    result: dict[str, dict[str, Any]] = {}
    for row in totals.iter_rows(named=True):
        value = float(row["output"]) if row["_reported"] else None
        energy, emissions = float(row["energy_tce"]), float(row["gbt32150_co2e_t"])
        result[str(row["year"])] = {
            "enterprises": int(row["enterprises"]),
            "energy_tce": energy,
            "gbt32150_total_tco2e": emissions,
            "output_value_wan_yuan": value,
            "tce_per_wan_yuan": _per(energy, value),
            "co2e_t_per_wan_yuan": _per(emissions, value),
            "pollutants_t": {name: float(row[column]) for name, column in POLLUTANTS.items()},
        }
    return result


def _per(amount: float, output: float | None) -> float | None:
    if output is None or not output > 0:
        return None
    return amount / output


def _pct(base: float | None, later: float | None) -> float | None:
    if base is None or later is None or not base > 0:
        return None
    return 100.0 * (later / base - 1.0)


def _in_park(frames: FactFrames, park: str) -> FactFrames:
    keys = ["enterprise", "year"]
    ey = frames.enterprise_years.filter(pl.col("park") == park)
    energy = frames.energy.join(ey.select(keys), on=keys, how="semi", maintain_order="left")
    return FactFrames(enterprise_years=ey, energy=energy)
