"""`greenledger progress`: the district's accounts and why its emissions moved, from activity
files (the calc format), with the same core functions as the district's web pages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import fail, refusals_reported
from greenledger.core.batch import compute_batch
from greenledger.core.context import REGIONS, AccountingContext
from greenledger.core.errors import InputError, Problem, ProblemsError
from greenledger.core.factors import FactorLibrary, load_library
from greenledger.core.intake import read_activity_file
from greenledger.core.progress import fact_frames, progress_summary

EFFECT_TITLES = {
    "activity": "Activity (total output value)",
    "structure": "Structure (enterprises' output shares)",
    "energy_intensity": "Energy intensity (tce per 10^4 yuan)",
    "energy_mix": "Energy mix (carrier shares)",
    "emission_factor": "Emission factors (tCO2e per tce)",
    "other": "Process, fugitive and exports",
    "entry": "Enterprises entering",
    "exit": "Enterprises leaving",
}


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--base-year",
    type=click.IntRange(1990, 2100),
    help="The year compared from (default: the earliest year in the files).",
)
@click.option(
    "--year",
    type=click.IntRange(1990, 2100),
    help="The year compared (default: the latest year in the files).",
)
@click.option(
    "--region",
    default="national",
    show_default=True,
    help=f"Electricity and heat factors of: {', '.join(REGIONS)}.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def progress(
    files: tuple[Path, ...],
    base_year: int | None,
    year: int | None,
    region: str,
    output_format: str,
) -> None:
    """The district's energy, emissions and intensities per year, their change from the base
    year, and its LMDI decomposition (activity, structure, energy intensity, energy mix,
    emission factors; process and exports, entering and leaving enterprises apart).

    FILES are activity files in the calc format (columns enterprise, period, activity,
    quantity, unit, ...), several years of several enterprises; each enterprise-year reports
    its output value as `output_value` lines in 万元. Lines are accounted with each line's
    year's factors of the region.
    """
    err = Console(stderr=True)
    with refusals_reported(err):
        context = AccountingContext.from_names(region=region)
        library = load_library()
        lines = _read(files, library)
        frames = fact_frames(compute_batch(lines, library, context).lines)
        years = sorted(set(frames.enterprise_years.get_column("year").to_list()))
        if len(years) < 2:
            found = ", ".join(str(y) for y in years) or "none"
            fail(err, f"the files need lines of at least two years to compare (found: {found})")
        base = years[0] if base_year is None else base_year
        later = years[-1] if year is None else year
        if base >= later:
            fail(err, f"the base year {base} must be before the year {later}")
        summary = progress_summary(frames, base_year=base, year=later)
    if output_format == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(summary, context), nl=False)


def _read(files: tuple[Path, ...], library: FactorLibrary) -> pl.DataFrame:
    """Every file read and checked; the problems of all files together, or the lines."""
    frames: list[pl.DataFrame] = []
    problems: list[Problem] = []
    for file in files:
        try:
            frames.append(read_activity_file(file, library))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return pl.concat(frames, how="vertical")


def _number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _table(summary: dict[str, Any], context: AccountingContext) -> str:
    console = Console(record=True, width=160, file=io.StringIO())
    change = summary["change"]
    base, later = change["base_year"], change["year"]
    console.print(
        f"GreenLedger district progress {base} -> {later}: region {context.region}, "
        "factors of each line's year, GWP "
        f"{context.gwp}",
        highlight=False,
        markup=False,
    )
    years = Table(title="Energy, emissions and intensities per year")
    columns = [
        ("Year", "left"),
        ("Enterprises", "right"),
        ("Energy tce", "right"),
        ("GB/T 32150 tCO2e", "right"),
        ("Output 10^4 yuan", "right"),
        ("tce / 10^4 yuan", "right"),
        ("tCO2e / 10^4 yuan", "right"),
        ("SO2 t", "right"),
        ("NOx t", "right"),
        ("PM t", "right"),
        ("VOCs t", "right"),
    ]
    for title, justify in columns:
        years.add_column(title, justify="right" if justify == "right" else "left")
    for label, row in summary["years"].items():
        pollutants = row["pollutants_t"]
        years.add_row(
            label,
            str(row["enterprises"]),
            _number(row["energy_tce"]),
            _number(row["gbt32150_total_tco2e"]),
            _number(row["output_value_wan_yuan"]),
            _number(row["tce_per_wan_yuan"], 4),
            _number(row["co2e_t_per_wan_yuan"], 4),
            *(_number(pollutants[name]) for name in ("so2", "nox", "pm", "vocs")),
        )
    console.print(years)
    console.print(
        f"Change {base} -> {later}: energy intensity "
        f"{_percent(change['tce_per_wan_yuan_pct'])}, CO2 intensity "
        f"{_percent(change['co2e_t_per_wan_yuan_pct'])}, GB/T 32150 total "
        f"{_signed(change['gbt32150_total_tco2e'])} tCO2e",
        highlight=False,
        markup=False,
    )
    decomposition = summary["decomposition"]
    effects = Table(
        title=f"Why the emissions moved {base} -> {later} (LMDI-I)",
        show_footer=True,
    )
    effects.add_column("Effect", footer="Total change")
    effects.add_column("tCO2e", justify="right", footer=_signed(decomposition["total_change_t"]))
    for name, value in decomposition["effects_t"].items():
        effects.add_row(EFFECT_TITLES.get(name, name), _signed(value))
    console.print(effects)
    return console.export_text()


def _percent(value: float | None) -> str:
    return "n/a (no output value)" if value is None else f"{value:+.2f} %"


def _signed(value: float) -> str:
    return f"{round(value, 3) + 0.0:+,.3f}"  # + 0.0: no "-0.000" for a float-rounding residue
