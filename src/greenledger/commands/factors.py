"""`greenledger factors`: browse and check the factor library a verifier retraces figures with."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from greenledger.core.errors import FactorDataError, FactorNotFound
from greenledger.core.factors import load_library


@click.group()
def factors() -> None:
    """Browse, explain and check the factor library."""


@factors.command("list")
@click.option("--activity", help="Only this activity (id or Chinese name) or factor activity.")
@click.option("--quantity", help="Only this quantity (ncv, ef, ef_residual, gwp ...).")
@click.option("--region", help="Only this region code (CN, CN-SH, CN-EAST ...).")
def list_factors(activity: str | None, quantity: str | None, region: str | None) -> None:
    """List factors with their values, units and sources."""
    library = load_library()
    wanted = None
    if activity:
        found = library.activity(activity)
        wanted = found.factor_activity if found else activity
    table = Table(title=f"Factor set {library.version}")
    for column in ("id", "value", "unit", "gas", "region", "year", "source", "status"):
        table.add_column(column, overflow="fold")
    for f in library.factors:
        if (wanted and f.activity != wanted) or (quantity and f.quantity != quantity):
            continue
        if region and f.region != region:
            continue
        table.add_row(
            f.id, f"{f.value:g}", f.unit, f.gas, f.region, str(f.year or ""), f.source, f.status
        )
    console = Console()
    if not console.is_terminal:  # piped: keep ids whole for grep and scripts
        console = Console(width=240)
    console.print(table)


@factors.command("show")
@click.argument("factor_id")
def show(factor_id: str) -> None:
    """Everything about one factor: value, unit, source, edition, clause, quality."""
    library = load_library()
    try:
        f = library.by_id(factor_id)
    except FactorNotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for label, value in (
        ("id", f.id),
        ("activity", f.activity),
        ("quantity", f.quantity),
        ("gas", f.gas),
        ("technology", f.technology),
        ("region", f.region),
        ("year", f.year or ""),
        ("value", f"{f.value:g} {f.unit}"),
        ("issuer", f.issuer),
        ("source", f.source),
        ("edition", f.edition),
        ("clause", f.clause),
        ("status", f.status),
        ("quality", f.quality),
        ("data file", f"{f.file}, row {f.row}"),
        ("factor set", library.version),
    ):
        click.echo(f"{label:>11}: {value}")


@factors.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
def check(directory: str | None) -> None:
    """Validate a factor directory (default: the shipped library); list every problem."""
    try:
        library = load_library(directory)
    except FactorDataError as exc:
        click.echo(f"error: {exc.headline}", err=True)
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    editions = library.ghg_editions
    listed = ", ".join(
        f"{e.edition} (in force {e.in_force.isoformat()})" for e in editions.editions
    )
    unconfirmed = sum(1 for f in library.factors if not f.confirmed)
    click.echo(
        f"factor set {library.version}: {len(library.factors)} factors "
        f"({unconfirmed} unconfirmed), {len(library.activities)} activities, "
        f"GWP sets {', '.join(library.gwp_sets())}, {editions.standard} editions {listed}; "
        f"default edition: {editions.describe_rule()}: OK"
    )
