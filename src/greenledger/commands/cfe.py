"""`greenledger cfe`: hourly carbon-free energy (24/7) matching of a load on the pure core.

`greenledger cfe LOAD.csv --supply PV.csv --certificates GEC.csv` matches the hourly load
against the hourly clean supply with ``greenledger.core.ecology.cfe``, the functions the web
uses, and prints the CFE score beside the annual-match share.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import cast

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.ecology.cfe import CfeResult, Kind, Storage, SupplySeries, cfe, to_json
from greenledger.core.ecology.cfe_files import read_certificates, read_load, read_supplies
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message


def _storage(value: str | None) -> Storage | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 3:
        raise InputError([Problem(message("cfe.storage.format", value=value), column="--storage")])
    return Storage(numbers[0], numbers[1], numbers[2])


def _flat(value: str, hours: int) -> SupplySeries:
    name, _, volume = value.rpartition("=")
    try:
        mwh = float(volume)
    except ValueError:
        mwh = math.nan
    if not name or not math.isfinite(mwh):
        raise InputError(
            [
                Problem(
                    message("cfe.bad_volume", source=name or value, value=volume), column="--flat"
                )
            ]
        )
    return SupplySeries.flat_contract(name, mwh, hours)


@click.command("cfe")
@click.argument("load", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--supply",
    "supplies",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An hourly clean supply file (timestamp, kwh, optionally source) of the load's year; "
    "may be given more than once.",
)
@click.option(
    "--supply-kind",
    type=click.Choice(["onsite", "contract"]),
    default="onsite",
    show_default=True,
    help="What the --supply files are: on-site generation or contracts with an hourly profile.",
)
@click.option(
    "--flat",
    "flat",
    multiple=True,
    metavar="NAME=MWH",
    help="A contract known only by its yearly volume, spread flat over the year and flagged.",
)
@click.option(
    "--certificates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Green-electricity certificates per month (month YYYY-MM, mwh): annual share only.",
)
@click.option(
    "--storage",
    metavar="CAPACITY_MWH,POWER_MW,EFFICIENCY",
    help="A store charged from clean surplus and discharged into later deficit hours; the "
    "round-trip efficiency is applied on charging.",
)
@click.option("--grid-factor", type=float, help="Grid emission factor of unmatched energy, t/MWh.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def cfe_command(
    load: Path,
    supplies: tuple[Path, ...],
    supply_kind: str,
    flat: tuple[str, ...],
    certificates: Path | None,
    storage: str | None,
    grid_factor: float | None,
    output_format: str,
) -> None:
    """Hourly carbon-free energy matching of LOAD (CSV, XLSX or Parquet: timestamp, kwh; one
    row per hour of one year, +08:00 unless the stamp says otherwise).

    CFE score = sum over hours of min(load, clean supply) / total load; annual-match share =
    min(clean supply + certificates, load) / load. A file with any problem is refused whole,
    every problem with its file, row and column (exit code 2)."""
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        series = read_load(load)
        hours = series.total().size
        found: list[SupplySeries] = []
        for path in supplies:
            found.extend(read_supplies(path, year=series.year, kind=cast(Kind, supply_kind)))
        found.extend(_flat(value, hours) for value in flat)
        result = cfe(
            series.total(),
            found,
            read_certificates(certificates, year=series.year) if certificates else None,
            _storage(storage),
            grid_factor,
            start=series.start,
        )
    if output_format == "json":
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result, load.name), nl=False)


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _table(result: CfeResult, name: str) -> str:
    console = Console(record=True, width=120, file=io.StringIO())
    console.print(
        f"Hourly matching of {name}: {result.hours} hours from {result.start:%Y-%m-%d %H:%M} "
        "(+08:00)",
        highlight=False,
        markup=False,
    )
    table = Table()
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    for label, value in (
        ("Load MWh", _n(result.load_mwh, 3)),
        ("Clean supply MWh", _n(result.clean_supply_mwh, 3)),
        ("Matched MWh (same hour)", _n(result.matched_mwh, 3)),
        ("CFE score (hourly)", f"{result.cfe_score * 100:.2f} %"),
        ("Certificates MWh (monthly)", _n(result.certificates_mwh, 3)),
        ("Annual-match share", f"{result.annual_match_share * 100:.2f} %"),
        ("Unmatched MWh", _n(result.unmatched_mwh, 3)),
        ("Surplus MWh (not stored)", _n(result.surplus_mwh, 3)),
        ("Storage discharged MWh", _n(result.storage_discharged_mwh, 3)),
        ("Unmatched emissions t", _n(result.unmatched_emissions_t, 3)),
    ):
        table.add_row(label, value)
    console.print(table)
    supplies = Table(title="Clean supply by source")
    for column in ("Source", "Kind", "MWh"):
        supplies.add_column(column, justify="right" if column == "MWh" else "left")
    for supply in result.supplies:
        kind = supply.kind + (" (flat, flagged)" if supply.flat else "")
        supplies.add_row(supply.source, kind, _n(supply.mwh, 3))
    console.print(supplies)
    hours = Table(title="Unmatched MWh by hour of day (+08:00)")
    for label in ("From", *(f"+{h}" for h in range(12))):
        hours.add_column(label, justify="right")
    for first in (0, 12):
        hours.add_row(
            f"{first:02d}:00", *(_n(result.by_hour_of_day[first + h], 1) for h in range(12))
        )
    console.print(hours)
    for flag in result.flags:
        console.print(f"flag: {flag.english()}", highlight=False, markup=False)
    return console.export_text()
