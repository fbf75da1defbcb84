"""`greenledger calc`: account an activity file (CSV or XLSX) and print or write the inventory."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.batch import BatchResult, compute_batch
from greenledger.core.context import ELECTRICITY_SERIES, REGIONS, AccountingContext
from greenledger.core.factors import FactorLibrary, load_library
from greenledger.core.intake import read_activity_file
from greenledger.exports import headline_factors, write_csv, write_json, write_xlsx

LARGE_FILE_BYTES = 5_000_000
STAGES = ("read", "validate", "compute", "write")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--region",
    default="national",
    show_default=True,
    help=f"Electricity and heat factors of: {', '.join(REGIONS)}.",
)
@click.option("--year", type=click.IntRange(1990, 2100), help="Factor year (default: each line's).")
@click.option(
    "--gwp", type=click.Choice(["ar4", "ar5", "ar6"], case_sensitive=False), default="ar5"
)
@click.option(
    "--electricity-series",
    type=click.Choice(sorted(ELECTRICITY_SERIES)),
    default="average",
    show_default=True,
    help="Grid average (MEE/NBS) or the national enterprise-reporting factor.",
)
@click.option(
    "--ghg-edition",
    help="Edition of GB/T 32150 whose fuel defaults apply (e.g. 2015); default: the library's.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: large files).")
def calc(
    file: Path,
    region: str,
    year: int | None,
    gwp: str,
    electricity_series: str,
    ghg_edition: str | None,
    output_format: str,
    out: Path | None,
    progress: bool | None,
) -> None:
    """Account FILE: energy (tce), GHG inventory and air pollutants per enterprise.

    FILE has columns enterprise, period, activity, quantity, unit, and optionally site,
    instrument (gec, green_power, onsite), removal_efficiency, sulfur_percent, technology, product.
    """
    err = Console(stderr=True)
    if output_format == "xlsx" and out is None:
        raise click.UsageError("--format xlsx needs --out PATH")
    with refusals_reported(err):
        context = AccountingContext.from_names(
            region=region,
            year=year,
            gwp=gwp,
            electricity_series=electricity_series,
            ghg_edition=ghg_edition,
        )
        library = load_library()
        show = progress if progress is not None else _is_large(file) and err.is_terminal
        with _stages(err, show) as advance:
            frame = read_activity_file(file, library, progress=advance)
            advance("compute")
            result = compute_batch(frame, library, context)
            advance("write")
            _emit(result, library, output_format, out)


def _is_large(file: Path) -> bool:
    try:
        return file.stat().st_size >= LARGE_FILE_BYTES
    except OSError:
        return False


@contextmanager
def _stages(console: Console, show: bool) -> Iterator[Callable[[str], None]]:
    if not show:
        yield lambda _stage: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=len(STAGES))

        def advance(stage: str) -> None:
            bar.update(task, description=stage, completed=STAGES.index(stage))

        yield advance
        bar.update(task, completed=len(STAGES))


def _emit(
    result: BatchResult, library: FactorLibrary, output_format: str, out: Path | None
) -> None:
    if output_format == "xlsx":
        assert out is not None
        _atomic_write(out, lambda path: write_xlsx(result, library, path))
        return
    if output_format in {"json", "csv"}:

        def write(stream: BinaryIO) -> None:
            if output_format == "json":
                write_json(result, library, stream)
            else:
                write_csv(result, stream)

        if out is None:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            _atomic_write(out, lambda path: _write_binary(path, write))
        return
    text = _table(result, library, width=None if out is None else 160)
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        _atomic_write(out, lambda path: path.write_text(text, encoding="utf-8"))


def _write_binary(path: Path, write: Callable[[BinaryIO], None]) -> None:
    with path.open("wb") as handle:
        write(handle)


def _atomic_write(target: Path, write: Callable[[Path], object]) -> None:
    """Write next to the target and rename: a failed run leaves no half-written output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    path = Path(temporary)
    try:
        write(path)
        path.replace(target)
    finally:
        path.unlink(missing_ok=True)


def _table(result: BatchResult, library: FactorLibrary, width: int | None) -> str:
    console = Console(record=True, width=width or 160, file=io.StringIO())
    context = result.context
    console.print(
        f"GreenLedger inventory: region {context.region}, "
        f"factor year {context.year or 'of each line'}, GWP {context.gwp}, "
        f"factor set {result.factor_set_version}",
        highlight=False,
    )
    for sentence in headline_factors(result, library):
        console.print(f"  {sentence}", highlight=False, markup=False)
    table = Table(show_footer=True)
    columns = [
        ("enterprise", "Enterprise", "TOTAL"),
        ("energy_tce", "Energy tce", None),
        ("scope1_co2e_t", "Scope 1 tCO2e", None),
        ("scope2_location_t", "Scope 2 loc. tCO2", None),
        ("scope2_market_t", "Scope 2 mkt. tCO2", None),
        ("gbt32150_co2e_t", "GB/T 32150 tCO2e", None),
        ("so2_t", "SO2 t", None),
        ("nox_t", "NOx t", None),
        ("pm_t", "PM t", None),
        ("vocs_t", "VOCs t", None),
    ]
    grand = result.grand_totals()
    for key, title, footer in columns:
        numeric = key != "enterprise"
        table.add_column(
            title,
            footer=footer or f"{grand[key]:,.3f}",
            justify="right" if numeric else "left",
        )
    for record in result.enterprise_totals().iter_rows(named=True):
        table.add_row(
            *[
                f"{record[key]:,.3f}" if key != "enterprise" else str(record[key])
                for key, _title, _footer in columns
            ]
        )
    console.print(table)
    console.print(f"Method: {result.method_version}", highlight=False, markup=False)
    return console.export_text()
